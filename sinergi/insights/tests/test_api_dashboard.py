"""GET /api/v1/dashboard and /api/v1/rollups: the dashboards' numbers, scoped like the pages, in fixed queries."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from sinergi.insights.models import GovernmentRollup, RegionRollup, ReportRollup
from sinergi.insights.tests.test_dashboards import _another_province, _grow_government, _grow_nation
from sinergi.organizations.models import Government
from sinergi.reporting.models import Period


@pytest.fixture
def metro(db):
    return Government.objects.get(region_id="18.72")


@pytest.fixture
def demo_period(metro):
    return Period.objects.get(government=metro, year=2024, kind="semester", number=1)


def test_the_dashboard_answers_the_numbers_of_the_period(api, metro, demo_period):
    response = api("sekretariat").get(f"/api/v1/dashboard?government={metro.pk}&period={demo_period.pk}")
    assert response.status_code == 200
    data = response.json()
    assert data["government"] == {"id": metro.pk, "name": "Pemerintah Kota Metro", "region": "18.72"}
    assert data["period"]["id"] == demo_period.pk and data["period"]["code"] == "B06"
    assert data["semester"] == "2024-1"
    rows = ReportRollup.objects.filter(period=demo_period)
    assert data["totals"]["expected"] == sum(r.expected for r in rows)
    assert data["totals"]["submitted"] == sum(r.submitted for r in rows)
    assert Decimal(data["totals"]["budget_realised"]) == sum(r.budget_realised for r in rows)
    assert sum(line["numbers"]["expected"] for line in data["by_agency"]) == data["totals"]["expected"]
    assert sum(line["numbers"]["expected"] for line in data["by_field"]) == data["totals"]["expected"]
    disdik = next(line for line in data["by_agency"] if line["short_name"] == "Disdikbud")
    assert disdik["name"] == "Dinas Pendidikan dan Kebudayaan"
    row = GovernmentRollup.objects.get(government=metro, year=2024, semester=1)
    assert data["programme"]["events_held"] == row.events_held
    assert data["semester_reports"]["expected"] == row.expected
    assert Decimal(data["semester_reports"]["completeness"]) == row.completeness
    assert {"open", "overdue"} == set(data["follow_ups"])
    assert [p["semester"] for p in data["trend"]] == sorted(p["semester"] for p in data["trend"])
    # Without a period: the latest that has started, the same one here.
    assert api("sekretariat").get(f"/api/v1/dashboard?government={metro.pk}").json()["period"]["id"] == demo_period.pk


def test_the_dashboard_is_for_government_wide_roles_and_observers_only(api, metro, demo_period):
    for persona in ("walikota", "provinsi", "admin"):
        assert api(persona).get(f"/api/v1/dashboard?government={metro.pk}").status_code == 200, persona
    for persona in ("disdik", "kel.iringmulyo"):  # they read only part of the government: refused, not hidden
        assert api(persona).get(f"/api/v1/dashboard?government={metro.pk}").status_code == 403, persona
    refused = api("lamtim").get(f"/api/v1/dashboard?government={metro.pk}")
    assert refused.status_code == 404
    assert refused.json()["error"]["code"] == "not_found"
    assert b"Metro" not in refused.content
    lamtim = Government.objects.get(region_id="18.07")
    # A period of another government is not found either.
    assert api("lamtim").get(f"/api/v1/dashboard?government={lamtim.pk}&period={demo_period.pk}").status_code == 404
    assert api("sekretariat").get("/api/v1/dashboard").status_code == 422


def test_the_dashboard_of_a_government_without_numbers_is_empty(api):
    lamtim = Government.objects.get(region_id="18.07")
    data = api("lamtim").get(f"/api/v1/dashboard?government={lamtim.pk}").json()
    assert data["period"] is None and data["by_agency"] == [] and data["totals"]["expected"] == 0
    assert data["totals"]["completeness"] is None


def test_the_rollups_answer_a_region_and_its_children(api):
    data = api("provinsi").get("/api/v1/rollups?region=18&period=2024-1").json()
    assert data["semester"] == "2024-1"
    assert "2024-1" in data["semesters"]
    row = RegionRollup.objects.get(code="18", year=2024, semester=1)
    region = data["region"]
    assert (region["code"], region["name"], region["level"]) == ("18", "Lampung", 1)
    assert region["reports"]["expected"] == row.expected
    assert region["governments"] == row.governments
    assert region["programme"]["events_held"] == row.events_held
    children = {c["code"]: c for c in data["children"]}
    assert set(children) == set(
        RegionRollup.objects.filter(year=2024, semester=1, parent_code="18").values_list("code", flat=True)
    )
    assert children["18.72"]["name"] == "Kota Metro"
    assert children["18.72"]["government_id"] == Government.objects.get(region_id="18.72").pk


def test_the_nation_is_empty_or_id_and_only_for_administrators(api):
    admin = api("admin")
    for query in ("", "?region=", "?region=ID", "?region=id"):
        data = admin.get(f"/api/v1/rollups{query}").json()
        assert data["region"]["code"] == "ID" and data["region"]["level"] == 0
        assert data["region"]["name"] == "Indonesia"
        assert "18" in {c["code"] for c in data["children"]}
    assert api("provinsi").get("/api/v1/rollups?region=ID").status_code == 404


def test_members_read_the_rollups_of_their_own_region_only(api):
    assert api("kel.iringmulyo").get("/api/v1/rollups?region=18.72.04.1003").status_code == 200
    assert api("sekretariat").get("/api/v1/rollups?region=18.72.04").json()["region"]["name"] == (
        "Kecamatan Metro Timur"
    )
    assert api("sekretariat").get("/api/v1/rollups?region=18").status_code == 404
    assert api("lamtim").get("/api/v1/rollups?region=18.72").status_code == 404
    assert api("provinsi").get("/api/v1/rollups?region=18.07").status_code == 200


def test_observers_never_read_rollups_outside_their_subtree(api):
    other = _another_province()
    refused = api("provinsi").get("/api/v1/rollups?region=19")
    assert refused.status_code == 404 and b"Bangka" not in refused.content
    assert api("provinsi").get(f"/api/v1/dashboard?government={other.pk}").status_code == 404
    nation = api("admin").get("/api/v1/rollups?region=ID&period=2024-1").json()
    assert {"18", "19"} <= {c["code"] for c in nation["children"]}


@pytest.mark.parametrize("period", ["2024-3", "2024", "24-1", "semester-1", "2024-1x"])
def test_a_badly_written_period_is_refused_with_a_clear_message(api, period):
    response = api("admin").get(f"/api/v1/rollups?region=18&period={period}")
    assert response.status_code == 422
    error = response.json()["error"]
    assert error["code"] == "invalid"
    assert "2025-1" in error["fields"]["period"][0]


def test_a_semester_without_numbers_is_answered_as_such(api):
    data = api("admin").get("/api/v1/rollups?region=18&period=2030-1").json()
    assert data["semester"] == "2030-1"
    assert data["region"]["reports"]["expected"] == 0 and data["children"] == []
    assert api("admin").get("/api/v1/rollups?region=99").status_code == 404


def test_the_openapi_document_lists_both_endpoints(client, db):
    document = client.get("/api/v1/openapi.json").json()
    assert {"/api/v1/dashboard", "/api/v1/rollups"} <= set(document["paths"])
    parameters = {p["name"] for p in document["paths"]["/api/v1/rollups"]["get"]["parameters"]}
    assert {"region", "period"} <= parameters


def _count(client, path) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(path).status_code == 200
    return len(queries)


def test_the_api_takes_the_same_queries_whatever_the_data_size(api, metro, demo_period):
    admin = api("admin")
    paths = [f"/api/v1/dashboard?government={metro.pk}", "/api/v1/rollups?region=ID&period=2024-1"]
    for path in paths:
        admin.get(path)
    small = [_count(admin, path) for path in paths]
    _grow_government(metro, demo_period)
    _grow_nation()
    assert [_count(admin, path) for path in paths] == small
    assert len(admin.get(paths[1]).json()["children"]) >= 1
    assert len(admin.get(paths[0]).json()["by_agency"]) > 30
