"""The formats the consolidated report is published in: each with its renderer and content type."""

from sinergi.documents.render import DocumentFormat
from sinergi.reporting.consolidated_render.docx import to_docx
from sinergi.reporting.consolidated_render.pdf import to_pdf
from sinergi.reporting.consolidated_render.xlsx import to_xlsx

__all__ = ["FORMATS", "to_docx", "to_pdf", "to_xlsx"]

FORMATS = {
    "xlsx": DocumentFormat("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", to_xlsx),
    "pdf": DocumentFormat("pdf", "application/pdf", to_pdf),
    "docx": DocumentFormat("docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", to_docx),
}
