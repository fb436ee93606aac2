"""The analytics export page (/analitik/): pivot-ready CSV/XLSX of the roll-ups for a subtree and semesters."""

from itertools import islice
from operator import itemgetter

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import render
from django.views.decorators.http import require_GET

from sinergi.core.lists import EXPORT_FORMATS, export_response
from sinergi.insights.analytics import selectors as analytics
from sinergi.regions.models import Region

PREVIEW_ROWS = 10


@login_required
@require_GET
def analytics_page(request):
    """The export form with a preview of the first rows; `?format=csv|xlsx` downloads the whole export."""
    roots = analytics.allowed_roots(request.user)
    if not roots:
        raise PermissionDenied
    errors, export = {}, None
    try:
        export = analytics.build_request(request.user, request.GET)
    except ValidationError as exc:
        errors = {name: " ".join(messages) for name, messages in exc.message_dict.items()}
    fmt = request.GET.get("format")
    if export is not None and fmt in EXPORT_FORMATS:
        headers = analytics.headers(export)
        columns = [(header, itemgetter(i)) for i, header in enumerate(headers)]
        return export_response(filename=export.filename, columns=columns, rows=analytics.rows(export), fmt=fmt)
    preview = list(islice(analytics.rows(export), PREVIEW_ROWS)) if export is not None else []
    root_names = dict(Region.objects.filter(code__in=roots).values_list("code", "name"))
    return render(
        request,
        "insights/analytics.html",
        {
            "active_nav": "analytics",
            "export": export,
            "errors": errors,
            "datasets": list(analytics.DATASETS.items()),
            "roots": [(code, root_names.get(code) or "Indonesia") for code in roots],
            "headers": analytics.headers(export) if export else [],
            "preview": preview,
            "params": request.GET,
            "region_value": export.region if export else request.GET.get("region", ""),
            "dataset_value": export.dataset if export else request.GET.get("dataset", ""),
            "query": request.GET.urlencode(),
        },
    )
