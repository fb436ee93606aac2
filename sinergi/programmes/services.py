"""Writes of the programmes app: events, evidence, urine tests, volunteers, trainings and assessments,
validated, atomic and audited."""

from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sinergi.core.events import publish
from sinergi.core.files import check_upload
from sinergi.core.models import EvidenceKind
from sinergi.core.services import model_create, model_delete, model_update
from sinergi.programmes.events import ProgrammeRecordsChanged, ProgrammeYearChanged
from sinergi.programmes.models import (
    Event,
    EventEvidence,
    TrainingRecord,
    UrineTestCampaign,
    Volunteer,
    VolunteerGroup,
    VulnerabilityAssessment,
    VulnerabilityThresholds,
)
from sinergi.regions.text import normalize_name

EVENT_FIELDS = (
    "agency", "kind", "title", "starts_on", "ends_on", "region", "address", "target_group", "participants", "male",
    "female", "age_under_15", "age_15_24", "age_25_44", "age_45_plus", "action", "status", "notes",
)  # fmt: skip


def _refresh(government_id: int, *days, onward: bool = False) -> None:
    """Bring the semester roll-ups of the dates a change touched up to date, inside the change's transaction."""
    publish(ProgrammeRecordsChanged(government_id=government_id, days=days, onward=onward))


def _created_on(record):
    return timezone.localdate(record.created_at) if record.created_at else timezone.localdate()


URINE_FIELDS = (
    "agency",
    "host_agency",
    "host_name",
    "held_on",
    "group",
    "tested",
    "positive",
    "referred",
    "action",
    "notes",
)


@transaction.atomic
def event_create(*, government, by, partner_agencies=(), **fields) -> Event:
    event = Event(government=government, created_by=by, **{k: v for k, v in fields.items() if k in EVENT_FIELDS})
    model_create(instance=event, by=by)
    event.partner_agencies.set(partner_agencies)
    _refresh(government.pk, event.starts_on)
    return event


@transaction.atomic
def event_update(*, event: Event, by, partner_agencies=None, **fields) -> list[str]:
    before = Event.objects.values_list("starts_on", flat=True).get(pk=event.pk)
    changed = model_update(instance=event, data={k: v for k, v in fields.items() if k in EVENT_FIELDS}, by=by)
    if partner_agencies is not None:
        event.partner_agencies.set(partner_agencies)
    if changed:
        _refresh(event.government_id, before, event.starts_on)
    return changed


@transaction.atomic
def event_delete(*, event: Event, by) -> None:
    model_delete(instance=event, by=by)
    _refresh(event.government_id, event.starts_on)


def event_evidence_add(*, event: Event, upload, kind: str, by) -> EventEvidence:
    """Store a file proving that an event took place, after checking its real content and size."""
    if kind not in EvidenceKind.values:
        raise ValidationError({"kind": _("Choose the type of evidence.")})
    checked = check_upload(upload)
    evidence = EventEvidence(
        event=event,
        name=checked.name,
        content_type=checked.content_type,
        size=checked.size,
        sha256=checked.sha256,
        kind=kind,
        uploaded_by=by,
    )
    evidence.file.save("bukti", File(upload), save=False)
    return model_create(instance=evidence, by=by)


def event_evidence_delete(*, evidence: EventEvidence, by) -> None:
    stored = evidence.file
    model_delete(instance=evidence, by=by)
    transaction.on_commit(lambda: stored.delete(save=False))


@transaction.atomic
def urine_test_create(*, government, by, **fields) -> UrineTestCampaign:
    campaign = UrineTestCampaign(
        government=government, created_by=by, **{k: v for k, v in fields.items() if k in URINE_FIELDS}
    )
    model_create(instance=campaign, by=by)
    _refresh(government.pk, campaign.held_on)
    return campaign


@transaction.atomic
def urine_test_update(*, campaign: UrineTestCampaign, by, **fields) -> list[str]:
    before = UrineTestCampaign.objects.values_list("held_on", flat=True).get(pk=campaign.pk)
    changed = model_update(instance=campaign, data={k: v for k, v in fields.items() if k in URINE_FIELDS}, by=by)
    if changed:
        _refresh(campaign.government_id, before, campaign.held_on)
    return changed


@transaction.atomic
def urine_test_delete(*, campaign: UrineTestCampaign, by) -> None:
    model_delete(instance=campaign, by=by)
    _refresh(campaign.government_id, campaign.held_on)


class PossibleDuplicate(Exception):
    """A volunteer with the same name, birth year and kelurahan is already registered."""

    def __init__(self, existing):
        super().__init__(str(existing))
        self.existing = existing


GROUP_FIELDS = ("name", "kind", "region", "agency", "sk_number", "sk_date", "is_active")
VOLUNTEER_FIELDS = ("name", "sex", "birth_year", "region", "role", "phone", "is_active", "joined_on", "left_on")
TRAINING_FIELDS = ("title", "held_on", "until", "organiser", "event")


def volunteer_group_create(*, government, by, **fields):
    return model_create(
        instance=VolunteerGroup(government=government, **{k: v for k, v in fields.items() if k in GROUP_FIELDS}), by=by
    )


@transaction.atomic
def volunteer_group_update(*, group: VolunteerGroup, by, **fields) -> list[str]:
    changed = model_update(instance=group, data={k: v for k, v in fields.items() if k in GROUP_FIELDS}, by=by)
    if "is_active" in changed:
        # Its members count as active volunteers only while the group is active.
        _refresh(group.government_id, _created_on(group), onward=True)
    return changed


@transaction.atomic
def volunteer_group_attach_sk(*, group: VolunteerGroup, upload, by) -> VolunteerGroup:
    """Keep the group's decree (SK) file, checked like every upload; the previous file is removed."""
    checked = check_upload(upload, field="sk_file")
    previous = group.sk_file.name
    group.sk_file.save("sk", File(upload), save=False)
    model_update(instance=group, data={"sk_file_name": checked.name}, by=by)
    if previous:
        storage = group.sk_file.storage
        transaction.on_commit(lambda: storage.delete(previous))
    return group


def volunteer_duplicates(*, government, name: str, birth_year: int, region, exclude=None):
    """Volunteers of the government that look like the same person: same name (case and spaces ignored),
    birth year and kelurahan."""
    candidates = Volunteer.objects.filter(government=government, birth_year=birth_year, region=region)
    if exclude is not None:
        candidates = candidates.exclude(pk=exclude.pk)
    wanted = normalize_name(name)
    return [v for v in candidates.select_related("group") if normalize_name(v.name) == wanted]


def volunteer_create(*, group, by, confirm_duplicate: bool = False, **fields):
    """Register a member; a likely duplicate is refused unless the caller confirms it is another person."""
    volunteer = Volunteer(
        group=group, government=group.government, **{k: v for k, v in fields.items() if k in VOLUNTEER_FIELDS}
    )
    volunteer.joined_on = volunteer.joined_on or timezone.localdate()
    if not volunteer.is_active and volunteer.left_on is None:
        volunteer.left_on = timezone.localdate()
    volunteer.full_clean()
    duplicates = volunteer_duplicates(
        government=group.government, name=volunteer.name, birth_year=volunteer.birth_year, region=volunteer.region
    )
    if duplicates and not confirm_duplicate:
        raise PossibleDuplicate(duplicates[0])
    with transaction.atomic():
        model_create(instance=volunteer, by=by)
        _refresh(volunteer.government_id, volunteer.joined_on, onward=True)
    return volunteer


@transaction.atomic
def volunteer_update(*, volunteer: Volunteer, by, confirm_duplicate: bool = False, **fields) -> list[str]:
    """Change a member; a change of name, birth year or kelurahan that makes them look like another registered
    person is refused unless confirmed."""
    data = {k: v for k, v in fields.items() if k in VOLUNTEER_FIELDS}
    current = Volunteer.objects.select_related("government", "region").get(pk=volunteer.pk)
    if "is_active" in data and data["is_active"] != current.is_active and "left_on" not in data:
        data["left_on"] = None if data["is_active"] else timezone.localdate()  # leaving or coming back: dated today
    merged = {k: data.get(k, getattr(current, k)) for k in ("name", "birth_year", "region")}
    changed = (merged["name"], merged["birth_year"], getattr(merged["region"], "pk", None)) != (
        current.name, current.birth_year, current.region_id
    )  # fmt: skip
    if changed and not confirm_duplicate:
        duplicates = volunteer_duplicates(government=current.government, exclude=current, **merged)
        if duplicates:
            raise PossibleDuplicate(duplicates[0])
    updated = model_update(instance=volunteer, data=data, by=by)
    if {"region", "is_active", "joined_on", "left_on"} & set(updated):
        days = [current.joined_on, volunteer.joined_on, current.left_on, volunteer.left_on]
        _refresh(volunteer.government_id, min(d for d in days if d) if any(days) else None, onward=True)
    return updated


def training_add(*, volunteer: Volunteer, by, **fields) -> TrainingRecord:
    training = TrainingRecord(volunteer=volunteer, **{k: v for k, v in fields.items() if k in TRAINING_FIELDS})
    return model_create(instance=training, by=by)


def training_delete(*, training: TrainingRecord, by) -> None:
    model_delete(instance=training, by=by)


def thresholds_for(government) -> VulnerabilityThresholds:
    thresholds, _created = VulnerabilityThresholds.objects.get_or_create(government=government)
    return thresholds


def thresholds_update(*, government, by, **fields) -> VulnerabilityThresholds:
    """Change the scores from which a kelurahan is Bahaya, Waspada or Siaga. Past assessments keep the status
    they were given: only assessments recorded or corrected afterwards follow the new thresholds."""
    thresholds = thresholds_for(government)
    allowed = ("bahaya_from", "waspada_from", "siaga_from")
    model_update(instance=thresholds, data={k: v for k, v in fields.items() if k in allowed}, by=by)
    return thresholds


@transaction.atomic
def assessment_record(*, government, region, year: int, ratings: dict, assessed_on, by, notes: str = ""):
    """Record (or correct) a kelurahan's assessment for a year; its score and status follow from the ratings."""
    assessment = VulnerabilityAssessment.objects.filter(region=region, year=year).first()
    data = {"ratings": ratings, "assessed_on": assessed_on, "assessor": by, "notes": notes}
    if assessment is None:
        assessment = VulnerabilityAssessment(government=government, region=region, year=year, **data)
        assessment.full_clean(exclude=["score", "status"])
        assessment.score = assessment.compute_score()
        assessment.status = thresholds_for(government).status_for(assessment.score)
        model_create(instance=assessment, by=by)
        _refresh_year(government.pk, year)
        return assessment
    probe = VulnerabilityAssessment(government=government, region=region, year=year, **data)
    probe.full_clean(exclude=["score", "status"], validate_unique=False, validate_constraints=False)
    score = probe.compute_score()
    model_update(
        instance=assessment,
        data={**data, "score": score, "status": thresholds_for(government).status_for(score)},
        by=by,
    )
    _refresh_year(assessment.government_id, year)
    return assessment


# --- Kelurahan Bersinar ---------------------------------------------------------------------------------------


# Imported here so that this section stays self-contained.
from django.db.models import Q  # noqa: E402
from django.http import Http404  # noqa: E402
from django.utils.formats import date_format  # noqa: E402

from sinergi.core.audit import audit_record  # noqa: E402
from sinergi.core.models import AuditEntry  # noqa: E402
from sinergi.programmes.models import (  # noqa: E402
    BersinarDocument,
    BersinarProgramme,
    BersinarStage,
    BersinarStep,
    PokjaMember,
)


def _refresh_year(government_id: int, year: int) -> None:
    publish(ProgrammeYearChanged(government_id=government_id, year=year))


def _not_in_future(day, field: str):
    if day and day > timezone.localdate():
        raise ValidationError({field: _("A date in the future cannot be recorded yet.")})


@transaction.atomic
def bersinar_create(*, government, region, by, named_on=None, notes: str = ""):
    """Start the Bersinar programme of a kelurahan/desa of ``government`` (one programme per village)."""
    if region.level != 4 or not region.code.startswith(government.region_id + ".") or not region.is_current:
        raise ValidationError({"region": _("Choose a kelurahan or desa of this government.")})
    if BersinarProgramme.objects.filter(region=region).exists():
        raise ValidationError({"region": _("%(place)s already has a Bersinar programme.") % {"place": region.label}})
    _not_in_future(named_on, "named_on")
    programme = BersinarProgramme(government=government, region=region, named_on=named_on, notes=notes or "")
    model_create(instance=programme, by=by)
    _refresh(government.pk, named_on, onward=True)
    return programme


@transaction.atomic
def bersinar_update(*, programme, by, **fields) -> list[str]:
    """Change the naming date or the notes; the village and the stage reached are not edited here."""
    data = {k: v for k, v in fields.items() if k in ("named_on", "notes")}
    if "notes" in data and data["notes"] is None:
        data["notes"] = ""
    _not_in_future(data.get("named_on"), "named_on")
    before = BersinarProgramme.objects.values_list("named_on", flat=True).get(pk=programme.pk)
    changed = model_update(instance=programme, data=data, by=by)
    if "named_on" in changed:
        _refresh(programme.government_id, before, programme.named_on, onward=True)
    return changed


def _bersinar_lock(programme):
    return BersinarProgramme.objects.select_for_update().select_related("region", "government").get(pk=programme.pk)


def _bersinar_refresh_stage(programme, by) -> None:
    """Keep ``programme.stage`` the furthest stage that has a step (audited when it changes)."""
    stages = list(programme.steps.values_list("stage", flat=True))
    furthest = max(stages, key=BersinarStage.order) if stages else ""
    model_update(instance=programme, data={"stage": furthest}, by=by)


@transaction.atomic
def bersinar_step_record(*, programme, stage: str, done_on, by, notes: str = ""):
    """Record (or correct) the date a stage was reached. A date may not be in the future, nor out of order with
    the other stages' dates (a later stage cannot have been reached before an earlier one)."""
    if stage not in BersinarStage.values:
        raise ValidationError({"stage": _("Choose a stage.")})
    if done_on is None:
        raise ValidationError({"done_on": _("Give the date.")})
    _not_in_future(done_on, "done_on")
    programme = _bersinar_lock(programme)
    order = BersinarStage.order(stage)
    for other in programme.steps.exclude(stage=stage):
        other_order = BersinarStage.order(other.stage)
        if (other_order < order and other.done_on > done_on) or (other_order > order and other.done_on < done_on):
            raise ValidationError(
                {
                    "done_on": _(
                        "%(stage)s cannot be dated %(date)s: %(other)s, which comes %(when)s, is dated %(other_date)s."
                    )
                    % {
                        "stage": BersinarStage(stage).label,
                        "date": date_format(done_on),
                        "other": BersinarStage(other.stage).label,
                        "when": _("before it") if other_order < order else _("after it"),
                        "other_date": date_format(other.done_on),
                    }
                }
            )
    step = programme.steps.filter(stage=stage).first()
    before = [step.done_on] if step else []
    named_before = programme.named_on
    if step is None:
        step = model_create(
            instance=BersinarStep(programme=programme, stage=stage, done_on=done_on, notes=notes or ""), by=by
        )
    else:
        model_update(instance=step, data={"done_on": done_on, "notes": notes or ""}, by=by)
    if stage == BersinarStage.PENETAPAN_SK and programme.named_on is None:
        # The decree is what names the village Bersinar.
        model_update(instance=programme, data={"named_on": done_on}, by=by)
    _bersinar_refresh_stage(programme, by)
    _refresh(programme.government_id, done_on, named_before, *before, onward=True)
    return step


@transaction.atomic
def bersinar_step_remove(*, programme, stage: str, by) -> None:
    """Remove a recorded stage (a mistake); the stage reached falls back to the furthest one left."""
    programme = _bersinar_lock(programme)
    step = programme.steps.filter(stage=stage).first()
    if step is None:
        raise Http404
    model_delete(instance=step, by=by)
    _bersinar_refresh_stage(programme, by)
    _refresh(programme.government_id, step.done_on, onward=True)


def bersinar_document_add(*, programme, upload, by, stage: str = "", kind: str = ""):
    """Store a document (decree, mapping result, monev report) after checking its real content and size."""
    if stage and stage not in BersinarStage.values:
        raise ValidationError({"stage": _("Choose a stage.")})
    kind = kind or EvidenceKind.OTHER
    if kind not in EvidenceKind.values:
        raise ValidationError({"kind": _("Choose the type of document.")})
    checked = check_upload(upload)
    document = BersinarDocument(
        programme=programme,
        stage=stage,
        kind=kind,
        name=checked.name,
        content_type=checked.content_type,
        size=checked.size,
        sha256=checked.sha256,
        uploaded_by=by,
    )
    document.file.save("dokumen", File(upload), save=False)
    try:
        return model_create(instance=document, by=by)
    except Exception:
        document.file.delete(save=False)
        raise


def bersinar_document_delete(*, document, by) -> None:
    stored = document.file
    with transaction.atomic():
        model_delete(instance=document, by=by)
        transaction.on_commit(lambda: stored.delete(save=False))


POKJA_FIELDS = ("name", "position", "institution", "agency")


def _pokja_check(programme, data) -> None:
    agency = data.get("agency")
    if agency is not None and agency.government_id != programme.government_id:
        raise ValidationError({"agency": _("The agency belongs to another government.")})
    for name in ("name", "position", "institution"):
        if name in data and data[name] is None:
            data[name] = ""


def pokja_member_add(*, programme, by, **fields):
    data = {k: v for k, v in fields.items() if k in POKJA_FIELDS}
    _pokja_check(programme, data)
    return model_create(instance=PokjaMember(programme=programme, **data), by=by)


def pokja_member_update(*, member, by, **fields) -> list[str]:
    data = {k: v for k, v in fields.items() if k in POKJA_FIELDS}
    _pokja_check(member.programme, data)
    return model_update(instance=member, data=data, by=by)


def pokja_member_remove(*, member, by) -> None:
    model_delete(instance=member, by=by)


def bersinar_linkable_groups(programme):
    """The volunteer groups a programme may link: the government's groups in the village or of its office."""
    return VolunteerGroup.objects.filter(government_id=programme.government_id).filter(
        Q(region_id=programme.region_id) | Q(agency__region_id=programme.region_id)
    )


def bersinar_linkable_events(programme):
    """The events a programme may link: the government's events held in the village or organised by its office."""
    return Event.objects.filter(government_id=programme.government_id).filter(
        Q(region_id=programme.region_id) | Q(agency__region_id=programme.region_id)
    )


@transaction.atomic
def bersinar_links_set(*, programme, by, volunteer_groups=None, events=None) -> list[str]:
    """Replace the linked volunteer groups and/or events (None leaves that side as it is). Returns what changed."""
    programme = _bersinar_lock(programme)
    errors = {}
    wanted = {}
    for field, given, allowed in (
        ("volunteer_groups", volunteer_groups, bersinar_linkable_groups(programme)),
        ("events", events, bersinar_linkable_events(programme)),
    ):
        if given is None:
            continue
        ids = {getattr(item, "pk", item) for item in given}
        found = set(allowed.filter(pk__in=ids).values_list("pk", flat=True))
        if ids - found:
            errors[field] = _("Only the government's records in %(place)s can be linked (not: %(ids)s).") % {
                "place": programme.region.label,
                "ids": ", ".join(str(i) for i in sorted(ids - found)),
            }
        wanted[field] = found
    if errors:
        raise ValidationError(errors)
    before, after = {}, {}
    for field, ids in wanted.items():
        manager = getattr(programme, field)
        current = set(manager.values_list("pk", flat=True))
        if current != ids:
            manager.set(ids)
            before[field], after[field] = sorted(current), sorted(ids)
    if after:
        audit_record(obj=programme, action=AuditEntry.Action.UPDATE, by=by, before=before, after=after)
    return list(after)
