import json

from sinergi.organizations.models import Agency, Government
from sinergi.programmes.models import Volunteer


def _post(client, url, body):
    return client.post(url, json.dumps(body), content_type="application/json")


def _group(api):
    metro = Government.objects.get(region_id="18.72")
    body = {
        "government": metro.pk,
        "name": "Relawan Anti Narkoba Iring Mulyo",
        "kind": "relawan",
        "region": "18.72.04.1003",
        "sk_number": "12/2024",
    }
    response = _post(api("kel.iringmulyo"), "/api/v1/volunteer-groups", body)
    assert response.status_code == 201, response.content
    return response.json()["id"]


def _member(group_id, **overrides):
    body = {
        "group": group_id,
        "name": "Siti Aminah",
        "sex": "P",
        "birth_year": 1990,
        "region": "18.72.04.1003",
        "phone": "081234566789",
    }
    body.update(overrides)
    return body


def test_a_likely_duplicate_is_flagged_before_saving(api):
    group = _group(api)
    client = api("kel.iringmulyo")
    assert _post(client, "/api/v1/volunteers", _member(group)).status_code == 201
    again = _post(client, "/api/v1/volunteers", _member(group, name="  siti   AMINAH "))
    assert again.status_code == 409
    assert again.json()["error"]["code"] == "possible_duplicate"
    assert Volunteer.objects.filter(group_id=group).count() == 1
    confirmed = _post(client, "/api/v1/volunteers", _member(group, name="Siti Aminah", confirm_duplicate=True))
    assert confirmed.status_code == 201
    # Another birth year is another person.
    assert _post(client, "/api/v1/volunteers", _member(group, birth_year=1991)).status_code == 201


def test_phone_numbers_are_masked_except_for_the_secretariat(api):
    group = _group(api)
    _post(api("kel.iringmulyo"), "/api/v1/volunteers", _member(group))
    url = f"/api/v1/volunteers?group={group}"
    masked = api("kel.iringmulyo").get(url).json()["items"][0]["phone"]
    assert masked == "0812****6789"
    assert api("bnn").get(url).json()["items"][0]["phone"] == "0812****6789"
    assert api("sekretariat").get(url).json()["items"][0]["phone"] == "081234566789"


def test_volunteers_are_scoped_and_checked(api):
    group = _group(api)
    _post(api("kel.iringmulyo"), "/api/v1/volunteers", _member(group))
    assert api("disdik").get(f"/api/v1/volunteers?group={group}").json()["count"] == 0
    assert api("lamtim").get(f"/api/v1/volunteers?group={group}").json()["count"] == 0
    bad_year = _post(api("kel.iringmulyo"), "/api/v1/volunteers", _member(group, name="Budi", birth_year=2024))
    assert bad_year.status_code == 422 and "birth_year" in bad_year.json()["error"]["fields"]
    outside = _post(api("kel.iringmulyo"), "/api/v1/volunteers", _member(group, name="Budi", region="18.07.01.2001"))
    assert outside.status_code == 422
    other = Agency.objects.get(government__region_id="18.72", region_id="18.72.01.1001")
    assert other  # the kelurahan operator of Iring Mulyo cannot register a group elsewhere
    metro = Government.objects.get(region_id="18.72")
    elsewhere = _post(
        api("kel.iringmulyo"),
        "/api/v1/volunteer-groups",
        {"government": metro.pk, "name": "Relawan Metro", "kind": "relawan", "region": "18.72.01.1001"},
    )
    assert elsewhere.status_code == 403
