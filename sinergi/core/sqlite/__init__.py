"""SQLite database backend with an in-process write queue (see ``base.py``)."""
