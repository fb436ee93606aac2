"""Vulnerability assessment pages (list per year, record/correct form, kelurahan history, thresholds) and the
API additions (one assessment, thresholds). Years 2019–2020 keep clear of the demo's assessments."""

import json
from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from conftest import PERSONAS
from sinergi.programmes import services
from sinergi.programmes.models import MAIN_INDICATORS, SUPPORTING_INDICATORS, VulnerabilityAssessment
from sinergi.programmes.tests.people import (
    IRING_MULYO,
    METRO_KELURAHAN,
    csv_rows,
    in_metro,
    metro,
    region,
    user,
    xlsx_text,
)

READ_ALL = {"sekretariat", "bnn", "walikota", "provinsi", "admin"}
ASSESSORS = {"sekretariat", "bnn", "admin"}


def _ratings(main: int, supporting: int) -> dict:
    ratings = {code: {"rating": main, "source": "Data Polres Uji"} for code in MAIN_INDICATORS}
    ratings.update({code: {"rating": supporting, "source": "Survei Uji"} for code in SUPPORTING_INDICATORS})
    return ratings


def _assess(code, year, main, supporting):
    return services.assessment_record(
        government=metro(), region=region(code), year=year, ratings=_ratings(main, supporting),
        assessed_on=date(year, 10, 1), by=user("bnn"),
    )  # fmt: skip


def _form(code=IRING_MULYO, year=2020, main=1, supporting=0, **overrides):
    data = {"region": code, "year": str(year), "assessed_on": f"{year}-09-30", "notes": "Uji"}
    for c in MAIN_INDICATORS:
        data[f"rating_{c}"], data[f"source_{c}"] = str(main), "Polsek Uji"
    for c in SUPPORTING_INDICATORS:
        data[f"rating_{c}"], data[f"source_{c}"] = str(supporting), "Kelurahan Uji"
    data.update(overrides)
    return data


def test_the_list_shows_score_status_and_the_change_from_the_year_before(login):
    _assess(IRING_MULYO, 2019, 1, 2)  # 26: waspada
    _assess(IRING_MULYO, 2020, 1, 0)  # 16: siaga
    _assess(METRO_KELURAHAN, 2020, 3, 3)  # 63: bahaya
    client = login("sekretariat")
    html = client.get("/kerawanan/", {"year": 2020}).content.decode()
    assert 'class="badge vuln-siaga"' in html and 'class="badge vuln-bahaya"' in html
    assert "Waspada)" in html  # "better (was Waspada)": Iring Mulyo was Waspada in 2019
    assert "change-better" in html and "change-new" in html
    only_iring = client.get("/kerawanan/", {"year": 2020, "q": "iring"}).content.decode()
    assert "Iring Mulyo" in only_iring and ">Metro</a>" not in only_iring
    kecamatan = client.get("/kerawanan/", {"year": 2020, "within": "18.72.01"}).content.decode()
    assert ">Metro</a>" in kecamatan and "Iring Mulyo" not in kecamatan
    rows = csv_rows(client.get("/kerawanan/", {"year": 2020, "q": "iring", "export": "csv"}))
    assert len(rows) == 2 and "Siaga" in rows[1] and "Waspada" in rows[1] and ",16," in rows[1]
    assert "Bahaya" in xlsx_text(client.get("/kerawanan/", {"year": 2020, "export": "xlsx"}))


@pytest.mark.parametrize("persona", PERSONAS)
def test_the_list_is_scoped(login, persona):
    _assess(IRING_MULYO, 2019, 1, 0)
    _assess(METRO_KELURAHAN, 2019, 1, 0)
    html = in_metro(login(persona)).get("/kerawanan/", {"year": 2019}).content.decode()
    sees_iring = persona in READ_ALL | {"kel.iringmulyo"}
    assert ("Iring Mulyo</a>" in html) == sees_iring, persona
    assert (">Metro</a>" in html) == (persona in READ_ALL), persona


def test_an_area_operator_records_an_assessment_through_the_form(login):
    client = login("kel.iringmulyo")
    form = client.get("/kerawanan/catat/").content.decode()
    assert 'value="18.72.04.1003"' in form and 'value="18.72.01.1001"' not in form
    assert form.count('type="radio"') == 4 * (len(MAIN_INDICATORS) + len(SUPPORTING_INDICATORS))
    response = client.post("/kerawanan/catat/", _form(main=2, supporting=1))
    assert response.status_code == 302, response.content.decode()[:3000]
    saved = VulnerabilityAssessment.objects.get(region_id=IRING_MULYO, year=2020)
    assert (saved.score, saved.status) == (37, "waspada")
    assert saved.ratings["kasus_narkoba"] == {"rating": 2, "source": "Polsek Uji"}
    elsewhere = client.post("/kerawanan/catat/", _form(code=METRO_KELURAHAN))
    assert elsewhere.status_code == 200
    assert not VulnerabilityAssessment.objects.filter(region_id=METRO_KELURAHAN, year=2020).exists()


@pytest.mark.parametrize(
    "overrides",
    [{"rating_kasus_narkoba": "4"}, {"rating_kemiskinan": ""}, {"year": "dua ribu"}, {"region": "18.72.04"}],
)
def test_bad_assessment_input_is_refused(login, overrides):
    response = login("sekretariat").post("/kerawanan/catat/", {**_form(year=2019), **overrides})
    assert response.status_code == 200
    assert not VulnerabilityAssessment.objects.filter(region_id=IRING_MULYO, year=2019).exists()


def test_who_may_record_and_correct(login):
    assessment = _assess(IRING_MULYO, 2019, 0, 0)
    for persona in PERSONAS:
        client = in_metro(login(persona))
        record = client.get("/kerawanan/catat/").status_code
        correct = client.get(f"/kerawanan/{assessment.pk}/ubah/").status_code
        if persona in ASSESSORS | {"kel.iringmulyo"}:
            assert (record, correct) == (200, 200), persona
        elif persona in {"walikota", "provinsi"}:
            assert (record, correct) == (403, 403), persona
        elif persona == "lamtim":
            assert (record, correct) == (200, 404), persona  # they assess their own kabupaten
        else:
            assert (record, correct) == (403, 404), persona


def test_a_correction_keeps_region_and_year_and_updates(login):
    assessment = _assess(IRING_MULYO, 2019, 0, 0)
    client = login("bnn")
    response = client.post(
        f"/kerawanan/{assessment.pk}/ubah/", _form(code=METRO_KELURAHAN, year=2018, main=3, supporting=3)
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    assessment.refresh_from_db()
    assert (assessment.region_id, assessment.year, assessment.score, assessment.status) == (
        IRING_MULYO,
        2019,
        63,
        "bahaya",
    )
    assert not VulnerabilityAssessment.objects.filter(region_id=METRO_KELURAHAN, year=2018).exists()


def test_the_kelurahan_page_shows_its_history(login):
    _assess(IRING_MULYO, 2019, 1, 2)
    _assess(IRING_MULYO, 2020, 2, 3)
    html = login("kel.iringmulyo").get(f"/kerawanan/wilayah/{IRING_MULYO}/").content.decode()
    assert "2019" in html and "2020" in html and "vuln-bahaya" in html and "change-worse" in html
    assert "Data Polres Uji" in html  # the source of each rating
    for persona in PERSONAS:
        status = in_metro(login(persona)).get(f"/kerawanan/wilayah/{IRING_MULYO}/").status_code
        expected = 200 if persona in READ_ALL | {"kel.iringmulyo"} else 404
        assert status == expected, persona
    assert login("kel.iringmulyo").get(f"/kerawanan/wilayah/{METRO_KELURAHAN}/").status_code == 404
    assert login("sekretariat").get("/kerawanan/wilayah/18.72.04/").status_code == 404  # a kecamatan
    assert login("sekretariat").get("/kerawanan/wilayah/18.07.01.2001/").status_code == 404  # another government


def test_the_secretariat_changes_thresholds_without_rewriting_the_past(login):
    past = _assess(IRING_MULYO, 2019, 1, 0)  # 16: siaga under the default thresholds
    client = login("sekretariat")
    page = client.get("/kerawanan/ambang/").content.decode()
    assert "does not rewrite past assessments" in page or "tidak mengubah" in page
    refused = client.post("/kerawanan/ambang/", {"bahaya_from": "30", "waspada_from": "40", "siaga_from": "5"})
    assert refused.status_code == 200
    assert (
        client.post("/kerawanan/ambang/", {"bahaya_from": "90", "waspada_from": "40", "siaga_from": "5"}).status_code
        == 200
    )
    saved = client.post("/kerawanan/ambang/", {"bahaya_from": "30", "waspada_from": "15", "siaga_from": "5"})
    assert saved.status_code == 302
    past.refresh_from_db()
    assert past.status == "siaga"  # kept
    assert _assess(IRING_MULYO, 2020, 1, 0).status == "waspada"  # a new one follows the new thresholds
    for persona in ("bnn", "walikota", "kel.iringmulyo", "disdik"):
        assert login(persona).get("/kerawanan/ambang/").status_code == 403
        assert login(persona).post("/kerawanan/ambang/", {"bahaya_from": "9"}).status_code == 403


def test_assessment_list_queries_do_not_grow(login):
    _assess(IRING_MULYO, 2019, 1, 0)
    _assess(IRING_MULYO, 2020, 1, 0)
    client = login("sekretariat")

    def count(params):
        with CaptureQueriesContext(connection) as captured:
            response = client.get("/kerawanan/", params)
            if hasattr(response, "streaming_content"):
                b"".join(response.streaming_content)
        return len(captured)

    before = [count({"year": 2020}), count({"year": 2020, "export": "csv"})]
    for code in ("18.72.01.1001", "18.72.01.1002", "18.72.02.1001", "18.72.02.1002", "18.72.03.1001"):
        _assess(code, 2019, 2, 0)
        _assess(code, 2020, 1, 1)
    assert [count({"year": 2020}), count({"year": 2020, "export": "csv"})] == before


# --- API -----------------------------------------------------------------------------------------------------


def test_one_assessment_through_the_api(api):
    _assess(IRING_MULYO, 2019, 1, 2)
    latest = _assess(IRING_MULYO, 2020, 1, 0)
    body = api("kel.iringmulyo").get(f"/api/v1/assessments/{latest.pk}").json()
    assert (body["year"], body["score"], body["status"], body["previous_status"]) == (2020, 16, "siaga", "waspada")
    for persona in PERSONAS:
        expected = 200 if persona in READ_ALL | {"kel.iringmulyo"} else 404
        assert api(persona).get(f"/api/v1/assessments/{latest.pk}").status_code == expected, persona


def test_thresholds_through_the_api(api):
    government = metro().pk
    url = f"/api/v1/assessment-thresholds?government={government}"
    assert api("walikota").get(url).json()["max_score"] == 63
    body = {"bahaya_from": 45, "waspada_from": 30, "siaga_from": 12}
    put = api("sekretariat").put(url, json.dumps(body), content_type="application/json")
    assert put.status_code == 200 and put.json()["bahaya_from"] == 45
    assert api("disdik").get(url).json()["waspada_from"] == 30
    for persona, status in [
        ("bnn", 403),
        ("walikota", 403),
        ("kel.iringmulyo", 403),
        ("provinsi", 403),
        ("lamtim", 404),
    ]:
        assert api(persona).put(url, json.dumps(body), content_type="application/json").status_code == status, persona
    assert api("lamtim").get(url).status_code == 404
    falling = {"bahaya_from": 10, "waspada_from": 30, "siaga_from": 12}
    assert api("sekretariat").put(url, json.dumps(falling), content_type="application/json").status_code == 422
    wrong = {"bahaya_from": "tinggi", "waspada_from": 30, "siaga_from": 12}
    response = api("sekretariat").put(url, json.dumps(wrong), content_type="application/json")
    assert response.status_code == 422 and "bahaya_from" in response.json()["error"]["fields"]
