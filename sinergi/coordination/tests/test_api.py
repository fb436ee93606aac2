import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext

from sinergi.coordination import services
from sinergi.coordination.models import Meeting, TaskForce
from sinergi.coordination.tests.helpers import (
    PDF,
    agency,
    lamtim,
    make_follow_up,
    make_meeting,
    metro,
    unique_place,
    user,
)

pytestmark = pytest.mark.django_db


def _json(client, method, url, body=None):
    return client.generic(method, url, json.dumps(body) if body is not None else "", content_type="application/json")


def _meeting_body(**overrides):
    body = {
        "government": metro().pk, "kind": "rakor", "title": "Rakor API Uji", "starts_at": "2024-09-24T09:00:00+07:00",
        "ends_at": "2024-09-24T12:00:00+07:00", "place": unique_place(),
        "invited_agencies": [agency("Disdikbud").pk], "agenda": ["Penyusunan RAD"],
    }  # fmt: skip
    body.update(overrides)
    return body


def test_the_secretariat_records_a_meeting_through_the_api(api):
    client = api("sekretariat")
    response = _json(client, "POST", "/api/v1/meetings", _meeting_body())
    assert response.status_code == 201, response.content
    meeting = response.json()
    assert [a["title"] for a in meeting["agenda"]] == ["Tindak lanjut rapat sebelumnya", "Penyusunan RAD"]
    assert meeting["agenda"][0]["carries_follow_ups"] is True and meeting["warnings"] == []
    mid = meeting["id"]
    assert client.post(f"/api/v1/meetings/{mid}/hold").json()["status"] == "held"  # no body needed
    row = _json(client, "POST", f"/api/v1/meetings/{mid}/attendance", {"agency": agency("Dinkes").pk, "name": "dr. X"})
    assert row.status_code == 201 and row.json()["invited"] is False
    spec = {"agency": agency("Disdikbud").pk, "description": "Sosialisasi 10 SMP", "due_on": "2024-11-30"}
    body = {"text": "Sosialisasi di sekolah", "agenda_item": meeting["agenda"][1]["id"], "follow_ups": [spec]}
    decision = _json(client, "POST", f"/api/v1/meetings/{mid}/decisions", body)
    assert decision.status_code == 201, decision.content
    follow_up = decision.json()["follow_ups"][0]
    assert follow_up["status"] == "open" and follow_up["meeting_id"] == mid
    item = meeting["agenda"][1]["id"]
    assert (
        _json(client, "PATCH", f"/api/v1/agenda-items/{item}", {"minutes": "Dibahas."}).json()["minutes"] == "Dibahas."
    )
    detail = client.get(f"/api/v1/meetings/{mid}").json()
    assert detail["headcount"] == 1 and len(detail["decisions"]) == 1
    assert _json(client, "POST", f"/api/v1/meetings/{mid}/close", {}).json()["status"] == "closed"
    again = _json(client, "POST", f"/api/v1/meetings/{mid}/close", {})
    assert again.status_code == 409
    assert _json(client, "POST", f"/api/v1/meetings/{mid}/reopen", {}).status_code == 422  # reason required
    assert _json(client, "POST", f"/api/v1/meetings/{mid}/fly", {}).status_code == 404


def test_an_overlap_is_returned_as_a_warning(api):
    place = unique_place()
    make_meeting(title="Rapat Lebih Dulu", place=place)
    response = _json(api("sekretariat"), "POST", "/api/v1/meetings", _meeting_body(place=place.lower()))
    assert response.status_code == 201
    assert any("Rapat Lebih Dulu" in w for w in response.json()["warnings"])


def test_a_stale_meeting_version_answers_409(api):
    meeting = make_meeting()
    client = api("sekretariat")
    first = _json(client, "PATCH", f"/api/v1/meetings/{meeting.pk}", {"version": 1, "letter_number": "005/1"})
    assert first.status_code == 200 and first.json()["version"] == 2
    stale = _json(client, "PATCH", f"/api/v1/meetings/{meeting.pk}", {"version": 1, "letter_number": "005/2"})
    assert stale.status_code == 409 and stale.json()["error"]["code"] == "conflict"


def test_the_owner_operator_updates_a_follow_up_and_a_stale_version_answers_409(api):
    follow_up = make_follow_up(make_meeting())
    client = api("disdik")
    url = f"/api/v1/follow-ups/{follow_up.pk}"
    done = _json(client, "PATCH", url, {"version": 1, "status": "done"})
    assert done.status_code == 422 and "result" in done.json()["error"]["fields"]
    dropped = _json(client, "PATCH", url, {"status": "dropped"})
    assert dropped.status_code == 422 and "dropped_reason" in dropped.json()["error"]["fields"]
    ok = _json(client, "PATCH", url, {"version": 1, "status": "in_progress"})
    assert ok.status_code == 200 and ok.json()["version"] == 2
    assert _json(client, "PATCH", url, {"version": 1, "status": "open"}).status_code == 409
    # the owner does not move the due date or the owner; the secretariat does
    assert _json(client, "PATCH", url, {"due_on": "2025-01-01"}).status_code == 403
    assert _json(api("sekretariat"), "PATCH", url, {"due_on": "2025-01-01"}).status_code == 200
    assert _json(api("sekretariat"), "PATCH", url, {"due_on": "2020-01-01"}).status_code == 422
    # the head reads but does not update; another agency does not even see it
    assert api("kepala.disdik").get(url).status_code == 200
    assert _json(api("kepala.disdik"), "PATCH", url, {"status": "open"}).status_code == 403
    assert api("dinkes").get(url).status_code == 404
    assert _json(api("dinkes"), "PATCH", url, {"status": "open"}).status_code == 404


def test_evidence_upload_and_download(api):
    follow_up = make_follow_up(make_meeting())
    client = api("disdik")
    url = f"/api/v1/follow-ups/{follow_up.pk}/evidence"
    bad = client.post(url, {"file": SimpleUploadedFile("foto.png", b"MZ\x90 not an image")})
    assert bad.status_code == 422
    assert client.post(url, {"file": SimpleUploadedFile("kosong.pdf", b"")}).status_code == 422
    assert client.post(url, {}).status_code == 422
    good = client.post(url, {"file": SimpleUploadedFile("../../bukti\x00.pdf", PDF)})
    assert good.status_code == 201, good.content
    download = client.get(good.json()["download_url"])
    assert download.status_code == 200 and b"".join(download.streaming_content) == PDF
    assert api("dinkes").get(good.json()["download_url"]).status_code == 404
    assert api("bnn").get(good.json()["download_url"]).status_code == 200
    assert api("walikota").post(url, {"file": SimpleUploadedFile("b.pdf", PDF)}).status_code == 403
    done = _json(client, "PATCH", f"/api/v1/follow-ups/{follow_up.pk}", {"status": "done", "result": "Selesai"})
    assert done.json()["evidence"][0]["name"] == "bukti.pdf" and done.json()["status"] == "done"


def test_bad_input_is_named(api):
    client = api("sekretariat")
    response = _json(client, "POST", "/api/v1/meetings", _meeting_body(starts_at="besok", invited_agencies="x"))
    assert response.status_code == 422
    fields = response.json()["error"]["fields"]
    assert "starts_at" in fields and "invited_agencies" in fields
    other = agency("Kesbangpol", government=lamtim())
    response = _json(client, "POST", "/api/v1/meetings", _meeting_body(invited_agencies=[other.pk]))
    assert response.status_code == 422 and "invited_agencies" in response.json()["error"]["fields"]
    ends_first = _meeting_body(ends_at="2024-09-24T08:00:00+07:00")
    assert _json(client, "POST", "/api/v1/meetings", ends_first).status_code == 422
    bad_json = client.generic("POST", "/api/v1/meetings", "{not json", content_type="application/json")
    assert bad_json.status_code == 422
    meeting = make_meeting()
    spec = {"agency": agency("Dinkes").pk, "description": "Tes", "due_on": "2024-01-01"}
    response = _json(
        client, "POST", f"/api/v1/meetings/{meeting.pk}/decisions", {"text": "Keputusan", "follow_ups": [spec]}
    )
    assert response.status_code == 422 and "due_on" in response.json()["error"]["fields"]
    assert not meeting.decisions.exists()  # all or nothing


def test_task_forces_through_the_api(api):
    client = api("sekretariat")
    TaskForce.objects.filter(government=metro(), region_id="18.72.01").delete()  # start without a kecamatan team
    created = _json(client, "POST", "/api/v1/task-forces", {"government": metro().pk, "name": "Tim Kecamatan Uji",
                                                            "region": "18.72.01"})  # fmt: skip
    assert created.status_code == 201, created.content
    tid = created.json()["id"]
    composition = _json(
        client, "POST", f"/api/v1/task-forces/{tid}/compositions",
        {"sk_number": "100/7/2024", "sk_date": "2024-01-05", "valid_from": "2024-01-05"},
    )  # fmt: skip
    assert composition.status_code == 201
    cid = composition.json()["id"]
    seat = {"position": "ketua", "agency": agency("Setda").pk, "person_title": "Camat Metro Pusat"}
    member = _json(client, "POST", f"/api/v1/compositions/{cid}/members", seat)
    assert member.status_code == 201
    upload = client.post(f"/api/v1/compositions/{cid}/sk-file", {"file": SimpleUploadedFile("sk.pdf", PDF)})
    assert upload.status_code == 200 and upload.json()["sk_file_url"]
    assert api("disdik").get(upload.json()["sk_file_url"]).status_code == 200
    assert api("lamtim").get(upload.json()["sk_file_url"]).status_code == 404
    detail = api("kel.iringmulyo").get(f"/api/v1/task-forces/{tid}").json()
    assert detail["current_composition"]["members"][0]["person_title"] == "Camat Metro Pusat"
    assert _json(api("disdik"), "PATCH", f"/api/v1/members/{member.json()['id']}", {"field": "x"}).status_code == 403
    assert _json(client, "PATCH", f"/api/v1/members/{member.json()['id']}", {"field": "Pencegahan"}).status_code == 200
    assert client.delete(f"/api/v1/members/{member.json()['id']}").status_code == 204


@pytest.mark.parametrize("url", ["/api/v1/meetings", "/api/v1/follow-ups", "/api/v1/task-forces"])
def test_api_lists_use_a_constant_number_of_queries(api, url):
    client = api("sekretariat")
    make_follow_up(make_meeting(title="Ukur API"))
    client.get(url)
    with CaptureQueriesContext(connection) as first:
        client.get(url)
    for n in range(3):
        meeting = make_meeting(title=f"Ukur API {n}")
        follow_up = make_follow_up(meeting, text=f"Ukur {n}")
        services.evidence_add(follow_up=follow_up, upload=SimpleUploadedFile("b.pdf", PDF), by=user("sekretariat"))
    with CaptureQueriesContext(connection) as second:
        client.get(url)
    assert len(second) == len(first)


def test_lists_are_paged_and_scoped(api):
    meeting = make_meeting(title="Rapat Terbatas Dinkes", invited=("Dinkes",))
    listed = api("sekretariat").get("/api/v1/meetings", {"q": "Rapat Terbatas Dinkes", "limit": 1}).json()
    assert listed["count"] == 1 and listed["items"][0]["id"] == meeting.pk
    assert api("disdik").get("/api/v1/meetings", {"q": "Rapat Terbatas Dinkes"}).json()["count"] == 0
    assert api("dinkes").get("/api/v1/meetings", {"q": "Rapat Terbatas Dinkes"}).json()["count"] == 1
    assert api("lamtim").get("/api/v1/meetings", {"q": "Rapat Terbatas Dinkes"}).json()["count"] == 0
    assert api("provinsi").get("/api/v1/meetings", {"q": "Rapat Terbatas Dinkes"}).json()["count"] == 1
    assert api("sekretariat").get("/api/v1/meetings", {"year": "abc"}).status_code == 422
    assert Meeting.objects.filter(pk=meeting.pk).exists()
