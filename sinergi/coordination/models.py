"""The Tim Terpadu P4GN by decree, its meetings (rakor) with agenda, attendance, minutes and decisions, and the
follow-ups the decisions create — tracked until done or dropped and carried into the next meeting's agenda."""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from sinergi.core.models import StoredFile
from sinergi.core.scope import ScopePaths
from sinergi.organizations.models import Agency, Government
from sinergi.planning.models import Action
from sinergi.regions.models import Region


def coordination_file_path(instance, filename):
    return f"coordination/{instance.government_region_code()}/{uuid.uuid4().hex}"


class TaskForce(models.Model):
    """The Tim Terpadu P4GN of a government, or of one of its kecamatan (``region`` set)."""

    government = models.ForeignKey(Government, on_delete=models.PROTECT, related_name="task_forces")
    region = models.ForeignKey(
        Region,
        verbose_name=_("kecamatan"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Empty for the government's own team."),
    )
    name = models.CharField(_("name"), max_length=200)
    created_at = models.DateTimeField(auto_now_add=True)

    # The decree is public and every agency sits in the team: every member of the government reads it.
    scope_paths = ScopePaths(region="region", members_see_all=True)

    class Meta:
        ordering = ["government", "region_id", "name"]
        verbose_name = _("task force")
        verbose_name_plural = _("task forces")
        constraints = [
            models.UniqueConstraint(
                fields=["government"], condition=Q(region__isnull=True), name="task_force_one_per_government"
            ),
            models.UniqueConstraint(fields=["government", "region"], name="task_force_one_per_kecamatan"),
        ]

    def __str__(self):
        return self.name


class Composition(models.Model):
    """One composition of a task force, set by a decree (SK); a later decree supersedes it, the history stays."""

    task_force = models.ForeignKey(TaskForce, on_delete=models.CASCADE, related_name="compositions")
    sk_number = models.CharField(_("decree (SK) number"), max_length=100)
    sk_date = models.DateField(_("decree date"))
    valid_from = models.DateField(_("valid from"))
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    sk_file = models.FileField(_("decree file"), upload_to=coordination_file_path, blank=True)
    sk_file_name = models.CharField(max_length=200, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["task_force", "-valid_from", "-pk"]
        verbose_name = _("task force composition")
        verbose_name_plural = _("task force compositions")
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_until__isnull=True) | Q(valid_until__gte=F("valid_from")), name="composition_dates"
            )
        ]

    def __str__(self):
        return f"{self.task_force} — SK {self.sk_number}"

    def government_region_code(self):
        return self.task_force.government.region_id

    def audit_government_id(self):
        return self.task_force.government_id


class Position(models.TextChoices):
    KETUA = "ketua", _("Chair (ketua)")
    WAKIL_KETUA = "wakil_ketua", _("Vice chair (wakil ketua)")
    SEKRETARIS = "sekretaris", _("Secretary (sekretaris)")
    KOORDINATOR = "koordinator", _("Field coordinator (koordinator bidang)")
    ANGGOTA = "anggota", _("Member (anggota)")


class Member(models.Model):
    """A seat in a composition: position, field (bidang), the agency and the person holding it."""

    composition = models.ForeignKey(Composition, on_delete=models.CASCADE, related_name="members")
    position = models.CharField(_("position"), max_length=15, choices=Position, default=Position.ANGGOTA)
    field = models.CharField(_("field (bidang)"), max_length=100, blank=True)
    agency = models.ForeignKey(Agency, verbose_name=_("agency"), on_delete=models.PROTECT, related_name="+")
    person_name = models.CharField(_("name"), max_length=150, blank=True)
    person_title = models.CharField(_("official title (jabatan)"), max_length=200, blank=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["composition", "order", "pk"]
        verbose_name = _("task force member")
        verbose_name_plural = _("task force members")

    def __str__(self):
        return f"{self.get_position_display()}: {self.person_title or self.agency}"

    def audit_government_id(self):
        return self.composition.task_force.government_id


class Meeting(models.Model):
    """A coordination meeting: scheduled → held (attendance, minutes, decisions) → closed; or cancelled."""

    class Kind(models.TextChoices):
        RAKOR = "rakor", _("Task force coordination meeting (rakor Tim Terpadu)")
        TEKNIS = "rakor_teknis", _("Technical meeting (rakor teknis)")
        SINKRONISASI = "sinkronisasi", _("Data synchronisation with BNN")
        MONEV = "monev", _("Monitoring and evaluation (monev)")
        WILAYAH = "wilayah", _("Kecamatan/kelurahan meeting")

    class Status(models.TextChoices):
        SCHEDULED = "scheduled", _("Scheduled")
        HELD = "held", _("Held")
        CLOSED = "closed", _("Closed")
        CANCELLED = "cancelled", _("Cancelled")

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    government = models.ForeignKey(Government, on_delete=models.PROTECT, related_name="meetings")
    task_force = models.ForeignKey(
        TaskForce, verbose_name=_("task force"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    region = models.ForeignKey(
        Region,
        verbose_name=_("kecamatan/kelurahan"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("For a kecamatan or kelurahan meeting."),
    )
    kind = models.CharField(_("kind"), max_length=15, choices=Kind, default=Kind.RAKOR)
    title = models.CharField(_("title"), max_length=250)
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"), null=True, blank=True)
    place = models.CharField(_("place"), max_length=250)
    chair_name = models.CharField(_("chaired by"), max_length=150, blank=True)
    chair_title = models.CharField(_("chair's official title"), max_length=200, blank=True)
    invited_agencies = models.ManyToManyField(Agency, verbose_name=_("invited agencies"), blank=True, related_name="+")
    letter_number = models.CharField(_("invitation letter number"), max_length=100, blank=True)
    letter_date = models.DateField(_("invitation letter date"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status, default=Status.SCHEDULED)
    summary = models.TextField(_("summary"), blank=True)
    version = models.PositiveIntegerField(default=1)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    scope_paths = ScopePaths(region="region")

    class Meta:
        ordering = ["-starts_at", "-pk"]
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        indexes = [models.Index(fields=["government", "starts_at"], name="meeting_government_time_idx")]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__isnull=True) | Q(ends_at__gte=F("starts_at")), name="meeting_times"
            )
        ]

    def __str__(self):
        return self.title


class AgendaItem(models.Model):
    """One item of a meeting's agenda, with its minutes (the discussion)."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="agenda")
    order = models.PositiveSmallIntegerField(default=0)
    title = models.CharField(_("agenda item"), max_length=300)
    presenter = models.CharField(_("presented by"), max_length=200, blank=True)
    minutes = models.TextField(_("discussion"), blank=True)
    # True for the item "tindak lanjut rapat sebelumnya", filled from the open follow-ups when the meeting is made.
    carries_follow_ups = models.BooleanField(default=False)

    class Meta:
        ordering = ["meeting", "order", "pk"]
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")

    def __str__(self):
        return self.title

    def audit_government_id(self):
        return self.meeting.government_id


class Attendance(models.Model):
    """Someone who attended: their agency (or another institution), name and position; invited or not."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendance")
    agency = models.ForeignKey(
        Agency, verbose_name=_("agency"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    institution = models.CharField(
        _("institution"), max_length=200, blank=True, help_text=_("When the person does not come from an agency.")
    )
    name = models.CharField(_("name"), max_length=150)
    position = models.CharField(_("position"), max_length=200, blank=True)
    invited = models.BooleanField(_("invited"), default=True)

    class Meta:
        ordering = ["meeting", "pk"]
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")

    def __str__(self):
        return self.name

    def audit_government_id(self):
        return self.meeting.government_id


class Decision(models.Model):
    """A decision (kesimpulan/keputusan) of a meeting; it creates one follow-up or more."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="decisions")
    agenda_item = models.ForeignKey(
        AgendaItem, verbose_name=_("agenda item"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    order = models.PositiveSmallIntegerField(default=0)
    text = models.TextField(_("decision"))

    class Meta:
        ordering = ["meeting", "order", "pk"]
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")

    def __str__(self):
        return self.text[:80]

    def audit_government_id(self):
        return self.meeting.government_id


class FollowUp(models.Model):
    """What an agency must do because of a decision, by when; open → in progress → done (evidence) or dropped."""

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        IN_PROGRESS = "in_progress", _("In progress")
        DONE = "done", _("Done")
        DROPPED = "dropped", _("Dropped")

    decision = models.ForeignKey(Decision, on_delete=models.CASCADE, related_name="follow_ups")
    government = models.ForeignKey(Government, on_delete=models.PROTECT, related_name="follow_ups")
    agency = models.ForeignKey(Agency, verbose_name=_("owner agency"), on_delete=models.PROTECT, related_name="+")
    description = models.TextField(_("what is to be done"))
    due_on = models.DateField(_("due date"))
    status = models.CharField(_("status"), max_length=12, choices=Status, default=Status.OPEN)
    done_on = models.DateField(_("done on"), null=True, blank=True)
    result = models.TextField(_("result"), blank=True)
    dropped_reason = models.TextField(_("reason for dropping"), blank=True)
    actions = models.ManyToManyField(Action, verbose_name=_("RAD actions"), blank=True, related_name="follow_ups")
    reports = models.ManyToManyField(
        "reporting.Report", verbose_name=_("reports"), blank=True, related_name="follow_ups"
    )
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    # Government-wide roles and observers read all; agency roles their own agency's; area operators those owned by
    # an agency located in their area (a kelurahan or kecamatan office).
    scope_paths = ScopePaths(agency="agency", region="agency__region")

    class Meta:
        ordering = ["due_on", "pk"]
        verbose_name = _("follow-up")
        verbose_name_plural = _("follow-ups")
        indexes = [models.Index(fields=["government", "status", "due_on"], name="follow_up_open_idx")]

    def __str__(self):
        return self.description[:80]


class FollowUpEvidence(StoredFile):
    """A file proving a follow-up was done."""

    follow_up = models.ForeignKey(FollowUp, on_delete=models.CASCADE, related_name="evidence")
    file = models.FileField(upload_to=coordination_file_path)

    class Meta(StoredFile.Meta):
        verbose_name = _("follow-up evidence")
        verbose_name_plural = _("follow-up evidence")

    def government_region_code(self):
        return self.follow_up.government.region_id

    def audit_government_id(self):
        return self.follow_up.government_id
