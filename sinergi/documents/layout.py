"""Page size and column widths of the RAD matrix, shared by the PDF and DOCX renderers."""

from dataclasses import dataclass

from sinergi.documents.rad_matrix import RadMatrix

# Columns whose content has a known size get a fixed width in millimetres (None: a text column); text columns
# share what is left by these weights. Order as in rad_matrix.HEADINGS_BEFORE_TARGETS and HEADINGS_AFTER_TARGETS.
FIXED_BEFORE = (7.0, 9.0, None, None, 13.0)  # No, Aksi RAN, Aksi/Kegiatan RAD, Indikator, Satuan
FIXED_AFTER = (24.0, 14.0, None, None, None, 19.0)  # Anggaran ("Rp1.250.000.000"), Sumber dana, …, Waktu
TEXT_WEIGHTS = (14.0, 13.0, 9.0, 9.4, 7.5)  # Aksi/Kegiatan RAD, Indikator, Penanggung jawab, Instansi terkait, Lokasi
# A target column fits its heading ("Tahun", "TW III") and a number such as "12.500"; with many years and periods
# the target columns shrink, but never below the narrow width, so the text columns keep half the table.
TARGET_MM, NARROW_TARGET_MM = 11.0, 8.5
MARGIN_MM = 10.0
# More target columns than this (e.g. three years by semester) do not fit across A4; such plans print on A3.
A4_TARGET_COLUMNS = 6


@dataclass(frozen=True)
class Paper:
    """A landscape paper size for the matrix, in millimetres, with the font size that suits it."""

    name: str
    width: float
    height: float
    font_pt: float

    @property
    def table_width(self) -> float:
        """The width between the left and right margins."""
        return self.width - 2 * MARGIN_MM


def paper_for(matrix: RadMatrix) -> Paper:
    """A4 landscape, or A3 (in a slightly smaller font) when the target columns do not fit across A4."""
    if len(matrix.target_columns) > A4_TARGET_COLUMNS:
        return Paper("A3", 420, 297, 7.0)
    return Paper("A4", 297, 210, 7.5)


def column_widths_mm(matrix: RadMatrix) -> list[float]:
    """Each column's width in millimetres, adding up to the table's width."""
    table_width = paper_for(matrix).table_width
    n_targets = len(matrix.target_columns)
    target = max(NARROW_TARGET_MM, min(TARGET_MM, table_width / 2 / max(n_targets, 1)))
    columns = (*FIXED_BEFORE, *FIXED_AFTER)
    text_width = table_width - sum(w for w in columns if w is not None) - target * n_targets
    weights = iter(TEXT_WEIGHTS)
    widths = [w if w is not None else text_width * next(weights) / sum(TEXT_WEIGHTS) for w in columns]
    before, after = widths[: len(FIXED_BEFORE)], widths[len(FIXED_BEFORE) :]
    return [*before, *([target] * n_targets), *after]


def column_shares(matrix: RadMatrix) -> list[float]:
    """Each column's share of the table width, in percent (they add up to 100)."""
    widths = column_widths_mm(matrix)
    return [round(100 * width / sum(widths), 3) for width in widths]
