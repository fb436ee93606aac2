"""Pages of the reporting app: periods and their board, the review queue, the report form, evidence downloads."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from sinergi.core.files import download
from sinergi.core.pages import apply_errors, current_government, flash_errors, form_page
from sinergi.core.scope import scope_for
from sinergi.organizations.rules import require_manage_government
from sinergi.reporting import archive, rules, selectors, services
from sinergi.reporting.forms import DocumentRequestForm, EvidenceForm, ExtensionForm, IntroductionForm, PeriodOpenForm
from sinergi.reporting.models import GeneratedDocument, ReportStatus


@login_required
def period_list(request):
    government = current_government(request)
    return render(
        request,
        "reporting/period_list.html",
        {
            "periods": selectors.period_list(user=request.user, government_id=government.pk),
            "can_manage": scope_for(request.user).can_manage(government.pk),
            "active_nav": "reports",
            "breadcrumbs": [(_("Reports"), None)],
        },
    )


@login_required
def period_open(request):
    government = current_government(request)
    require_manage_government(request.user, government.pk)
    form = PeriodOpenForm(request.POST or None, government=government)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            period = services.period_open(
                plan=data["plan"], year=data["year"], number=data["number"], kind=data["kind"], due_on=data["due_on"],
                by=request.user,
            )  # fmt: skip
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(
                request,
                _("%(period)s is open: %(count)s reports to fill in.")
                % {"period": period, "count": period.reports.count()},
            )
            return redirect("reporting:period_detail", pk=period.pk)
    return form_page(
        request,
        form,
        title=_("Open a reporting period"),
        cancel_url=reverse("reporting:period_list"),
        nav="reports",
        crumbs=[(_("Reports"), reverse("reporting:period_list")), (_("Open a period"), None)],
    )


@login_required
def period_detail(request, pk: int):
    period = selectors.period_get(user=request.user, pk=pk)
    reports = list(selectors.report_queryset(user=request.user, period=period))
    for report in reports:
        report.period = period
    rows, total = selectors.period_completeness(period=period, reports=reports)
    status = request.GET.get("status", "")
    shown = [r for r in reports if not status or r.status == status]
    reviewer = rules.can_review(request.user, period.government_id)
    waiting = (
        {ReportStatus.HEAD_APPROVED}
        if services.config_for(period.government).head_approval_required
        else {ReportStatus.SUBMITTED, ReportStatus.HEAD_APPROVED}
    )
    achievement = selectors.period_achievement(period=period, reports=reports)
    can_manage = scope_for(request.user).can_manage(period.government_id)
    can_generate = rules.can_generate_documents(request.user, period.government_id)
    return render(
        request,
        "reporting/period_detail.html",
        {
            "period": period,
            "reports": shown,
            "rows": rows,
            "total": total,
            "status": status,
            "statuses": ReportStatus.choices,
            "queue": [r for r in reports if r.status in waiting] if reviewer else [],
            "reviewer": reviewer,
            "achievement": achievement,
            "percent_by_report": {a.report.pk: a.percent for a in achievement.actions},
            "can_manage": can_manage,
            "extension_form": ExtensionForm(period=period) if can_manage else None,
            "extensions": period.extensions.select_related("agency"),
            "can_generate": can_generate,
            "documents": selectors.documents_of(period=period) if can_generate else [],
            "formats": GeneratedDocument.Format.choices,
            "introduction_form": IntroductionForm(initial={"introduction": period.introduction})
            if can_manage
            else None,
            "active_nav": "reports",
            "breadcrumbs": [(_("Reports"), reverse("reporting:period_list")), (str(period), None)],
        },
    )


PERIOD_STEPS = {
    "close": lambda period, by, data: services.period_close(period=period, by=by),
    "reopen": lambda period, by, data: services.period_reopen(period=period, by=by, reason=data.get("reason", "")),
    "lock": lambda period, by, data: services.period_lock(period=period, by=by),
}


@login_required
@require_POST
def period_step(request, pk: int, step: str):
    period = selectors.period_get(user=request.user, pk=pk)
    require_manage_government(request.user, period.government_id)
    if step == "extend":
        form = ExtensionForm(request.POST, period=period)
        if form.is_valid():
            try:
                services.deadline_extend(period=period, by=request.user, **form.cleaned_data)
                messages.success(request, _("Deadline extended."))
            except ValidationError as exc:
                flash_errors(request, exc)
        else:
            messages.error(request, _("Choose the agency, a later date and give a reason."))
    elif step in PERIOD_STEPS:
        try:
            PERIOD_STEPS[step](period, request.user, request.POST)
            messages.success(request, _("The period is now: %(status)s.") % {"status": period.get_status_display()})
        except ValidationError as exc:
            flash_errors(request, exc)
    else:
        raise Http404
    return redirect("reporting:period_detail", pk=period.pk)


@login_required
@require_POST
def period_introduction(request, pk: int):
    """Save the introduction of the period's consolidated report (secretariat)."""
    period = selectors.period_get(user=request.user, pk=pk)
    require_manage_government(request.user, period.government_id)
    form = IntroductionForm(request.POST)
    if form.is_valid():
        text = form.cleaned_data["introduction"]
        archive.period_introduction_update(period=period, introduction=text, by=request.user)
        messages.success(request, _("Introduction saved."))
    else:
        flash_errors(request, ValidationError(form.errors.get("introduction")))
    return redirect(reverse("reporting:period_detail", args=[period.pk]) + "#dokumen")


@login_required
@require_POST
def document_request(request, pk: int):
    """Generate the consolidated report now, or queue it for a large government."""
    period = selectors.period_get(user=request.user, pk=pk)
    rules.require(rules.can_generate_documents(request.user, period.government_id))
    form = DocumentRequestForm(request.POST)
    if not form.is_valid():
        raise Http404
    document = archive.document_request(
        period=period, fmt=form.cleaned_data["format"], draft=form.cleaned_data["draft"], by=request.user
    )
    if document.status == GeneratedDocument.Status.DONE:
        messages.success(request, _("The document is ready: %(name)s.") % {"name": document.filename})
    elif document.status == GeneratedDocument.Status.FAILED:
        messages.error(request, _("The document could not be generated: %(error)s") % {"error": document.error})
    else:
        messages.success(request, _("The document is being generated; this page shows its progress."))
    return redirect(reverse("reporting:period_detail", args=[period.pk]) + "#dokumen")


@login_required
def document_download(request, pk):
    """An archived consolidated report, for those who may see its period (a draft: those who may generate it)."""
    document = selectors.document_get(user=request.user, pk=pk)
    rules.require(rules.can_download_document(request.user, document))
    if document.status != GeneratedDocument.Status.DONE:
        raise Http404
    return download(document.file, name=document.filename)


@login_required
@require_POST
def approve_many(request, pk: int):
    period = selectors.period_get(user=request.user, pk=pk)
    rules.require(rules.can_review(request.user, period.government_id))
    ids = [i for i in request.POST.getlist("report") if i.isdigit()]
    reports = list(selectors.report_queryset(user=request.user, period=period).filter(pk__in=ids))
    approved, refused = services.reports_approve_many(reports=reports, by=request.user)
    if approved:
        messages.success(request, _("%(count)s reports approved.") % {"count": len(approved)})
    for report, message in refused:
        messages.error(request, f"{report.action.title}: {message}")
    return redirect("reporting:period_detail", pk=period.pk)


@login_required
def report_detail(request, pk: int):
    report = selectors.report_get(user=request.user, pk=pk)
    editable = rules.can_edit_report(request.user, report)
    reviewer = rules.can_review(request.user, report) and report.status in (
        ReportStatus.SUBMITTED, ReportStatus.HEAD_APPROVED
    )  # fmt: skip
    evidence_form = EvidenceForm()
    if request.method == "POST" and request.POST.get("form") == "values":
        rules.require(editable)
        return _save_values(request, report)
    if request.method == "POST" and editable:
        evidence_form = EvidenceForm(request.POST, request.FILES)
        if evidence_form.is_valid():
            try:
                services.evidence_add(
                    report=report, upload=evidence_form.cleaned_data["file"], kind=evidence_form.cleaned_data["kind"],
                    by=request.user,
                )  # fmt: skip
            except ValidationError as exc:
                apply_errors(evidence_form, exc)
            else:
                messages.success(request, _("Evidence attached."))
                return redirect("reporting:report_detail", pk=report.pk)
    achievement = selectors.period_achievement(period=report.period, reports=[report]).actions[0]
    live = services.computed_values(report, list(report.values.all()))
    for value in report.values.all():
        value.live = live.get(value.indicator_id)
    transitions = list(selectors.transitions_of(report))
    last_return = next((t for t in reversed(transitions) if t.to_status == ReportStatus.RETURNED), None)
    return render(
        request,
        "reporting/report_detail.html",
        {
            "report": report,
            "editable": editable,
            "reviewer": reviewer,
            "can_head_approve": rules.can_head_approve(request.user, report),
            "can_reopen": scope_for(request.user).can_manage(report.government_id)
            and report.status != ReportStatus.DRAFT,
            "achievement": achievement,
            "changed": selectors.changes_since_review(report) if reviewer else [],
            "transitions": transitions,
            "last_return": last_return,
            "evidence_form": evidence_form,
            "due_on": services.due_date_for(report),
            "active_nav": "reports",
            "breadcrumbs": [
                (_("Reports"), reverse("reporting:period_list")),
                (str(report.period), reverse("reporting:period_detail", args=[report.period_id])),
                (report.action.title[:60], None),
            ],
        },
    )


def _save_values(request, report):
    """The report form posted without JavaScript, or a computed value confirmed (``confirm`` = indicator id)."""
    post = request.POST
    ids = [str(v.indicator_id) for v in report.values.all()]
    version = post.get("version", "")
    try:
        services.report_save(
            report=report,
            by=request.user,
            expected_version=int(version) if version.isdigit() else None,
            values={i: post[f"value_{i}"] for i in ids if f"value_{i}" in post},
            override_reasons={i: post[f"reason_{i}"] for i in ids if f"reason_{i}" in post},
            confirm=[post["confirm"]] if post.get("confirm") else [],
            **{name: post[name] for name in ("budget_realised", *services.REPORT_TEXT_FIELDS) if name in post},
        )
    except services.ConflictError as exc:
        messages.error(request, exc.message)
    except ValidationError as exc:
        flash_errors(request, exc)
    else:
        messages.success(request, _("Computed value confirmed.") if post.get("confirm") else _("Report saved."))
    return redirect("reporting:report_detail", pk=report.pk)


REPORT_STEPS = {
    "submit": (rules.can_edit_report, lambda r, by, data: services.report_submit(report=r, by=by)),
    "head_approve": (rules.can_head_approve, lambda r, by, data: services.report_head_approve(report=r, by=by)),
    "approve": (rules.can_review, lambda r, by, data: services.report_approve(report=r, by=by)),
    "return": (
        rules.can_review,
        lambda r, by, data: services.report_return(
            report=r,
            by=by,
            reason=data.get("reason", ""),
            field_comments={k[len("comment_") :]: v for k, v in data.items() if k.startswith("comment_")},
        ),
    ),
    "reopen": (
        lambda user, r: scope_for(user).can_manage(r.government_id),
        lambda r, by, data: services.report_reopen(report=r, by=by, reason=data.get("reason", "")),
    ),
}


@login_required
@require_POST
def report_step(request, pk: int, step: str):
    report = selectors.report_get(user=request.user, pk=pk)
    if step not in REPORT_STEPS:
        raise Http404
    check, run = REPORT_STEPS[step]
    rules.require(check(request.user, report))
    try:
        run(report, request.user, request.POST)
    except services.ConflictError as exc:
        messages.error(request, exc.message)
    except ValidationError as exc:
        flash_errors(request, exc)
    else:
        report.refresh_from_db()
        messages.success(request, _("The report is now: %(status)s.") % {"status": report.get_status_display()})
    return redirect("reporting:report_detail", pk=report.pk)


@login_required
@require_POST
def evidence_delete(request, pk):
    evidence = selectors.evidence_get(user=request.user, pk=pk)
    rules.require(rules.can_edit_report(request.user, evidence.report))
    report_id = evidence.report_id
    services.evidence_delete(evidence=evidence, by=request.user)
    messages.success(request, _("Evidence removed."))
    return redirect("reporting:report_detail", pk=report_id)


@login_required
def evidence_download(request, pk):
    """An evidence file, only for those who may see its report; served as an attachment with its checked type."""
    evidence = selectors.evidence_get(user=request.user, pk=pk)
    return download(evidence.file, name=evidence.name, content_type=evidence.content_type)
