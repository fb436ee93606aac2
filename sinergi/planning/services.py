"""Writes of the planning app: the national catalogue, regional plans, actions, indicators and targets.

Every write validates, is atomic and is audited; workflow steps change state only here.
"""

from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from sinergi.core.audit import audit_record, snapshot
from sinergi.core.models import AuditEntry
from sinergi.core.services import model_create, model_delete, model_update
from sinergi.notifications.events import notify_action_event, notify_plan_event
from sinergi.notifications.models import Event
from sinergi.organizations.models import Agency
from sinergi.organizations.selectors import history_for
from sinergi.planning.models import (
    Action,
    AgencySignoff,
    Field,
    Indicator,
    NationalAction,
    NationalPlan,
    PlanComment,
    PlanStatus,
    RegionalPlan,
    ReviewState,
    Target,
)

ACTION_FIELDS = (
    "field",
    "national_action",
    "local_justification",
    "title",
    "description",
    "responsible_agency",
    "target_group",
    "whole_government",
    "months",
    "budget",
    "budget_source",
    "sipd_code",
    "order",
)
INDICATOR_FIELDS = ("name", "unit", "aggregation", "direction", "baseline", "source", "source_filter", "order")
# Agencies that are expected to carry the generic actions: the government's own regional agencies.
OPD_KINDS = ("secretariat", "department", "board", "inspectorate", "unit", "district")


class ConflictError(Exception):
    """Someone else saved the record after the caller read it."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def _transition(*, obj, field: str, to: str, by, reason: str = "") -> None:
    before = snapshot(obj)
    setattr(obj, field, to)
    obj.save()
    audit_record(obj=obj, action=AuditEntry.Action.TRANSITION, by=by, before=before, after=snapshot(obj), reason=reason)


def _require_editable(plan: RegionalPlan) -> None:
    if not plan.is_editable:
        raise ValidationError(
            {
                "plan": _("This plan is %(status)s and can no longer be changed; make a revision instead.")
                % {"status": plan.get_status_display().lower()}
            }
        )


def _conflict_message(action: Action) -> str:
    last = history_for(obj=action).first()
    who = last.actor_label if last else _("someone else")
    when = timezone.localtime(last.at).strftime("%d-%m-%Y %H:%M") if last else ""
    return _("Changed by %(who)s at %(when)s after you opened it. Reload to see their change, then edit again.") % {
        "who": who,
        "when": when,
    }


def _bump(action: Action, *, edited: bool = False) -> None:
    """Raise the action's version; an edit of a returned action (``edited``) also marks it changed since then."""
    extra = {}
    if edited and Action.objects.filter(pk=action.pk, review_state=ReviewState.RETURNED).exists():
        extra["changed_since_return"] = True
    Action.objects.filter(pk=action.pk).update(version=F("version") + 1, updated_at=timezone.now(), **extra)
    action.refresh_from_db(fields=["version", "updated_at", "changed_since_return"])


# --- national catalogue --------------------------------------------------------------------------------------


def field_create(*, national_plan: NationalPlan, by, **fields) -> Field:
    return model_create(instance=Field(national_plan=national_plan, **fields), by=by)


def national_action_create(*, field: Field, by, **fields) -> NationalAction:
    return model_create(instance=NationalAction(field=field, **fields), by=by)


# --- regional plans ------------------------------------------------------------------------------------------


def plan_create(*, government, national_plan: NationalPlan, title: str, start_year: int, end_year: int, by, **extra):
    version = RegionalPlan.objects.filter(government=government, start_year=start_year, end_year=end_year).count() + 1
    plan = RegionalPlan(
        government=government,
        national_plan=national_plan,
        title=title,
        start_year=start_year,
        end_year=end_year,
        version=version,
        **extra,
    )
    return model_create(instance=plan, by=by)


def plan_update(*, plan: RegionalPlan, by, **fields) -> list[str]:
    _require_editable(plan)
    allowed = ("title", "period_kind", "head_signoff_required")
    return model_update(instance=plan, data={k: v for k, v in fields.items() if k in allowed}, by=by)


@transaction.atomic
def plan_submit_for_review(*, plan: RegionalPlan, by) -> None:
    if plan.status != PlanStatus.DRAFT:
        raise ValidationError({"status": _("Only a draft can be sent for review.")})
    if not plan.actions.exists():
        raise ValidationError({"status": _("The plan has no actions yet.")})
    _transition(obj=plan, field="status", to=PlanStatus.IN_REVIEW, by=by)
    notify_plan_event(plan, Event.PLAN_IN_REVIEW, by)


@transaction.atomic
def plan_reopen_draft(*, plan: RegionalPlan, by, reason: str) -> None:
    if plan.status != PlanStatus.IN_REVIEW:
        raise ValidationError({"status": _("Only a plan in review can go back to draft.")})
    if not reason.strip():
        raise ValidationError({"reason": _("Give a reason.")})
    _transition(obj=plan, field="status", to=PlanStatus.DRAFT, by=by, reason=reason)


def agencies_missing_signoff(plan: RegionalPlan) -> list[Agency]:
    agency_ids = set(plan.actions.values_list("responsible_agency_id", flat=True))
    signed = set(plan.signoffs.values_list("agency_id", flat=True))
    return list(Agency.objects.filter(pk__in=agency_ids - signed).order_by("name"))


def open_review_counts(plan: RegionalPlan) -> dict[str, int]:
    """How many of the plan's actions are still proposed or returned (not yet accepted)."""
    counts = dict.fromkeys((ReviewState.PROPOSED, ReviewState.RETURNED), 0)
    for state in plan.actions.exclude(review_state=ReviewState.ACCEPTED).values_list("review_state", flat=True):
        counts[state] += 1
    return {"proposed": counts[ReviewState.PROPOSED], "returned": counts[ReviewState.RETURNED]}


@transaction.atomic
def plan_adopt(
    *, plan: RegionalPlan, by, kind: str, number: str, on: date, document=None, confirm_reason: str = ""
) -> None:
    """Adopt a plan in review with its legal basis; the version it revises is superseded.

    Actions still proposed or returned block the adoption unless the secretariat confirms with a reason, which is
    recorded with the transition in the audit trail."""
    list(
        RegionalPlan.objects.select_for_update().filter(pk=plan.pk).values_list("pk")
    )  # two adoptions cannot interleave
    plan.refresh_from_db()
    if plan.status != PlanStatus.IN_REVIEW:
        raise ValidationError({"status": _("Only a plan in review can be adopted.")})
    errors = {}
    if not kind:
        errors["kind"] = _("Choose the kind of legal basis.")
    if not number.strip():
        errors["number"] = _("Give the number of the legal basis.")
    if not on:
        errors["on"] = _("Give the date of the legal basis.")
    if plan.head_signoff_required:
        missing = agencies_missing_signoff(plan)
        if missing:
            errors["status"] = _("Waiting for the sign-off of: %(agencies)s.") % {
                "agencies": ", ".join(a.name for a in missing)
            }
    open_counts = open_review_counts(plan)
    if (open_counts["proposed"] or open_counts["returned"]) and not confirm_reason.strip():
        errors["confirm_reason"] = (
            _(
                "%(proposed)d actions are still proposed and %(returned)d returned. Accept or return them first, or "
                "give the reason for adopting the plan anyway."
            )
            % open_counts
        )
    if errors:
        raise ValidationError(errors)
    before = snapshot(plan)
    plan.status = PlanStatus.ADOPTED
    plan.legal_basis_kind, plan.legal_basis_number, plan.legal_basis_date = kind, number.strip(), on
    if document:
        plan.legal_basis_file = document
    plan.adopted_at, plan.adopted_by = timezone.now(), by
    plan.save()
    reason = ""
    if open_counts["proposed"] or open_counts["returned"]:
        reason = _("Adopted with %(proposed)d proposed and %(returned)d returned actions: %(reason)s") % {
            **open_counts,
            "reason": confirm_reason.strip(),
        }
    audit_record(
        obj=plan, action=AuditEntry.Action.TRANSITION, by=by, before=before, after=snapshot(plan), reason=reason
    )
    if plan.revision_of_id:
        previous = plan.revision_of
        if previous.status == PlanStatus.ADOPTED:
            _transition(obj=previous, field="status", to=PlanStatus.SUPERSEDED, by=by, reason=str(plan))
    notify_plan_event(plan, Event.PLAN_ADOPTED, by)


@transaction.atomic
def plan_revise(*, plan: RegionalPlan, by) -> RegionalPlan:
    """A new draft version copying an adopted plan; actions and indicators keep their lineage for comparison."""
    if plan.status != PlanStatus.ADOPTED:
        raise ValidationError({"status": _("Only an adopted plan can be revised.")})
    if plan.revisions.exclude(status=PlanStatus.SUPERSEDED).exists():
        raise ValidationError({"status": _("A revision of this plan is already being drafted.")})
    new = plan_create(
        government=plan.government,
        national_plan=plan.national_plan,
        title=plan.title,
        start_year=plan.start_year,
        end_year=plan.end_year,
        by=by,
        period_kind=plan.period_kind,
        head_signoff_required=plan.head_signoff_required,
        revision_of=plan,
    )
    _copy_actions(source=plan, into=new)
    notify_plan_event(new, Event.PLAN_REVISION, by)
    return new


@transaction.atomic
def plan_carry_forward(*, plan: RegionalPlan, start_year: int, end_year: int, title: str, by) -> RegionalPlan:
    """Start a new plan for later years from an existing one: its actions, indicators and targets, shifted by
    the difference in years. Actions keep their lineage, so the two plans compare action by action."""
    if start_year <= plan.end_year:
        raise ValidationError({"start_year": _("The new plan must start after %(year)s.") % {"year": plan.end_year}})
    new = plan_create(
        government=plan.government,
        national_plan=plan.national_plan,
        title=title,
        start_year=start_year,
        end_year=end_year,
        by=by,
        period_kind=plan.period_kind,
        head_signoff_required=plan.head_signoff_required,
    )
    _copy_actions(source=plan, into=new, year_shift=start_year - plan.start_year)
    return new


def _copy_actions(*, source: RegionalPlan, into: RegionalPlan, year_shift: int = 0) -> None:
    actions = source.actions.prefetch_related("supporting_agencies", "locations", "indicators__targets")
    for old in actions:
        copy = Action.objects.create(
            plan=into,
            government=into.government,
            lineage=old.lineage,
            **{name: getattr(old, name) for name in ACTION_FIELDS},
        )
        copy.supporting_agencies.set(old.supporting_agencies.all())
        copy.locations.set(old.locations.all())
        for indicator in old.indicators.all():
            new_indicator = Indicator.objects.create(
                action=copy, lineage=indicator.lineage, **{n: getattr(indicator, n) for n in INDICATOR_FIELDS}
            )
            Target.objects.bulk_create(
                Target(indicator=new_indicator, year=t.year + year_shift, period=t.period, value=t.value)
                for t in indicator.targets.all()
                if t.year + year_shift in into.years
            )


def plan_delete(*, plan: RegionalPlan, by) -> None:
    if plan.status != PlanStatus.DRAFT:
        raise ValidationError({"status": _("Only a draft can be deleted.")})
    model_delete(instance=plan, by=by)


# --- actions -------------------------------------------------------------------------------------------------


@transaction.atomic
def action_create(*, plan: RegionalPlan, by, supporting_agencies=(), locations=(), **fields) -> Action:
    _require_editable(plan)
    data = {k: v for k, v in fields.items() if k in ACTION_FIELDS}
    if "order" not in data:
        data["order"] = (plan.actions.count() + 1) * 10
    action = Action(plan=plan, government=plan.government, **data)
    model_create(instance=action, by=by)
    action.supporting_agencies.set(supporting_agencies)
    action.locations.set(locations)
    return action


@transaction.atomic
def action_update(
    *, action: Action, by, expected_version: int | None = None, supporting_agencies=None, locations=None, **fields
) -> list[str]:
    """Change an action. With ``expected_version``, refuse (ConflictError) if someone saved it in between."""
    action = Action.objects.select_for_update().get(pk=action.pk)
    _require_editable(action.plan)
    if expected_version is not None and action.version != expected_version:
        raise ConflictError(_conflict_message(action))
    data = {k: v for k, v in fields.items() if k in ACTION_FIELDS}
    changed = model_update(instance=action, data=data, by=by)
    for name, values in (("supporting_agencies", supporting_agencies), ("locations", locations)):
        if values is None:
            continue
        manager = getattr(action, name)
        before = sorted(str(pk) for pk in manager.values_list("pk", flat=True))
        after = sorted(str(getattr(v, "pk", v)) for v in values)
        if before != after:
            manager.set(values)
            audit_record(obj=action, action=AuditEntry.Action.UPDATE, by=by, before={name: before}, after={name: after})
            changed.append(name)
    if changed:
        _bump(action, edited=True)
    return changed


def action_delete(*, action: Action, by) -> None:
    _require_editable(action.plan)
    model_delete(instance=action, by=by)


@transaction.atomic
def action_return(*, action: Action, by, reason: str) -> None:
    _require_editable(action.plan)
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the action is sent back.")})
    action.return_reason = reason.strip()
    action.changed_since_return = False
    _transition(obj=action, field="review_state", to=ReviewState.RETURNED, by=by, reason=reason)
    PlanComment.objects.create(plan=action.plan, action=action, author=by, text=reason.strip())
    _bump(action)
    notify_action_event(action, Event.ACTION_RETURNED, by)


@transaction.atomic
def action_accept(*, action: Action, by) -> None:
    _require_editable(action.plan)
    action.return_reason = ""
    action.changed_since_return = False
    _transition(obj=action, field="review_state", to=ReviewState.ACCEPTED, by=by)
    _bump(action)
    notify_action_event(action, Event.ACTION_ACCEPTED, by)


@transaction.atomic
def action_resubmit(*, action: Action, by, note: str = "") -> None:
    """ "Ajukan kembali": a returned action goes back to the reviewers, once it was changed or with a note."""
    action = Action.objects.select_for_update().select_related("plan").get(pk=action.pk)
    _require_editable(action.plan)
    if action.review_state != ReviewState.RETURNED:
        raise ValidationError({"review_state": _("Only a returned action can be resubmitted.")})
    note = (note or "").strip()
    if not action.changed_since_return and not note:
        raise ValidationError(
            {"note": _("Change the action, its indicators or targets first, or say in a note why it stands as is.")}
        )
    action.changed_since_return = False
    _transition(obj=action, field="review_state", to=ReviewState.PROPOSED, by=by, reason=note)
    if note:
        PlanComment.objects.create(plan=action.plan, action=action, author=by, text=note)
    _bump(action)
    notify_action_event(action, Event.ACTION_RESUBMITTED, by, note=note)


@transaction.atomic
def actions_accept(*, plan: RegionalPlan, by, action_ids=None) -> int:
    """Accept many actions of a plan at once: every proposed one, or the listed ``action_ids`` (which may name
    returned ones); each is audited like a single acceptance."""
    _require_editable(plan)
    actions = plan.actions.exclude(review_state=ReviewState.ACCEPTED).select_for_update().order_by("pk")
    if action_ids is None:
        actions = actions.filter(review_state=ReviewState.PROPOSED)
    else:
        actions = actions.filter(pk__in=list(action_ids))
    accepted = 0
    for action in actions:
        action_accept(action=action, by=by)
        accepted += 1
    return accepted


def comment_add(*, plan: RegionalPlan, by, text: str, action: Action | None = None) -> PlanComment:
    if not text.strip():
        raise ValidationError({"text": _("Write a comment.")})
    return model_create(instance=PlanComment(plan=plan, action=action, author=by, text=text.strip()), by=by)


@transaction.atomic
def agency_signoff(*, plan: RegionalPlan, agency: Agency, by) -> AgencySignoff:
    _require_editable(plan)
    if not plan.head_signoff_required:
        raise ValidationError({"plan": _("This plan does not ask agency heads to sign off.")})
    if not plan.actions.filter(responsible_agency=agency).exists():
        raise ValidationError({"agency": _("This agency has no actions in the plan.")})
    existing = AgencySignoff.objects.filter(plan=plan, agency=agency).first()
    if existing:
        return existing
    return model_create(instance=AgencySignoff(plan=plan, agency=agency, signed_by=by), by=by)


# --- indicators and targets ----------------------------------------------------------------------------------


@transaction.atomic
def indicator_create(*, action: Action, by, targets: dict | None = None, **fields) -> Indicator:
    _require_editable(action.plan)
    data = {k: v for k, v in fields.items() if k in INDICATOR_FIELDS}
    data.setdefault("order", action.indicators.count() + 1)
    indicator = model_create(instance=Indicator(action=action, **data), by=by)
    if targets:
        targets_set(indicator=indicator, values=targets, by=by)
    _bump(action, edited=True)
    return indicator


@transaction.atomic
def indicator_update(*, indicator: Indicator, by, expected_version: int | None = None, targets=None, **fields):
    action = Action.objects.select_for_update().get(pk=indicator.action_id)
    _require_editable(action.plan)
    if expected_version is not None and action.version != expected_version:
        raise ConflictError(_conflict_message(action))
    data = {k: v for k, v in fields.items() if k in INDICATOR_FIELDS}
    if "source" in data and "source_filter" not in data and data["source"] != indicator.source:
        data["source_filter"] = {}  # a filter belongs to its source
    changed = model_update(instance=indicator, data=data, by=by)
    if targets is not None:
        changed += targets_set(indicator=indicator, values=targets, by=by)
    if changed:
        _bump(action, edited=True)
    return changed


def indicator_delete(*, indicator: Indicator, by) -> None:
    _require_editable(indicator.action.plan)
    action = indicator.action
    model_delete(instance=indicator, by=by)
    _bump(action, edited=True)


def targets_set(*, indicator: Indicator, values: dict[tuple[int, int], Decimal | None], by) -> list[str]:
    """Set targets by (year, period); period 0 is the whole year; None removes a target."""
    plan = indicator.action.plan
    _require_editable(plan)
    errors = []
    for (year, period), value in values.items():
        if year not in plan.years:
            errors.append(_("%(year)s is outside the plan's years.") % {"year": year})
        if period not in (0, *plan.periods):
            errors.append(_("Period %(period)s does not exist in this plan.") % {"period": period})
        if value is not None and Decimal(value) < 0:
            errors.append(_("A target cannot be negative."))
    if errors:
        raise ValidationError({"targets": sorted(set(errors))})
    existing = {(t.year, t.period): t for t in indicator.targets.all()}
    before = {f"{y}/{p}": str(t.value) for (y, p), t in existing.items()}
    for key, value in values.items():
        target = existing.get(key)
        if value is None:
            if target:
                target.delete()
        elif target is None:
            Target.objects.create(indicator=indicator, year=key[0], period=key[1], value=value)
        elif target.value != Decimal(value):
            target.value = value
            target.save(update_fields=["value"])
    after = {f"{t.year}/{t.period}": str(t.value) for t in indicator.targets.all()}
    if before == after:
        return []
    audit_record(
        obj=indicator, action=AuditEntry.Action.UPDATE, by=by, before={"targets": before}, after={"targets": after}
    )
    return ["targets"]


# --- the generic actions helper ------------------------------------------------------------------------------


@transaction.atomic
def plan_add_generic_actions(*, plan: RegionalPlan, by) -> int:
    """Give every regional agency that lacks them the national plan's generic actions (aksi generik)."""
    _require_editable(plan)
    generic = list(
        NationalAction.objects.filter(field__national_plan=plan.national_plan, is_generic=True).select_related("field")
    )
    if not generic:
        raise ValidationError({"plan": _("The national plan marks no action as generic.")})
    agencies = Agency.objects.filter(government=plan.government, kind__in=OPD_KINDS, valid_until__isnull=True)
    have = set(
        plan.actions.filter(national_action__in=generic).values_list("responsible_agency_id", "national_action_id")
    )
    added = 0
    for agency in agencies.order_by("name"):
        for national in generic:
            if (agency.pk, national.pk) in have:
                continue
            action = action_create(
                plan=plan,
                by=by,
                field=national.field,
                national_action=national,
                title=national.description,
                responsible_agency=agency,
            )
            indicator_create(
                action=action,
                by=by,
                name=national.success_indicator or national.description,
                unit=national.unit or _("activity"),
            )
            added += 1
    return added
