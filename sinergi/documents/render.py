"""The download formats with a renderer per format, for the documents not yet on the engine (meetings, the
consolidated report): they import ``DocumentFormat`` and the content types from here. The RAD matrix itself is
``render(rad_matrix_document(matrix), fmt)`` (``sinergi.documents.engine``)."""

from collections.abc import Callable
from dataclasses import dataclass

from sinergi.documents import engine
from sinergi.documents.builders.rad_matrix import rad_matrix_document
from sinergi.documents.rad_matrix import RadMatrix

__all__ = ["FORMATS", "DocumentFormat"]


@dataclass(frozen=True)
class DocumentFormat:
    """A file format a document can be downloaded in."""

    extension: str
    content_type: str
    render: Callable[[RadMatrix], bytes]


def _rad_renderer(fmt: str) -> Callable[[RadMatrix], bytes]:
    def render(matrix: RadMatrix) -> bytes:
        return engine.render(rad_matrix_document(matrix), fmt)

    return render


FORMATS = {fmt: DocumentFormat(f.extension, f.content_type, _rad_renderer(fmt)) for fmt, f in engine.FORMATS.items()}
