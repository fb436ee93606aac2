"""Reads of the kelurahan map and the public page, from the semester roll-ups (never from raw records, except the
Bersinar stages reached by the end of the semester: one query).

A map is a fixed number of queries whatever the number of kelurahan/desa: the villages (with their kecamatan),
the government's semesters, the programme roll-up rows of the semester, the Bersinar stages, the boundary set and
its paths.
"""

from dataclasses import dataclass, field

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from sinergi.core import formatting
from sinergi.core.models import AuditEntry
from sinergi.insights.areas import semester_bounds
from sinergi.insights.models import GovernmentRollup, ProgrammeRollup
from sinergi.insights.models_maps import Boundary, BoundarySet, PublicPage
from sinergi.insights.services_maps import villages_of
from sinergi.programmes.models import BersinarStage, BersinarStep
from sinergi.programmes.selectors import can_read_area
from sinergi.regions.models import Region

STATUS, BERSINAR, EVENTS = "status", "bersinar", "events"
LAYERS = [
    (STATUS, gettext_lazy("Vulnerability status of the year")),
    (BERSINAR, gettext_lazy("Bersinar stage at the end of the semester")),
    (EVENTS, gettext_lazy("Events held in the semester")),
]
STATUSES = ("bahaya", "waspada", "siaga", "aman")


@dataclass
class MapClass:
    """One class of the legend: its colour, the text drawn on each area (so colour is never the only cue), and
    for the vulnerability statuses a hatching pattern as well."""

    key: str
    label: str
    mark: str
    fill: str
    ink: str
    pattern: str = ""  # "cross", "diagonal", "dots" or none
    count: int = 0

    @property
    def paint(self) -> str:
        return f"url(#pattern-{self.key})" if self.pattern else self.fill


def status_classes() -> list[MapClass]:
    return [
        MapClass("bahaya", "Bahaya", "B", "#b42318", "#ffffff", "cross"),
        MapClass("waspada", "Waspada", "W", "#f79009", "#1d2733", "diagonal"),
        MapClass("siaga", "Siaga", "S", "#fde272", "#1d2733", "dots"),
        MapClass("aman", "Aman", "A", "#73e2a3", "#1d2733"),
        MapClass("none", str(pgettext_lazy("vulnerability", "Not assessed")), "–", "#eaecf0", "#475467"),
    ]


STAGE_FILLS = [
    ("#eaecf0", "#475467"),
    ("#d1e9ff", "#1d2733"),
    ("#b2ddff", "#1d2733"),
    ("#84caff", "#1d2733"),
    ("#2e90fa", "#ffffff"),
    ("#1570ef", "#ffffff"),
    ("#194185", "#ffffff"),
]


def bersinar_classes() -> list[MapClass]:
    classes = [MapClass("stage-0", _("Not started"), "0", *STAGE_FILLS[0])]
    for number, label in enumerate(BersinarStage.labels, start=1):
        classes.append(MapClass(f"stage-{number}", f"{number}. {label}", str(number), *STAGE_FILLS[number]))
    return classes


# Events held in the semester: (key, lowest count, label).
EVENT_BREAKS = [(0, "#eaecf0", "#475467"), (1, "#e9d7fe", "#1d2733"), (3, "#d6bbfb", "#1d2733"),
                (6, "#9e77ed", "#ffffff"), (11, "#53389e", "#ffffff")]  # fmt: skip


def event_classes() -> list[MapClass]:
    classes = []
    for index, (low, fill, ink) in enumerate(EVENT_BREAKS):
        high = EVENT_BREAKS[index + 1][0] - 1 if index + 1 < len(EVENT_BREAKS) else None
        if low == 0:
            label = _("No event")
        elif high is None:
            label = _("%(low)s or more events") % {"low": low}
        elif high == low:
            label = _("%(low)s event") % {"low": low}
        else:
            label = _("%(low)s–%(high)s events") % {"low": low, "high": high}
        classes.append(MapClass(f"events-{index}", label, str(low), fill, ink))
    return classes


@dataclass
class MapArea:
    region: Region
    status: str = ""
    stage: int = 0
    stage_label: str = ""
    named: bool = False
    events: int = 0
    participants: int = 0
    klass: MapClass | None = None
    mark: str = ""
    url: str = ""
    path: str = ""
    label_x: float = 0.0
    label_y: float = 0.0
    title: str = ""

    @property
    def status_label(self) -> str:
        return self.status.capitalize() if self.status else str(pgettext_lazy("vulnerability", "Not assessed"))


@dataclass
class KelurahanMap:
    government: object
    year: int
    semester: int
    layer: str
    classes: list[MapClass]
    areas: list[MapArea] = field(default_factory=list)
    boundary_set: BoundarySet | None = None

    @property
    def layer_label(self) -> str:
        return str(dict(LAYERS)[self.layer])

    @property
    def drawn(self) -> list[MapArea]:
        return [area for area in self.areas if area.path]

    @property
    def tiles(self) -> list[MapArea]:
        """The areas drawn as tiles: all of them without boundaries, else those the upload had no boundary for."""
        return [area for area in self.areas if not area.path]

    @property
    def tile_districts(self) -> list[tuple[Region, list[MapArea]]]:
        groups: dict[str, tuple[Region, list[MapArea]]] = {}
        for area in self.tiles:
            groups.setdefault(area.region.parent_id, (area.region.parent, []))[1].append(area)
        return list(groups.values())

    @property
    def patterns(self) -> list[MapClass]:
        return [c for c in self.classes if c.pattern]

    @property
    def font_size(self) -> float:
        """Label size in SVG units: about 13 screen pixels when the map is some 800 pixels wide."""
        if self.boundary_set is None:
            return 16
        return round(max(self.boundary_set.width, self.boundary_set.height) / 42, 1)

    @property
    def halo(self) -> float:
        """The width of the outline that keeps a label readable over the area's hatching."""
        return round(self.font_size / 4, 1)

    @property
    def legend_title(self) -> str:
        if self.layer == STATUS:
            return _("Vulnerability status %(year)s") % {"year": self.year}
        if self.layer == BERSINAR:
            return _("Bersinar stage at the end of semester %(semester)s %(year)s") % {
                "semester": self.semester,
                "year": self.year,
            }
        return _("Events held in semester %(semester)s %(year)s") % {"semester": self.semester, "year": self.year}


def current_semester() -> tuple[int, int]:
    today = timezone.localdate()
    return today.year, 1 if today.month <= 6 else 2


def semesters_of(government) -> list[GovernmentRollup]:
    """The government's semester roll-ups up to the current semester, newest first (one query)."""
    now = current_semester()
    rows = GovernmentRollup.objects.filter(government=government).order_by("-year", "-semester")
    return [row for row in rows if (row.year, row.semester) <= now]


def _has_layer(row: GovernmentRollup, layer: str) -> bool:
    if layer == STATUS:
        return row.villages_assessed > 0
    if layer == BERSINAR:
        return row.bersinar_villages > 0
    return row.events_held > 0


def choose_semester(semesters: list[GovernmentRollup], layer: str, wanted: str = "") -> tuple[int, int]:
    """The semester asked for ("2024-2") if the government has it; else the newest with something to show on
    the layer; else the newest; else the current one."""
    have = {(row.year, row.semester) for row in semesters}
    try:
        year, semester = (int(part) for part in wanted.split("-", 1))
    except ValueError:
        year = semester = 0
    if (year, semester) in have:
        return year, semester
    for row in semesters:
        if _has_layer(row, layer):
            return row.year, row.semester
    if semesters:
        return semesters[0].year, semesters[0].semester
    return current_semester()


def kelurahan_map(
    *, government, year: int, semester: int, layer: str = STATUS, user=None, links: bool = True
) -> KelurahanMap:
    """Every current kelurahan/desa of a regency/city government with its status, Bersinar stage and events of
    the semester, classed for ``layer``, with its boundary path when the government uploaded one.

    Five queries: villages, programme roll-ups, Bersinar stages, the boundary set, its paths."""
    layer = layer if layer in dict(LAYERS) else STATUS
    classes = {STATUS: status_classes, BERSINAR: bersinar_classes, EVENTS: event_classes}[layer]()
    result = KelurahanMap(government=government, year=year, semester=semester, layer=layer, classes=classes)
    if government.region.level != Region.Level.REGENCY:
        return result
    villages = list(villages_of(government).select_related("parent").order_by("code"))
    # The government's programme rows of the semester: its villages, kecamatan and own region (a few per village).
    rows = {
        row.region_id: row
        for row in ProgrammeRollup.objects.filter(government=government, year=year, semester=semester)
    }
    _start, end = semester_bounds(year, semester)
    stages: dict[str, int] = {}
    steps = BersinarStep.objects.filter(programme__government=government, done_on__lte=end)
    for code, stage in steps.values_list("programme__region_id", "stage"):
        stages[code] = max(stages.get(code, 0), BersinarStage.order(stage))
    boundary_set = BoundarySet.objects.filter(government=government).first()
    # Read even without a set (none are found), so the page's query count is the same either way.
    paths = {
        b["region_id"]: b
        for b in Boundary.objects.filter(government=government).values("region_id", "svg_path", "label_x", "label_y")
    }
    result.boundary_set = boundary_set
    by_key = {c.key: c for c in classes}
    stage_labels = dict(enumerate(BersinarStage.labels, start=1))
    for village in villages:
        row = rows.get(village.code)
        area = MapArea(region=village)
        if row is not None:
            area.status = next((s for s in STATUSES if getattr(row, f"villages_{s}")), "")
            area.named = row.bersinar_named > 0
            area.events = row.events_held
            area.participants = row.participants
        area.stage = stages.get(village.code, 0)
        area.stage_label = stage_labels.get(area.stage, "")
        if layer == STATUS:
            area.klass = by_key[area.status or "none"]
            area.mark = area.klass.mark
        elif layer == BERSINAR:
            area.klass = by_key[f"stage-{area.stage}"]
            area.mark = area.klass.mark + ("★" if area.named else "")
        else:
            index = max(i for i, (low, *_rest) in enumerate(EVENT_BREAKS) if area.events >= low)
            area.klass = classes[index]
            area.mark = str(area.events)
        area.klass.count += 1
        if links and user is not None:
            if can_read_area(user=user, government=government, code=village.code):
                area.url = reverse("programmes:assessment_region", args=[village.code])
            else:
                area.url = reverse("regions:detail", args=[village.code])
        boundary = paths.get(village.code)
        if boundary is not None:
            area.path = boundary["svg_path"]
            area.label_x, area.label_y = boundary["label_x"], boundary["label_y"]
        result.areas.append(area)
    for area in result.areas:
        area.title = area_title(area, result)
    return result


def area_title(area: MapArea, kmap: KelurahanMap) -> str:
    """The hover text of an area: where it is and all three numbers, the layer's first."""
    place = f"{area.region.label}, {area.region.parent.label}" if area.region.parent else area.region.label
    status = _("vulnerability %(year)s: %(status)s") % {"year": kmap.year, "status": area.status_label}
    stage = (
        _("Bersinar: stage %(number)s of 6 (%(stage)s)") % {"number": area.stage, "stage": area.stage_label}
        if area.stage
        else _("Bersinar: not started")
    )
    if area.named:
        stage += ", " + _("named Bersinar")
    events = _("%(events)s events held, %(participants)s participants in semester %(semester)s %(year)s") % {
        "events": area.events,
        "participants": area.participants,
        "semester": kmap.semester,
        "year": kmap.year,
    }
    parts = {STATUS: [status, stage, events], BERSINAR: [stage, status, events], EVENTS: [events, status, stage]}
    return place + " — " + "; ".join(parts[kmap.layer])


def table_columns(kmap: KelurahanMap):
    year, semester = kmap.year, kmap.semester
    return [
        (_("Kecamatan"), lambda a: a.region.parent.name if a.region.parent else ""),
        (_("Kelurahan/desa"), lambda a: a.region.name),
        (_("Code"), lambda a: a.region.code),
        (_("Vulnerability %(year)s") % {"year": year}, lambda a: a.status_label),
        (_("Bersinar stage (end of semester)"), lambda a: f"{a.stage}. {a.stage_label}" if a.stage else "0"),
        (_("Named Bersinar"), lambda a: a.named),
        (_("Events held, semester %(semester)s %(year)s") % {"semester": semester, "year": year}, lambda a: a.events),
        (_("Participants"), lambda a: a.participants),
        (_("Boundary"), lambda a: bool(a.path)),
    ]


def map_history(*, government, model) -> list:
    """The audit trail of a government's boundary sets or public page (a replaced set is another object)."""
    from django.contrib.contenttypes.models import ContentType

    content_type = ContentType.objects.get_for_model(model)
    entries = AuditEntry.objects.filter(content_type=content_type, government_id=government.pk)
    return list(entries.select_related("content_type").order_by("-at", "-id")[:20])


# --- the public page ----------------------------------------------------------------------------------------

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
