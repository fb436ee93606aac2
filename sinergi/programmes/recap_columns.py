"""The programme recap's columns, shared by the page, the CSV and the official document (``recap_document``).

A column has an Indonesian heading for the document (an official document, like the RAD matrix) and a translatable
label for the page; both read the same value from a ``RecapRow``, so the page, the files and the API never disagree.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from sinergi.programmes.models import TargetGroup, VulnerabilityStatus
from sinergi.programmes.recaps import (
    BY_AGENCY,
    BY_KECAMATAN,
    BY_KELURAHAN,
    GROUP_TEXT,
    NOT_ASSESSED,
    ROW_HEADING,
    ROW_REGION,
    ROW_TOTAL,
    STATUS_TEXT,
    Recap,
    RecapRow,
)


@dataclass(frozen=True)
class Column:
    """One numeric or text column of the recap table."""

    key: str
    group: str  # the Indonesian heading above related columns
    group_label: Promise | str  # the same, for the page
    heading: str  # the Indonesian heading
    label: Promise | str
    value: Callable[[RecapRow], object]
    numeric: bool = True


def _region_count(status: str) -> Callable[[RecapRow], object]:
    def value(row: RecapRow):
        if row.kind in (ROW_REGION, ROW_TOTAL) and not row.is_kelurahan:
            return row.vulnerability_counts.get(status, 0)
        return ""

    return value


def _tests(name: str) -> Callable[[RecapRow], object]:
    return lambda row: getattr(row.tests, name) if row.tests is not None else ""


PAGE_GROUP_LABELS = {
    TargetGroup.PELAJAR: _("Students"),
    TargetGroup.MAHASISWA: _("University"),
    TargetGroup.ASN: _("Civil servants"),
    TargetGroup.PEKERJA: _("Workers"),
    TargetGroup.KELUARGA: _("Families"),
    TargetGroup.MASYARAKAT: _("General public"),
    TargetGroup.TOKOH: _("Community leaders"),
    TargetGroup.LAINNYA: _("Other"),
}


def recap_columns(recap: Recap) -> list[Column]:
    """The columns of ``recap``'s table after the row label, in order."""
    events, people, sex, volunteers = (
        ("Kegiatan", _("Events")),
        ("Peserta kegiatan terlaksana menurut sasaran", _("Participants of held events, by target group")),
        ("Peserta menurut jenis kelamin", _("Participants by sex")),
        ("Relawan aktif", _("Active volunteers")),
    )
    columns = [
        Column("held", *events, "Terlaksana", _("Held"), lambda r: r.held),
        Column("planned", *events, "Direncanakan", _("Planned"), lambda r: r.planned),
        Column("cancelled", *events, "Dibatalkan", _("Cancelled"), lambda r: r.cancelled),
        Column("participants", *people, "Jumlah", _("Total"), lambda r: r.participants),
    ]
    for group in TargetGroup.values:
        columns.append(
            Column(
                f"group_{group}", *people, GROUP_TEXT[group], PAGE_GROUP_LABELS[group], lambda r, g=group: r.by_group[g]
            )
        )
    columns += [
        Column("male", *sex, "Laki-laki", _("Men"), lambda r: r.male),
        Column("female", *sex, "Perempuan", _("Women"), lambda r: r.female),
        Column("unknown_sex", *sex, "Tidak tercatat", _("Not recorded"), lambda r: r.unknown_sex),
        Column("volunteers", *volunteers, "Jumlah", _("Total"), lambda r: r.volunteers),
        Column("volunteers_male", *volunteers, "Laki-laki", _("Men"), lambda r: r.volunteers_male),
        Column("volunteers_female", *volunteers, "Perempuan", _("Women"), lambda r: r.volunteers_female),
    ]
    if recap.by == BY_AGENCY:
        tests = ("Tes urine", _("Urine tests"))
        columns += [
            Column("tests_campaigns", *tests, "Kegiatan", _("Campaigns"), _tests("campaigns")),
            Column("tests_tested", *tests, "Diperiksa", _("Tested"), _tests("tested")),
            Column("tests_positive", *tests, "Positif", _("Positive"), _tests("positive")),
            Column("tests_referred", *tests, "Dirujuk", _("Referred"), _tests("referred")),
        ]
    elif recap.by == BY_KECAMATAN:
        status = (f"Status kerawanan {recap.year} (jumlah kelurahan)", _("Vulnerability status (kelurahan)"))
        for value in VulnerabilityStatus.values:
            columns.append(
                Column(f"status_{value}", *status, STATUS_TEXT[value], STATUS_TEXT[value], _region_count(value))
            )
        columns.append(
            Column(f"status_{NOT_ASSESSED}", *status, "Belum dinilai", _("Not assessed"), _region_count(NOT_ASSESSED))
        )
        columns.append(
            Column(
                "bersinar",
                group="Bersinar",
                group_label="Bersinar",
                heading="Kelurahan",
                label=_("Kelurahan"),
                value=lambda r: r.bersinar if r.kind in (ROW_REGION, ROW_TOTAL) else "",
            )
        )
    elif recap.by == BY_KELURAHAN:
        columns += [
            Column(
                "vulnerability",
                group=f"Kerawanan {recap.year}",
                group_label=_("Vulnerability"),
                heading="Status",
                label=_("Status"),
                value=lambda r: r.vulnerability_text,
                numeric=False,
            ),
            Column(
                "bersinar",
                group="Bersinar",
                group_label="Bersinar",
                heading="Tahap",
                label=_("Stage"),
                value=lambda r: r.bersinar_text,
                numeric=False,
            ),
        ]
    return columns


def column_groups(columns: list[Column], *, page: bool) -> list[tuple[str, int]]:
    """The group headings with how many columns each spans."""
    groups: list[tuple[str, int]] = []
    for column in columns:
        name = str(column.group_label) if page else column.group
        if groups and groups[-1][0] == name:
            groups[-1] = (name, groups[-1][1] + 1)
        else:
            groups.append((name, 1))
    return groups


def row_cells(row: RecapRow, columns: list[Column]) -> list:
    if row.kind == ROW_HEADING:
        return [""] * len(columns)
    return [column.value(row) for column in columns]


def label_heading(recap: Recap) -> str:
    return {BY_KECAMATAN: "Kecamatan", BY_KELURAHAN: "Kelurahan", BY_AGENCY: "Perangkat daerah"}[recap.by]
