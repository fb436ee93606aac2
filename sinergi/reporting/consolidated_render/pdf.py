"""The consolidated report as a PDF, laid out by WeasyPrint from a Django template, without any network access."""

from django.template.loader import render_to_string
from weasyprint import CSS

from sinergi.documents.render_pdf import DocumentHTML, LogoOnlyFetcher
from sinergi.reporting.consolidated import (
    ATTENDANCE_RATE_HEADINGS,
    COMPLETENESS_HEADINGS,
    DECISION_HEADINGS,
    EVIDENCE_HEADINGS,
    INDICATOR_HEADINGS,
    MEETING_HEADINGS,
    ConsolidatedReport,
)

# What the report needs beyond the documents app's small user-agent stylesheet: the headings and lists it uses.
EXTRA_UA_CSS = CSS(string="h2, section { display: block } strong { font-weight: bold }")


class ReportHTML(DocumentHTML):
    """The report's HTML with the documents app's small user-agent stylesheet and the few rules added here."""

    def _ua_stylesheets(self, forms=False):
        return [*super()._ua_stylesheets(forms), EXTRA_UA_CSS]


def consolidated_html(report: ConsolidatedReport) -> str:
    """The HTML the PDF is laid out from (also handy to inspect the text)."""
    context = {
        "r": report,
        "logo_url": report.letterhead.logo_path.as_uri() if report.letterhead.logo_path else "",
        "indicator_headings": INDICATOR_HEADINGS,
        "completeness_headings": COMPLETENESS_HEADINGS,
        "evidence_headings": EVIDENCE_HEADINGS,
        "meeting_headings": MEETING_HEADINGS,
        "attendance_rate_headings": ATTENDANCE_RATE_HEADINGS,
        "decision_headings": DECISION_HEADINGS,
    }
    return render_to_string("reporting/consolidated.html", context)


def to_pdf(report: ConsolidatedReport) -> bytes:
    """The report as a portrait A4 PDF; tables repeat their header rows; a draft is watermarked on every page."""
    fetcher = LogoOnlyFetcher(report.letterhead.logo_path)
    return ReportHTML(string=consolidated_html(report), url_fetcher=fetcher, base_url=None).write_pdf()
