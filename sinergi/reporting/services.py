"""Writes of the reporting app: holidays, periods and deadlines, reports and their workflow, evidence files.

Every workflow step locks the report row and checks its status inside the transaction, so when two reviewers
act at the same moment exactly one step wins and the other gets a clear message.
"""

from datetime import date, timedelta
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.core.files.base import File
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from sinergi.core.audit import audit_record, snapshot
from sinergi.core.events import publish
from sinergi.core.files import check_upload
from sinergi.core.models import AuditEntry
from sinergi.core.services import model_create, model_delete
from sinergi.notifications.events import notify_deadline_extended, notify_report_event
from sinergi.planning.indicator_sources import indicator_sources
from sinergi.planning.models import PlanStatus, RegionalPlan
from sinergi.reporting.config import config_for
from sinergi.reporting.events import ReportsChanged
from sinergi.reporting.models import (
    DeadlineExtension,
    Evidence,
    Holiday,
    Period,
    PeriodKind,
    PeriodStatus,
    Report,
    ReportStatus,
    ReportTransition,
    ReportValue,
)
from sinergi.reporting.reminders import period_opened_notices
from sinergi.reporting.selectors import REPORT_TEXT_FIELDS, report_content

# Which status may go to which, and the role family that may take the step.
TRANSITIONS = {
    "submit": ({ReportStatus.DRAFT, ReportStatus.RETURNED}, ReportStatus.SUBMITTED),
    "head_approve": ({ReportStatus.SUBMITTED}, ReportStatus.HEAD_APPROVED),
    "return": ({ReportStatus.SUBMITTED, ReportStatus.HEAD_APPROVED}, ReportStatus.RETURNED),
    "approve": ({ReportStatus.SUBMITTED, ReportStatus.HEAD_APPROVED}, ReportStatus.APPROVED),
    "reopen": ({ReportStatus.APPROVED, ReportStatus.SUBMITTED, ReportStatus.HEAD_APPROVED}, ReportStatus.DRAFT),
}


# Every workflow step tells the people who act next (notifications/events.py).
NOTIFIED_STEPS = {
    "submit": "submitted",
    "head_approve": "head_approved",
    "return": "returned",
    "approve": "approved",
    "reopen": "reopened",
}


class ConflictError(Exception):
    """The report changed (someone else saved or moved it) after the caller read it."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


# --- holidays and working days -------------------------------------------------------------------------------


def holidays_load() -> int:
    """Copy the national holidays that the lokal-id package knows into our table (kept, editable, extendable)."""
    from lokal import holidays as lokal_holidays

    created = 0
    for year in lokal_holidays.HOLIDAY_YEARS:
        data = lokal_holidays.get_holidays(year)
        for item in data.holidays:
            _obj, was_created = Holiday.objects.get_or_create(
                date=date.fromisoformat(item.date),
                name=item.name,
                defaults={"kind": item.type, "source": data.decree},
            )
            created += was_created
    return created


def add_working_days(start: date, days: int) -> date:
    """The date ``days`` working days after ``start``: weekends, national holidays and cuti bersama are skipped.

    Years without holiday data count weekends only; the secretariat can always set the due date by hand.
    """
    off = set(
        Holiday.objects.filter(date__gt=start, date__lte=start + timedelta(days=days * 3 + 30)).values_list(
            "date", flat=True
        )
    )
    current, counted = start, 0
    while counted < days:
        current += timedelta(days=1)
        if current.weekday() < 5 and current not in off:
            counted += 1
    return current


def _refresh_rollups(period) -> None:
    """Bring the dashboard roll-ups of the period (and the later periods of its year) up to date.

    Called at the end of every write that changes what they read, inside its transaction: the roll-ups commit or
    roll back with the change (docs/architecture.md, "Insights").
    """
    publish(ReportsChanged(period=period))


# --- periods -------------------------------------------------------------------------------------------------


def period_bounds(year: int, kind: str, number: int) -> tuple[date, date]:
    months = 6 if kind == PeriodKind.SEMESTER else 3
    first_month = (number - 1) * months + 1
    last_month = first_month + months - 1
    end = date(year, 12, 31) if last_month == 12 else date(year, last_month + 1, 1) - timedelta(days=1)
    return date(year, first_month, 1), end


@transaction.atomic
def period_open(*, plan: RegionalPlan, year: int, number: int, by, kind: str = PeriodKind.SEMESTER, due_on=None):
    """Open a period and create one report per action of the adopted plan."""
    if plan.status != PlanStatus.ADOPTED:
        raise ValidationError({"plan": _("Reports follow an adopted plan; this plan is not adopted.")})
    if year not in plan.years:
        raise ValidationError({"year": _("%(year)s is outside the plan's years.") % {"year": year}})
    limit = 2 if kind == PeriodKind.SEMESTER else 4
    if not 1 <= number <= limit:
        raise ValidationError({"number": _("There is no such period.")})
    if Period.objects.filter(government=plan.government, year=year, kind=kind, number=number).exists():
        raise ValidationError({"number": _("This period is already open.")})
    starts_on, ends_on = period_bounds(year, kind, number)
    if due_on is None:
        due_on = add_working_days(ends_on, config_for(plan.government).due_working_days)
    period = model_create(
        instance=Period(
            government=plan.government,
            plan=plan,
            year=year,
            kind=kind,
            number=number,
            starts_on=starts_on,
            ends_on=ends_on,
            due_on=due_on,
        ),
        by=by,
    )
    actions = list(plan.actions.select_related("responsible_agency").prefetch_related("indicators"))
    reports = Report.objects.bulk_create(
        Report(period=period, action=a, government=plan.government, agency=a.responsible_agency) for a in actions
    )
    ReportValue.objects.bulk_create(
        ReportValue(report=r, indicator=i) for r, a in zip(reports, actions, strict=True) for i in a.indicators.all()
    )
    _refresh_rollups(period)
    period_opened_notices(period, by=by)  # each agency with reports in the new period hears it is open
    return period


def _set_period_status(period: Period, to: str, by, reason: str = "") -> None:
    before = snapshot(period)
    period.status = to
    period.save(update_fields=["status"])
    audit_record(
        obj=period, action=AuditEntry.Action.TRANSITION, by=by, before=before, after=snapshot(period), reason=reason
    )
    _refresh_rollups(period)


@transaction.atomic
def period_close(*, period: Period, by) -> None:
    """Close a period: every report is locked; only the secretariat reopens, with a reason."""
    if period.status != PeriodStatus.OPEN:
        raise ValidationError({"status": _("Only an open period can be closed.")})
    _set_period_status(period, PeriodStatus.CLOSED, by)


@transaction.atomic
def period_reopen(*, period: Period, by, reason: str) -> None:
    if period.status != PeriodStatus.CLOSED:
        raise ValidationError({"status": _("Only a closed period can be reopened.")})
    if not reason.strip():
        raise ValidationError({"reason": _("Give a reason.")})
    _set_period_status(period, PeriodStatus.OPEN, by, reason)


@transaction.atomic
def period_lock(*, period: Period, by) -> None:
    """Lock a closed period for good, once its consolidated report has gone upward."""
    if period.status != PeriodStatus.CLOSED:
        raise ValidationError({"status": _("Close the period before locking it.")})
    _set_period_status(period, PeriodStatus.LOCKED, by)


@transaction.atomic
def deadline_extend(*, period: Period, agency, due_on: date, reason: str, by) -> DeadlineExtension:
    if not reason.strip():
        raise ValidationError({"reason": _("Give a reason for the extension.")})
    if due_on <= period.due_on:
        raise ValidationError(
            {"due_on": _("The new date must be after the period's due date (%(date)s).") % {"date": period.due_on}}
        )
    extension = DeadlineExtension.objects.filter(period=period, agency=agency).first()
    if extension:
        before = snapshot(extension)
        extension.due_on, extension.reason, extension.granted_by = due_on, reason.strip(), by
        extension.save()
        audit_record(
            obj=extension,
            action=AuditEntry.Action.UPDATE,
            by=by,
            before=before,
            after=snapshot(extension),
            reason=reason,
        )
    else:
        extension = model_create(
            instance=DeadlineExtension(
                period=period, agency=agency, due_on=due_on, reason=reason.strip(), granted_by=by
            ),
            by=by,
            reason=reason,
        )
    _refresh_rollups(period)
    notify_deadline_extended(extension, by)
    return extension


def due_date_for(report: Report, extensions: dict | None = None) -> date:
    """The report's due date: its agency's extension if any, else the period's."""
    if extensions is not None:
        return extensions.get(report.agency_id, report.period.due_on)
    extension = DeadlineExtension.objects.filter(period_id=report.period_id, agency_id=report.agency_id).first()
    return extension.due_on if extension else report.period.due_on


# --- reports -------------------------------------------------------------------------------------------------


def _require_editable(report: Report) -> None:
    if report.period.status != PeriodStatus.OPEN:
        raise ValidationError({"status": _("The period is closed; the report is locked.")})
    if report.status not in (ReportStatus.DRAFT, ReportStatus.RETURNED):
        raise ValidationError(
            {"status": _("A %(status)s report cannot be changed.") % {"status": report.get_status_display().lower()}}
        )


# Units whose values may have decimals, and units that are a share of a whole; any other unit counts things
# (orang, sekolah, kegiatan, dokumen, kelurahan, …) and takes whole numbers only.
DECIMAL_UNITS = {
    "rp",
    "rupiah",
    "jam",
    "hari",
    "km",
    "m",
    "ha",
    "ton",
    "kg",
    "gram",
    "liter",
    "indeks",
    "skor",
    "nilai",
}
PERCENT_UNITS = {"%", "persen", "persentase"}


def check_against_unit(value: Decimal, unit: str) -> str | None:
    """Why ``value`` does not fit an indicator's unit, or None when it does."""
    unit = (unit or "").strip().lower()
    if unit in PERCENT_UNITS:
        return None if value <= 100 else _("A percentage is at most 100.")
    if unit in DECIMAL_UNITS:
        return None
    if value != value.to_integral_value():
        return _("Count %(unit)s in whole numbers.") % {"unit": unit or _("units")}
    return None


def _to_decimal(value, field: str, errors: dict, *, digits: int = 15) -> Decimal | None:
    if value in (None, ""):
        return None
    try:
        number = Decimal(str(value).replace(" ", ""))
    except (InvalidOperation, ValueError):
        errors.setdefault(field, []).append(_("Enter a number."))
        return None
    if not number.is_finite() or number < 0:
        errors.setdefault(field, []).append(_("Enter a number of zero or more."))
        return None
    if len(str(int(number))) > digits - 2:
        errors.setdefault(field, []).append(_("The number is too large."))
        return None
    return number


def computed_values(report: Report, values: list[ReportValue]) -> dict:
    """What the records give now for the report's computed indicators: {indicator id: Computed}."""
    pairs = [(v.indicator, report) for v in values if v.indicator.is_computed]
    return {indicator_id: c for (indicator_id, _r), c in indicator_sources().compute_many(pairs).items()}


@transaction.atomic
def report_save(
    *,
    report: Report,
    by,
    expected_version: int | None = None,
    values: dict | None = None,
    override_reasons: dict | None = None,
    confirm=None,
    **fields,
) -> int:
    """Save a draft (what the operator typed so far). Returns the new version.

    For an indicator computed from records the value the records give now is stored beside the typed one
    (``computed``); ``confirm`` (indicator ids) takes the computed value and drops any reason, and
    ``override_reasons`` says why a typed value differs from it (required only at submission).
    """
    report = Report.objects.select_for_update().select_related("period").get(pk=report.pk)
    _require_editable(report)
    if expected_version is not None and report.version != expected_version:
        raise ConflictError(_("This report was changed by someone else after you opened it. Reload to see it."))
    errors: dict = {}
    before = report_content(report)
    if "budget_realised" in fields:
        report.budget_realised = _to_decimal(fields["budget_realised"], "budget_realised", errors)
    for name in REPORT_TEXT_FIELDS:
        if name in fields and fields[name] is not None:
            text = str(fields[name])
            if len(text) > 10_000:
                errors.setdefault(name, []).append(_("At most 10,000 characters."))
            setattr(report, name, text)
    existing = {str(v.indicator_id): v for v in report.values.select_related("indicator")}
    computed = computed_values(report, list(existing.values()))
    for key, raw in (values or {}).items():
        value = existing.get(str(key))
        if value is None:
            errors.setdefault(f"values.{key}", []).append(_("This indicator is not part of the report."))
            continue
        value.value = _to_decimal(raw, f"values.{key}", errors)
        problem = None if value.value is None else check_against_unit(value.value, value.indicator.unit)
        if problem:
            errors.setdefault(f"values.{key}", []).append(problem)
    for key, reason in (override_reasons or {}).items():
        value = existing.get(str(key))
        if value is None or value.indicator_id not in computed:
            errors.setdefault(f"override_reasons.{key}", []).append(_("This indicator is not computed from records."))
            continue
        reason = str(reason or "").strip()
        if len(reason) > 2000:
            errors.setdefault(f"override_reasons.{key}", []).append(_("At most 2,000 characters."))
        value.override_reason = reason
    for key in confirm or ():
        value = existing.get(str(key))
        if value is None or value.indicator_id not in computed:
            errors.setdefault(f"confirm.{key}", []).append(_("This indicator is not computed from records."))
            continue
        value.value, value.override_reason = computed[value.indicator_id].value, ""
    if errors:
        raise ValidationError(errors)
    for value in existing.values():
        if value.indicator_id in computed:
            value.computed = computed[value.indicator_id].value
    ReportValue.objects.bulk_update(existing.values(), ["value", "computed", "override_reason"])
    report.version = F("version") + 1
    report.save()
    report.refresh_from_db()
    after = report_content(report)
    if before != after:
        audit_record(obj=report, action=AuditEntry.Action.UPDATE, by=by, before=before, after=after)
        _refresh_rollups(report.period)
    return report.version


def _transition(*, report: Report, step: str, by, reason: str = "", field_comments: dict | None = None) -> Report:
    locked = Report.objects.select_for_update().select_related("period", "action__plan").get(pk=report.pk)
    allowed_from, to = TRANSITIONS[step]
    if locked.status not in allowed_from:
        last = locked.transitions.select_related("by").last()
        who = f" ({last.by}, {timezone.localtime(last.at):%d-%m-%Y %H:%M})" if last else ""
        raise ConflictError(
            _("The report is already %(status)s%(who)s; nothing was changed.")
            % {"status": locked.get_status_display().lower(), "who": who}
        )
    if step != "reopen" and locked.period.status != PeriodStatus.OPEN:
        raise ValidationError({"status": _("The period is closed; the report is locked.")})
    now = timezone.now()
    before = {"status": locked.status}
    from_status = locked.status
    locked.status = to
    if step == "submit":
        locked.submitted_at = now
        locked.first_submitted_at = locked.first_submitted_at or now
    if step == "approve":
        locked.approved_at = now
    if step in ("return", "approve"):
        locked.reviewed_snapshot = report_content(locked)
    if step == "reopen":
        locked.approved_at = None
    locked.version = F("version") + 1
    locked.save()
    locked.refresh_from_db()
    ReportTransition.objects.create(
        report=locked, from_status=from_status, to_status=to, by=by, reason=reason, field_comments=field_comments or {}
    )
    audit_record(
        obj=locked, action=AuditEntry.Action.TRANSITION, by=by, before=before, after={"status": to}, reason=reason
    )
    _refresh_rollups(locked.period)
    head_approval = step == "submit" and config_for(locked.government).head_approval_required
    notify_report_event(locked, NOTIFIED_STEPS[step], by, head_approval=head_approval)
    return locked


@transaction.atomic
def report_submit(*, report: Report, by) -> Report:
    report = Report.objects.select_related("period").get(pk=report.pk)
    values = list(report.values.select_related("indicator"))
    missing = [v.indicator.name for v in values if v.value is None]
    errors = {}
    if missing:
        errors["values"] = [_("Fill in the realised value of: %(names)s.") % {"names": ", ".join(missing)}]
    # A value computed from records is stored as the records give it now; one that differs needs a reason.
    computed = computed_values(report, values)
    for value in values:
        if value.indicator_id not in computed:
            continue
        value.computed = computed[value.indicator_id].value
        if value.value is not None and value.value != value.computed and not value.override_reason.strip():
            errors[f"values.{value.indicator_id}"] = [
                _("%(name)s: the records give %(computed)s; confirm it or give a reason for %(value)s.")
                % {"name": value.indicator.name, "computed": _plain(value.computed), "value": _plain(value.value)}
            ]
    if not report.narrative.strip():
        errors["narrative"] = [_("Describe what was done.")]
    if errors:
        raise ValidationError(errors)
    ReportValue.objects.bulk_update([v for v in values if v.indicator_id in computed], ["computed"])
    return _transition(report=report, step="submit", by=by)


def _plain(number: Decimal) -> str:
    """A number without trailing zeros: 12.00 → 12, 2.50 → 2.5."""
    text = f"{number:f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


@transaction.atomic
def report_head_approve(*, report: Report, by) -> Report:
    return _transition(report=report, step="head_approve", by=by)


@transaction.atomic
def report_return(*, report: Report, by, reason: str, field_comments: dict | None = None) -> Report:
    if not (reason or "").strip():
        raise ValidationError({"reason": _("Say why the report is returned.")})
    comments = {k: v.strip() for k, v in (field_comments or {}).items() if v and v.strip()}
    return _transition(report=report, step="return", by=by, reason=reason.strip(), field_comments=comments)


@transaction.atomic
def report_approve(*, report: Report, by) -> Report:
    report = Report.objects.select_related("period__government").get(pk=report.pk)
    if config_for(report.period.government).head_approval_required and report.status == ReportStatus.SUBMITTED:
        raise ValidationError({"status": _("The agency head has not approved this report yet.")})
    return _transition(report=report, step="approve", by=by)


def reports_approve_many(*, reports, by) -> tuple[list[Report], list[tuple[Report, str]]]:
    """Approve several reports; each in its own transaction, so one refusal does not undo the others."""
    approved, refused = [], []
    for report in reports:
        try:
            approved.append(report_approve(report=report, by=by))
        except (ValidationError, ConflictError) as exc:
            refused.append((report, getattr(exc, "message", None) or "; ".join(exc.messages)))
    return approved, refused


@transaction.atomic
def report_reopen(*, report: Report, by, reason: str) -> Report:
    if not (reason or "").strip():
        raise ValidationError({"reason": _("Give a reason for reopening.")})
    report = Report.objects.select_related("period").get(pk=report.pk)
    if report.period.status == PeriodStatus.LOCKED:
        raise ValidationError({"status": _("The period is locked for good.")})
    return _transition(report=report, step="reopen", by=by, reason=reason.strip())


# --- evidence ------------------------------------------------------------------------------------------------


@transaction.atomic
def evidence_add(*, report: Report, upload, kind: str, by) -> Evidence:
    """Store an uploaded file as evidence after checking its real content and size."""
    report = Report.objects.select_related("period", "government").get(pk=report.pk)
    _require_editable(report)
    if kind not in Evidence.Kind.values:
        raise ValidationError({"kind": _("Choose the type of evidence.")})
    checked = check_upload(upload)
    evidence = Evidence(
        report=report,
        name=checked.name,
        content_type=checked.content_type,
        size=checked.size,
        sha256=checked.sha256,
        kind=kind,
        uploaded_by=by,
    )
    evidence.file.save("bukti", File(upload), save=False)
    return model_create(instance=evidence, by=by)


def evidence_delete(*, evidence: Evidence, by) -> None:
    _require_editable(evidence.report)
    stored = evidence.file
    model_delete(instance=evidence, by=by)
    transaction.on_commit(lambda: stored.delete(save=False))
