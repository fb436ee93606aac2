"""The RAD matrix as a PDF, laid out by WeasyPrint from a Django template, without any network access."""

import mimetypes
from pathlib import Path

from django.template.loader import render_to_string
from weasyprint import CSS, HTML
from weasyprint.urls import URLFetcher, URLFetcherResponse

from sinergi.documents.layout import MARGIN_MM, column_shares, paper_for
from sinergi.documents.rad_matrix import HEADINGS_AFTER_TARGETS, HEADINGS_BEFORE_TARGETS, RadMatrix


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
    """The matrix's HTML with our small user-agent stylesheet instead of WeasyPrint's full HTML5 default.

    ``_ua_stylesheets`` is WeasyPrint's own hook for this (not public API): should it be renamed, the override is
    simply not called and the document renders as before, only slower.
    """

    _ua_css = None

    def _ua_stylesheets(self, forms=False):
        if DocumentHTML._ua_css is None:
            DocumentHTML._ua_css = CSS(string=DOCUMENT_UA_CSS)
        return [DocumentHTML._ua_css]


def rad_matrix_html(matrix: RadMatrix) -> str:
    """The HTML the PDF is laid out from (also handy to inspect the text)."""
    n_before = len(HEADINGS_BEFORE_TARGETS)
    n_targets = len(matrix.target_columns)
    column_count = n_before + n_targets + len(HEADINGS_AFTER_TARGETS)
    context = {
        "m": matrix,
        "paper": paper_for(matrix),
        "shares": column_shares(matrix),
        "margin_mm": MARGIN_MM,
        "logo_url": matrix.letterhead.logo_path.as_uri() if matrix.letterhead.logo_path else "",
        "headings_before": HEADINGS_BEFORE_TARGETS,
        "headings_after": HEADINGS_AFTER_TARGETS,
        "years": [(year, len(matrix.columns_of_year(year))) for year in matrix.target_years],
        "column_count": column_count,
        "budget_index": n_before + n_targets,
        "after_budget": len(HEADINGS_AFTER_TARGETS) - 1,
    }
    return render_to_string("documents/rad_matrix.html", context)


def to_pdf(matrix: RadMatrix) -> bytes:
    """The matrix as a landscape PDF whose table header repeats on every page."""
    fetcher = LogoOnlyFetcher(matrix.letterhead.logo_path)
    document = DocumentHTML(string=rad_matrix_html(matrix), url_fetcher=fetcher, base_url=None)
    return document.write_pdf()
