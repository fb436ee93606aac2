"""The documents of a meeting as PDF, laid out by WeasyPrint from Django templates, without any network access
(only the government's logo may be loaded), like the RAD matrix of ``sinergi.documents``."""

from django.template.loader import render_to_string
from weasyprint import CSS

from sinergi.coordination.documents.selectors import (
    ATTENDANCE_HEADINGS,
    FOLLOW_UP_HEADINGS,
    SIGN_IN_HEADINGS,
    Invitation,
    MeetingFacts,
    Minutes,
    SignInSheet,
)
from sinergi.documents.render_pdf import DocumentHTML, LogoOnlyFetcher

# What these documents need beyond the documents app's small user-agent stylesheet.
EXTRA_UA_CSS = CSS(
    string="h2, h3, section { display: block } strong { font-weight: bold } br::before { content: '\\A'; "
    "white-space: pre-line }"
)
ROMAN = ("I", "II", "III", "IV", "V", "VI")


class MeetingHTML(DocumentHTML):
    """A meeting document's HTML with the documents app's small user-agent stylesheet and the rules added here."""

    def _ua_stylesheets(self, forms=False):
        return [*super()._ua_stylesheets(forms), EXTRA_UA_CSS]


def css_string(text: str) -> str:
    """``text`` inside a CSS string literal (the page footer), safe inside a <style> element."""
    return "".join(ch if ch.isalnum() or ch in " .,:;-–/()" else f"\\{ord(ch):X} " for ch in text)


def _context(document, facts: MeetingFacts, footer: str, **extra) -> dict:
    logo = facts.letterhead.logo_path
    return {"d": document, "facts": facts, "logo_url": logo.as_uri() if logo else "", "footer_css": css_string(footer),
            **extra}  # fmt: skip


def invitation_html(invitation: Invitation) -> str:
    facts = invitation.facts
    context = _context(invitation, facts, f"Undangan {facts.title}")
    return render_to_string("coordination/documents/invitation.html", context)


def sign_in_sheet_html(sheet: SignInSheet) -> str:
    facts = sheet.facts
    context = _context(sheet, facts, f"Daftar Hadir {facts.title}", headings=SIGN_IN_HEADINGS)
    return render_to_string("coordination/documents/sign_in_sheet.html", context)


def minutes_html(minutes: Minutes) -> str:
    numerals = ROMAN[1:] if minutes.summary else ROMAN
    context = _context(
        minutes,
        minutes.facts,
        minutes.title,
        numerals=numerals,
        follow_up_headings=FOLLOW_UP_HEADINGS,
        attendance_headings=ATTENDANCE_HEADINGS,
    )
    return render_to_string("coordination/documents/minutes.html", context)


def _pdf(html: str, facts: MeetingFacts) -> bytes:
    fetcher = LogoOnlyFetcher(facts.letterhead.logo_path)
    return MeetingHTML(string=html, url_fetcher=fetcher, base_url=None).write_pdf()


def invitation_pdf(invitation: Invitation) -> bytes:
    """The invitation letter as a portrait A4 PDF (with the annex listing the recipients when there are many)."""
    return _pdf(invitation_html(invitation), invitation.facts)


def sign_in_sheet_pdf(sheet: SignInSheet) -> bytes:
    """The sign-in sheet as a portrait A4 PDF whose table header repeats on every page."""
    return _pdf(sign_in_sheet_html(sheet), sheet.facts)


def minutes_pdf(minutes: Minutes) -> bytes:
    """The minutes as a portrait A4 PDF with the attendance list as an annex."""
    return _pdf(minutes_html(minutes), minutes.facts)
