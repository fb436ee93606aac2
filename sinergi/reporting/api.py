from datetime import date, datetime
from decimal import Decimal
from uuid import UUID

from django.core.exceptions import ValidationError
from django.http import HttpResponse
from ninja import File, Form, Query, Router, Schema, Status
from ninja.files import UploadedFile
from ninja.pagination import paginate
from pydantic import Field

from sinergi.core.api import error_response
from sinergi.core.apitypes import Id, Int, LimitOffset, Text
from sinergi.documents.engine import FORMATS
from sinergi.organizations.models import Agency
from sinergi.organizations.rules import require_manage_government
from sinergi.planning.selectors import plan_get
from sinergi.reporting import archive, rules, selectors, services
from sinergi.reporting.models import Evidence, GeneratedDocument, PeriodKind, ReportStatus

router = Router(tags=["pelaporan"])


class PeriodOut(Schema):
    id: int
    government_id: int
    plan_id: int
    year: int
    kind: str
    number: int
    code: str
    label: str
    starts_on: date
    ends_on: date
    due_on: date
    status: str


class PeriodIn(Schema):
    plan: Id
    year: int = Field(ge=2000, le=2100)
    number: int = Field(ge=1, le=4)
    kind: PeriodKind = PeriodKind.SEMESTER
    due_on: date | None = None


class ReportReasonIn(Schema):
    reason: Text = Field(min_length=1, max_length=2000)


class ExtensionIn(Schema):
    agency: Id
    due_on: date
    reason: Text = Field(min_length=1, max_length=2000)


class CompletenessRow(Schema):
    agency_id: int | None
    agency: str | None
    expected: int
    submitted: int = Field(description="Submitted, approved by the agency head or approved (returned ones are not).")
    approved: int
    returned: int = Field(description="Returned to the agency for correction; not counted as submitted.")
    on_time: int
    late: int
    missing: int
    due_on: date | None


class CompletenessOut(Schema):
    period_id: int
    total: CompletenessRow
    agencies: list[CompletenessRow]


class ValueOut(Schema):
    indicator_id: int
    indicator: str = Field(alias="indicator.name")
    unit: str = Field(alias="indicator.unit")
    value: Decimal | None
    source: str = Field(alias="indicator.source")
    computed: Decimal | None = Field(description="For a computed indicator: what the records gave at the last save.")
    override_reason: str
    overridden: bool = Field(alias="is_overridden")


class ReportEvidenceOut(Schema):
    id: UUID = Field(alias="public_id")
    name: str
    kind: str
    content_type: str
    size: int
    uploaded_at: datetime
    download_url: str

    @staticmethod
    def resolve_download_url(obj):
        return f"/bukti/{obj.public_id}/"


class ReportDocumentOut(Schema):
    id: UUID = Field(alias="public_id")
    period_id: int
    format: str
    draft: bool
    status: str
    progress: int
    error: str
    filename: str
    size: int
    requested_by: str
    requested_at: datetime
    finished_at: datetime | None
    download_url: str | None

    @staticmethod
    def resolve_requested_by(obj):
        return obj.requested_by.username

    @staticmethod
    def resolve_download_url(obj):
        return f"/laporan/dokumen/{obj.public_id}/" if obj.status == GeneratedDocument.Status.DONE else None


class ReportOut(Schema):
    id: int
    public_id: UUID
    period_id: int
    action_id: int
    action: str = Field(alias="action.title")
    agency_id: int
    agency: str = Field(alias="agency.name")
    status: str
    budget_realised: Decimal | None
    narrative: str
    obstacles: str
    follow_up: str
    first_submitted_at: datetime | None
    submitted_at: datetime | None
    approved_at: datetime | None
    version: int
    values: list[ValueOut] = Field(alias="values.all")
    evidence: list[ReportEvidenceOut] = Field(alias="evidence.all")


class ReportPatch(Schema):
    values: dict[int, Decimal | None] | None = Field(None, description="Realised value per indicator id.")
    override_reasons: dict[int, str] | None = Field(
        None, description="Why a computed indicator's value differs from the records, per indicator id."
    )
    confirm: list[Id] | None = Field(None, description="Computed indicators whose computed value you take.")
    budget_realised: Decimal | None = Field(None, ge=0, max_digits=15, decimal_places=0)
    narrative: Text | None = Field(None, max_length=10_000)
    obstacles: Text | None = Field(None, max_length=10_000)
    follow_up: Text | None = Field(None, max_length=10_000)
    version: Int | None = Field(None, description="The version you read; a newer one answers 409.")


class RecordOut(Schema):
    on: date | None
    title: str
    amount: int | None
    url: str | None


class ComputedOut(Schema):
    indicator_id: int
    indicator: str
    source: str
    source_filter: dict
    description: str
    computed: Decimal | None
    value: Decimal | None
    override_reason: str
    differs: bool
    count: int
    records: list[RecordOut]
    records_url: str | None


class ReturnIn(Schema):
    reason: Text = Field(min_length=1, max_length=2000)
    field_comments: dict[str, str] = {}


class BulkApproveIn(Schema):
    ids: list[Int] = Field(min_length=1, max_length=500)


class ReportFilters(Schema):
    period: Id | None = None
    status: ReportStatus | None = None
    agency: Id | None = None


def _conflict(request, exc):
    return error_response(request, 409, "conflict", exc.message)


def _row(row) -> dict:
    return {
        "agency_id": row.agency.pk if row.agency else None,
        "agency": row.agency.name if row.agency else None,
        "expected": row.expected,
        "submitted": row.submitted,
        "approved": row.approved,
        "returned": row.returned,
        "on_time": row.on_time,
        "late": row.late,
        "missing": row.missing,
        "due_on": row.due_on,
    }


# --- periods -------------------------------------------------------------------------------------------------


@router.get("/periods", response=list[PeriodOut], summary="Reporting periods I may see")
@paginate(LimitOffset)
def list_periods(request, government: Id | None = None):
    return selectors.period_list(user=request.auth, government_id=government)


@router.post("/periods", response={201: PeriodOut}, summary="Open a reporting period")
def open_period(request, payload: PeriodIn):
    plan = plan_get(user=request.auth, pk=payload.plan)
    require_manage_government(request.auth, plan.government_id)
    period = services.period_open(
        plan=plan, year=payload.year, number=payload.number, kind=payload.kind, due_on=payload.due_on, by=request.auth
    )
    return Status(201, period)


@router.get("/periods/{period_id}", response=PeriodOut, summary="One period")
def get_period(request, period_id: Id):
    return selectors.period_get(user=request.auth, pk=period_id)


@router.post("/periods/{period_id}/close", response=PeriodOut, summary="Close a period (locks every report)")
def close_period(request, period_id: Id):
    period = selectors.period_get(user=request.auth, pk=period_id)
    require_manage_government(request.auth, period.government_id)
    services.period_close(period=period, by=request.auth)
    return period


@router.post("/periods/{period_id}/reopen", response=PeriodOut, summary="Reopen a closed period")
def reopen_period(request, period_id: Id, payload: ReportReasonIn):
    period = selectors.period_get(user=request.auth, pk=period_id)
    require_manage_government(request.auth, period.government_id)
    services.period_reopen(period=period, by=request.auth, reason=payload.reason)
    return period


@router.post("/periods/{period_id}/lock", response=PeriodOut, summary="Lock a closed period for good")
def lock_period(request, period_id: Id):
    period = selectors.period_get(user=request.auth, pk=period_id)
    require_manage_government(request.auth, period.government_id)
    services.period_lock(period=period, by=request.auth)
    return period


@router.post("/periods/{period_id}/extensions", response={201: dict}, summary="Extend the deadline for one agency")
def extend_deadline(request, period_id: Id, payload: ExtensionIn):
    period = selectors.period_get(user=request.auth, pk=period_id)
    require_manage_government(request.auth, period.government_id)
    agency = Agency.objects.filter(pk=payload.agency, government_id=period.government_id).first()
    if agency is None:
        raise ValidationError({"agency": ["Perangkat daerah tidak dikenal di pemerintah daerah ini."]})
    extension = services.deadline_extend(
        period=period, agency=agency, due_on=payload.due_on, reason=payload.reason, by=request.auth
    )
    return Status(201, {"agency": agency.pk, "due_on": extension.due_on.isoformat()})


@router.get("/periods/{period_id}/completeness", response=CompletenessOut, summary="Who has reported")
def completeness(request, period_id: Id):
    period = selectors.period_get(user=request.auth, pk=period_id)
    reports = selectors.report_queryset(user=request.auth, period=period).prefetch_related(None)
    rows, total = selectors.period_completeness(period=period, reports=reports)
    return {"period_id": period.pk, "total": _row(total), "agencies": [_row(r) for r in rows]}


@router.get("/periods/{period_id}/achievement", response=dict, summary="Achievement per field, agency, government")
def period_achievement(request, period_id: Id, approved_only: bool = False):
    period = selectors.period_get(user=request.auth, pk=period_id)
    reports = list(selectors.report_queryset(user=request.auth, period=period))
    result = selectors.period_achievement(period=period, reports=reports, approved_only=approved_only)
    return {
        "government": result.government,
        "by_field": {str(f): p for f, p in result.by_field.items()},
        "by_agency": {a.name: p for a, p in result.by_agency.items()},
        "actions": [
            {
                "report_id": a.report.pk,
                "action": a.report.action.title,
                "percent": a.percent,
                "indicators": [
                    {
                        "indicator_id": i.pk,
                        "name": i.name,
                        "target": r.target,
                        "realised": r.realised,
                        "percent": r.percent,
                        "exceeded": r.exceeded,
                    }
                    for i, r in a.indicators
                ],
            }
            for a in result.actions
        ],
    }


# --- the consolidated report and its archive -----------------------------------------------------------------


def _document_endpoint(fmt: str):
    """Register the download of the consolidated report in one format."""
    content_type = FORMATS[fmt].content_type

    def download(request, period_id: Id, draft: bool = False):
        period = selectors.period_get(user=request.auth, pk=period_id)
        rules.require(rules.can_generate_documents(request.auth, period.government_id))
        document = archive.document_request(period=period, fmt=fmt, draft=draft, by=request.auth, sync=True)
        if document.status != GeneratedDocument.Status.DONE:
            return error_response(request, 500, "generation_failed", document.error)
        with document.file.open("rb") as file:
            response = HttpResponse(file.read(), content_type=content_type)
        response["Content-Disposition"] = f'attachment; filename="{document.filename}"'
        return response

    download.__name__ = f"period_document_{fmt}"
    download.__doc__ = (
        f"The period's consolidated report as {fmt.upper()}, generated now and archived: approved reports only, "
        "or with `draft=true` every report, watermarked as a draft."
    )
    binary = {"content": {content_type: {"schema": {"type": "string", "format": "binary"}}}}
    router.get(
        f"/periods/{{period_id}}/document.{fmt}",
        summary=f"Consolidated report ({fmt.upper()})",
        openapi_extra={"responses": {200: {"description": "The document", **binary}}},
    )(download)


for _fmt in FORMATS:
    _document_endpoint(_fmt)


@router.get("/periods/{period_id}/documents", response=list[ReportDocumentOut], summary="The period's document archive")
@paginate(LimitOffset)
def list_documents(request, period_id: Id):
    period = selectors.period_get(user=request.auth, pk=period_id)
    rules.require(rules.can_generate_documents(request.auth, period.government_id))
    return selectors.documents_of(period=period)


@router.get(
    "/documents/{document_id}", response=ReportDocumentOut, summary="A generated document or job: status, progress"
)
def get_document(request, document_id: UUID):
    document = selectors.document_get(user=request.auth, pk=document_id)
    rules.require(rules.can_download_document(request.auth, document))
    return document


# --- reports -------------------------------------------------------------------------------------------------


@router.get("/reports", response=list[ReportOut], summary="Reports I may see")
@paginate(LimitOffset)
def list_reports(request, filters: Query[ReportFilters]):
    qs = selectors.report_queryset(user=request.auth)
    if filters.period:
        qs = qs.filter(period_id=filters.period)
    if filters.status:
        qs = qs.filter(status=filters.status)
    if filters.agency:
        qs = qs.filter(agency_id=filters.agency)
    return qs


@router.post("/reports/approve", response=dict, summary="Approve several reports at once")
def approve_many(request, payload: BulkApproveIn):
    reports = list(selectors.report_queryset(user=request.auth).filter(pk__in=payload.ids))
    found = {r.pk for r in reports}
    allowed = [r for r in reports if rules.can_review(request.auth, r)]
    approved, refused = services.reports_approve_many(reports=allowed, by=request.auth)
    return {
        "approved": [r.pk for r in approved],
        "refused": [{"id": r.pk, "message": m} for r, m in refused]
        + [
            {"id": r.pk, "message": "Peran Anda tidak dapat menyetujui laporan ini."}
            for r in reports
            if r not in allowed
        ]
        + [{"id": i, "message": "Tidak ditemukan."} for i in payload.ids if i not in found],
    }


@router.get("/reports/{report_id}", response=ReportOut, summary="One report")
def get_report(request, report_id: Id):
    return selectors.report_get(user=request.auth, pk=report_id)


@router.patch("/reports/{report_id}", response={200: ReportOut, 409: dict}, summary="Save a draft")
def save_report(request, report_id: Id, payload: ReportPatch):
    report = selectors.report_get(user=request.auth, pk=report_id)
    rules.require(rules.can_edit_report(request.auth, report))
    data = payload.dict(exclude_unset=True)
    version = data.pop("version", None)
    try:
        services.report_save(report=report, by=request.auth, expected_version=version, **data)
    except services.ConflictError as exc:
        return _conflict(request, exc)
    return selectors.report_get(user=request.auth, pk=report.pk)


@router.get("/reports/{report_id}/computed", response=list[ComputedOut], summary="Values computed from records")
def report_computed(request, report_id: Id):
    """For each indicator computed from records: what the records give now, the first records behind it and how
    many there are, beside the reported value and its reason for differing."""
    report = selectors.report_get(user=request.auth, pk=report_id)
    values = list(report.values.all())
    live = services.computed_values(report, values)
    return [
        {
            "indicator_id": v.indicator_id,
            "indicator": v.indicator.name,
            "source": v.indicator.source,
            "source_filter": v.indicator.source_filter,
            "description": live[v.indicator_id].description,
            "computed": live[v.indicator_id].value,
            "value": v.value,
            "override_reason": v.override_reason,
            "differs": v.value is not None and v.value != live[v.indicator_id].value,
            "count": live[v.indicator_id].count,
            "records": live[v.indicator_id].records,
            "records_url": live[v.indicator_id].url,
        }
        for v in values
        if v.indicator_id in live
    ]


def _step(request, report_id: Id, check, step):
    report = selectors.report_get(user=request.auth, pk=report_id)
    rules.require(check(request.auth, report))
    try:
        step(report)
    except services.ConflictError as exc:
        return _conflict(request, exc)
    return selectors.report_get(user=request.auth, pk=report.pk)


@router.post("/reports/{report_id}/submit", response={200: ReportOut, 409: dict}, summary="Submit a report")
def submit_report(request, report_id: Id):
    return _step(request, report_id, rules.can_edit_report, lambda r: services.report_submit(report=r, by=request.auth))


@router.post("/reports/{report_id}/head-approve", response={200: ReportOut, 409: dict}, summary="Agency head approves")
def head_approve_report(request, report_id: Id):
    return _step(
        request, report_id, rules.can_head_approve, lambda r: services.report_head_approve(report=r, by=request.auth)
    )


@router.post("/reports/{report_id}/return", response={200: ReportOut, 409: dict}, summary="Return with a reason")
def return_report(request, report_id: Id, payload: ReturnIn):
    return _step(
        request,
        report_id,
        rules.can_review,
        lambda r: services.report_return(
            report=r, by=request.auth, reason=payload.reason, field_comments=payload.field_comments
        ),
    )


@router.post("/reports/{report_id}/approve", response={200: ReportOut, 409: dict}, summary="Approve (locks it)")
def approve_report(request, report_id: Id):
    return _step(request, report_id, rules.can_review, lambda r: services.report_approve(report=r, by=request.auth))


@router.post("/reports/{report_id}/reopen", response={200: ReportOut, 409: dict}, summary="Reopen (secretariat)")
def reopen_report(request, report_id: Id, payload: ReportReasonIn):
    return _step(
        request,
        report_id,
        lambda user, report: rules.can_manage_periods(user, report.government_id),
        lambda r: services.report_reopen(report=r, by=request.auth, reason=payload.reason),
    )


@router.post("/reports/{report_id}/evidence", response={201: ReportEvidenceOut}, summary="Attach an evidence file")
def add_evidence(request, report_id: Id, kind: Form[Evidence.Kind], file: File[UploadedFile]):
    report = selectors.report_get(user=request.auth, pk=report_id)
    rules.require(rules.can_edit_report(request.auth, report))
    return Status(201, services.evidence_add(report=report, upload=file, kind=kind, by=request.auth))


@router.delete("/evidence/{evidence_id}", response={204: None}, summary="Remove an evidence file")
def delete_evidence(request, evidence_id: UUID):
    evidence = selectors.evidence_get(user=request.auth, pk=evidence_id)
    rules.require(rules.can_edit_report(request.auth, evidence.report))
    services.evidence_delete(evidence=evidence, by=request.auth)
    return Status(204, None)


@router.get("/reports/{report_id}/timeline", response=list[dict], summary="The report's workflow steps")
def report_timeline(request, report_id: Id):
    report = selectors.report_get(user=request.auth, pk=report_id)
    return [
        {
            "at": t.at.isoformat(),
            "by": str(t.by),
            "from": t.from_status,
            "to": t.to_status,
            "reason": t.reason,
            "field_comments": t.field_comments,
        }
        for t in selectors.transitions_of(report)
    ]
