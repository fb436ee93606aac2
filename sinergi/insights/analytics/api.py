"""The analytics export through the API: GET /api/v1/analytics (CSV or XLSX, the same rows as /analitik/)."""

from operator import itemgetter
from typing import Literal

from ninja import Query, Router, Schema
from pydantic import Field

from sinergi.core.apitypes import Line
from sinergi.core.lists import export_response
from sinergi.insights.analytics import selectors as analytics

router = Router()


class AnalyticsQuery(Schema):
    dataset: Literal["capaian", "program"] = Field("capaian", description="capaian: achievement; program: programmes")
    region: Line = Field("", description="Region code of the subtree (empty or ID: all you may read)")
    from_: Line = Field("", alias="from", description="First semester, e.g. 2024-1")
    to: Line = Field("", description="Last semester, e.g. 2025-2")
    format: Literal["csv", "xlsx"] = "csv"


@router.get(
    "/analytics",
    tags=["insights"],
    summary="Pivot-ready export of achievement or programme roll-ups for a region subtree and semesters",
    response={200: None},
    # The id Ninja derived from the module's former name (insights/api_analytics.py): the schema stays the same.
    operation_id="sinergi_insights_api_analytics_analytics_export",
)
def analytics_export(request, filters: Query[AnalyticsQuery]):
    data = {"dataset": filters.dataset, "region": filters.region, "from": filters.from_, "to": filters.to}
    export = analytics.build_request(request.user, data)
    headers = analytics.headers(export)
    columns = [(header, itemgetter(i)) for i, header in enumerate(headers)]
    return export_response(filename=export.filename, columns=columns, rows=analytics.rows(export), fmt=filters.format)
