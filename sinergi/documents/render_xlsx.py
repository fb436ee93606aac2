"""XlsxWriter constants and helpers shared by the documents not yet on the document engine (the consolidated
report). The RAD matrix is written by ``sinergi.documents.engine.xlsx``."""

import xlsxwriter
from PIL import Image

# The Indonesian language tag (421) in front makes LibreOffice show "Rp1.250.000" whatever its own locale; a
# currency tag alone ("[$Rp-421] #,##0") only sets the symbol and keeps the reader's separators. Excel always
# uses the separators of the reader's Windows settings.
RUPIAH_FORMAT = '[$-421]"Rp"#,##0'
WHOLE_FORMAT = "[$-421]#,##0"
DECIMAL_FORMAT = "[$-421]#,##0.##"  # only for targets with decimals, so never a bare trailing comma
FONT = {"font_name": "Arial", "font_size": 9}
LINE_HEIGHT = 12  # points per line of 9-point text


def wrapped_lines(text: str, width: float) -> int:
    """How many lines ``text`` wraps to in a column ``width`` characters wide (a word-wrap estimate).

    Rows holding merged cells are not sized by Excel or LibreOffice, so the workbook sets every row's height.
    """
    capacity = max(int(width * 1.5) - 1, 4)
    lines = 0
    for paragraph in str(text).split("\n"):
        used = 0
        lines += 1
        for word in paragraph.split():
            size = len(word)
            if used and used + 1 + size > capacity:
                lines += 1
                used = 0
            used += size + (1 if used else 0)
            if used > capacity:
                lines += (used - 1) // capacity
                used = used % capacity
    return max(lines, 1)


def footer_text(text: str) -> str:
    """Text for an Excel footer, where "&" starts a code."""
    return text.replace("&", "&&")


def _cell(row: int, col: int) -> str:
    """A cell's A1 reference."""
    return xlsxwriter.utility.xl_rowcol_to_cell(row, col)


def fit_logo(path) -> dict:
    """Scale options that make the logo about 62 pixels high."""
    try:
        with Image.open(path) as image:
            height = image.height or 62
    except OSError:
        return {}
    scale = 62 / height
    return {"x_scale": scale, "y_scale": scale}
