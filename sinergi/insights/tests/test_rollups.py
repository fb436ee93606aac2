from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.db.models import F
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from sinergi.accounts.models import User
from sinergi.insights.models import ReportRollup
from sinergi.insights.rollups import refresh_after_change, refresh_period, verify
from sinergi.reporting import services
from sinergi.reporting.models import Period, Report
from sinergi.reporting.selectors import period_achievement
from sinergi.reporting.tests.conftest import fill, period, secretariat  # noqa: F401  (fixtures)


def _row(report) -> ReportRollup:
    return ReportRollup.objects.get(period=report.period_id, agency=report.agency_id, field=report.action.field_id)


def _disdik_report(period):  # noqa: F811
    return (
        Report.objects.filter(period=period, agency__acronym="Disdikbud")
        .select_related("action__field", "period")
        .order_by("pk")
        .first()
    )


def test_the_demo_roll_ups_match_the_raw_rows(db):
    assert ReportRollup.objects.filter(government__region_id="18.72").exists()
    assert verify() == []


def test_the_demo_period_adds_up_to_its_reports(db):
    demo = Period.objects.filter(government__region_id="18.72", reports__isnull=False).distinct().first()
    rows = ReportRollup.objects.filter(period=demo)
    reports = Report.objects.filter(period=demo)
    assert sum(r.expected for r in rows) == reports.count()
    assert sum(r.approved for r in rows) == reports.filter(status="approved").count()
    assert {r.region_id for r in rows} == {"18.72"}


def test_opening_a_period_creates_its_rows(period):  # noqa: F811
    rows = ReportRollup.objects.filter(period=period)
    assert sum(r.expected for r in rows) == Report.objects.filter(period=period).count() > 0
    assert sum(r.submitted + r.approved + r.on_time for r in rows) == 0
    assert verify() == []


def test_every_workflow_step_updates_its_row(period, secretariat):  # noqa: F811
    operator, reviewer = User.objects.get(username="disdik"), User.objects.get(username="bnn")
    report = _disdik_report(period)
    before = _row(report)
    planned = sum(
        (a.budget or 0)
        for a in [
            r.action
            for r in Report.objects.filter(
                period=period, agency=report.agency, action__field=report.action.field
            ).select_related("action")
        ]
    )
    assert before.budget_planned == planned
    assert (before.budget_realised, before.achievement_count) == (0, 0)

    fill(report, operator)  # saves every value (10) and Rp 1,000,000
    row = _row(report)
    assert row.budget_realised == Decimal(1_000_000)
    assert row.achievement_count == 1
    report.refresh_from_db()
    expected_percent = period_achievement(period=period, reports=[report]).actions[0].percent
    assert row.achievement_sum == expected_percent

    services.report_submit(report=report, by=operator)
    assert (_row(report).submitted, _row(report).approved) == (1, 0)
    services.report_return(report=report, by=reviewer, reason="Lengkapi")
    assert (_row(report).submitted, _row(report).approved) == (0, 0)
    services.report_submit(report=report, by=operator)
    services.report_approve(report=report, by=reviewer)
    assert (_row(report).submitted, _row(report).approved) == (1, 1)
    services.report_reopen(report=report, by=secretariat, reason="Koreksi")
    assert (_row(report).submitted, _row(report).approved) == (0, 0)
    assert verify() == []


def test_on_time_follows_the_agency_extension(period, secretariat):  # noqa: F811
    operator = User.objects.get(username="disdik")
    report = _disdik_report(period)
    fill(report, operator)
    services.report_submit(report=report, by=operator)  # today, long after 14 July 2023
    assert (_row(report).submitted, _row(report).on_time) == (1, 0)

    later = timezone.localdate() + timedelta(days=30)
    services.deadline_extend(period=period, agency=report.agency, due_on=later, reason="Banjir", by=secretariat)
    assert _row(report).on_time == 1

    # Submitted on the period's own due date: on time without an extension too.
    other = Report.objects.filter(period=period).exclude(agency=report.agency).select_related("action").first()
    Report.objects.filter(pk=other.pk).update(
        status="submitted", first_submitted_at=timezone.make_aware(timezone.datetime(2023, 7, 14, 23, 0))
    )
    assert verify() != []  # a plain update bypasses the services
    refresh_after_change(period)
    assert _row(other).on_time == 1
    assert verify() == []


def test_refreshing_a_period_takes_the_same_queries_whatever_its_size(period):  # noqa: F811
    with CaptureQueriesContext(connection) as full:
        refresh_period(period.pk)
    count = Report.objects.filter(period=period).count()
    keep = list(Report.objects.filter(period=period).order_by("pk").values_list("pk", flat=True)[: count // 3])
    Report.objects.filter(period=period).exclude(pk__in=keep).delete()
    with CaptureQueriesContext(connection) as small:
        refresh_period(period.pk)
    assert len(small) == len(full) <= 10
    assert sum(r.expected for r in ReportRollup.objects.filter(period=period)) == len(keep)


def test_later_periods_of_the_year_follow_an_earlier_change(period, secretariat):  # noqa: F811
    second = services.period_open(plan=period.plan, year=2023, number=2, by=secretariat, due_on=date(2024, 1, 15))
    report = _disdik_report(second)
    fill(report, User.objects.get(username="disdik"))
    fill(_disdik_report(period), User.objects.get(username="disdik"), value=Decimal(3))
    assert verify() == []


def test_the_command_verifies_and_rebuilds(db, capsys):
    call_command("rollups", "--verify")
    assert "sesuai" in capsys.readouterr().out

    row = ReportRollup.objects.order_by("pk").first()
    ReportRollup.objects.filter(pk=row.pk).update(expected=F("expected") + 1)
    with pytest.raises(CommandError) as refused:
        call_command("rollups", "--verify")
    assert refused.value.returncode == 1
    assert "expected tersimpan" in capsys.readouterr().out

    call_command("rollups", "--rebuild", "--verify")
    assert "sesuai" in capsys.readouterr().out
