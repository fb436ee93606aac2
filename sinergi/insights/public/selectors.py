"""Reads of the public page: the published pages and a government's recent semesters, approved numbers and
programme totals only, from the semester roll-ups."""

from dataclasses import dataclass

from django.utils.translation import gettext as _

from sinergi.core import formatting
from sinergi.insights.maps.selectors import STATUSES
from sinergi.insights.models import GovernmentRollup
from sinergi.insights.public.models import PublicPage

RECENT_SEMESTERS = 4


def published_pages():
    return (
        PublicPage.objects.filter(enabled=True).select_related("government__region").order_by("government__region_id")
    )


def published_page(code: str) -> PublicPage | None:
    return published_pages().filter(government__region_id=code).first()


@dataclass
class PublicSemester:
    year: int
    semester: int
    expected: int
    approved: int
    approved_achievement: object
    events_held: int
    participants: int
    tested: int
    positive: int
    villages: list[tuple[str, int]]
    villages_assessed: int
    bersinar_named: int
    bersinar_villages: int

    @property
    def name(self) -> str:
        """ "Semester I 2024"."""
        return formatting.period_name(self.year, self.semester)


def _has_public_numbers(row: GovernmentRollup) -> bool:
    """A semester worth a column: reports expected, events held, tests done or villages assessed in it."""
    return bool(row.expected or row.events_held or row.tested or row.villages_assessed)


def public_semesters(semesters: list[GovernmentRollup]) -> list[PublicSemester]:
    """The recent semesters of a government (from ``semesters_of``): approved numbers and programme totals only.

    The budget is left out: the roll-ups sum the budget realised of every report, not of the approved ones."""
    rows = [row for row in semesters if _has_public_numbers(row)][:RECENT_SEMESTERS]
    return [
        PublicSemester(
            year=row.year,
            semester=row.semester,
            expected=row.expected,
            approved=row.approved,
            approved_achievement=row.approved_achievement,
            events_held=row.events_held,
            participants=row.participants,
            tested=row.tested,
            positive=row.positive,
            villages=[(status.capitalize(), getattr(row, f"villages_{status}")) for status in STATUSES],
            villages_assessed=row.villages_assessed,
            bersinar_named=row.bersinar_named,
            bersinar_villages=row.bersinar_villages,
        )
        for row in rows
    ]


def public_rows(semesters: list[PublicSemester]) -> list[tuple[str, bool, list]]:
    """The public table's rows: (label, indented, one value per semester)."""

    number = formatting.number
    rows = [
        (
            _("Reports approved / expected"),
            False,
            [f"{number(s.approved)} / {number(s.expected)}" if s.expected else "—" for s in semesters],
        ),
        (
            _("Achievement of approved reports"),
            False,
            [formatting.percent(s.approved_achievement, empty="—") for s in semesters],
        ),
        (_("Events held"), False, [number(s.events_held) for s in semesters]),
        (_("Participants"), False, [number(s.participants) for s in semesters]),
        (_("Urine tests: people tested"), False, [number(s.tested) for s in semesters]),
        (_("Urine tests: positive"), False, [number(s.positive) for s in semesters]),
        (_("Kelurahan/desa assessed"), False, [number(s.villages_assessed) for s in semesters]),
    ]
    for index, status in enumerate(STATUSES):
        rows.append((status.capitalize(), True, [number(s.villages[index][1]) for s in semesters]))
    rows.append((_("Kelurahan/desa named Bersinar"), False, [number(s.bersinar_named) for s in semesters]))
    rows.append(
        (_("Kelurahan/desa in the Bersinar programme"), False, [number(s.bersinar_villages) for s in semesters])
    )
    return rows
