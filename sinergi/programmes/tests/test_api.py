import json
from datetime import date, timedelta

import pytest

from conftest import metro_agency
from sinergi.organizations.models import Agency, Government
from sinergi.programmes.models import Event, UrineTestCampaign


def _metro():
    return Government.objects.get(region_id="18.72")


def _event(**overrides):
    iring_mulyo = Agency.objects.get(government=_metro(), region_id="18.72.04.1003")
    body = {
        "government": _metro().pk,
        "agency": iring_mulyo.pk,
        "kind": "penyuluhan",
        "title": "Penyuluhan bahaya narkoba di Balai Kelurahan",
        "starts_on": "2024-08-17",
        "region": "18.72.04.1003",
        "target_group": "masyarakat_umum",
        "participants": 40,
        "male": 22,
        "female": 18,
        "age_15_24": 25,
        "age_25_44": 15,
        "age_under_15": 0,
        "age_45_plus": 0,
    }
    body.update(overrides)
    return body


def _post(client, url, body):
    return client.post(url, json.dumps(body), content_type="application/json")


def test_a_kelurahan_operator_records_an_event_in_their_area(api):
    response = _post(api("kel.iringmulyo"), "/api/v1/events", _event())
    assert response.status_code == 201, response.content
    assert response.json()["participants"] == 40
    listed = api("kel.iringmulyo").get("/api/v1/events?limit=500").json()["items"]
    assert "Penyuluhan bahaya narkoba di Balai Kelurahan" in [e["title"] for e in listed]
    assert {e["region_code"] for e in listed} == {"18.72.04.1003"}


def test_an_area_operator_cannot_record_outside_their_area(api):
    metro_agency_of_other_kelurahan = Agency.objects.get(government=_metro(), region_id="18.72.01.1001")
    before = Event.objects.count()
    response = _post(
        api("kel.iringmulyo"),
        "/api/v1/events",
        _event(agency=metro_agency_of_other_kelurahan.pk, region="18.72.01.1001"),
    )
    assert response.status_code == 403
    assert Event.objects.count() == before


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"male": 30, "female": 5}, "male"),
        ({"age_15_24": 10}, "age_under_15"),
        ({"starts_on": (date.today() + timedelta(days=30)).isoformat()}, "status"),
        ({"region": "18.07.01"}, "region"),
        ({"participants": "banyak"}, "participants"),
    ],
)
def test_bad_events_are_refused_naming_the_field(api, overrides, field):
    before = Event.objects.count()
    response = _post(api("sekretariat"), "/api/v1/events", _event(**overrides))
    assert response.status_code == 422, response.content
    assert field in response.json()["error"]["fields"]
    assert Event.objects.count() == before


def test_a_planned_event_may_be_in_the_future(api):
    future = (date.today() + timedelta(days=30)).isoformat()
    response = _post(api("sekretariat"), "/api/v1/events", _event(starts_on=future, status="planned"))
    assert response.status_code == 201


def test_events_are_scoped(api):
    event = Event.objects.get(pk=_post(api("sekretariat"), "/api/v1/events", _event()).json()["id"])
    assert api("disdik").get(f"/api/v1/events/{event.pk}").status_code == 404
    assert api("lamtim").get(f"/api/v1/events/{event.pk}").status_code == 404
    assert api("provinsi").get(f"/api/v1/events/{event.pk}").status_code == 200
    assert (
        api("provinsi")
        .patch(f"/api/v1/events/{event.pk}", json.dumps({"participants": 1}), content_type="application/json")
        .status_code
        == 403
    )


def test_urine_tests_are_counts_only_and_checked(api):
    body = {
        "government": _metro().pk,
        "agency": metro_agency("BNN Kota Metro").pk,
        "host_agency": metro_agency("BKPSDM").pk,
        "held_on": "2024-03-12",
        "group": "asn",
        "tested": 151,
        "positive": 0,
        "referred": 0,
    }
    before = UrineTestCampaign.objects.count()
    created = _post(api("bnn"), "/api/v1/urine-tests", body)
    assert created.status_code == 201, created.content
    assert created.json()["host"] == "Badan Kepegawaian dan Pengembangan Sumber Daya Manusia"
    for bad, field in (
        ({"positive": 200}, "positive"),
        ({"positive": 2, "referred": 3}, "referred"),
        ({"host_agency": None}, "host_name"),
    ):
        response = _post(api("bnn"), "/api/v1/urine-tests", {**body, **bad})
        assert response.status_code == 422
        assert field in response.json()["error"]["fields"]
    assert _post(api("dinkes"), "/api/v1/urine-tests", body).status_code == 403
    assert UrineTestCampaign.objects.count() == before + 1


def test_no_individual_result_can_exist(api):
    """Nothing about a person is stored for a urine test: only the counts of a campaign."""
    personal = {"name", "full_name", "nik", "nip", "person", "people", "result", "results", "phone", "birth_year"}
    fields = {f.name for f in UrineTestCampaign._meta.get_fields()}
    assert not fields & personal
    document = api("bnn").get("/api/v1/openapi.json").json()
    schema = document["components"]["schemas"]["UrineTestIn"]["properties"]
    assert set(schema) == {
        "government",
        "agency",
        "host_agency",
        "host_name",
        "held_on",
        "group",
        "tested",
        "positive",
        "referred",
        "action",
        "notes",
    }


def test_event_lists_run_a_fixed_number_of_queries(api, django_assert_num_queries):
    client = api("sekretariat")
    client.get("/api/v1/me")
    _post(client, "/api/v1/events", _event())
    before = Event.objects.count()
    with django_assert_num_queries(5):
        client.get("/api/v1/events?limit=500")
    for i in range(20):
        _post(client, "/api/v1/events", _event(title=f"Penyuluhan {i}"))
    with django_assert_num_queries(5):
        assert client.get("/api/v1/events?limit=500").json()["count"] == before + 20
