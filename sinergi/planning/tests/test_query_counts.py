"""The plan page, the action list API and the coverage check run a fixed number of queries however many actions."""

from decimal import Decimal

import pytest

from conftest import metro_agency
from sinergi.planning import services
from sinergi.planning.models import NationalAction


def _grow(plan, by, count=40):
    national = NationalAction.objects.get(field__national_plan=plan.national_plan, code="2.2")
    for i in range(count):
        action = services.action_create(
            plan=plan,
            by=by,
            field=national.field,
            national_action=national,
            title=f"Pengawasan {i}",
            responsible_agency=metro_agency("Satpol PP"),
            budget=Decimal(1000 * i),
            supporting_agencies=[metro_agency("Polres Metro")],
        )
        for n in range(3):
            services.indicator_create(
                action=action, by=by, name=f"Indikator {n}", unit="kegiatan", targets={(2022, 0): Decimal(n)}
            )


@pytest.mark.parametrize(
    ("url", "expected"),
    [("/rencana/{pk}/", 17), ("/rencana/{pk}/cakupan/", 12), ("/rencana/{pk}/?problems=yes", 17)],
)
def test_plan_pages_run_a_fixed_number_of_queries(
    login, draft_plan, secretariat, django_assert_num_queries, url, expected
):
    client = login("sekretariat")
    client.get("/")
    with django_assert_num_queries(expected):
        assert client.get(url.format(pk=draft_plan.pk)).status_code == 200
    _grow(draft_plan, secretariat)
    with django_assert_num_queries(expected):
        assert client.get(url.format(pk=draft_plan.pk)).status_code == 200


def test_the_actions_api_runs_a_fixed_number_of_queries(api, draft_plan, secretariat, django_assert_num_queries):
    client = api("sekretariat")
    client.get("/api/v1/me")
    with django_assert_num_queries(9):
        first = client.get(f"/api/v1/plans/{draft_plan.pk}/actions?limit=500").json()
    _grow(draft_plan, secretariat)
    with django_assert_num_queries(9):
        second = client.get(f"/api/v1/plans/{draft_plan.pk}/actions?limit=500").json()
    assert (first["count"], second["count"]) == (2, 42)
