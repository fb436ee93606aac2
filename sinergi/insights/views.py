"""The dashboards (/dasbor/): what each role opens, a government's dashboard, a region's, and their CSV downloads.

Every page reads `sinergi.insights.dashboards` (roll-up tables) and draws its panels (`panels.py`); any page answers
``?format=csv&chart=<name>`` with that chart's numbers.
"""

from types import SimpleNamespace

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from sinergi.core.lists import export_response
from sinergi.core.scope import scope_for
from sinergi.insights import dashboards, panels
from sinergi.insights.areas import chain
from sinergi.insights.dashboards import Semester, semester_or_none
from sinergi.insights.models import NATION

STATUS_CLASSES = ("bahaya", "waspada", "siaga", "aman")


def _csv_or_page(request, board_panels: dict, template: str, context: dict):
    if request.GET.get("format") == "csv":
        panel = board_panels.get(request.GET.get("chart", ""))
        if panel is None:
            raise Http404
        return export_response(
            filename=f"dasbor-{panel.name.replace('_', '-')}", columns=panel.csv_columns, rows=panel.rows, fmt="csv"
        )
    query = request.GET.copy()
    for name in ("format", "chart"):
        query.pop(name, None)
    context.update(panels=board_panels, active_nav="dashboard", csv_base=query.urlencode())
    return render(request, template, context)


def _keep(semester) -> str:
    """The query that keeps the chosen semester through a drill-down link."""
    return f"?semester={semester.key}" if semester else ""


def _region_href(user, semester=None):
    def href(line):
        return panels.region_url(line.code) + _keep(semester) if dashboards.region_readable(user, line.code) else ""

    return href


def _government_href_in(semester):
    def href(line):
        return reverse("insights:government", args=[line.key]) + _keep(semester)

    return href


def _region_trail(user, code: str, names: dict) -> list[tuple[str, str]]:
    """Breadcrumbs from the nation down to (not including) ``code``: linked where the user may read them."""
    trail = []
    for each in reversed(chain(code)):
        if each not in names and each != NATION:
            continue
        label = names.get(each, dashboards.NATION_NAME)
        trail.append((label, panels.region_url(each) if dashboards.region_readable(user, each) else None))
    return trail


@login_required
@require_GET
def dashboard(request):
    """/dasbor/: the dashboard the user's roles in the current government call for."""
    landing = dashboards.landing_for(request.user, request.government)
    if landing.kind == "government":
        return _government_page(request, landing.government, landing=True)
    if landing.kind == "agency":
        return _agency_page(request, landing)
    if landing.kind == "region":
        return _region_page(request, landing.code, landing=landing)
    return render(request, "insights/dashboard_none.html", {"active_nav": "dashboard"})


@login_required
@require_GET
def government(request, pk: int):
    """/dasbor/pemda/<id>/: a government's dashboard, for its members and the observers of its region."""
    return _government_page(request, dashboards.government_for(user=request.user, pk=pk))


@login_required
@require_GET
def region(request, code: str):
    """/dasbor/wilayah/<code>/: a region's roll-ups (ID: the nation), within the user's region subtrees."""
    return _region_page(request, code)


def _government_page(request, government, *, landing: bool = False):
    board = dashboards.government_dashboard(
        government=government,
        period_id=request.GET.get("period"),
        semester=semester_or_none(request.GET.get("semester")),
    )
    board_panels = panels.government_panels(board, region_href=_region_href(request.user, board.semester))
    crumbs = []
    if not landing:
        code = government.region_id
        names = {c: r.name for c, r in dashboards.region_names(c for c in chain(code) if c).items()}
        crumbs = [*_region_trail(request.user, code, names), (government.name, None)]
    own = request.government is not None and request.government.pk == government.pk
    semester_periods = [p for p in board.periods if board.semester and Semester.of_period(p) == board.semester]
    return _csv_or_page(
        request,
        board_panels,
        "insights/dashboard_government.html",
        {
            "board": board,
            "government": government,
            "own_government": own,
            "semester_periods": semester_periods,
            "region_readable": dashboards.region_readable(request.user, government.region_id),
            "region_url": panels.region_url(government.region_id) + _keep(board.semester),
            "map_url": reverse("maps:map", args=[government.pk]) + _keep(board.semester),
            "breadcrumbs": crumbs or [(_("Dashboard"), None)],
            "title": government.name,
            "statuses": _statuses(board.programme),
            "follow_ups_url": reverse("coordination:follow_up_list") + "?status=open_all&overdue=1" if own else "",
        },
    )


def _statuses(programme: dict) -> list[tuple[str, str, int]]:
    return [(s, s.capitalize(), programme[f"villages_{s}"]) for s in STATUS_CLASSES]


def _region_page(request, code: str, *, landing=None):
    board = dashboards.region_dashboard(
        user=request.user, code=code, semester=semester_or_none(request.GET.get("semester"))
    )
    board_panels = panels.region_panels(
        board,
        region_href=_region_href(request.user, board.semester),
        government_href=_government_href_in(board.semester),
    )
    crumbs = [(name, panels.region_url(each) if readable else None) for each, name, readable in board.ancestors] + [
        (board.name, None)
    ]
    others = []
    if landing is not None:
        names = dashboards.region_names(landing.other_codes)
        others = [(panels.region_url(c), names[c].label if c in names else c) for c in landing.other_codes]
    return _csv_or_page(
        request,
        board_panels,
        "insights/dashboard_region.html",
        {
            "board": board,
            "breadcrumbs": crumbs,
            "title": board.name,
            "others": others,
            "government_open": bool(board.government)
            and scope_for(request.user).reads_government(
                SimpleNamespace(pk=board.government["pk"], region_id=board.government["region_id"])
            ),
            "statuses": _statuses(board.programme),
            "keep": _keep(board.semester),
        },
    )


def _agency_page(request, landing):
    board = dashboards.agency_dashboard(
        government=landing.government,
        agency_ids=landing.agency_ids,
        period_id=request.GET.get("period"),
        semester=semester_or_none(request.GET.get("semester")),
    )
    starts_on, ends_on = board.semester.bounds
    return _csv_or_page(
        request,
        panels.agency_panels(board),
        "insights/dashboard_agency.html",
        {
            "board": board,
            "breadcrumbs": [(_("Dashboard"), None)],
            "title": ", ".join(a["acronym"] or a["name"] for a in board.agencies) or landing.government.name,
            "today": timezone.localdate(),
            "events_query": f"agency={board.agencies[0]['pk']}&dari={starts_on}&sampai={ends_on}"
            if len(board.agencies) == 1
            else f"dari={starts_on}&sampai={ends_on}",
            "region_url": panels.region_url(landing.government.region_id)
            if dashboards.region_readable(request.user, landing.government.region_id)
            else "",
            "government_url": reverse("insights:government", args=[landing.government.pk]),
        },
    )
