"""One document engine for every official document.

A *builder* (e.g. ``sinergi.documents.builders.rad_matrix``) reads the database through selectors and fills a
:class:`~sinergi.documents.engine.model.Document`; one renderer per format (``render(document, "pdf")``) lays it
out. Renderers never query the database and know no domain noun; builders never know a file format.
"""

import importlib
from dataclasses import dataclass

from sinergi.documents.engine.model import Document


@dataclass(frozen=True)
class Format:
    """A file format documents are published in."""

    extension: str
    content_type: str
    module: str  # the renderer, imported on first use so no layout library loads at process start


FORMATS = {  # in the order the API lists the downloads
    "xlsx": Format(
        "xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "sinergi.documents.engine.xlsx"
    ),
    "pdf": Format("pdf", "application/pdf", "sinergi.documents.engine.pdf"),
    "docx": Format(
        "docx",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "sinergi.documents.engine.docx",
    ),
}


def render(document: Document, fmt: str) -> bytes:
    """``document`` as a file in format ``fmt`` ("pdf", "docx" or "xlsx"); KeyError for another format."""
    return importlib.import_module(FORMATS[fmt].module).render(document)


def ascii_slug(text: str) -> str:
    """ASCII letters and digits joined by hyphens, safe in a Content-Disposition header: "Kota-Metro"."""
    return "-".join("".join(ch if ch.isascii() and ch.isalnum() else " " for ch in text).split())


def filename(document: Document, fmt: str) -> str:
    """The download's file name, e.g. "RAD-P4GN-Kota-Metro-2024-v1.pdf"."""
    return f"{document.filename_stem}.{FORMATS[fmt].extension}"


__all__ = ["FORMATS", "Format", "ascii_slug", "filename", "render"]
