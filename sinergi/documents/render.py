"""The formats the RAD matrix is published in: each with its renderer and content type."""

from collections.abc import Callable
from dataclasses import dataclass

from sinergi.documents.rad_matrix import RadMatrix
from sinergi.documents.render_docx import to_docx
from sinergi.documents.render_pdf import to_pdf
from sinergi.documents.render_xlsx import to_xlsx

__all__ = ["FORMATS", "DocumentFormat", "to_docx", "to_pdf", "to_xlsx"]


@dataclass(frozen=True)
class DocumentFormat:
    """A file format the RAD matrix can be downloaded in."""

    extension: str
    content_type: str
    render: Callable[[RadMatrix], bytes]


FORMATS = {
    "xlsx": DocumentFormat("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", to_xlsx),
    "pdf": DocumentFormat("pdf", "application/pdf", to_pdf),
    "docx": DocumentFormat("docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", to_docx),
}
