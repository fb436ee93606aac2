"""The programme recap page (/rekap-program/) and its downloads: XLSX and PDF with the letterhead, and CSV."""

from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from sinergi.core.lists import export_response
from sinergi.core.pages import current_government
from sinergi.documents import engine
from sinergi.programmes.recap_columns import column_groups, label_heading, recap_columns, row_cells
from sinergi.programmes.recap_document import recap_document
from sinergi.programmes.recaps import BY_AGENCY, BY_KECAMATAN, BY_KELURAHAN, GROUPINGS, ROW_HEADING, build_recap

FIRST_YEAR = 2019
SERVED = ("xlsx", "pdf")  # the formats the recap is downloaded in (CSV goes through the lists' export)


def recap_params(data) -> dict:
    """Grouping, year and semester from a query string; anything unusable falls back to the default."""
    today = timezone.localdate()
    by = data.get("by") if data.get("by") in GROUPINGS else BY_KECAMATAN
    try:
        year = int(data.get("year") or today.year)
    except ValueError:
        year = today.year
    if not FIRST_YEAR <= year <= today.year + 5:
        year = today.year
    semester = data.get("semester")
    return {"by": by, "year": year, "semester": int(semester) if semester in ("1", "2") else None}


def csv_columns(recap):
    columns = recap_columns(recap)
    return [(label_heading(recap), lambda row: row.label)] + [
        (f"{c.group}: {c.heading}", lambda row, c=c: c.value(row)) for c in columns
    ]


def recap_file_response(recap, fmt: str) -> HttpResponse:
    """The recap as a download: XLSX or PDF (with the letterhead), or CSV through the lists' export."""
    if fmt == "csv":
        rows = [row for row in [*recap.rows, recap.total] if row.kind != ROW_HEADING]
        return export_response(filename=recap.filename_stem, columns=csv_columns(recap), rows=rows, fmt="csv")
    if fmt not in SERVED:
        raise Http404
    document = recap_document(recap)
    response = HttpResponse(engine.render(document, fmt), content_type=engine.FORMATS[fmt].content_type)
    response["Content-Disposition"] = f'attachment; filename="{engine.filename(document, fmt)}"'
    return response


@login_required
@require_GET
def recap_page(request):
    government = current_government(request)
    params = recap_params(request.GET)
    recap = build_recap(user=request.user, government=government, **params)
    columns = recap_columns(recap)
    this_year = timezone.localdate().year
    return render(
        request,
        "programmes/recap.html",
        {
            "recap": recap,
            "columns": columns,
            "groups": column_groups(columns, page=True),
            "rows": [(row, row_cells(row, columns)) for row in recap.rows],
            "total_cells": row_cells(recap.total, columns),
            "span": len(columns) + 1,
            "params": params,
            "query": urlencode({k: v for k, v in params.items() if v}),
            "groupings": [(BY_KECAMATAN, _("Kecamatan")), (BY_KELURAHAN, _("Kelurahan")), (BY_AGENCY, _("Agency"))],
            "years": list(range(this_year, FIRST_YEAR - 1, -1)),
            "active_nav": "programmes",
            "active_tab": "recaps",
            "breadcrumbs": [(_("Events"), reverse("programmes:event_list")), (_("Programme recap"), None)],
        },
    )


@login_required
@require_GET
def recap_download(request, fmt: str):
    """GET /rekap-program/dokumen.<xlsx|pdf|csv>?by=&year=&semester=: the recap as a file."""
    government = current_government(request)
    params = recap_params(request.GET)
    recap = build_recap(user=request.user, government=government, with_kinds=fmt == "xlsx", **params)
    return recap_file_response(recap, fmt)
