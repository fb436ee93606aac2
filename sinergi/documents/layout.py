"""Page size and column widths of the RAD matrix, shared by the PDF and DOCX renderers."""

from dataclasses import dataclass

from sinergi.documents.rad_matrix import RadMatrix

# Relative widths of the columns before and after the target columns (see rad_matrix.HEADINGS_*).
SHARES_BEFORE = (2.6, 3.6, 14.0, 13.0, 5.0)
SHARES_AFTER = (7.6, 5.8, 9.0, 9.4, 7.5, 6.6)
# A target column is as wide as its heading ("Tahun", "Smt II", "TW III") and a number such as "12.500".
TARGET_MM = 11.0
MARGIN_MM = 10.0
# More target columns than this (e.g. five years by semester) do not fit across A4; such plans print on A3.
A4_TARGET_COLUMNS = 9


@dataclass(frozen=True)
class Paper:
    """A landscape paper size for the matrix, in millimetres, with the font size that suits it."""

    name: str
    width: float
    height: float
    font_pt: float

    @property
    def table_width(self) -> float:
        return self.width - 2 * MARGIN_MM


def paper_for(matrix: RadMatrix) -> Paper:
    if len(matrix.target_columns) > A4_TARGET_COLUMNS:
        return Paper("A3", 420, 297, 7.5)
    return Paper("A4", 297, 210, 7.5)


def column_widths_mm(matrix: RadMatrix) -> list[float]:
    """Each column's width in millimetres: targets a fixed width, the other columns share the rest."""
    paper = paper_for(matrix)
    targets = TARGET_MM * len(matrix.target_columns)
    rest = paper.table_width - targets
    shares = [*SHARES_BEFORE, *SHARES_AFTER]
    scaled = [rest * share / sum(shares) for share in shares]
    before, after = scaled[: len(SHARES_BEFORE)], scaled[len(SHARES_BEFORE) :]
    return [*before, *([TARGET_MM] * len(matrix.target_columns)), *after]


def column_shares(matrix: RadMatrix) -> list[float]:
    """Each column's share of the table width, in percent (they add up to 100)."""
    widths = column_widths_mm(matrix)
    return [round(100 * width / sum(widths), 3) for width in widths]
