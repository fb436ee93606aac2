import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from sinergi.core import formatting
from sinergi.core.models import EvidenceKind, StoredFile
from sinergi.core.scope import ScopePaths
from sinergi.organizations.models import Agency, Government
from sinergi.planning.models import Action, Indicator, RegionalPlan


class Holiday(models.Model):
    """A national holiday or joint leave day (libur nasional, cuti bersama), skipped when counting working days."""

    class Kind(models.TextChoices):
        NATIONAL = "libur_nasional", _("National holiday")
        JOINT_LEAVE = "cuti_bersama", _("Joint leave (cuti bersama)")

    date = models.DateField(_("date"))
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind)
    source = models.CharField(_("source"), max_length=300, blank=True)

    class Meta:
        ordering = ["date"]
        verbose_name = _("holiday")
        verbose_name_plural = _("holidays")
        constraints = [models.UniqueConstraint(fields=["date", "name"], name="holiday_unique")]

    def __str__(self):
        return f"{self.date} {self.name}"


class ReportingConfig(models.Model):
    """How a government runs its reporting: deadlines, reminders, escalation and the agency-head step."""

    government = models.OneToOneField(Government, on_delete=models.CASCADE, related_name="reporting_config")
    due_working_days = models.PositiveSmallIntegerField(
        _("working days after the period ends"), default=10, help_text=_("The default due date of a period.")
    )
    remind_days_before = models.PositiveSmallIntegerField(_("reminder, days before the due date"), default=3)
    escalate_after_days = models.PositiveSmallIntegerField(
        _("escalate to the head and the secretariat after (days overdue)"), default=3
    )
    head_approval_required = models.BooleanField(_("agency heads approve reports before the review"), default=False)
    webhook_url = models.URLField(_("webhook URL"), blank=True)
    webhook_secret = models.CharField(_("webhook secret"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("reporting settings")
        verbose_name_plural = _("reporting settings")

    def __str__(self):
        return str(self.government)

    def audit_government_id(self):
        return self.government_id


class PeriodKind(models.TextChoices):
    SEMESTER = "semester", _("Semester")
    QUARTER = "quarter", _("Quarter")


class PeriodStatus(models.TextChoices):
    OPEN = "open", _("Open")
    CLOSED = "closed", _("Closed")
    LOCKED = "locked", _("Locked")


class Period(models.Model):
    """A reporting period of a government's fiscal year: semester I ("B06"), semester II ("B12") or a quarter."""

    government = models.ForeignKey(Government, on_delete=models.PROTECT, related_name="periods")
    plan = models.ForeignKey(
        RegionalPlan, verbose_name=_("plan"), on_delete=models.PROTECT, related_name="reporting_periods"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    kind = models.CharField(_("kind"), max_length=10, choices=PeriodKind, default=PeriodKind.SEMESTER)
    number = models.PositiveSmallIntegerField(_("number"))
    starts_on = models.DateField(_("starts"))
    ends_on = models.DateField(_("ends"))
    due_on = models.DateField(_("due date"))
    status = models.CharField(_("status"), max_length=10, choices=PeriodStatus, default=PeriodStatus.OPEN)
    introduction = models.TextField(
        _("introduction of the consolidated report"),
        blank=True,
        help_text=_("Leave empty for a default paragraph. Separate paragraphs with an empty line."),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    scope_paths = ScopePaths(members_see_all=True)

    class Meta:
        ordering = ["government_id", "-year", "-kind", "-number"]
        verbose_name = _("reporting period")
        verbose_name_plural = _("reporting periods")
        constraints = [
            models.UniqueConstraint(fields=["government", "year", "kind", "number"], name="period_unique"),
            models.CheckConstraint(condition=models.Q(ends_on__gte=models.F("starts_on")), name="period_dates"),
        ]

    def __str__(self):
        return formatting.period_name(self.year, self.number, self.kind)

    @property
    def code(self) -> str:
        """B06/B12 for semesters (the month the report is due for), T1–T4 for quarters."""
        if self.kind == PeriodKind.SEMESTER:
            return f"B{6 * self.number:02d}"
        return f"T{self.number}"

    @property
    def label(self) -> str:
        return formatting.period_name(self.year, self.number, self.kind).rsplit(" ", 1)[0]

    @property
    def plan_period(self) -> int:
        """The period number the plan's targets use (the plan's periods are of the same kind)."""
        return self.number

    @property
    def is_open(self) -> bool:
        return self.status == PeriodStatus.OPEN


class DeadlineExtension(models.Model):
    """A later due date for one agency in one period, granted by the secretariat with a reason."""

    period = models.ForeignKey(Period, on_delete=models.CASCADE, related_name="extensions")
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    due_on = models.DateField(_("new due date"))
    reason = models.TextField(_("reason"))
    granted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    granted_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("deadline extension")
        verbose_name_plural = _("deadline extensions")
        constraints = [models.UniqueConstraint(fields=["period", "agency"], name="extension_unique")]

    def __str__(self):
        return f"{self.agency}: {self.due_on}"

    def audit_government_id(self):
        return self.period.government_id


class ReportStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    HEAD_APPROVED = "head_approved", _("Approved by the agency head")
    RETURNED = "returned", _("Returned")
    APPROVED = "approved", _("Approved")


class Report(models.Model):
    """The realisation report (laporan realisasi) of one action for one period."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    period = models.ForeignKey(Period, on_delete=models.CASCADE, related_name="reports")
    action = models.ForeignKey(Action, on_delete=models.PROTECT, related_name="reports")
    government = models.ForeignKey(Government, on_delete=models.PROTECT, related_name="+")
    agency = models.ForeignKey(Agency, verbose_name=_("agency"), on_delete=models.PROTECT, related_name="reports")
    status = models.CharField(_("status"), max_length=15, choices=ReportStatus, default=ReportStatus.DRAFT)
    budget_realised = models.DecimalField(
        _("budget realised (Rp)"), max_digits=15, decimal_places=0, null=True, blank=True
    )
    narrative = models.TextField(_("what was done (uraian)"), blank=True)
    obstacles = models.TextField(_("obstacles (kendala)"), blank=True)
    follow_up = models.TextField(_("follow-up (tindak lanjut)"), blank=True)
    first_submitted_at = models.DateTimeField(null=True, blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    approved_at = models.DateTimeField(null=True, blank=True)
    # What the reviewer last saw, so a resubmission can show what changed since.
    reviewed_snapshot = models.JSONField(null=True, blank=True)
    version = models.PositiveIntegerField(default=1)
    updated_at = models.DateTimeField(auto_now=True)

    scope_paths = ScopePaths(agency="agency", region="agency__region")

    class Meta:
        ordering = ["period", "action__field__order", "action__order", "pk"]
        verbose_name = _("report")
        verbose_name_plural = _("reports")
        constraints = [models.UniqueConstraint(fields=["period", "action"], name="report_unique")]
        indexes = [
            models.Index(fields=["period", "status"], name="report_period_status_idx"),
            models.Index(fields=["period", "agency"], name="report_period_agency_idx"),
        ]

    def __str__(self):
        return f"{self.action} — {self.period}"

    @property
    def is_locked(self) -> bool:
        return self.status == ReportStatus.APPROVED or self.period.status != PeriodStatus.OPEN


class ReportValue(models.Model):
    """The realised value of one indicator in one report."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="values")
    indicator = models.ForeignKey(Indicator, on_delete=models.PROTECT, related_name="report_values")
    value = models.DecimalField(_("realised"), max_digits=15, decimal_places=2, null=True, blank=True)
    # For indicators computed from programme records: the value the records gave when the operator confirmed or
    # overrode it, and the reason when the reported value differs from it.
    computed = models.DecimalField(_("computed"), max_digits=15, decimal_places=2, null=True, blank=True)
    override_reason = models.TextField(_("reason for overriding the computed value"), blank=True)

    class Meta:
        verbose_name = _("realised value")
        verbose_name_plural = _("realised values")
        constraints = [models.UniqueConstraint(fields=["report", "indicator"], name="report_value_unique")]

    def __str__(self):
        return f"{self.indicator}: {self.value}"

    @property
    def is_overridden(self) -> bool:
        """The reported value differs from the one computed from records when it was last saved or submitted."""
        return self.computed is not None and self.value is not None and self.value != self.computed


def evidence_path(instance, filename):
    return f"evidence/{instance.report.government.region_id}/{uuid.uuid4().hex}"


class Evidence(StoredFile):
    """A file that proves what a report says: a photo, attendance list, minutes, decree, letter or report."""

    Kind = EvidenceKind

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="evidence")
    file = models.FileField(upload_to=evidence_path)

    class Meta(StoredFile.Meta):
        verbose_name = _("evidence")
        verbose_name_plural = _("evidence")

    def audit_government_id(self):
        return self.report.government_id


class ReportTransition(models.Model):
    """One step of a report's workflow: who moved it from which status to which, when and why."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="transitions")
    from_status = models.CharField(max_length=15, choices=ReportStatus)
    to_status = models.CharField(max_length=15, choices=ReportStatus)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(auto_now_add=True)
    reason = models.TextField(blank=True)
    # Comments per field when a report is returned: {"narrative": "…", "value:12": "…"}.
    field_comments = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = _("report transition")
        verbose_name_plural = _("report transitions")

    def __str__(self):
        return f"{self.from_status} → {self.to_status}"


def generated_document_path(instance, filename):
    return f"documents/{instance.period.government.region_id}/{uuid.uuid4().hex}.{instance.format}"


class GeneratedDocument(models.Model):
    """An archived consolidated report (laporan pelaksanaan) of a period, or the job that is generating it."""

    class Format(models.TextChoices):
        XLSX = "xlsx", "XLSX"
        PDF = "pdf", "PDF"
        DOCX = "docx", "DOCX"

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Generating")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    period = models.ForeignKey(Period, on_delete=models.PROTECT, related_name="documents")
    format = models.CharField(_("format"), max_length=5, choices=Format)
    draft = models.BooleanField(_("draft"), default=False)
    file = models.FileField(upload_to=generated_document_path, blank=True)
    filename = models.CharField(_("file name"), max_length=200, blank=True)
    size = models.PositiveIntegerField(_("size"), default=0)
    status = models.CharField(_("status"), max_length=10, choices=Status, default=Status.QUEUED)
    progress = models.PositiveSmallIntegerField(_("progress"), default=0)
    error = models.TextField(_("error"), blank=True)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    requested_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    scope_paths = ScopePaths(government="period__government", members_see_all=True)

    class Meta:
        ordering = ["-requested_at", "-pk"]
        verbose_name = _("generated document")
        verbose_name_plural = _("generated documents")
        indexes = [models.Index(fields=["status", "requested_at"], name="document_status_idx")]

    def __str__(self):
        return f"{self.period} ({self.format}{', draft' if self.draft else ''})"

    def audit_government_id(self):
        return self.period.government_id
