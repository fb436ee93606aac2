from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from sinergi.accounts.models import User
from sinergi.reporting import services
from sinergi.reporting.models import PeriodStatus, Report, ReportStatus
from sinergi.reporting.tests.conftest import fill


def _report(period, acronym):
    return Report.objects.filter(period=period, agency__acronym=acronym).first()


def test_opening_a_period_creates_one_report_per_action(period):
    assert period.code == "B06" and period.label == "Semester I"
    assert period.reports.count() == period.plan.actions.count() == 24
    report = _report(period, "BKPSDM")
    assert [v.indicator.name for v in report.values.all()] == ["ASN yang dites urine"]


def test_the_default_due_date_counts_working_days(secretariat):
    from sinergi.planning.models import RegionalPlan
    from sinergi.reporting.models import Holiday

    plan = RegionalPlan.objects.get(government__region_id="18.72", start_year=2023)
    Holiday.objects.create(date=date(2023, 7, 3), name="Libur uji", kind="libur_nasional")
    period = services.period_open(plan=plan, year=2023, number=1, by=secretariat)
    # 30 June 2023 is a Friday; ten working days, skipping weekends and the holiday on Monday 3 July.
    assert period.due_on == date(2023, 7, 17)


def test_a_report_goes_through_submit_return_resubmit_approve(period, secretariat):
    operator, reviewer = User.objects.get(username="disdik"), User.objects.get(username="bnn")
    report = _report(period, "Disdikbud")
    with pytest.raises(ValidationError) as incomplete:
        services.report_submit(report=report, by=operator)
    assert {"values", "narrative"} <= set(incomplete.value.message_dict)
    fill(report, operator)
    services.report_submit(report=report, by=operator)
    services.report_return(
        report=report, by=reviewer, reason="Lampirkan daftar hadir", field_comments={"narrative": "Rinci per sekolah"}
    )
    report.refresh_from_db()
    assert report.status == ReportStatus.RETURNED
    services.report_save(report=report, by=operator, narrative="Penyuluhan di 12 SMP, daftar hadir terlampir.")
    from sinergi.reporting.selectors import changes_since_review

    report.refresh_from_db()
    assert changes_since_review(report) == ["narrative"]
    services.report_submit(report=report, by=operator)
    services.report_approve(report=report, by=reviewer)
    report.refresh_from_db()
    assert report.status == ReportStatus.APPROVED and report.is_locked
    steps = [(t.from_status, t.to_status) for t in report.transitions.all()]
    assert steps == [
        ("draft", "submitted"),
        ("submitted", "returned"),
        ("returned", "submitted"),
        ("submitted", "approved"),
    ]
    with pytest.raises(ValidationError):
        services.report_save(report=report, by=operator, narrative="Diubah setelah disetujui")


@pytest.mark.parametrize(
    ("start", "step"),
    [
        ("draft", "approve"),
        ("draft", "return"),
        ("draft", "head_approve"),
        ("approved", "submit"),
        ("approved", "approve"),
        ("returned", "approve"),
        ("draft", "reopen"),
        ("returned", "reopen"),
    ],
)
def test_forbidden_transitions_are_refused_without_change(period, secretariat, start, step):
    report = _report(period, "Dinkes")
    Report.objects.filter(pk=report.pk).update(status=start)
    calls = {
        "approve": lambda: services.report_approve(report=report, by=secretariat),
        "return": lambda: services.report_return(report=report, by=secretariat, reason="x"),
        "head_approve": lambda: services.report_head_approve(report=report, by=secretariat),
        "submit": lambda: services._transition(report=report, step="submit", by=secretariat),
        "reopen": lambda: services.report_reopen(report=report, by=secretariat, reason="x"),
    }
    with pytest.raises(services.ConflictError):
        calls[step]()
    report.refresh_from_db()
    assert report.status == start
    assert not report.transitions.exists()


def test_closing_the_period_locks_every_report_and_only_reopening_unlocks(period, secretariat):
    report = _report(period, "Dinkes")
    services.period_close(period=period, by=secretariat)
    report.refresh_from_db()
    assert report.is_locked
    with pytest.raises(ValidationError):
        services.report_save(report=report, by=User.objects.get(username="dinkes"), narrative="Terlambat")
    with pytest.raises(ValidationError):
        services.period_reopen(period=period, by=secretariat, reason=" ")
    services.period_reopen(period=period, by=secretariat, reason="Perpanjangan dari Sekda")
    period.refresh_from_db()
    assert period.status == PeriodStatus.OPEN


def test_head_approval_when_enabled(period, secretariat):
    config = services.config_for(period.government)
    config.head_approval_required = True
    config.save()
    report = _report(period, "Disdikbud")
    fill(report, User.objects.get(username="disdik"))
    services.report_submit(report=report, by=User.objects.get(username="disdik"))
    with pytest.raises(ValidationError):
        services.report_approve(report=report, by=secretariat)
    services.report_head_approve(report=report, by=User.objects.get(username="kepala.disdik"))
    services.report_approve(report=report, by=secretariat)


def test_a_deadline_extension_needs_a_later_date_and_a_reason(period, secretariat):
    agency = _report(period, "Dinkes").agency
    with pytest.raises(ValidationError):
        services.deadline_extend(period=period, agency=agency, due_on=date(2023, 7, 1), reason="x", by=secretariat)
    with pytest.raises(ValidationError):
        services.deadline_extend(period=period, agency=agency, due_on=date(2023, 7, 31), reason=" ", by=secretariat)
    services.deadline_extend(period=period, agency=agency, due_on=date(2023, 7, 31), reason="Banjir", by=secretariat)
    assert services.due_date_for(_report(period, "Dinkes")) == date(2023, 7, 31)
    assert services.due_date_for(_report(period, "Disdikbud")) == date(2023, 7, 14)


def test_values_are_validated_and_name_their_field(period):
    report = _report(period, "Dinkes")
    indicator = report.values.first().indicator_id
    with pytest.raises(ValidationError) as error:
        services.report_save(
            report=report, by=User.objects.get(username="dinkes"), values={indicator: "sepuluh"}, budget_realised="-5"
        )
    assert set(error.value.message_dict) == {f"values.{indicator}", "budget_realised"}


@pytest.mark.django_db(transaction=False)
def test_two_reviewers_at_once_exactly_one_wins(period, secretariat):
    report = _report(period, "Disdikbud")
    fill(report, User.objects.get(username="disdik"))
    services.report_submit(report=report, by=User.objects.get(username="disdik"))
    outcomes = []
    for reviewer in ("bnn", "sekretariat"):
        try:
            services.report_approve(report=report, by=User.objects.get(username=reviewer))
            outcomes.append("approved")
        except services.ConflictError as exc:
            outcomes.append(exc.message)
    assert outcomes[0] == "approved"
    assert "sudah" in outcomes[1] or "already" in outcomes[1]
    assert report.transitions.filter(to_status="approved").count() == 1


def test_stale_draft_saves_are_refused(period):
    report = _report(period, "Dinkes")
    operator = User.objects.get(username="dinkes")
    opened = report.version
    services.report_save(report=report, by=operator, narrative="Versi pertama")
    with pytest.raises(services.ConflictError):
        services.report_save(report=report, by=operator, narrative="Versi lama", expected_version=opened)


STEPS = ("submit", "head_approve", "return", "approve", "reopen")


@pytest.mark.parametrize("start", [s.value for s in ReportStatus])
@pytest.mark.parametrize("step", STEPS)
def test_every_transition_is_allowed_exactly_where_the_workflow_says(period, secretariat, start, step):
    """The whole matrix: each status × each step either moves the report to the step's status or changes nothing."""
    report = _report(period, "Disdikbud")
    fill(report, User.objects.get(username="disdik"))
    Report.objects.filter(pk=report.pk).update(status=start)
    allowed_from, to = services.TRANSITIONS[step]
    try:
        services._transition(report=report, step=step, by=secretariat, reason="uji")
    except services.ConflictError:
        moved = False
    else:
        moved = True
    report.refresh_from_db()
    assert moved == (start in allowed_from)
    assert report.status == (to if moved else start)
    assert report.transitions.count() == (1 if moved else 0)


def test_values_must_fit_the_indicators_unit(period):
    report = _report(period, "BKPSDM")  # "ASN yang dites urine", counted in orang
    indicator = report.values.first().indicator_id
    operator = User.objects.get(username="sekretariat")
    with pytest.raises(ValidationError) as error:
        services.report_save(report=report, by=operator, values={indicator: "12.5"})
    assert f"values.{indicator}" in error.value.message_dict
    services.report_save(report=report, by=operator, values={indicator: "12"})
    assert services.check_against_unit(Decimal("120"), "%") is not None
    assert services.check_against_unit(Decimal("87.5"), "persen") is None
    assert services.check_against_unit(Decimal("1250000.5"), "Rp") is None
