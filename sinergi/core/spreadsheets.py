"""One escaping rule for every spreadsheet the system writes (CSV and XLSX; ODS is converted from XLSX).

OWASP's CSV-injection guidance: a cell that starts with ``=``, ``+``, ``-``, ``@``, a tab, a carriage return or a
line feed may run as a formula when a spreadsheet opens the file. In CSV such text gets a leading apostrophe (a
plain number such as ``-5`` stays as it is). In XLSX every text is a string cell: workbooks come from ``workbook()``,
which turns off XlsxWriter's guessing (``=…`` as a formula, ``http…`` as a link, ``12`` as a number), and text is
written with ``write_string``.
"""

import xlsxwriter

DANGEROUS_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n")
SAFE_OPTIONS = {"strings_to_formulas": False, "strings_to_urls": False, "strings_to_numbers": False}


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def csv_text(value) -> str:
    """Text for a CSV cell that no spreadsheet will run as a formula."""
    text = "" if value is None else str(value)
    if text.startswith(DANGEROUS_STARTS) and not _is_number(text):
        return "'" + text
    return text


def csv_unescape(text: str) -> str:
    """The value ``csv_text`` escaped, for files we read back (the RAN catalogue round trip)."""
    if text.startswith("'") and text[1:].startswith(DANGEROUS_STARTS):
        return text[1:]
    return text


def workbook(target, options: dict | None = None) -> xlsxwriter.Workbook:
    """An XlsxWriter workbook in which no text ever becomes a formula, a link or a number."""
    return xlsxwriter.Workbook(target, {**(options or {}), **SAFE_OPTIONS})
