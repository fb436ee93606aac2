import json

import pytest

from sinergi.organizations.models import Government
from sinergi.programmes.models import MAIN_INDICATORS, SUPPORTING_INDICATORS, VulnerabilityAssessment


def _ratings(main: int, supporting: int) -> dict:
    ratings = {code: {"rating": main, "source": "Data Polres Metro"} for code in MAIN_INDICATORS}
    ratings.update({code: {"rating": supporting, "source": "Survei kelurahan"} for code in SUPPORTING_INDICATORS})
    return ratings


def _record(client, year, main, supporting, region="18.72.04.1003"):
    body = {
        "government": Government.objects.get(region_id="18.72").pk,
        "region": region,
        "year": year,
        "assessed_on": f"{year}-10-01",
        "ratings": _ratings(main, supporting),
    }
    return client.post("/api/v1/assessments", json.dumps(body), content_type="application/json")


@pytest.mark.parametrize(
    ("main", "supporting", "score", "status"),
    [(0, 0, 0, "aman"), (1, 0, 16, "siaga"), (1, 2, 26, "waspada"), (2, 3, 47, "bahaya")],
)
def test_the_status_follows_the_weighted_score_and_thresholds(api, main, supporting, score, status):
    response = _record(api("bnn"), 2017, main, supporting)
    assert response.status_code == 201, response.content
    assert (response.json()["score"], response.json()["status"]) == (score, status)


def test_history_shows_the_change_from_year_to_year_and_a_correction_updates(api):
    client = api("bnn")
    _record(client, 2017, 1, 2)
    _record(client, 2018, 1, 0)
    _record(client, 2018, 1, 1)  # corrected the same year: updated, not duplicated
    listed = client.get("/api/v1/assessments", {"within": "18.72.04.1003", "limit": 100}).json()["items"]
    rows = {r["year"]: r for r in listed}
    assert rows[2018]["previous_status"] == "waspada"
    assert rows[2018]["score"] == 21 and rows[2018]["status"] == "siaga"
    assert VulnerabilityAssessment.objects.filter(year=2018, region_id="18.72.04.1003").count() == 1


def test_incomplete_or_wrong_ratings_are_refused(api):
    client = api("bnn")
    metro = Government.objects.get(region_id="18.72").pk
    incomplete = {
        "government": metro,
        "region": "18.72.04.1003",
        "year": 2017,
        "assessed_on": "2017-10-01",
        "ratings": {"kasus_narkoba": {"rating": 1}},
    }
    response = client.post("/api/v1/assessments", json.dumps(incomplete), content_type="application/json")
    assert response.status_code == 422 and "ratings" in response.json()["error"]["fields"]
    too_high = {**incomplete, "ratings": {code: {"rating": 5} for code in _ratings(0, 0)}}
    assert client.post("/api/v1/assessments", json.dumps(too_high), content_type="application/json").status_code == 422
    kecamatan = _record(client, 2017, 0, 0, region="18.72.04")
    assert kecamatan.status_code == 422 and "region" in kecamatan.json()["error"]["fields"]
    assert not VulnerabilityAssessment.objects.filter(year=2017).exists()


def test_who_may_assess(api):
    assert _record(api("kel.iringmulyo"), 2017, 0, 0).status_code == 201
    assert _record(api("kel.iringmulyo"), 2017, 0, 0, region="18.72.01.1001").status_code == 403
    assert _record(api("disdik"), 2017, 0, 0, region="18.72.01.1001").status_code == 403
    assert _record(api("lamtim"), 2017, 0, 0).status_code == 404
    assert api("disdik").get("/api/v1/assessments", {"year": 2017}).json()["count"] == 0
    assert api("walikota").get("/api/v1/assessments", {"year": 2017}).json()["count"] == 1
