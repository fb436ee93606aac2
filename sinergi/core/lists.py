"""What every list page shares: paging, and export of the same filtered rows as CSV or XLSX."""

import csv
import io
from collections.abc import Callable, Iterable
from datetime import date, datetime
from decimal import Decimal

from django.core.paginator import Paginator
from django.http import HttpResponse, StreamingHttpResponse
from django.utils import timezone

from sinergi.core import spreadsheets
from sinergi.core.spreadsheets import csv_text

EXPORT_FORMATS = ("csv", "xlsx")
Column = tuple[str, Callable[[object], object]]


def paginate(request, queryset, per_page: int = 50):
    return Paginator(queryset, per_page).get_page(request.GET.get("page"))


def _cell(value):
    if value is None:
        return ""
    if isinstance(value, datetime):
        return timezone.localtime(value).strftime("%Y-%m-%d %H:%M")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, bool):
        return "ya" if value else "tidak"
    return str(value)


def _xlsx_cell(value):
    """Numbers stay numbers in a workbook (so they add up and pivot); text is a string cell (``spreadsheets``)."""
    if isinstance(value, int | float | Decimal) and not isinstance(value, bool):
        return value
    return _cell(value)


class _Echo:
    def write(self, value):
        return value


def export_response(*, filename: str, columns: list[Column], rows: Iterable, fmt: str) -> HttpResponse:
    """The rows as a downloadable file. CSV streams row by row; XLSX is written in constant-memory mode."""
    headers = [str(header) for header, _getter in columns]
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    if fmt == "xlsx":
        buffer = io.BytesIO()
        workbook = spreadsheets.workbook(buffer, {"constant_memory": True, "in_memory": True})
        sheet = workbook.add_worksheet(filename[:31])
        bold = workbook.add_format({"bold": True, "bg_color": "#E8EEF4", "border": 1})
        sheet.write_row(0, 0, headers, bold)
        sheet.freeze_panes(1, 0)
        for index, row in enumerate(rows, start=1):
            sheet.write_row(index, 0, [_xlsx_cell(getter(row)) for _header, getter in columns])
        sheet.set_column(0, len(headers) - 1, 24)
        workbook.close()
        response = HttpResponse(
            buffer.getvalue(), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        )
    else:
        writer = csv.writer(_Echo())

        def generate():
            yield "\ufeff"  # so Excel opens UTF-8 names correctly
            yield writer.writerow([csv_text(header) for header in headers])
            for row in rows:
                yield writer.writerow([csv_text(_cell(getter(row))) for _header, getter in columns])

        response = StreamingHttpResponse(generate(), content_type="text/csv; charset=utf-8")
        fmt = "csv"
    response["Content-Disposition"] = f'attachment; filename="{filename}-{stamp}.{fmt}"'
    return response
