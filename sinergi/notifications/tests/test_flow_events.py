"""Every workflow step reaches the people who act next: each step is taken as its persona takes it (API call or
page post) and the recipients' own ``GET /api/v1/notifications`` is read; the actor, people of another government
and people not concerned hear nothing, and nobody hears the same event twice."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from sinergi.coordination.tests.helpers import agency, make_meeting, metro
from sinergi.notifications.tests.conftest import fill, person
from sinergi.planning.models import Action, PlanStatus, RegionalPlan
from sinergi.reporting.models import Report
from sinergi.reporting.services import config_for

OUTSIDERS = ("lamtim", "provinsi", "walikota")


@pytest.fixture
def inbox(api):
    clients = {}

    def read(username, event=None):
        if username not in clients:
            clients[username] = api(username)
        answer = clients[username].get("/api/v1/notifications?limit=100")
        assert answer.status_code == 200
        items = answer.json()["items"]
        return [n for n in items if event is None or n["event"] == event]

    return read


def _heard(inbox, event, *, by, to, not_to=()):
    """Each of ``to`` holds exactly one ``event``; the actor ``by``, outsiders and ``not_to`` hold none."""
    for username in to:
        assert len(inbox(username, event)) == 1, f"{username} should hear {event} once"
    for username in (by, *OUTSIDERS, *not_to):
        assert inbox(username, event) == [], f"{username} should not hear {event}"
    return inbox(to[0], event)[0]


@pytest.fixture
def report(period):
    report = Report.objects.filter(period=period, agency__acronym="Disdikbud").select_related("action").first()
    fill(report, person("disdik"))
    return report


# --- reports -------------------------------------------------------------------------------------------------


def test_a_submission_reaches_the_reviewer_and_the_secretariat(api, inbox, report):
    assert api("disdik").post(f"/api/v1/reports/{report.pk}/submit").status_code == 200
    notice = _heard(inbox, "submitted", by="disdik", to=["bnn", "sekretariat"], not_to=["kepala.disdik", "dinkes"])
    assert report.action.title in notice["title"] and notice["link"] == f"/laporan/{report.pk}/"


def test_a_step_goes_out_by_e_mail_and_webhook_once(api, report):
    from sinergi.notifications.models import OutgoingEmail, WebhookDelivery

    person("bnn", "bnn@metro.test")
    config = config_for(report.government)
    config.webhook_url, config.webhook_secret = "https://gateway.example/hook", "rahasia"
    config.save()
    assert api("disdik").post(f"/api/v1/reports/{report.pk}/submit").status_code == 200
    assert api("disdik").post(f"/api/v1/reports/{report.pk}/submit").status_code in (403, 409)  # a repeat
    [email] = OutgoingEmail.objects.filter(to_address="bnn@metro.test")
    assert report.action.title in email.subject
    [hook] = WebhookDelivery.objects.filter(event="submitted")
    assert {r["username"] for r in hook.payload["recipients"]} == {"bnn", "sekretariat"}


def test_with_head_approval_the_head_hears_first_then_the_reviewers(api, inbox, report):
    config = config_for(report.government)
    config.head_approval_required = True
    config.save()
    api("disdik").post(f"/api/v1/reports/{report.pk}/submit")
    _heard(inbox, "submitted", by="disdik", to=["kepala.disdik"], not_to=["bnn", "sekretariat"])
    assert api("kepala.disdik").post(f"/api/v1/reports/{report.pk}/head-approve").status_code == 200
    _heard(inbox, "head_approved", by="kepala.disdik", to=["bnn", "sekretariat"], not_to=["disdik"])


def test_a_return_tells_the_agency_why_and_approval_and_reopening_follow(api, inbox, report):
    disdik, bnn = api("disdik"), api("bnn")
    disdik.post(f"/api/v1/reports/{report.pk}/submit")
    answer = bnn.post(
        f"/api/v1/reports/{report.pk}/return", {"reason": "Lampirkan daftar hadir"}, content_type="application/json"
    )
    assert answer.status_code == 200
    notice = _heard(inbox, "returned", by="bnn", to=["disdik", "kepala.disdik"], not_to=["dinkes", "sekretariat"])
    assert "Lampirkan daftar hadir" in notice["body"]
    disdik.post(f"/api/v1/reports/{report.pk}/submit")
    assert len(inbox("bnn", "submitted")) == 2  # a resubmission is a new event
    assert bnn.post(f"/api/v1/reports/{report.pk}/approve").status_code == 200
    _heard(inbox, "approved", by="bnn", to=["disdik"], not_to=["dinkes", "sekretariat"])
    answer = api("sekretariat").post(
        f"/api/v1/reports/{report.pk}/reopen", {"reason": "Salah ketik angka"}, content_type="application/json"
    )
    assert answer.status_code == 200
    notice = _heard(inbox, "reopened", by="sekretariat", to=["disdik"], not_to=["bnn", "dinkes"])
    assert "Salah ketik angka" in notice["body"]


def test_a_refused_step_tells_nobody(api, inbox, report):
    api("disdik").post(f"/api/v1/reports/{report.pk}/submit")
    api("bnn").post(f"/api/v1/reports/{report.pk}/approve")
    assert api("bnn").post(f"/api/v1/reports/{report.pk}/approve").status_code == 409
    assert len(inbox("disdik", "approved")) == 1


# --- periods -------------------------------------------------------------------------------------------------


def test_opening_a_period_tells_the_operators_once_even_after_send_reminders(api, inbox, period):
    plan = period.plan
    answer = api("sekretariat").post(
        "/api/v1/periods",
        {"plan": plan.pk, "year": 2023, "number": 2, "due_on": (timezone.localdate() + timedelta(days=60)).isoformat()},
        content_type="application/json",
    )
    assert answer.status_code == 201
    call_command("send_reminders")
    call_command("send_reminders")
    link = f"/{answer.json()['id']}/"
    opened = [n for n in inbox("disdik", "period_opened") if n["link"].endswith(link)]
    assert len(opened) == 1 and "Semester II 2023" in opened[0]["title"]
    assert len([n for n in inbox("dinkes", "period_opened") if n["link"].endswith(link)]) == 1
    assert [n for n in inbox("sekretariat", "period_opened") if n["link"].endswith(link)] == []
    assert inbox("lamtim", "period_opened") == [] and inbox("bnn", "period_opened") == []


def test_an_extension_tells_that_agency(api, inbox, period):
    answer = api("sekretariat").post(
        f"/api/v1/periods/{period.pk}/extensions",
        {"agency": agency("Disdikbud").pk, "due_on": "2023-07-31", "reason": "Banjir di kantor"},
        content_type="application/json",
    )
    assert answer.status_code == 201
    notice = _heard(inbox, "period_extended", by="sekretariat", to=["disdik", "kepala.disdik"], not_to=["dinkes"])
    assert "Banjir di kantor" in notice["body"]


# --- plans and RAD actions -----------------------------------------------------------------------------------


@pytest.fixture
def plan_in_review(db):
    """The demo's revision of RAD 2024, in review with some actions accepted and one returned."""
    return RegionalPlan.objects.get(government=metro(), start_year=2024, status=PlanStatus.IN_REVIEW)


def _disdik_action(plan):
    return plan.actions.filter(responsible_agency__acronym="Disdikbud", review_state="proposed").first()


def test_a_plan_sent_for_review_adopted_and_revised_reaches_those_concerned(api, inbox, plan_in_review):
    secretariat = api("sekretariat")
    plan = plan_in_review.pk
    post = secretariat.post
    assert (
        post(f"/api/v1/plans/{plan}/reopen", {"reason": "Tambah aksi"}, content_type="application/json").status_code
        == 200
    )
    assert post(f"/api/v1/plans/{plan}/submit").status_code == 200
    _heard(inbox, "plan_in_review", by="sekretariat", to=["bnn"], not_to=["disdik"])
    assert post(f"/api/v1/plans/{plan}/reopen", {"reason": "Lagi"}, content_type="application/json").status_code == 200
    assert post(f"/api/v1/plans/{plan}/submit").status_code == 200
    assert len(inbox("bnn", "plan_in_review")) == 2  # sent again after going back to draft: a new event
    answer = post(
        f"/api/v1/plans/{plan}/adopt", {"kind": "sk", "number": "300/99/2024", "date": "2024-10-30",
         "confirm_reason": "Rakor menyetujui; sisa aksi ditinjau pada revisi"},
        content_type="application/json",
    )  # fmt: skip
    assert answer.status_code == 200, answer.content
    notice = _heard(inbox, "plan_adopted", by="sekretariat", to=["bnn", "disdik", "kepala.disdik", "dinkes"])
    assert "300/99/2024" in notice["body"]
    assert post(f"/api/v1/plans/{plan}/revise").status_code == 201
    _heard(inbox, "plan_revision", by="sekretariat", to=["disdik", "dinkes"], not_to=["bnn"])


def test_a_returned_action_tells_its_agency_and_an_accepted_one_its_operators(api, inbox, plan_in_review):
    action = _disdik_action(plan_in_review)
    answer = api("sekretariat").post(
        f"/api/v1/actions/{action.pk}/return", {"reason": "Sasaran belum jelas"}, content_type="application/json"
    )
    assert answer.status_code == 200
    notice = _heard(inbox, "action_returned", by="sekretariat", to=["disdik", "kepala.disdik"], not_to=["dinkes"])
    assert "Sasaran belum jelas" in notice["body"] and notice["link"] == f"/aksi/{action.pk}/"
    assert api("sekretariat").post(f"/api/v1/actions/{action.pk}/accept").status_code == 200
    _heard(inbox, "action_accepted", by="sekretariat", to=["disdik"], not_to=["dinkes", "bnn"])


# --- resubmitting a returned action ("Ajukan kembali") -------------------------------------------------------


@pytest.fixture
def returned(api, plan_in_review):
    action = _disdik_action(plan_in_review)
    api("sekretariat").post(
        f"/api/v1/actions/{action.pk}/return", {"reason": "Target terlalu rendah"}, content_type="application/json"
    )
    return action


def test_resubmitting_an_unchanged_action_needs_a_note(api, inbox, returned):
    disdik = api("disdik")
    answer = disdik.post(f"/api/v1/actions/{returned.pk}/resubmit", {}, content_type="application/json")
    assert answer.status_code == 422 and "note" in answer.json()["error"]["fields"]
    assert Action.objects.get(pk=returned.pk).review_state == "returned"
    answer = disdik.post(
        f"/api/v1/actions/{returned.pk}/resubmit", {"note": "Target sesuai pagu"}, content_type="application/json"
    )
    assert answer.status_code == 200 and answer.json()["review_state"] == "proposed"
    notice = _heard(inbox, "action_resubmitted", by="disdik", to=["bnn", "sekretariat"], not_to=["kepala.disdik"])
    assert "Target sesuai pagu" in notice["body"]


def test_editing_only_a_target_counts_as_a_change_and_keeps_it_returned_until_resubmitted(api, inbox, returned):
    disdik = api("disdik")
    indicator = returned.indicators.first()
    answer = disdik.patch(
        f"/api/v1/indicators/{indicator.pk}",
        {"targets": [{"year": 2024, "period": 0, "value": "999"}]},
        content_type="application/json",
    )
    assert answer.status_code == 200, answer.content
    action = disdik.get(f"/api/v1/actions/{returned.pk}").json()
    assert action["review_state"] == "returned" and action["changed_since_return"] is True
    assert inbox("bnn", "action_resubmitted") == []
    answer = disdik.post(f"/api/v1/actions/{returned.pk}/resubmit", {}, content_type="application/json")
    assert answer.status_code == 200 and answer.json()["changed_since_return"] is False
    _heard(inbox, "action_resubmitted", by="disdik", to=["bnn", "sekretariat"])


def test_editing_the_action_itself_no_longer_flips_it_silently(api, returned):
    disdik = api("disdik")
    answer = disdik.patch(
        f"/api/v1/actions/{returned.pk}", {"budget": "12500000"}, content_type="application/json"
    )  # fmt: skip
    assert answer.status_code == 200, answer.content
    assert answer.json()["review_state"] == "returned" and answer.json()["changed_since_return"] is True


def test_only_the_owning_agency_resubmits(api, returned):
    assert api("dinkes").post(
        f"/api/v1/actions/{returned.pk}/resubmit", {"note": "x"}, "application/json"
    ).status_code in (403, 404)
    assert (
        api("bnn").post(f"/api/v1/actions/{returned.pk}/resubmit", {"note": "x"}, "application/json").status_code == 403
    )


def test_the_action_page_offers_resubmit_to_its_agency(login, inbox, returned):
    disdik = login("disdik")
    page = disdik.get(f"/aksi/{returned.pk}/").content.decode()
    assert f"/aksi/{returned.pk}/telaah/resubmit/" in page
    assert f"/aksi/{returned.pk}/telaah/resubmit/" not in login("bnn").get(f"/aksi/{returned.pk}/").content.decode()
    answer = disdik.post(f"/aksi/{returned.pk}/telaah/resubmit/", {"note": "Sudah dibahas dengan BNN"})
    assert answer.status_code == 302
    assert Action.objects.get(pk=returned.pk).review_state == "proposed"
    _heard(inbox, "action_resubmitted", by="disdik", to=["bnn", "sekretariat"])


# --- meetings and follow-ups ---------------------------------------------------------------------------------


def test_an_invitation_reaches_the_invited_agencies_and_one_invited_later(api, inbox):
    secretariat = api("sekretariat")
    starts = timezone.now() + timedelta(days=7)
    answer = secretariat.post(
        "/api/v1/meetings",
        {
            "government": metro().pk,
            "title": "Rakor Tim Terpadu Triwulan",
            "starts_at": starts.isoformat(),
            "place": "Aula Kesbangpol",
            "invited_agencies": [agency("Disdikbud").pk],
        },
        content_type="application/json",
    )
    assert answer.status_code == 201, answer.content
    meeting = answer.json()["id"]
    _heard(inbox, "meeting_invited", by="sekretariat", to=["disdik", "kepala.disdik"], not_to=["dinkes", "bnn"])
    answer = secretariat.patch(
        f"/api/v1/meetings/{meeting}",
        {"invited_agencies": [agency("Disdikbud").pk, agency("Dinkes").pk]},
        content_type="application/json",
    )
    assert answer.status_code == 200, answer.content
    _heard(inbox, "meeting_invited", by="sekretariat", to=["disdik", "dinkes"])


def test_closing_a_meeting_publishes_its_minutes_to_the_invited(api, inbox):
    meeting = make_meeting(invited=("Disdikbud", "Dinkes"))
    secretariat = api("sekretariat")
    assert secretariat.post(f"/api/v1/meetings/{meeting.pk}/hold").status_code == 200
    assert secretariat.post(f"/api/v1/meetings/{meeting.pk}/close").status_code == 200
    _heard(inbox, "minutes_published", by="sekretariat", to=["disdik", "kepala.disdik", "dinkes"], not_to=["bnn"])


def test_a_follow_up_is_assigned_reminded_once_and_its_completion_reported(api, inbox):
    meeting = make_meeting(invited=("Disdikbud",))
    secretariat = api("sekretariat")
    decision = secretariat.post(
        f"/api/v1/meetings/{meeting.pk}/decisions", {"text": "Sosialisasi di sekolah"}, content_type="application/json"
    ).json()
    answer = secretariat.post(
        f"/api/v1/decisions/{decision['id']}/follow-ups",
        {"agency": agency("Disdikbud").pk, "description": "Sosialisasi di 10 SMP", "due_on": "2024-10-31"},
        content_type="application/json",
    )
    assert answer.status_code == 201, answer.content
    follow_up = answer.json()["id"]
    _heard(inbox, "follow_up_assigned", by="sekretariat", to=["disdik", "kepala.disdik"], not_to=["dinkes"])
    call_command("send_reminders")
    call_command("send_reminders")
    _heard(inbox, "follow_up_overdue", by="sekretariat", to=["disdik"], not_to=["dinkes"])
    answer = api("disdik").patch(
        f"/api/v1/follow-ups/{follow_up}",
        {"status": "done", "result": "Terlaksana di 10 SMP"},
        content_type="application/json",
    )
    assert answer.status_code == 200, answer.content
    notice = _heard(inbox, "follow_up_done", by="disdik", to=["sekretariat"], not_to=["bnn", "kepala.disdik"])
    assert "Terlaksana di 10 SMP" in notice["body"]
