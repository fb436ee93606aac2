"""Pages of the kelurahan map (members and observers) and its boundaries (the secretariat)."""

import json

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from sinergi.core.lists import EXPORT_FORMATS, export_response
from sinergi.core.pages import apply_errors, current_government
from sinergi.core.scope import scope_for
from sinergi.insights.maps import selectors as maps
from sinergi.insights.maps import services
from sinergi.insights.maps.models import Boundary, BoundarySet
from sinergi.insights.public.models import PublicPage
from sinergi.organizations.selectors import government_get
from sinergi.regions.models import Region

TAB = "map"


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


def managed_government(request, pk: int):
    """The government if the user manages it: 404 when they cannot see it, 403 when they only read it."""
    government = government_get(user=request.user, pk=pk)
    if not scope_for(request.user).can_manage(government.pk):
        raise PermissionDenied(_("Only the secretariat of the government manages its map and public page."))
    return government


def crumbs(government, *last):
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
    government = managed_government(request, pk)
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
            "breadcrumbs": crumbs(government, (_("Boundaries"), None)),
        },
    )


@login_required
@require_POST
def boundaries_delete(request, pk: int):
    government = managed_government(request, pk)
    boundary_set = BoundarySet.objects.filter(government=government).first()
    if boundary_set is None:
        raise Http404
    services.boundary_set_delete(boundary_set=boundary_set, by=request.user)
    messages.success(request, _("Boundaries removed; the map shows the kelurahan/desa as tiles."))
    return redirect("maps:boundaries", pk=government.pk)


@login_required
def boundaries_download(request, pk: int):
    """The stored (simplified) boundaries as GeoJSON, for checking them in a GIS."""
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
