"""Builders: each turns what the selectors read for one official document into the engine's ``Document``."""
