"""Pages of the exchange between installations: the exchange page (this installation's key, the export of the
current government's semesters, the packages received), the import, the trusted senders and a package's page.

Thin: the checks and writes are ``services``; who may do what is ``rules``.
"""

import secrets
import time
from collections import defaultdict

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from sinergi.core.files import download
from sinergi.core.lists import paginate
from sinergi.core.pages import apply_errors
from sinergi.core.scope import scope_for
from sinergi.exchange import keys, rules, selectors, services
from sinergi.exchange.data import PROGRAMME, REPORT
from sinergi.exchange.forms import ExportForm, ImportForm, TrustedSenderForm
from sinergi.exchange.models import ExchangePackage, TrustedSender
from sinergi.exchange.package import PackageRefused, sha256
from sinergi.insights.models import GovernmentRollup, semester_of
from sinergi.organizations.models import Government
from sinergi.reporting.models import Period

PENDING_KEY = "exchange_pending"
PENDING_HOURS = 24
NAV = "exchange"


def _crumbs(*steps):
    return [(_("Exchange"), reverse("exchange:home") if steps else None), *steps]


def _key_context() -> dict:
    try:
        return {"key": keys.signing_key(), "key_error": ""}
    except keys.BadKey as exc:
        return {"key": None, "key_error": str(exc)}


def _export_semesters(government) -> list[dict]:
    """The government's semesters that have reporting periods, newest first, each with why it cannot be exported
    yet (or nothing)."""
    by_semester = defaultdict(list)
    for period in Period.objects.filter(government=government).order_by("year", "kind", "number"):
        by_semester[period.year, semester_of(period)].append(period)
    rows = {
        (row.year, row.semester): row
        for row in GovernmentRollup.objects.filter(government=government, year__in={y for y, _s in by_semester})
    }
    result = []
    for (year, semester), periods in sorted(by_semester.items(), reverse=True):
        still_open = [p for p in periods if p.status not in services.FINAL_STATUSES]
        row = rows.get((year, semester))
        if still_open:
            problem = _("Close every period first: %(periods)s.") % {"periods": ", ".join(str(p) for p in still_open)}
        elif row is None:
            problem = _("No numbers to export.")
        elif row.imported:
            problem = _("Imported from another installation.")
        else:
            problem = ""
        result.append({"year": year, "semester": semester, "code": f"{year}-{semester}", "periods": periods,
                       "problem": problem})  # fmt: skip
    return result


@login_required
def home(request):
    """GET /pertukaran/: this installation's key, the export of the current government, the packages received."""
    government = request.government
    can_export = government is not None and rules.can_export(request.user, government.pk)
    packages = paginate(request, selectors.package_list(user=request.user).filter(status="current"))
    context = {
        **_key_context(),
        "government": government,
        "can_export": can_export,
        "semesters": _export_semesters(government) if can_export else [],
        "exports": selectors.export_list(user=request.user, government=government)[:10] if can_export else [],
        "page": packages,
        "can_import": rules.can_import(request.user),
        "active_nav": NAV,
        "breadcrumbs": _crumbs(),
    }
    return render(request, "exchange/home.html", context)


@login_required
@require_POST
def key_generate(request):
    """POST /pertukaran/kunci/: generate this installation's signing key (administrators), if it has none."""
    rules.require(rules.can_manage_trust(request.user))
    try:
        if keys.signing_key() is None:
            keys.keygen()
            messages.success(request, _("The signing key was generated."))
        else:
            messages.error(request, _("This installation already has a signing key."))
    except keys.BadKey as exc:
        messages.error(request, str(exc))
    return redirect("exchange:home")


@login_required
@require_POST
def export(request):
    """POST /pertukaran/ekspor/ (government, semester "2025-1"): the signed package as a download."""
    form = ExportForm(request.POST)
    if not form.is_valid():
        raise Http404
    government = scope_for(request.user).get(
        Government.objects.select_related("region"), pk=form.cleaned_data["government"]
    )
    rules.require(rules.can_export(request.user, government.pk))
    year, semester = form.year_semester()
    try:
        result = services.package_export(government=government, year=year, semester=semester, by=request.user)
    except services.ExportRefused as exc:
        messages.error(request, exc.message)
        return redirect("exchange:home")
    response = HttpResponse(result.content, content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="{result.filename}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


# --- import ----------------------------------------------------------------------------------------------------


def _pending_dir():
    directory = keys.exchange_dir() / "pending"
    directory.mkdir(parents=True, exist_ok=True, mode=0o700)
    return directory


def _keep_pending(request, raw: bytes) -> str:
    """Keep an upload whose import waits for a confirmation; old ones are removed."""
    directory = _pending_dir()
    limit = time.time() - PENDING_HOURS * 3600
    for old in directory.glob("*.zip"):
        if old.stat().st_mtime < limit:
            old.unlink(missing_ok=True)
    token = secrets.token_urlsafe(16)
    (directory / f"{token}.zip").write_bytes(raw)
    pending = request.session.get(PENDING_KEY, {})
    pending[token] = sha256(raw)
    request.session[PENDING_KEY] = dict(list(pending.items())[-5:])
    return token


def _take_pending(request, token: str) -> bytes:
    digest = request.session.get(PENDING_KEY, {}).get(token)
    path = _pending_dir() / f"{token}.zip"
    if not digest or "/" in token or not path.is_file():
        raise Http404
    raw = path.read_bytes()
    if sha256(raw) != digest:
        raise Http404
    return raw


def _drop_pending(request, token: str) -> None:
    (_pending_dir() / f"{token}.zip").unlink(missing_ok=True)
    pending = request.session.get(PENDING_KEY, {})
    pending.pop(token, None)
    request.session[PENDING_KEY] = pending


def _labels() -> dict:
    return {name: GovernmentRollup._meta.get_field(name).verbose_name for name in (*REPORT, *PROGRAMME)}


def _import(request, raw: bytes, *, replace: bool, form=None, token: str = ""):
    """Import ``raw`` and show what happened; a refused package goes back to the form with its reason."""
    try:
        outcome = services.package_import(raw=raw, by=request.user, replace=replace)
    except PackageRefused as exc:
        if token:
            _drop_pending(request, token)
        form = form or ImportForm()
        form.add_error(None, exc.message)
        return _upload_page(request, form)
    except services.PackageConflict as exc:
        labels = _labels()
        context = {
            "conflict": exc,
            "differences": [(d, labels.get(d.name, d.name)) for d in exc.differences],
            "token": "" if exc.local else (token or _keep_pending(request, raw)),
            "active_nav": NAV,
            "breadcrumbs": _crumbs((_("Import a package"), reverse("exchange:import"))),
        }
        return render(request, "exchange/import_result.html", context)
    if token:
        _drop_pending(request, token)
    context = {"outcome": outcome, "active_nav": NAV,
               "breadcrumbs": _crumbs((_("Import a package"), reverse("exchange:import")))}  # fmt: skip
    return render(request, "exchange/import_result.html", context)


def _upload_page(request, form):
    context = {
        "form": form,
        "senders": TrustedSender.objects.count(),
        "active_nav": NAV,
        "breadcrumbs": _crumbs((_("Import a package"), None)),
    }
    return render(request, "exchange/import.html", context)


@login_required
def import_upload(request):
    """GET/POST /pertukaran/impor/: upload a package (administrators); the page shows the outcome."""
    rules.require(rules.can_import(request.user))
    if request.method != "POST":
        return _upload_page(request, ImportForm())
    form = ImportForm(request.POST, request.FILES)
    if not form.is_valid():
        return _upload_page(request, form)
    upload = form.cleaned_data["file"]
    raw = upload.read(upload.size + 1)
    return _import(request, raw, replace=form.cleaned_data["replace"], form=form)


@login_required
@require_POST
def import_confirm(request):
    """POST /pertukaran/impor/konfirmasi/ (token): import the package kept from a conflict, replacing."""
    rules.require(rules.can_import(request.user))
    token = request.POST.get("token", "")
    raw = _take_pending(request, token)
    return _import(request, raw, replace=True, token=token)


# --- trusted senders -------------------------------------------------------------------------------------------


@login_required
def senders(request):
    """GET/POST /pertukaran/pengirim/: the trusted senders, and a form to add one (administrators)."""
    rules.require(rules.can_manage_trust(request.user))
    form = TrustedSenderForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            sender = services.trusted_sender_add(
                region=data["region"], name=data["name"], public_key=data["public_key"],
                fingerprint=data["fingerprint"], by=request.user,
            )  # fmt: skip
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(
                request,
                _("%(name)s is trusted for %(code)s; key fingerprint %(fingerprint)s.")
                % {"name": sender.name, "code": sender.region_id, "fingerprint": sender.fingerprint_display},
            )
            return redirect("exchange:senders")
    context = {
        "form": form,
        "senders": selectors.sender_list(),
        "active_nav": NAV,
        "breadcrumbs": _crumbs((_("Trusted senders"), None)),
    }
    return render(request, "exchange/senders.html", context)


@login_required
@require_POST
def sender_delete(request, pk: int):
    rules.require(rules.can_manage_trust(request.user))
    try:
        sender = TrustedSender.objects.get(pk=pk)
    except TrustedSender.DoesNotExist as exc:
        raise Http404 from exc
    services.trusted_sender_remove(sender=sender, by=request.user, reason=request.POST.get("reason", ""))
    messages.success(request, _("%(name)s is no longer trusted.") % {"name": sender.name})
    return redirect("exchange:senders")


# --- packages --------------------------------------------------------------------------------------------------


@login_required
def package_detail(request, pk: int):
    """GET /pertukaran/paket/<pk>/: a received package, its numbers and documents, for those who see its
    government."""
    package = selectors.package_get(user=request.user, pk=pk)
    labels = _labels()
    numbers = package.data.get("government_numbers", {})
    context = {
        "package": package,
        "numbers": [(labels[name], numbers.get(name)) for name in (*REPORT, *PROGRAMME)],
        "approved_only": [labels[name] for name in package.data.get("approved_only", ()) if name in labels],
        "places": package.data.get("programme", []),
        "reports": package.data.get("reports", []),
        "documents": package.documents.all(),
        "history": ExchangePackage.objects.filter(
            government=package.government, year=package.year, semester=package.semester
        ).exclude(pk=package.pk),
        "active_nav": NAV,
        "breadcrumbs": _crumbs((str(package), None)),
    }
    return render(request, "exchange/package_detail.html", context)


@login_required
def document_download(request, pk: int, document: int):
    """GET /pertukaran/paket/<pk>/dokumen/<document>/: a PDF that came in the package."""
    package = selectors.package_get(user=request.user, pk=pk)
    item = selectors.document_get(user=request.user, package=package, pk=document)
    return download(item.file, name=item.name, content_type="application/pdf")
