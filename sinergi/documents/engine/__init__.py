"""One document engine for every official document.

A *builder* (e.g. ``sinergi.documents.builders.rad_matrix``) reads the database through selectors and fills a
:class:`~sinergi.documents.engine.model.Document`; one renderer per format (``render(document, "pdf")``) lays it
out. Renderers never query the database and know no domain noun; builders never know a file format.
"""
