"""Issue 13 §2: every aggregate view shows a role exactly the actions (and budgets) the object lookups show it, or
refuses it.

Decisions per view:
- plan comparison (API and page): filtered to the actions the user may read;
- coverage check (API and page) and a government's dashboard (API, page, chart CSV): they add up every agency's
  actions and budget, so they are for those who read the whole government (government-wide roles, observers of its
  region, administrators); its agency and area roles get 403, everyone else 404;
- analytics export: the same whole-government readers; a region outside them is 403 naming the region.
"""

import re

import pytest

from conftest import PERSONAS
from sinergi.accounts.models import User
from sinergi.core.scope import scope_for
from sinergi.organizations.models import Government
from sinergi.planning.models import Action, RegionalPlan

COMPARE_API = "compare-api"
COMPARE_PAGE = "compare-page"
FILTERED = (COMPARE_API, COMPARE_PAGE)
WHOLE_GOVERNMENT = {
    "coverage-api": "/api/v1/plans/{plan}/coverage",
    "coverage-page": "/rencana/{plan}/cakupan/",
    "dashboard-api": "/api/v1/dashboard?government={government}",
    "dashboard-page": "/dasbor/pemda/{government}/",
    "dashboard-csv": "/dasbor/pemda/{government}/?format=csv&chart=agencies",
    "analytics-api": "/api/v1/analytics?dataset=capaian&region=18.72",
}
VIEWS = [*FILTERED, *WHOLE_GOVERNMENT]
CASES = [pytest.param(view, persona, id=f"{persona}-{view}") for view in VIEWS for persona in PERSONAS]


def _metro_plans():
    metro = Government.objects.get(region_id="18.72")
    plans = list(RegionalPlan.objects.filter(government=metro).order_by("start_year", "version", "pk"))
    assert len(plans) >= 2
    return metro, plans


def _pairs(plans):
    """Every ordered pair of consecutive plans, both ways (the issue's case: 3 with 2, and 2 with 3)."""
    return [(a, b) for x, y in zip(plans, plans[1:], strict=False) for a, b in ((x, y), (y, x))]


def _readable(persona, plans) -> set[int]:
    user = User.objects.get(username=persona)
    return set(scope_for(user).restrict(Action.objects.filter(plan__in=plans)).values_list("pk", flat=True))


def _shown_ids(data) -> set[int]:
    changes = [c for kind in ("added", "removed", "changed") for c in data[kind]]
    return {c[k] for c in changes for k in ("before_id", "after_id")} - {None}


@pytest.mark.parametrize(("view", "persona"), CASES)
def test_aggregate_views_show_only_what_the_role_may_read(login, api, view, persona):
    metro, plans = _metro_plans()
    reads_all = scope_for(User.objects.get(username=persona)).reads_government(metro)
    members = set(metro.memberships.values_list("user__username", flat=True))
    if view in FILTERED:
        for newer, older in _pairs(plans):
            readable = _readable(persona, [newer, older])
            hidden = Action.objects.filter(plan__in=[newer, older]).exclude(pk__in=readable)
            if view == COMPARE_API:
                response = api(persona).get(f"/api/v1/plans/{newer.pk}/compare/{older.pk}")
                if persona not in members and not reads_all:
                    assert response.status_code == 404
                    continue
                assert response.status_code == 200, response.content[:300]
                assert _shown_ids(response.json()) <= readable
            else:
                response = login(persona).get(f"/rencana/{newer.pk}/bandingkan/", {"with": older.pk})
                if persona not in members and not reads_all:
                    assert response.status_code == 404
                    continue
                assert response.status_code == 200
                content = response.content.decode()
                assert {int(pk) for pk in re.findall(r'href="/aksi/(\d+)/"', content)} <= readable
                readable_titles = set(Action.objects.filter(pk__in=readable).values_list("title", flat=True))
                for title in set(hidden.values_list("title", flat=True)) - readable_titles:
                    assert title not in content, title
            if reads_all:  # nothing is hidden from a whole-government reader
                assert not hidden.exists()
        return
    path = WHOLE_GOVERNMENT[view].format(plan=plans[-1].pk, government=metro.pk)
    response = (api if path.startswith("/api/") else login)(persona).get(path)
    if reads_all:
        expected = 200
    elif persona in members or view == "analytics-api":
        expected = 403
    else:
        expected = 404
    assert response.status_code == expected, (response.status_code, response.content[:300])


def test_an_agency_operator_compares_only_its_own_actions(api, login):
    """The issue's example: dinkes comparing two plans no longer sees another agency's draft action."""
    metro, plans = _metro_plans()
    dinkes = User.objects.get(username="dinkes")
    leaked = 0
    for newer, older in _pairs(plans):
        data = api("dinkes").get(f"/api/v1/plans/{newer.pk}/compare/{older.pk}").json()
        shown = Action.objects.filter(pk__in=_shown_ids(data))
        agencies = set(shown.values_list("responsible_agency__acronym", flat=True))
        assert agencies <= {"Dinkes"}, agencies
        leaked += Action.objects.filter(plan__in=[newer, older]).exclude(responsible_agency__acronym="Dinkes").count()
    assert leaked, "the demo plans hold other agencies' actions, so the filter is exercised"
    assert scope_for(dinkes).reads_government(metro) is False


def test_analytics_outside_the_region_is_forbidden_naming_the_region(api):
    response = api("lamtim").get("/api/v1/analytics?dataset=capaian&region=18.72")
    assert response.status_code == 403
    assert "18.72" in response.json()["error"]["message"]
