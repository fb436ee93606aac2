"""Pages of the national catalogue (RAN P4GN)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from sinergi.core.pages import flash_errors
from sinergi.organizations.rules import require_admin
from sinergi.planning import catalogue
from sinergi.planning.models import Field, NationalPlan


@login_required
def catalogue_list(request):
    return render(
        request,
        "planning/catalogue_list.html",
        {
            "national_plans": NationalPlan.objects.prefetch_related("fields"),
            "active_nav": "catalogue",
            "breadcrumbs": [(_("National plans (RAN)"), None)],
        },
    )


@login_required
def catalogue_detail(request, pk: int):
    national_plan = get_object_or_404(
        NationalPlan.objects.prefetch_related(Prefetch("fields", queryset=Field.objects.prefetch_related("actions"))),
        pk=pk,
    )
    fmt = request.GET.get("export")
    if fmt in ("csv", "xlsx"):
        content = catalogue.catalogue_export(national_plan, fmt)
        kinds = {
            "csv": "text/csv; charset=utf-8",
            "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        }
        response = HttpResponse(content, content_type=kinds[fmt])
        response["Content-Disposition"] = (
            f'attachment; filename="RAN-{national_plan.start_year}-{national_plan.end_year}.{fmt}"'
        )
        return response
    if request.method == "POST":
        require_admin(request.user)
        upload = request.FILES.get("file")
        if upload is None:
            messages.error(request, _("Choose a CSV or XLSX file."))
        elif upload.size > 5 * 1024 * 1024:
            messages.error(request, _("The file is larger than 5 MB."))
        else:
            fmt = "xlsx" if upload.name.lower().endswith(".xlsx") else "csv"
            try:
                counts = catalogue.catalogue_import(
                    national_plan=national_plan, content=upload.read(), fmt=fmt, by=request.user
                )
            except ValidationError as exc:
                flash_errors(request, exc)
            else:
                messages.success(
                    request,
                    _("Imported: %(created)s new and %(updated)s changed actions, %(fields)s new fields.")
                    % {
                        "created": counts["actions_created"],
                        "updated": counts["actions_updated"],
                        "fields": counts["fields"],
                    },
                )
        return redirect("planning:catalogue_detail", pk=national_plan.pk)
    return render(
        request,
        "planning/catalogue_detail.html",
        {
            "national_plan": national_plan,
            "active_nav": "catalogue",
            "breadcrumbs": [
                (_("National plans (RAN)"), reverse("planning:catalogue_list")),
                (str(national_plan), None),
            ],
        },
    )
