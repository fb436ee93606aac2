"""The exchange through the API: this installation's key, the export of a semester package, the import of one,
and the packages received (scoped like the pages)."""

from datetime import datetime

from django.http import HttpResponse
from django.utils.translation import gettext as _
from ninja import File, Form, Router, Schema, Status
from ninja.files import UploadedFile
from ninja.pagination import paginate
from pydantic import Field

from sinergi.core.api import error_response
from sinergi.core.apitypes import Id, LimitOffset
from sinergi.core.scope import scope_for
from sinergi.exchange import keys, rules, selectors, services
from sinergi.exchange.package import PackageRefused, max_bytes
from sinergi.organizations.models import Government

router = Router(tags=["pertukaran"])
ZIP_CONTENT = {"application/zip": {"schema": {"type": "string", "format": "binary"}}}


class KeyOut(Schema):
    installation_id: str | None
    public_key: str | None
    fingerprint: str | None


class ExportIn(Schema):
    government: Id
    semester: str = Field(pattern=r"^\d{4}-[12]$", examples=["2025-1"])


class PackageOut(Schema):
    id: int
    government_id: int
    region_code: str = Field(alias="government.region_id")
    government_name: str = Field(alias="government.name")
    year: int
    semester: int
    status: str
    sender_name: str
    sender_installation: str
    key_fingerprint: str
    packaged_at: datetime
    imported_at: datetime
    manifest_sha256: str
    package_sha256: str


class PackageDetailOut(PackageOut):
    data: dict
    documents: list[dict]

    @staticmethod
    def resolve_documents(obj):
        return [{"id": d.pk, "name": d.name, "size": d.size, "sha256": d.sha256} for d in obj.documents.all()]


class ImportOut(Schema):
    status: str
    message: str
    package: PackageOut | None


def _error(request, status: int, code: str, message: str, fields: dict | None = None):
    return error_response(request, status, code, message, fields)


@router.get("/exchange/key", response=KeyOut, summary="This installation's public signing key")
def get_key(request):
    try:
        key = keys.signing_key()
    except keys.BadKey:
        key = None
    if key is None:
        return {"installation_id": None, "public_key": None, "fingerprint": None}
    return {"installation_id": key.installation_id, "public_key": key.public_key, "fingerprint": key.fingerprint}


@router.post(
    "/exchange/export",
    summary="Export a government's semester as a signed package (zip)",
    openapi_extra={"responses": {200: {"description": "The package", "content": ZIP_CONTENT}}},
)
def export_package(request, payload: ExportIn):
    government = scope_for(request.auth).get(Government.objects.select_related("region"), pk=payload.government)
    rules.require(rules.can_export(request.auth, government.pk))
    year, semester = (int(part) for part in payload.semester.split("-"))
    try:
        result = services.package_export(government=government, year=year, semester=semester, by=request.auth)
    except services.ExportRefused as exc:
        return _error(request, 409, "not_ready", exc.message)
    response = HttpResponse(result.content, content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="{result.filename}"'
    return response


@router.post(
    "/exchange/import", response={200: ImportOut, 201: ImportOut}, summary="Import a package from another installation"
)
def import_package(request, file: File[UploadedFile], replace: Form[bool] = False):
    rules.require(rules.can_import(request.auth))
    if file.size > max_bytes():
        message = _("The file is %(size)s MB; the limit is %(limit)s MB.") % {
            "size": round(file.size / 1048576, 1), "limit": max_bytes() // 1048576
        }  # fmt: skip
        return _error(request, 413, "too_large", message, {"file": [message]})
    try:
        outcome = services.package_import(raw=file.read(file.size + 1), by=request.auth, replace=replace)
    except PackageRefused as exc:
        return _error(request, 422, "refused", exc.message, {"file": [exc.message]})
    except services.PackageConflict as exc:
        fields = {f"{d.where}: {d.name}": [f"{d.stored} → {d.incoming}"] for d in exc.differences}
        return _error(request, 409, "local_data" if exc.local else "conflict", exc.message, fields)
    body = {"status": outcome.status, "message": outcome.message, "package": outcome.package}
    return Status(201 if outcome.changed else 200, body)


@router.get("/exchange/packages", response=list[PackageOut], summary="Packages received that I may see")
@paginate(LimitOffset)
def list_packages(request):
    return selectors.package_list(user=request.auth)


@router.get("/exchange/packages/{package_id}", response=PackageDetailOut, summary="One package received")
def get_package(request, package_id: Id):
    return selectors.package_get(user=request.auth, pk=package_id)
