from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from sinergi.core.lists import EXPORT_FORMATS, export_response, paginate
from sinergi.regions.models import Region, RegionDataset
from sinergi.regions.selectors import region_ancestors, region_children, region_get, region_search

COLUMNS = [
    (gettext_lazy("Code"), lambda r: r.code),
    (gettext_lazy("Name"), lambda r: r.name),
    (gettext_lazy("Kind"), lambda r: r.get_kind_display()),
    (gettext_lazy("Parent code"), lambda r: r.parent_id or ""),
    (gettext_lazy("Postal code"), lambda r: r.postal_code),
]


@login_required
def search(request):
    q = request.GET.get("q", "").strip()
    level = request.GET.get("level", "")
    level_value = int(level) if level in ("1", "2", "3", "4") else None
    if q or level_value:
        regions = region_search(q=q, level=level_value)
    else:
        regions = Region.objects.filter(level=Region.Level.PROVINCE, is_current=True).order_by("code")
    if request.GET.get("export") in EXPORT_FORMATS:
        return export_response(filename="wilayah", columns=COLUMNS, rows=regions, fmt=request.GET["export"])
    return render(
        request,
        "regions/search.html",
        {
            "page": paginate(request, regions),
            "q": q,
            "level": level,
            "levels": Region.Level.choices,
            "dataset": RegionDataset.objects.order_by("-loaded_at").first(),
            "active_nav": "regions",
            "breadcrumbs": [(_("Regions"), None)],
        },
    )


@login_required
def detail(request, code: str):
    region = region_get(code=code)
    children = region_children(code=region.code)
    if request.GET.get("export") in EXPORT_FORMATS:
        return export_response(
            filename=f"wilayah-{region.code}", columns=COLUMNS, rows=children, fmt=request.GET["export"]
        )
    ancestors = region_ancestors(region=region)
    crumbs = (
        [(_("Regions"), "/wilayah/")] + [(a.label, f"/wilayah/{a.code}/") for a in ancestors] + [(region.label, None)]
    )
    return render(
        request,
        "regions/detail.html",
        {
            "region": region,
            "ancestors": ancestors,
            "page": paginate(request, children, per_page=100),
            "active_nav": "regions",
            "breadcrumbs": crumbs,
        },
    )
