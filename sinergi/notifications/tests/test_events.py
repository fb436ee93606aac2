import pytest

from sinergi.notifications.events import notify_report_event
from sinergi.notifications.models import Notification
from sinergi.notifications.tests.conftest import fill, person
from sinergi.reporting import services as reporting
from sinergi.reporting.models import Report


@pytest.fixture
def report(period):
    return Report.objects.filter(period=period, agency__acronym="Disdikbud").select_related("action").first()


def _inbox(username):
    """The person's report notices (opening the period in the fixture told the operators too)."""
    notices = Notification.objects.filter(user__username=username).exclude(event="period_opened")
    return list(notices.order_by("pk"))


def test_a_submitted_report_reaches_the_reviewers_and_the_secretariat(report):
    disdik = person("disdik")
    fill(report, disdik)
    report = reporting.report_submit(report=report, by=disdik)  # the step itself notifies
    assert notify_report_event(report, "submitted", disdik) == 0  # and a repeat adds nothing
    [to_reviewer] = _inbox("bnn")
    assert to_reviewer.event == "submitted" and report.action.title in to_reviewer.title
    assert [n.event for n in _inbox("sekretariat")] == ["submitted"]
    assert _inbox("disdik") == [] and _inbox("kepala.disdik") == []


def test_a_returned_report_tells_the_operators_why(report):
    disdik, reviewer = person("disdik"), person("bnn")
    fill(report, disdik)
    reporting.report_submit(report=report, by=disdik)
    report = reporting.report_return(report=report, by=reviewer, reason="Lampirkan daftar hadir")
    assert notify_report_event(report, "returned", reviewer) == 0
    [returned] = _inbox("disdik")
    assert returned.event == "returned" and "Lampirkan daftar hadir" in returned.body
    assert "Verifikator BNN Kota Metro" in returned.body


def test_each_return_of_the_same_report_is_a_new_event_and_approval_follows(report):
    disdik, reviewer = person("disdik"), person("bnn")
    fill(report, disdik)
    for reason in ("Pertama", "Kedua"):
        reporting.report_submit(report=report, by=disdik)
        report = reporting.report_return(report=report, by=reviewer, reason=reason)
        notify_report_event(report, "returned", reviewer)
        notify_report_event(report, "returned", reviewer)
    reporting.report_submit(report=report, by=disdik)
    report = reporting.report_approve(report=report, by=reviewer)
    notify_report_event(report, "approved", reviewer)
    assert [n.event for n in _inbox("disdik")] == ["returned", "returned", "approved"]
    assert "Kedua" in _inbox("disdik")[1].body


def test_the_person_who_took_the_step_is_not_told(report):
    secretariat = person("sekretariat")
    fill(report, secretariat)
    report = reporting.report_submit(report=report, by=secretariat)
    assert notify_report_event(report, "submitted", secretariat) == 0
    assert _inbox("sekretariat") == [] and len(_inbox("bnn")) == 1


def test_an_unknown_event_is_refused(report):
    with pytest.raises(ValueError):
        notify_report_event(report, "deleted", person("bnn"))
