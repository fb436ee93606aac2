"""Each role's home is its to-do list, and GET /api/v1/me/tasks answers the same sections."""

import pytest

from conftest import metro_agency
from sinergi.core.models import AuditEntry
from sinergi.reporting.models import Period, Report, ReportStatus

pytestmark = pytest.mark.django_db


def _semester_one():
    return Period.objects.get(government__region_id="18.72", year=2024, number=1)


def _disdik_draft():
    return Report.objects.get(period=_semester_one(), agency=metro_agency("Disdikbud"), status=ReportStatus.DRAFT)


def _section(tasks: dict, key: str) -> dict:
    return next(s for s in tasks["sections"] if s["key"] == key)


def _titles(tasks: dict, key: str) -> list[str]:
    return [i["title"] for i in _section(tasks, key)["items"]]


def test_a_report_travels_from_the_operator_to_the_reviewer_and_back_with_its_reason(api, login):
    report = _disdik_draft()
    title = report.action.title
    disdik = api("disdik")
    assert title in _titles(disdik.get("/api/v1/me/tasks").json(), "overdue")
    assert disdik.post(f"/api/v1/reports/{report.pk}/submit").status_code == 200

    bnn = api("bnn")
    waiting = _section(bnn.get("/api/v1/me/tasks").json(), "reports_to_review")
    item = next(i for i in waiting["items"] if i["title"] == title)
    assert item["days"] == 0 and item["link"] == f"/laporan/{report.pk}/"
    assert title in login("bnn").get("/").content.decode()

    reason = "Bukti daftar hadir belum dilampirkan"
    assert bnn.post(f"/api/v1/reports/{report.pk}/return", {"reason": reason}, "application/json").status_code == 200
    returned = _section(disdik.get("/api/v1/me/tasks").json(), "returned")
    item = next(i for i in returned["items"] if i["title"] == title)
    assert item["reason"] == reason and item["link"] == f"/laporan/{report.pk}/"
    home = login("disdik").get("/").content.decode()
    assert reason in home and f'href="/laporan/{report.pk}/"' in home
    assert title not in _titles(bnn.get("/api/v1/me/tasks").json(), "reports_to_review")
    # Another agency sees none of it.
    dinkes = api("dinkes").get("/api/v1/me/tasks").json()
    assert all(reason != i["reason"] for s in dinkes["sections"] for i in s["items"])
    assert title not in login("dinkes").get("/").content.decode()


def test_an_overdue_semester_one_draft_stays_when_semester_two_opens(api):
    period = _semester_one()
    title = _disdik_draft().action.title
    opened = api("sekretariat").post(
        "/api/v1/periods", {"plan": period.plan_id, "year": 2024, "number": 2}, "application/json"
    )
    assert opened.status_code == 201, opened.content
    tasks = api("disdik").get("/api/v1/me/tasks").json()
    overdue = _section(tasks, "overdue")["items"]
    assert any(i["title"] == title and "Semester I 2024" in i["detail"] and i["days"] < 0 for i in overdue)
    # Semester II's drafts are listed too (overdue by now, since the demo's "today" is after its due date).
    assert any("Semester II 2024" in i["detail"] for s in tasks["sections"] for i in s["items"])


def test_the_secretariat_reminds_one_agency_through_the_api_and_it_lands_in_their_inbox(api):
    period = _semester_one()
    disdik_id = metro_agency("Disdikbud").pk
    before = AuditEntry.objects.filter(object_id=str(period.pk), reason="Pengingat dikirim").count()
    response = api("sekretariat").post(
        f"/api/v1/periods/{period.pk}/reminders", {"agency": disdik_id}, "application/json"
    )
    assert response.status_code == 200 and response.json() == {"agencies": 1, "notified": 1}
    inbox = api("disdik").get("/api/v1/notifications").json()["items"]
    reminder = next(n for n in inbox if n["event"] == "reminder")
    assert "Semester I 2024" in reminder["title"] and reminder["link"] == f"/laporan/periode/{period.pk}/"
    assert all(n["event"] != "reminder" for n in api("dinkes").get("/api/v1/notifications").json()["items"])
    assert AuditEntry.objects.filter(object_id=str(period.pk), reason="Pengingat dikirim").count() == before + 1
    # The same reminder again the same day tells nobody twice; the reviewer may not send one.
    again = api("sekretariat").post(f"/api/v1/periods/{period.pk}/reminders", {"agency": disdik_id}, "application/json")
    assert again.json()["notified"] == 0
    assert api("bnn").post(f"/api/v1/periods/{period.pk}/reminders", {}, "application/json").status_code == 403


def test_the_secretariat_reminds_everyone_from_the_home_page(login, api):
    client = login("sekretariat")
    home = client.get("/").content.decode()
    assert 'data-remind="all"' in home and f'data-remind="{metro_agency("Dinkes").pk}"' in home
    response = client.post("/beranda/pengingat/", follow=True)
    assert response.status_code == 200
    for persona in ("disdik", "dinkes"):
        assert any(n["event"] == "reminder" for n in api(persona).get("/api/v1/notifications").json()["items"])
    assert login("bnn").post("/beranda/pengingat/").status_code == 403


def test_the_secretariat_sees_plan_review_progress_periods_to_open_and_overdue_follow_ups(api):
    tasks = api("sekretariat").get("/api/v1/me/tasks").json()
    progress = _section(tasks, "plan_review")["items"]
    assert any("(v2)" in i["title"] and "dari 29 aksi diterima" in i["detail"] for i in progress)
    periods = _section(tasks, "periods")["items"]
    period = _semester_one()
    assert any(i["title"] == "Tutup Semester I 2024" and i["link"] == f"/laporan/periode/{period.pk}/" for i in periods)
    assert any(i["title"] == "Buka Semester II 2024" and "year=2024&number=2" in i["link"] for i in periods)
    # Semesters before the first period the government opened (2023 here) are history, not a task.
    assert not any("2023" in i["title"] for i in periods)
    assert _section(tasks, "overdue_follow_ups")["count"] >= 1
    not_reported = _section(tasks, "not_reported")
    assert "Dinas Pendidikan dan Kebudayaan" in [i["title"] for i in not_reported["items"]]


def test_the_reviewer_sees_actions_waiting_in_a_plan_under_review(api):
    tasks = api("bnn").get("/api/v1/me/tasks").json()
    actions = _section(tasks, "actions_to_review")
    assert actions["count"] == 25 and len(actions["items"]) == 10
    assert actions["items"][0]["link"].startswith("/aksi/")
    assert {s["key"] for s in tasks["sections"]} == {"reports_to_review", "actions_to_review"}


def test_the_area_operator_gets_big_record_buttons_and_their_area_s_records(login, api):
    home = login("kel.iringmulyo").get("/").content.decode()
    assert 'class="button big" href="/kegiatan/baru/"' in home
    assert 'href="/tes-urine/baru/"' in home and 'href="/relawan/"' in home
    tasks = api("kel.iringmulyo").get("/api/v1/me/tasks").json()
    recent = _section(tasks, "recent_records")["items"]
    assert recent and all(i["link"].startswith(("/kegiatan/", "/relawan/anggota/")) and i["status"] for i in recent)
    assert any("Iring Mulyo" in i["detail"] for i in recent)
    # The urine-test button opens the urine-test form, for their own office.
    form = login("kel.iringmulyo").get("/tes-urine/baru/").content.decode()
    assert "Iring Mulyo" in form.split('name="host_agency"')[0]
    # The event form still takes a kind from its link.
    form = login("kel.iringmulyo").get("/kegiatan/baru/?kind=tes_urine").content.decode()
    assert '<option value="tes_urine" selected>' in form
    # An agency operator gets none of this.
    assert 'class="button big"' not in login("disdik").get("/").content.decode()


def test_leader_and_observer_see_the_numbers_and_the_dashboard(login, api):
    leader = _section(api("walikota").get("/api/v1/me/tasks").json(), "numbers")
    assert leader["link"].startswith("/dasbor/pemda/")
    assert any(i["title"] == "laporan diajukan, Semester I 2024" for i in leader["items"])
    observer = _section(api("provinsi").get("/api/v1/me/tasks").json(), "governments")
    assert {"Pemerintah Kota Metro", "Pemerintah Kabupaten Lampung Timur"} <= {i["title"] for i in observer["items"]}
    assert f'href="{leader["link"]}"' in login("walikota").get("/").content.decode()
    assert 'href="/dasbor/"' in login("provinsi").get("/").content.decode()


def test_another_government_s_secretariat_sees_none_of_metro(api):
    tasks = api("lamtim").get("/api/v1/me/tasks").json()
    assert all("Kota Metro" not in i["title"] for s in tasks["sections"] for i in s["items"])
    assert _section(tasks, "not_reported")["items"] == []
