"""Writes of the programmes app: events, evidence, urine tests, volunteers, trainings and assessments,
validated, atomic and audited."""

from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import transaction
from django.utils.translation import gettext as _

from sinergi.core.files import check_upload
from sinergi.core.models import EvidenceKind
from sinergi.core.services import model_create, model_delete, model_update
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

EVENT_FIELDS = (
    "agency", "kind", "title", "starts_on", "ends_on", "region", "address", "target_group", "participants", "male",
    "female", "age_under_15", "age_15_24", "age_25_44", "age_45_plus", "action", "status", "notes",
)  # fmt: skip
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
    return event


@transaction.atomic
def event_update(*, event: Event, by, partner_agencies=None, **fields) -> list[str]:
    changed = model_update(instance=event, data={k: v for k, v in fields.items() if k in EVENT_FIELDS}, by=by)
    if partner_agencies is not None:
        event.partner_agencies.set(partner_agencies)
    return changed


def event_delete(*, event: Event, by) -> None:
    model_delete(instance=event, by=by)


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


def urine_test_create(*, government, by, **fields) -> UrineTestCampaign:
    campaign = UrineTestCampaign(
        government=government, created_by=by, **{k: v for k, v in fields.items() if k in URINE_FIELDS}
    )
    return model_create(instance=campaign, by=by)


def urine_test_update(*, campaign: UrineTestCampaign, by, **fields) -> list[str]:
    return model_update(instance=campaign, data={k: v for k, v in fields.items() if k in URINE_FIELDS}, by=by)


def urine_test_delete(*, campaign: UrineTestCampaign, by) -> None:
    model_delete(instance=campaign, by=by)


class PossibleDuplicate(Exception):
    """A volunteer with the same name, birth year and kelurahan is already registered."""

    def __init__(self, existing):
        super().__init__(str(existing))
        self.existing = existing


GROUP_FIELDS = ("name", "kind", "region", "agency", "sk_number", "sk_date", "is_active")
VOLUNTEER_FIELDS = ("name", "sex", "birth_year", "region", "role", "phone", "is_active")
TRAINING_FIELDS = ("title", "held_on", "until", "organiser", "event")


def volunteer_group_create(*, government, by, **fields):
    return model_create(
        instance=VolunteerGroup(government=government, **{k: v for k, v in fields.items() if k in GROUP_FIELDS}), by=by
    )


def volunteer_group_update(*, group: VolunteerGroup, by, **fields) -> list[str]:
    return model_update(instance=group, data={k: v for k, v in fields.items() if k in GROUP_FIELDS}, by=by)


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
    from sinergi.regions.text import normalize_name

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
    volunteer.full_clean()
    duplicates = volunteer_duplicates(
        government=group.government, name=volunteer.name, birth_year=volunteer.birth_year, region=volunteer.region
    )
    if duplicates and not confirm_duplicate:
        raise PossibleDuplicate(duplicates[0])
    return model_create(instance=volunteer, by=by)


@transaction.atomic
def volunteer_update(*, volunteer: Volunteer, by, confirm_duplicate: bool = False, **fields) -> list[str]:
    """Change a member; a change of name, birth year or kelurahan that makes them look like another registered
    person is refused unless confirmed."""
    data = {k: v for k, v in fields.items() if k in VOLUNTEER_FIELDS}
    current = Volunteer.objects.select_related("government", "region").get(pk=volunteer.pk)
    merged = {k: data.get(k, getattr(current, k)) for k in ("name", "birth_year", "region")}
    changed = (merged["name"], merged["birth_year"], getattr(merged["region"], "pk", None)) != (
        current.name, current.birth_year, current.region_id
    )  # fmt: skip
    if changed and not confirm_duplicate:
        duplicates = volunteer_duplicates(government=current.government, exclude=current, **merged)
        if duplicates:
            raise PossibleDuplicate(duplicates[0])
    return model_update(instance=volunteer, data=data, by=by)


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
        return model_create(instance=assessment, by=by)
    probe = VulnerabilityAssessment(government=government, region=region, year=year, **data)
    probe.full_clean(exclude=["score", "status"], validate_unique=False, validate_constraints=False)
    score = probe.compute_score()
    model_update(
        instance=assessment,
        data={**data, "score": score, "status": thresholds_for(government).status_for(score)},
        by=by,
    )
    return assessment
