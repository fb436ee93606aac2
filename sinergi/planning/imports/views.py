"""Pages of the Excel import: upload, column mapping, preview and import, the result, and the template download.

Thin: every input is checked here (a bad file or form is shown again with its message); reading, checking and
writing the rows is ``sinergi.planning.imports``.
"""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from sinergi.planning import imports, selectors
from sinergi.planning.rules import can_manage_plan

SESSION_KEY = "planning_imports"
DONE_KEY = "planning_import_done"
KEEP_UPLOADS = 5


class UploadForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Excel file (.xlsx)"),
        allow_empty_file=True,  # an empty file gets the importer's own message
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx"}),
    )


class HeaderForm(forms.Form):
    sheet = forms.ChoiceField(label=gettext_lazy("Sheet"))
    header_row = forms.IntegerField(
        label=gettext_lazy("Header row number"),
        min_value=1,
        help_text=gettext_lazy("The row that holds the column headings; many matrices have a title block above it."),
    )

    def __init__(self, *args, workbook, **kwargs):
        super().__init__(*args, **kwargs)
        self.workbook = workbook
        self.fields["sheet"].choices = [(name, name) for name in workbook.sheetnames]

    def clean(self):
        data = super().clean()
        sheet, row = data.get("sheet"), data.get("header_row")
        if sheet and row and row > max(self.workbook[sheet].max_row, 1):
            self.add_error(
                "header_row", _("The sheet has only %(count)s rows.") % {"count": self.workbook[sheet].max_row}
            )
        return data


class ColumnsForm(forms.Form):
    """One select per template column, offering the file's columns."""

    def __init__(self, *args, plan, file_headings: list[str], samples: list[str], **kwargs):
        from openpyxl.utils import get_column_letter

        super().__init__(*args, **kwargs)
        choices = [("", _("— not in the file —"))]
        for index, heading in enumerate(file_headings):
            label = f"{get_column_letter(index + 1)} · {heading or _('(no heading)')}"
            sample = samples[index] if index < len(samples) else ""
            if sample:
                label += f" — {sample[:40]}"
            choices.append((str(index), label))
        self.keys = {}
        for key, heading in imports.template_columns(plan):
            name = "col_" + key.replace(":", "_")
            self.keys[name] = key
            self.fields[name] = forms.TypedChoiceField(
                label=heading, choices=choices, coerce=int, empty_value=None, required=False
            )
            self.fields[name].required_column = key in imports.REQUIRED

    def clean(self):
        data = super().clean()
        for name, key in self.keys.items():
            if key in imports.REQUIRED and data.get(name) is None:
                self.add_error(
                    name, _("Choose the column that holds %(column)s.") % {"column": self.fields[name].label}
                )
        if data.get("col_field") is None and data.get("col_national_action") is None:
            self.add_error("col_field", _("Choose the column of Bidang, or of Kode Aksi RAN."))
        return data

    def columns(self) -> dict[str, int]:
        return {key: self.cleaned_data[name] for name, key in self.keys.items() if self.cleaned_data[name] is not None}


def _plan(request, pk: int):
    """The plan (404 outside the user's scope), if the user may import into it (403 otherwise)."""
    plan = selectors.plan_get(user=request.user, pk=pk)
    imports.require_import(request.user, plan)
    return plan


def _plan_url(plan) -> str | None:
    try:
        return reverse("planning:plan_detail", kwargs={"pk": plan.pk})
    except NoReverseMatch:
        return None


def _crumbs(plan, *steps) -> list:
    upload = reverse("planning_import:upload", args=[plan.pk])
    return [(plan.title, _plan_url(plan)), (_("Import from Excel"), upload if steps else None), *steps]


def _upload(request, plan, token: str) -> tuple[dict, object]:
    """This session's stored upload for this plan, or 404."""
    entry = request.session.get(SESSION_KEY, {}).get(token)
    path = imports.upload_path(token)
    if not entry or entry["plan"] != plan.pk or path is None:
        raise Http404
    return entry, path


def _remember(request, token: str, entry: dict) -> None:
    uploads = dict(request.session.get(SESSION_KEY, {}))
    uploads.pop(token, None)
    uploads[token] = entry
    while len(uploads) > KEEP_UPLOADS:
        imports.upload_delete(next(iter(uploads)))
        uploads.pop(next(iter(uploads)))
    request.session[SESSION_KEY] = uploads


def _forget(request, token: str) -> None:
    imports.upload_delete(token)
    uploads = dict(request.session.get(SESSION_KEY, {}))
    uploads.pop(token, None)
    request.session[SESSION_KEY] = uploads


@login_required
def upload(request, pk: int):
    plan = _plan(request, pk)
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        uploaded = form.cleaned_data["file"]
        try:
            imports.check_size(uploaded.size)
            content = uploaded.read()
            imports.check_xlsx(content)
            workbook = imports.open_workbook(content)
        except imports.ImportFileError as exc:
            form.add_error("file", exc.message)
        else:
            token = imports.upload_store(content)
            mapping = imports.exact_mapping(workbook, plan)
            _remember(
                request, token, {"plan": plan.pk, "name": uploaded.name, "mapping": mapping and mapping.as_dict()}
            )
            if mapping is None:
                return redirect("planning_import:mapping", pk=plan.pk, token=token)
            return redirect("planning_import:preview", pk=plan.pk, token=token)
    return render(
        request,
        "planning/import/upload.html",
        {
            "plan": plan,
            "form": form,
            "manages": can_manage_plan(request.user, plan),
            "max_bytes": imports.max_upload_bytes(),
            "active_nav": "plans",
            "breadcrumbs": _crumbs(plan),
        },
    )


@login_required
def mapping(request, pk: int, token: str):
    plan = _plan(request, pk)
    entry, path = _upload(request, plan, token)
    workbook = imports.open_workbook(path)
    saved = imports.Mapping.from_dict(entry["mapping"]) if entry.get("mapping") else None
    first = workbook.worksheets[0]
    initial = {
        "sheet": saved.sheet if saved else first.title,
        "header_row": saved.header_row if saved else imports.detect_header_row(first, plan),
    }
    header_form = HeaderForm(request.POST or None, workbook=workbook, initial=initial)
    chosen = header_form.cleaned_data if request.method == "POST" and header_form.is_valid() else initial
    worksheet = workbook[chosen["sheet"]]
    file_headings = imports.headings(worksheet, chosen["header_row"])
    samples = imports.headings(worksheet, chosen["header_row"] + 1)
    form_kwargs = {"plan": plan, "file_headings": file_headings, "samples": samples}
    if request.method == "POST" and header_form.is_valid() and "reread" not in request.POST:
        columns_form = ColumnsForm(request.POST, **form_kwargs)
        if columns_form.is_valid():
            found = imports.Mapping(worksheet.title, chosen["header_row"], columns_form.columns())
            _remember(request, token, {**entry, "mapping": found.as_dict()})
            return redirect("planning_import:preview", pk=plan.pk, token=token)
    else:
        same = saved and (saved.sheet, saved.header_row) == (chosen["sheet"], chosen["header_row"])
        guessed = saved.columns if same else imports.guess_columns(file_headings, plan)
        columns_form = ColumnsForm(
            initial={"col_" + key.replace(":", "_"): index for key, index in guessed.items()}, **form_kwargs
        )
    letters, sample_rows = imports.sheet_sample(worksheet)
    return render(
        request,
        "planning/import/mapping.html",
        {
            "plan": plan,
            "token": token,
            "filename": entry["name"],
            "header_form": header_form,
            "columns_form": columns_form,
            "sample_letters": letters,
            "sample_rows": sample_rows,
            "header_row": chosen["header_row"],
            "active_nav": "plans",
            "breadcrumbs": _crumbs(plan, (_("Columns"), None)),
        },
    )


@login_required
def preview(request, pk: int, token: str):
    plan = _plan(request, pk)
    entry, path = _upload(request, plan, token)
    if not entry.get("mapping"):
        return redirect("planning_import:mapping", pk=plan.pk, token=token)
    checked = imports.import_preview(
        plan=plan,
        workbook=imports.open_workbook(path),
        mapping=imports.Mapping.from_dict(entry["mapping"]),
        user=request.user,
    )
    if request.method == "POST":
        try:
            result = imports.plan_import(
                plan=plan, preview=checked, by=request.user, skip_invalid=request.POST.get("skip_invalid") == "on"
            )
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
            return redirect("planning_import:preview", pk=plan.pk, token=token)
        _forget(request, token)
        done = dict(request.session.get(DONE_KEY, {}))
        done[str(plan.pk)] = {**result.__dict__, "name": entry["name"]}
        request.session[DONE_KEY] = done
        return redirect("planning_import:done", pk=plan.pk)
    only_errors = request.GET.get("errors") == "1"
    return render(
        request,
        "planning/import/preview.html",
        {
            "plan": plan,
            "token": token,
            "filename": entry["name"],
            "preview": checked,
            "rows": checked.error_rows if only_errors else checked.rows,
            "only_errors": only_errors,
            "target_headings": [heading for _key, heading, _y, _p in imports.target_columns(plan)],
            "active_nav": "plans",
            "breadcrumbs": _crumbs(plan, (_("Preview"), None)),
        },
    )


@login_required
@require_POST
def cancel(request, pk: int, token: str):
    plan = _plan(request, pk)
    _upload(request, plan, token)
    _forget(request, token)
    messages.info(request, _("The uploaded file has been discarded."))
    return redirect("planning_import:upload", pk=plan.pk)


@login_required
def done(request, pk: int):
    plan = selectors.plan_get(user=request.user, pk=pk)
    result = request.session.get(DONE_KEY, {}).get(str(plan.pk))
    if result is None:
        return redirect("planning_import:upload", pk=plan.pk)
    return render(
        request,
        "planning/import/done.html",
        {
            "plan": plan,
            "result": result,
            "plan_url": _plan_url(plan),
            "active_nav": "plans",
            "breadcrumbs": _crumbs(plan, (_("Done"), None)),
        },
    )


@login_required
def template(request, pk: int):
    """The template for this plan: empty, or (``?aksi=1``) with the plan's actions the user may see."""
    plan = selectors.plan_get(user=request.user, pk=pk)
    with_actions = request.GET.get("aksi") == "1"
    content = imports.plan_export_template(
        plan,
        actions=selectors.action_queryset(user=request.user, plan=plan) if with_actions else None,
        empty=not with_actions,
    )
    response = HttpResponse(content, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    name = f"matriks-rad-{plan.government.region_id}-{plan.start_year}-{plan.end_year}"
    name += f"-v{plan.version}" + ("" if with_actions else "-templat")
    response["Content-Disposition"] = f'attachment; filename="{name}.xlsx"'
    return response
