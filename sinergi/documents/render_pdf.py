"""WeasyPrint helpers shared by the documents not yet on the document engine (meetings, the consolidated report,
programme recaps): a fetcher that loads only the logo, and a small user-agent stylesheet. The RAD matrix is printed
by the engine (``sinergi.documents.engine.pdf``)."""

import mimetypes
from pathlib import Path

from weasyprint import CSS, HTML
from weasyprint.urls import URLFetcher, URLFetcherResponse


class LogoOnlyFetcher(URLFetcher):
    """A WeasyPrint fetcher that serves the government's logo file and refuses every other URL."""

    def __init__(self, logo: Path | None):
        super().__init__(allowed_protocols=("file",))
        self.allowed = {logo.as_uri(): logo} if logo else {}

    def fetch(self, url, headers=None):
        """The logo's bytes; any other URL raises, so WeasyPrint leaves it out."""
        path = self.allowed.get(url)
        if path is None:
            raise ValueError(f"Only the letterhead logo may be loaded, not {url}")
        content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        return URLFetcherResponse(url, path.read_bytes(), {"Content-Type": content_type})


# The few user-agent rules the template relies on. WeasyPrint matches its full HTML5 default stylesheet (hundreds
# of selectors, some with :is() and attribute tests) against every one of the thousands of table cells, which
# costs about a fifth of the PDF's time; the template sets everything else itself.
DOCUMENT_UA_CSS = """
head, style, title, meta { display: none }
html, body, div, p, h1 { display: block }
img { display: inline }
table { display: table; box-sizing: border-box }
colgroup { display: table-column-group }
col { display: table-column }
thead { display: table-header-group }
tbody { display: table-row-group }
tr { display: table-row }
td, th { display: table-cell }
@page {
  @bottom-left { text-align: left; vertical-align: middle }
  @bottom-right { text-align: right; vertical-align: middle }
}
"""


class DocumentHTML(HTML):
    """A document's HTML with our small user-agent stylesheet instead of WeasyPrint's full HTML5 default.

    ``_ua_stylesheets`` is WeasyPrint's own hook for this (not public API): should it be renamed, the override is
    simply not called and the document renders as before, only slower.
    """

    _ua_css = None

    def _ua_stylesheets(self, forms=False):
        if DocumentHTML._ua_css is None:
            DocumentHTML._ua_css = CSS(string=DOCUMENT_UA_CSS)
        return [DocumentHTML._ua_css]
