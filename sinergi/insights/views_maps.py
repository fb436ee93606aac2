"""Pages of the kelurahan map (members and observers), its boundaries and the public page's settings (the
secretariat), and the public transparency pages (anyone, no sign-in)."""

import hashlib

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.utils.http import quote_etag
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from sinergi.core.forms import ControlCharactersMixin
from sinergi.core.lists import EXPORT_FORMATS, export_response
from sinergi.core.pages import apply_errors, current_government
from sinergi.core.scope import scope_for
from sinergi.insights import selectors_maps as maps
from sinergi.insights import services_maps as services
from sinergi.insights.models_maps import Boundary, BoundarySet, PublicPage
from sinergi.organizations.selectors import government_get
from sinergi.regions.models import Region

TAB = "map"
PUBLIC_MAX_AGE = 300  # seconds a browser or proxy may keep a public page


class BoundaryUploadForm(forms.Form):
    file = forms.FileField(label=gettext_lazy("GeoJSON file"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = _(
            "A FeatureCollection of Polygon or MultiPolygon features in longitude/latitude (WGS 84), one per "
            "kelurahan/desa, each with a property “code” (Kemendagri code, e.g. 18.72.01.1001) or “name”; at most "
            "%(limit)s MB. The new file replaces the current boundaries."
        ) % {"limit": services.megabytes(services.boundary_max_bytes())}
        self.fields["file"].widget.attrs["accept"] = ".geojson,.json,application/geo+json,application/json"


class PublicPageForm(ControlCharactersMixin, forms.ModelForm):
    class Meta:
        model = PublicPage
        fields = ["enabled", "intro"]
        widgets = {"intro": forms.Textarea(attrs={"rows": 4})}
        help_texts = {"enabled": gettext_lazy("Anyone can read the page without signing in.")}


def _managed_government(request, pk: int):
    """The government if the user manages it: 404 when they cannot see it, 403 when they only read it."""
    government = government_get(user=request.user, pk=pk)
    if not scope_for(request.user).can_manage(government.pk):
        raise PermissionDenied(_("Only the secretariat of the government manages its map and public page."))
    return government


def _crumbs(government, *last):
    return [(_("Kelurahan map"), reverse("maps:map", args=[government.pk])), *last]


@login_required
def map_current(request):
    """The map of the government the user works in."""
    return redirect("maps:map", pk=current_government(request).pk)


@login_required
def map_page(request, pk: int):
    government = government_get(user=request.user, pk=pk)
    layer = request.GET.get("layer", maps.STATUS)
    layer = layer if layer in dict(maps.LAYERS) else maps.STATUS
    semesters = maps.semesters_of(government)
    year, semester = maps.choose_semester(semesters, layer, request.GET.get("semester", ""))
    kmap = maps.kelurahan_map(
        government=government, year=year, semester=semester, layer=layer, user=request.user, links=True
    )
    if request.GET.get("export") in EXPORT_FORMATS:
        return export_response(
            filename=f"peta-kelurahan-{government.region_id}-{year}-{semester}",
            columns=maps.table_columns(kmap),
            rows=kmap.areas,
            fmt=request.GET["export"],
        )
    return render(
        request,
        "insights/maps/map.html",
        {
            "government": government,
            "kmap": kmap,
            "layers": maps.LAYERS,
            "semesters": [(f"{row.year}-{row.semester}", row.year, row.semester) for row in semesters],
            "chosen_semester": f"{year}-{semester}",
            "is_regency": government.region.level == Region.Level.REGENCY,
            "can_manage": scope_for(request.user).can_manage(government.pk),
            "public_page": PublicPage.objects.filter(government=government, enabled=True).first(),
            "active_nav": "programmes",
            "active_tab": TAB,
            "breadcrumbs": [(_("Kelurahan map"), None)],
        },
    )


@login_required
def boundaries_page(request, pk: int):
    """The government's boundary file: what is stored, what the upload warned about, upload a new one."""
    government = _managed_government(request, pk)
    form = BoundaryUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            stored = services.boundary_set_replace(
                government=government, upload=form.cleaned_data["file"], by=request.user
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(
                request,
                _("Boundaries of %(matched)s kelurahan/desa stored from %(name)s.")
                % {"matched": stored.matched, "name": stored.source_name},
            )
            if stored.warnings:
                messages.warning(request, _("The file was accepted with warnings; see below."))
            return redirect("maps:boundaries", pk=government.pk)
    boundary_set = BoundarySet.objects.filter(government=government).select_related("uploaded_by").first()
    villages = services.villages_of(government).count() if government.region.level == Region.Level.REGENCY else 0
    return render(
        request,
        "insights/maps/boundaries.html",
        {
            "government": government,
            "form": form,
            "boundary_set": boundary_set,
            "villages": villages,
            "is_regency": government.region.level == Region.Level.REGENCY,
            "history": maps.map_history(government=government, model=BoundarySet),
            "show_types": True,
            "active_nav": "programmes",
            "active_tab": TAB,
            "breadcrumbs": _crumbs(government, (_("Boundaries"), None)),
        },
    )


@login_required
@require_POST
def boundaries_delete(request, pk: int):
    government = _managed_government(request, pk)
    boundary_set = BoundarySet.objects.filter(government=government).first()
    if boundary_set is None:
        raise Http404
    services.boundary_set_delete(boundary_set=boundary_set, by=request.user)
    messages.success(request, _("Boundaries removed; the map shows the kelurahan/desa as tiles."))
    return redirect("maps:boundaries", pk=government.pk)


@login_required
def boundaries_download(request, pk: int):
    """The stored (simplified) boundaries as GeoJSON, for checking them in a GIS."""
    import json

    from django.http import HttpResponse

    government = government_get(user=request.user, pk=pk)
    rows = Boundary.objects.filter(government=government).select_related("region").order_by("region_id")
    collection = {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "properties": {"code": b.region_id, "name": b.region.name},
                "geometry": b.geometry,
            }
            for b in rows
        ],
    }
    response = HttpResponse(json.dumps(collection, separators=(",", ":")), content_type="application/geo+json")
    response["Content-Disposition"] = f'attachment; filename="batas-kelurahan-{government.region_id}.geojson"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
def public_settings(request, pk: int):
    government = _managed_government(request, pk)
    page = PublicPage.objects.filter(government=government).first() or PublicPage(government=government)
    form = PublicPageForm(request.POST or None, instance=page)
    if request.method == "POST" and form.is_valid():
        try:
            services.public_page_save(
                government=government,
                enabled=form.cleaned_data["enabled"],
                intro=form.cleaned_data["intro"],
                by=request.user,
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(
                request,
                _("The public page is published.")
                if form.cleaned_data["enabled"]
                else _("The public page is switched off."),
            )
            return redirect("maps:public_settings", pk=government.pk)
    return render(
        request,
        "insights/maps/public_settings.html",
        {
            "government": government,
            "form": form,
            "page": page,
            "public_url": reverse("maps:public_page", args=[government.region_id]),
            "history": maps.map_history(government=government, model=PublicPage),
            "active_nav": "programmes",
            "active_tab": TAB,
            "breadcrumbs": _crumbs(government, (_("Public page"), None)),
        },
    )


# --- the public pages: no sign-in, no cookie, cacheable -------------------------------------------------------


def _public_response(request, template: str, context: dict):
    """A public page: the same bytes for everyone, so it carries an ETag, answers 304 to a browser that has it,
    and may be kept by browsers and proxies for a few minutes."""
    response = render(request, template, context)
    etag = quote_etag(hashlib.sha256(response.content).hexdigest()[:32])
    if etag in [tag.strip() for tag in request.headers.get("If-None-Match", "").split(",")]:
        response.status_code = 304
        response.content = b""
    response["ETag"] = etag
    patch_cache_control(response, public=True, max_age=PUBLIC_MAX_AGE)
    return response


@require_GET
def public_index(request):
    return _public_response(request, "insights/public/index.html", {"pages": list(maps.published_pages())})


@require_GET
def public_page(request, code: str):
    page = maps.published_page(code)
    if page is None:
        raise Http404
    government = page.government
    semesters = maps.semesters_of(government)
    numbers = maps.public_semesters(semesters)
    kmap = None
    if government.region.level == Region.Level.REGENCY:
        year, semester = maps.choose_semester(semesters, maps.STATUS)
        kmap = maps.kelurahan_map(government=government, year=year, semester=semester, layer=maps.STATUS, links=False)
    return _public_response(
        request,
        "insights/public/page.html",
        {"page": page, "government": government, "semesters": numbers, "rows": maps.public_rows(numbers), "kmap": kmap},
    )
