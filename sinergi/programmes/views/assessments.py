"""Pages of the yearly vulnerability assessments (kawasan rawan narkoba) of kelurahan/desa and their thresholds."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from sinergi.core.lists import EXPORT_FORMATS, export_response, paginate
from sinergi.core.pages import apply_errors, current_government, form_page
from sinergi.core.scope import scope_for, subtree_q
from sinergi.organizations.forms import regions_of
from sinergi.organizations.models import Government
from sinergi.organizations.selectors import history_for
from sinergi.programmes import rules, selectors, services
from sinergi.programmes.forms import AssessmentForm, ThresholdsForm
from sinergi.programmes.models import MAIN_INDICATORS, MAX_SCORE, SUPPORTING_INDICATORS, VulnerabilityStatus
from sinergi.regions.models import Region

# From the most to the least vulnerable: a move up this list is a worsening.
SEVERITY = {VulnerabilityStatus.BAHAYA: 3, VulnerabilityStatus.WASPADA: 2, VulnerabilityStatus.SIAGA: 1}


def change_from(previous: str | None, status: str) -> str:
    """ "new", "worse", "better" or "same" compared with the year before."""
    if previous is None:
        return "new"
    before, now = SEVERITY.get(previous, 0), SEVERITY.get(status, 0)
    return "worse" if now > before else "better" if now < before else "same"


def change_label(change: str, previous: str | None) -> str:
    labels = {
        "new": _("no assessment the year before"),
        "worse": _("worse (was %(status)s)"),
        "better": _("better (was %(status)s)"),
        "same": _("unchanged"),
    }
    return labels[change] % {"status": VulnerabilityStatus(previous).label} if previous else labels[change]


def _with_change(rows):
    rows = list(rows)
    previous = selectors.previous_statuses(rows)
    for row in rows:
        row.previous_status = previous[(row.region_id, row.year)]
        row.change = change_from(row.previous_status, row.status)
        row.change_label = change_label(row.change, row.previous_status)
    return rows


def _export_rows(assessments):
    """The rows with their change, computed in chunks so an export stays one query per 500 rows."""
    chunk = []
    for row in assessments.iterator(chunk_size=500):
        chunk.append(row)
        if len(chunk) == 500:
            yield from _with_change(chunk)
            chunk = []
    yield from _with_change(chunk)


def _status_label(assessment) -> str:
    return VulnerabilityStatus(assessment.previous_status).label if assessment.previous_status else ""


def assessment_columns():
    columns = [
        (_("Year"), lambda a: a.year),
        (_("Code"), lambda a: a.region_id),
        (_("Kelurahan/desa"), lambda a: a.region.name),
        (_("Kecamatan"), lambda a: a.region.parent.name if a.region.parent_id else ""),
        (_("Score"), lambda a: a.score),
        (_("Status"), lambda a: a.get_status_display()),
        (_("Status the year before"), _status_label),
        (_("Change"), lambda a: a.change_label),
        (_("Assessed on"), lambda a: a.assessed_on),
    ]
    for code, label in [*MAIN_INDICATORS.items(), *SUPPORTING_INDICATORS.items()]:
        columns.append((str(label), lambda a, code=code: (a.ratings.get(code) or {}).get("rating")))
    return columns


def assessable_regions(user, government):
    """The kelurahan/desa this user may assess: all of them for the secretariat and reviewers, else their area."""
    scope = scope_for(user)
    villages = regions_of(government).filter(level=4)
    if scope.can_manage(government.pk) or "reviewer" in scope.roles_in(government.pk):
        return villages
    areas = [area for g, area in scope.areas if g == government.pk]
    if not areas:
        return villages.none()
    condition = subtree_q("code", areas[0])
    for area in areas[1:]:
        condition |= subtree_q("code", area)
    return villages.filter(condition)


@login_required
def assessment_list(request):
    government = current_government(request)
    years = list(
        selectors.assessment_list(user=request.user, government_id=government.pk)
        .order_by("-year")
        .values_list("year", flat=True)
        .distinct()
    )
    year = request.GET.get("year", "")
    year = int(year) if year.isdigit() else (years[0] if years else None)
    within, q, status = request.GET.get("within", ""), request.GET.get("q", "").strip(), request.GET.get("status", "")
    assessments = selectors.assessment_list(
        user=request.user, government_id=government.pk, year=year, within=within, q=q, status=status
    ).select_related("region__parent")
    if request.GET.get("export") in EXPORT_FORMATS:
        return export_response(
            filename="kerawanan",
            columns=assessment_columns(),
            rows=_export_rows(assessments),
            fmt=request.GET["export"],
        )
    page = paginate(request, assessments)
    page.object_list = _with_change(page.object_list)
    return render(
        request,
        "programmes/assessment_list.html",
        {
            "page": page,
            "year": year,
            "years": years,
            "within": within,
            "q": q,
            "status": status,
            "statuses": VulnerabilityStatus.choices,
            "kecamatan": regions_of(government).filter(level=3),
            "can_assess": rules.can_assess_somewhere(request.user, government),
            "can_manage": scope_for(request.user).can_manage(government.pk),
            "active_nav": "programmes",
            "active_tab": "assessments",
            "breadcrumbs": [(_("Vulnerability"), None)],
        },
    )


def _assessment_form_page(request, government, assessment=None):
    regions = assessable_regions(request.user, government)
    if not regions.exists():
        raise PermissionDenied(_("Your role does not allow recording assessments."))
    initial = {}
    if assessment is None:
        initial = {k: request.GET[k] for k in ("region", "year") if request.GET.get(k)}
    form = AssessmentForm(request.POST or None, regions=regions, assessment=assessment, initial=initial)
    if request.method == "POST" and form.is_valid():
        region = form.cleaned_data["region"]
        if not rules.can_assess(request.user, government_id=government.pk, region_code=region.code):
            raise PermissionDenied(_("Your role does not allow assessing this kelurahan."))
        try:
            saved = services.assessment_record(
                government=government,
                region=region,
                year=form.cleaned_data["year"],
                ratings=form.ratings(),
                assessed_on=form.cleaned_data["assessed_on"],
                notes=form.cleaned_data["notes"],
                by=request.user,
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(
                request,
                _("Assessment saved: score %(score)s, %(status)s.")
                % {"score": saved.score, "status": saved.get_status_display()},
            )
            return redirect("programmes:assessment_region", code=saved.region_id)
    if assessment:
        title = _("Correct the assessment of %(place)s, %(year)s") % {
            "place": assessment.region.name,
            "year": assessment.year,
        }
    else:
        title = _("Record a vulnerability assessment")
    return render(
        request,
        "programmes/assessment_form.html",
        {
            "form": form,
            "title": title,
            "thresholds": services.thresholds_for(government),
            "max_score": MAX_SCORE,
            "cancel_url": reverse("programmes:assessment_list"),
            "active_nav": "programmes",
            "active_tab": "assessments",
            "breadcrumbs": [(_("Vulnerability"), reverse("programmes:assessment_list")), (title, None)],
        },
    )


@login_required
def assessment_record(request):
    government = current_government(request)
    return _assessment_form_page(request, government)


@login_required
def assessment_edit(request, pk: int):
    assessment = selectors.assessment_get(user=request.user, pk=pk)
    if not rules.can_assess(request.user, government_id=assessment.government_id, region_code=assessment.region_id):
        raise PermissionDenied(_("Your role does not allow assessing this kelurahan."))
    return _assessment_form_page(request, assessment.government, assessment)


@login_required
def assessment_region(request, code: str):
    """One kelurahan's assessments across the years: score, status, change and every indicator's rating."""
    region = Region.objects.filter(code=code, level=4).select_related("parent").first()
    government = Government.objects.filter(region_id=code.rsplit(".", 2)[0]).first() if region else None
    if government is None or not selectors.can_read_area(user=request.user, government=government, code=code):
        raise Http404
    visible = selectors.assessment_list(user=request.user, government_id=government.pk)
    rows = _with_change(visible.filter(region=region).order_by("-year"))
    indicators = [
        (str(label), indicator in MAIN_INDICATORS, [(r.ratings.get(indicator) or {}) for r in rows])
        for indicator, label in [*MAIN_INDICATORS.items(), *SUPPORTING_INDICATORS.items()]
    ]
    latest = rows[0] if rows else None
    return render(
        request,
        "programmes/assessment_region.html",
        {
            "region": region,
            "rows": rows,
            "indicators": indicators,
            "can_assess": rules.can_assess(request.user, government_id=government.pk, region_code=code),
            "history": history_for(obj=latest)[:30] if latest else [],
            "active_nav": "programmes",
            "active_tab": "assessments",
            "breadcrumbs": [(_("Vulnerability"), reverse("programmes:assessment_list")), (region.label, None)],
        },
    )


@login_required
def thresholds_edit(request):
    """The secretariat sets the scores from which a kelurahan is Bahaya, Waspada or Siaga."""
    government = current_government(request)
    if not scope_for(request.user).can_manage(government.pk):
        raise PermissionDenied(_("Only the secretariat sets the thresholds."))
    thresholds = services.thresholds_for(government)
    form = ThresholdsForm(request.POST or None, instance=thresholds)
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "edit_token"}
        try:
            services.thresholds_update(government=government, by=request.user, **data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Thresholds saved. Past assessments keep their status."))
            return redirect("programmes:assessment_list")
    return form_page(
        request,
        form,
        title=_("Vulnerability thresholds"),
        intro=_(
            "A kelurahan scores 0 to %(max)s. Changing the thresholds does not rewrite past assessments: they keep "
            "the status they were given. Only assessments recorded or corrected afterwards follow the new thresholds."
        )
        % {"max": MAX_SCORE},
        cancel_url=reverse("programmes:assessment_list"),
        nav="programmes",
        crumbs=[(_("Vulnerability"), reverse("programmes:assessment_list")), (_("Thresholds"), None)],
    )
