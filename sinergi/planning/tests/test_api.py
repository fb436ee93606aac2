import json

import pytest

from conftest import metro_agency
from sinergi.planning.models import Action, NationalAction, NationalPlan, RegionalPlan


def _post(client, url, body=None):
    return client.post(url, json.dumps(body or {}), content_type="application/json")


def _patch(client, url, body):
    return client.patch(url, json.dumps(body), content_type="application/json")


def test_the_catalogue_is_listed_with_its_actions(api):
    client = api("disdik")
    plans = client.get("/api/v1/national-plans").json()
    assert {p["name"] for p in plans["items"]} == {"RAN P4GN 2020–2024", "RAN P4GN 2025–2029"}
    ran = NationalPlan.objects.get(start_year=2020)
    detail = client.get(f"/api/v1/national-plans/{ran.pk}").json()
    assert [f["name"] for f in detail["fields"]] == [
        "Pencegahan",
        "Pemberantasan",
        "Rehabilitasi",
        "Penelitian, Pengembangan dan Informasi",
    ]
    generic = {a["code"] for f in detail["fields"] for a in f["actions"] if a["is_generic"]}
    assert generic == {"1.1", "1.2", "1.3", "1.4"}


def test_an_operator_drafts_an_action_for_their_agency_only(api, draft_plan):
    client = api("disdik")
    national = NationalAction.objects.get(field__national_plan=draft_plan.national_plan, code="1.6")
    body = {
        "national_action": national.pk,
        "title": "Penerapan modul P4GN di SMP",
        "responsible_agency": metro_agency("Disdikbud").pk,
        "supporting_agencies": [metro_agency("BNN Kota Metro").pk],
        "locations": ["18.72.04.1003"],
        "months": [7, 8, 9],
        "budget": 15000000,
        "budget_source": "apbd",
        "indicators": [
            {
                "name": "SMP menerapkan modul",
                "unit": "sekolah",
                "aggregation": "latest",
                "targets": [{"year": 2022, "period": 0, "value": 5}],
            }
        ],
    }
    created = _post(client, f"/api/v1/plans/{draft_plan.pk}/actions", body)
    assert created.status_code == 201, created.content
    data = created.json()
    assert data["field_id"] == national.field_id
    assert data["location_codes"] == ["18.72.04.1003"] and data["whole_government"] is False
    assert data["indicators"][0]["targets"] == [{"year": 2022, "period": 0, "value": "5.00"}]
    # Not for another agency.
    other = _post(
        client, f"/api/v1/plans/{draft_plan.pk}/actions", {**body, "responsible_agency": metro_agency("Dinkes").pk}
    )
    assert other.status_code == 403


def test_operators_see_and_touch_only_their_agencys_actions(api, draft_plan):
    dinkes_action = draft_plan.actions.get(responsible_agency=metro_agency("Dinkes"))
    client = api("disdik")
    listed = client.get(f"/api/v1/plans/{draft_plan.pk}/actions").json()
    assert [a["responsible_agency"] for a in listed["items"]] == ["Dinas Pendidikan dan Kebudayaan"]
    assert client.get(f"/api/v1/actions/{dinkes_action.pk}").status_code == 404
    assert _patch(client, f"/api/v1/actions/{dinkes_action.pk}", {"title": "Diambil alih"}).status_code == 404
    assert client.delete(f"/api/v1/actions/{dinkes_action.pk}").status_code == 404
    assert api("lamtim").get(f"/api/v1/plans/{draft_plan.pk}").status_code == 404


def test_validation_errors_name_the_field(api, draft_plan):
    client = api("sekretariat")
    response = _post(
        client,
        f"/api/v1/plans/{draft_plan.pk}/actions",
        {"title": "X", "responsible_agency": "dinas", "budget": -5, "months": "maret"},
    )
    assert response.status_code == 422
    assert {"title", "responsible_agency", "budget", "months"} <= set(response.json()["error"]["fields"])
    response = _post(
        client,
        f"/api/v1/plans/{draft_plan.pk}/actions",
        {
            "title": "Aksi di luar wilayah",
            "responsible_agency": metro_agency("Dinkes").pk,
            "locations": ["18.07.01"],
            "months": [13],
        },
    )
    assert response.status_code == 422
    assert {"locations", "months", "field"} <= set(response.json()["error"]["fields"])


def test_a_second_save_with_a_stale_version_answers_409(api, draft_plan):
    action = draft_plan.actions.get(responsible_agency=metro_agency("Disdikbud"))
    first = _patch(api("sekretariat"), f"/api/v1/actions/{action.pk}", {"budget": 31000000, "version": action.version})
    assert first.status_code == 200
    second = _patch(api("disdik"), f"/api/v1/actions/{action.pk}", {"budget": 29000000, "version": action.version})
    assert second.status_code == 409
    assert second.json()["error"]["code"] == "conflict"
    assert "Sekretariat" in second.json()["error"]["message"]
    action.refresh_from_db()
    assert action.budget == 31000000


def test_the_workflow_through_the_api(api, draft_plan):
    secretariat = api("sekretariat")
    assert _post(api("disdik"), f"/api/v1/plans/{draft_plan.pk}/submit").status_code == 403
    assert _post(secretariat, f"/api/v1/plans/{draft_plan.pk}/submit").json()["status"] == "in_review"
    action = draft_plan.actions.get(responsible_agency=metro_agency("Dinkes"))
    returned = _post(secretariat, f"/api/v1/actions/{action.pk}/return", {"reason": "Lengkapi lokasi"})
    assert returned.json()["review_state"] == "returned"
    # While the plan is in review an operator may correct a returned action of theirs.
    assert _patch(api("dinkes"), f"/api/v1/actions/{action.pk}", {"target_group": "Remaja"}).status_code == 200
    assert _post(api("dinkes"), f"/api/v1/actions/{action.pk}/resubmit", {}).json()["review_state"] == "proposed"
    assert _post(secretariat, f"/api/v1/plans/{draft_plan.pk}/accept-actions").json()["accepted"] == 2
    adopted = _post(
        secretariat,
        f"/api/v1/plans/{draft_plan.pk}/adopt",
        {"kind": "perwali", "number": "7 Tahun 2022", "date": "2022-02-01"},
    )
    assert adopted.json()["status"] == "adopted"
    refused = _patch(secretariat, f"/api/v1/actions/{action.pk}", {"title": "Setelah penetapan"})
    assert refused.status_code == 403
    revision = _post(secretariat, f"/api/v1/plans/{draft_plan.pk}/revise")
    assert revision.status_code == 201 and revision.json()["version"] == 2


def test_coverage_and_comparison(api, draft_plan):
    client = api("sekretariat")
    coverage = client.get(f"/api/v1/plans/{draft_plan.pk}/coverage").json()
    codes = {na["code"] for na in coverage["uncovered_national_actions"]}
    assert "1.2" not in codes and "1.1" in codes
    assert "3.1" in codes  # regency-level actions apply to Kota Metro
    assert coverage["budget_total"] == "50000000"
    assert coverage["budget_by_source"] == {"APBD": "50000000"}
    agencies = {a["name"] for a in coverage["agencies_without_action"]}
    assert "Badan Kesatuan Bangsa dan Politik" in agencies and "Dinas Kesehatan" not in agencies
    demo_2024 = RegionalPlan.objects.get(government=draft_plan.government, start_year=2024, status="in_review")
    demo_2023 = RegionalPlan.objects.get(government=draft_plan.government, start_year=2023)
    compared = client.get(f"/api/v1/plans/{demo_2024.pk}/compare/{demo_2023.pk}").json()
    assert (len(compared["added"]), len(compared["removed"]), len(compared["changed"])) == (6, 1, 4)
    urine = next(c for c in compared["changed"] if c["title"].startswith("Tes urine ASN"))
    assert urine["fields"] == ["budget"]
    assert {"indicator": "ASN yang dites urine", "period": "2024", "before": "250.00", "after": "300.00"} in urine[
        "targets"
    ]


@pytest.mark.parametrize("problem", ["no_indicator", "no_budget", "no_location", "periods_do_not_add_up", "no_target"])
def test_the_quality_check_finds_each_problem(api, draft_plan, secretariat, problem):
    from decimal import Decimal

    from sinergi.planning import services

    action = draft_plan.actions.get(responsible_agency=metro_agency("Dinkes"))
    indicator = action.indicators.get()
    if problem == "no_indicator":
        services.indicator_delete(indicator=indicator, by=secretariat)
    elif problem == "no_budget":
        services.action_update(action=action, by=secretariat, budget=None)
    elif problem == "no_location":
        services.action_update(action=action, by=secretariat, whole_government=False)
    elif problem == "periods_do_not_add_up":
        services.targets_set(indicator=indicator, values={(2022, 1): Decimal(10)}, by=secretariat)
    else:
        services.targets_set(indicator=indicator, values={(2022, 0): None}, by=secretariat)
    coverage = api("sekretariat").get(f"/api/v1/plans/{draft_plan.pk}/coverage").json()
    problems = {p["action_id"]: p["problems"] for p in coverage["actions_with_problems"]}
    assert problems == {action.pk: [problem]}
    filtered = api("sekretariat").get(f"/api/v1/plans/{draft_plan.pk}/actions", {"problems": "true"}).json()
    assert [a["id"] for a in filtered["items"]] == [action.pk]


def test_targets_outside_the_plan_are_refused(api, draft_plan):
    indicator = Action.objects.filter(plan=draft_plan).first().indicators.get()
    response = _patch(
        api("sekretariat"), f"/api/v1/indicators/{indicator.pk}", {"targets": [{"year": 2030, "period": 0, "value": 5}]}
    )
    assert response.status_code == 422
    assert "targets" in response.json()["error"]["fields"]
