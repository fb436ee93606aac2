import io
from datetime import date, datetime
from zoneinfo import ZoneInfo

import time_machine
from django.core import mail
from django.core.management import call_command

from sinergi.notifications.models import Notification
from sinergi.notifications.tests.conftest import fill, person
from sinergi.organizations.models import Agency
from sinergi.reporting import services as reporting
from sinergi.reporting.models import Report
from sinergi.reporting.reminders import reminders_send

JULY = {day: date(2023, 7, day) for day in range(1, 32)}


def _run(day: date) -> set[tuple[str, str, str]]:
    """Run the reminders on ``day``; what was newly sent, as (event, username, agency acronym)."""
    before = set(Notification.objects.values_list("pk", flat=True))
    reminders_send(today=day)
    new = Notification.objects.exclude(pk__in=before).select_related("user")
    return {(n.event, n.user.username, n.title.split(":")[0]) for n in new}


def _sent(day: date) -> set[tuple[str, str]]:
    return {(event, username) for event, username, _title in _run(day)}


def test_it_reminds_on_the_right_days_and_escalates_to_the_head_and_the_secretariat(period):
    # Opening the period told the operators already; the job's own "opened" notice has the same key.
    opened = Notification.objects.filter(event="period_opened", dedupe_key__startswith=f"period-opened:{period.pk}:")
    assert set(opened.values_list("user__username", flat=True)) == {"disdik", "dinkes"}
    assert _sent(JULY[1]) == set()
    assert _sent(JULY[10]) == set()
    assert _sent(JULY[11]) == {("due_soon", "disdik"), ("due_soon", "dinkes")}
    assert _sent(JULY[14]) == set()
    assert _sent(JULY[15]) == {("overdue", "disdik"), ("overdue", "dinkes")}
    assert _sent(JULY[16]) == set()
    escalated = _sent(JULY[17])
    assert {("escalated", "kepala.disdik"), ("escalated", "sekretariat")} <= escalated
    assert {event for event, _user in escalated} == {"escalated"}
    assert _sent(JULY[31]) == set()


def test_an_extension_moves_the_agencys_reminders(period, secretariat):
    dinkes = Agency.objects.get(government=period.government, acronym="Dinkes")
    reporting.deadline_extend(period=period, agency=dinkes, due_on=JULY[21], reason="Server down", by=secretariat)
    _run(JULY[1])
    assert _sent(JULY[11]) == {("due_soon", "disdik")}
    assert _sent(JULY[15]) == {("overdue", "disdik")}
    assert ("escalated", "kepala.disdik") in _sent(JULY[17])
    assert _sent(JULY[18]) == {("due_soon", "dinkes")}
    assert _sent(JULY[21]) == set()
    assert _sent(JULY[22]) == {("overdue", "dinkes")}
    assert ("escalated", "sekretariat", "Dinas Kesehatan") not in _run(JULY[23])
    assert ("escalated", "sekretariat", "Dinas Kesehatan") in _run(JULY[24])


def test_an_extension_granted_after_the_reminder_reminds_again_for_the_new_date(period, secretariat):
    assert ("due_soon", "dinkes") in _sent(JULY[11])
    dinkes = Agency.objects.get(government=period.government, acronym="Dinkes")
    reporting.deadline_extend(period=period, agency=dinkes, due_on=JULY[21], reason="Banjir", by=secretariat)
    assert ("overdue", "dinkes") not in _sent(JULY[15])
    assert ("due_soon", "dinkes") in _sent(JULY[18])


def test_one_notice_per_agency_lists_its_missing_reports(period):
    _run(JULY[15])
    notice = Notification.objects.get(user__username="disdik", event="overdue")
    missing = Report.objects.filter(period=period, agency__acronym="Disdikbud").select_related("action")
    assert len(missing) == 2
    for report in missing:
        assert report.action.title in notice.body
    assert Notification.objects.filter(user__username="sekretariat").count() == 0


def test_submitted_reports_are_not_reminded_but_returned_ones_are(period):
    disdik, reviewer = person("disdik"), person("bnn")
    first, second = Report.objects.filter(period=period, agency__acronym="Disdikbud")
    for report in (first, second):
        fill(report, disdik)
        reporting.report_submit(report=report, by=disdik)
    assert ("due_soon", "disdik") not in _sent(JULY[11])
    reporting.report_return(report=first, by=reviewer, reason="Lampirkan daftar hadir")
    _run(JULY[15])
    notice = Notification.objects.get(user__username="disdik", event="overdue")
    assert first.action.title in notice.body and second.action.title not in notice.body


def test_closed_periods_are_not_reminded(period, secretariat):
    reporting.period_close(period=period, by=secretariat)
    assert _sent(JULY[15]) == set()


def test_the_command_sends_nothing_twice_and_says_so_in_indonesian(period):
    person("disdik", "disdik@metro.test")
    person("kepala.disdik", "kepala.disdik@metro.test")
    with time_machine.travel(datetime(2023, 7, 17, 7, 0, tzinfo=ZoneInfo("Asia/Jakarta")), tick=False):
        first, second = io.StringIO(), io.StringIO()
        before = Notification.objects.count()  # the period's opening notices
        call_command("send_reminders", stdout=first)
        notified = Notification.objects.count() - before
        emails = len(mail.outbox)
        call_command("send_reminders", stdout=second)
    # Catching up on the 17th: opened and due soon are past, overdue and escalation are due.
    assert {e.to[0] for e in mail.outbox} == {"disdik@metro.test", "kepala.disdik@metro.test"}
    assert emails == 2 and notified > 2
    assert first.getvalue().startswith(f"{notified} notifikasi baru, 2 surel terkirim, 0 gagal dan diantrikan ulang")
    assert second.getvalue().strip() == "0 notifikasi baru, 0 surel terkirim, 0 gagal dan diantrikan ulang."
    assert Notification.objects.count() == before + notified and len(mail.outbox) == 2
