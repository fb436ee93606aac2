"""Uploaded files kept as evidence or documents: recognised by content (never by name), size-limited, safely named.

Every upload in the system (report evidence, event evidence, decrees, Bersinar documents) goes through
``check_upload`` so the same rules and the same messages hold everywhere.
"""

import hashlib
import io
import re
import unicodedata
import zipfile
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.forms import ClearableFileInput
from django.utils.translation import gettext as _

CONTENT_TYPES = {
    "pdf": "application/pdf",
    "jpeg": "image/jpeg",
    "png": "image/png",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
EXTENSIONS = {"pdf": ".pdf", "jpeg": ".jpg", "png": ".png", "docx": ".docx", "xlsx": ".xlsx"}


def sniff(upload) -> str | None:
    """The file's real kind from its bytes (never its name): pdf, jpeg, png, docx, xlsx, or None."""
    upload.seek(0)
    head = upload.read(8)
    upload.seek(0)
    if head.startswith(b"%PDF-"):
        return "pdf"
    if head.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if head.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(upload) as archive:
                names = set(archive.namelist())
        except zipfile.BadZipFile:
            return None
        finally:
            upload.seek(0)
        if "[Content_Types].xml" in names:
            if "word/document.xml" in names:
                return "docx"
            if "xl/workbook.xml" in names:
                return "xlsx"
    return None


_UNSAFE = re.compile(r"[^\w.\- ()]+")


def clean_file_name(name: str, kind: str) -> str:
    """A file name safe to show and to send back: no path, no control characters, the true extension."""
    name = unicodedata.normalize("NFC", name or "").replace("\\", "/").split("/")[-1]
    name = "".join(c for c in name if unicodedata.category(c)[0] != "C")
    stem = _UNSAFE.sub("_", name.rsplit(".", 1)[0]).strip(" ._") or "berkas"
    return stem[:150] + EXTENSIONS[kind]


def evidence_max_bytes() -> int:
    return getattr(settings, "SINERGI_EVIDENCE_MAX_BYTES", 10 * 1024 * 1024)


@dataclass(frozen=True)
class CheckedUpload:
    name: str
    content_type: str
    size: int
    sha256: str


def check_upload(upload, *, field: str = "file") -> CheckedUpload:
    """Refuse empty, oversized and unrecognised files (ValidationError on ``field``); describe the accepted one."""
    if upload is None or upload.size == 0:
        raise ValidationError({field: _("The file is empty.")})
    limit = evidence_max_bytes()
    if upload.size > limit:
        raise ValidationError(
            {field: _("The file is %(size)s MB; the limit is %(limit)s MB.")
             % {"size": round(upload.size / 1048576, 1), "limit": limit // 1048576}}
        )  # fmt: skip
    detected = sniff(upload)
    if detected is None:
        raise ValidationError({field: _("Only PDF, JPEG, PNG, DOCX and XLSX files are accepted (checked by content).")})
    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    return CheckedUpload(
        name=clean_file_name(upload.name, detected),
        content_type=CONTENT_TYPES[detected],
        size=upload.size,
        sha256=digest.hexdigest(),
    )


def content_type_for(name: str) -> str:
    """The checked type of a stored file from the true extension ``check_upload`` gave its name."""
    kinds = {extension: kind for kind, extension in EXTENSIONS.items()}
    extension = "." + name.rsplit(".", 1)[-1].lower() if "." in name else ""
    return CONTENT_TYPES.get(kinds.get(extension), "application/octet-stream")


def download(file, *, name: str, content_type: str | None = None):
    """A stored file as an attachment under its safe name; ``nosniff`` so a browser never reinterprets it."""
    from django.http import FileResponse, Http404

    if not file:
        raise Http404
    response = FileResponse(
        file.open("rb"), content_type=content_type or content_type_for(name), as_attachment=True, filename=name
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


# Stored files are never served from a public path (MEDIA_URL is unset), so asking the storage for a URL fails.
# Each file field names the scoped view that serves it; widgets and the admin link there instead.
DOWNLOAD_VIEWS = {
    "organizations.government.logo": ("organizations:government_logo", lambda obj: [obj.pk]),
    "planning.regionalplan.legal_basis_file": ("planning:plan_legal_basis", lambda obj: [obj.pk]),
    "coordination.composition.sk_file": ("coordination:composition_sk_file", lambda obj: [obj.pk]),
    "coordination.followupevidence.file": ("coordination:evidence_download", lambda obj: [obj.pk]),
    "programmes.eventevidence.file": ("programmes:event_evidence_download", lambda obj: [obj.pk]),
    "programmes.volunteergroup.sk_file": ("programmes:volunteer_group_sk", lambda obj: [obj.pk]),
    "programmes.bersinardocument.file": ("programmes:bersinar_document_download", lambda obj: [obj.pk]),
    "reporting.evidence.file": ("reporting:evidence_download", lambda obj: [obj.pk]),
    "reporting.generateddocument.file": ("reporting:document_download", lambda obj: [obj.pk]),
    "exchange.packagedocument.file": ("exchange:document_download", lambda obj: [obj.package_id, obj.pk]),
    # exchange.exchangepackage.file: the received archive has no download view; only its name is shown.
}


def stored_file_url(value) -> str | None:
    """The scoped download address of a stored file (a FieldFile), or None when it has none."""
    from django.urls import reverse

    instance, field = getattr(value, "instance", None), getattr(value, "field", None)
    if not value or instance is None or field is None or instance.pk is None:
        return None
    view = DOWNLOAD_VIEWS.get(f"{instance._meta.label_lower}.{field.name}")
    return reverse(view[0], args=view[1](instance)) if view else None


class StoredFileLink:
    """What the widget template reads as ``value``: ``url`` and the file's name, without asking the storage."""

    def __init__(self, value):
        self.url = stored_file_url(value) or ""
        self.name = value.name

    def __str__(self):
        return self.name.rsplit("/", 1)[-1]


class StoredFileInput(ClearableFileInput):
    """A file input that shows the current file as a link to its scoped download view (never ``storage.url``)."""

    template_name = "core/widgets/stored_file_input.html"

    def is_initial(self, value):
        return bool(value and getattr(value, "name", None) and hasattr(value, "instance"))

    def format_value(self, value):
        return StoredFileLink(value) if self.is_initial(value) else None


def image_max_pixels() -> int:
    return getattr(settings, "SINERGI_IMAGE_MAX_PIXELS", 25_000_000)


def bounded_image(upload, *, field: str = "logo"):
    """A PNG or JPEG checked from its header before any pixel is decoded (at most ``SINERGI_IMAGE_MAX_PIXELS``),
    then re-encoded to at most ``SINERGI_IMAGE_MAX_SIDE`` pixels on its longer side: the file every letterhead
    embeds stays small whatever was uploaded. Answers the file to store (the upload itself when already small)."""
    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image

    upload.seek(0)
    try:
        with Image.open(upload) as image:  # reads the header only
            width, height, kind = image.width, image.height, image.format
            if kind not in ("PNG", "JPEG"):
                raise ValidationError({field: _("The logo must be a PNG or JPEG image.")})
            if width * height > image_max_pixels():
                raise ValidationError(
                    {field: _("The image is %(width)s × %(height)s pixels; the limit is %(limit)s megapixels.")
                     % {"width": width, "height": height, "limit": round(image_max_pixels() / 1_000_000)}}
                )  # fmt: skip
            side = getattr(settings, "SINERGI_IMAGE_MAX_SIDE", 1200)
            if max(width, height) <= side:
                upload.seek(0)
                return upload
            image.draft("RGB", (side, side))  # JPEG decodes at a reduced scale
            image.thumbnail((side, side))
            buffer = io.BytesIO()
            if kind == "PNG":
                image.save(buffer, "PNG", optimize=True)
            else:
                image.convert("RGB").save(buffer, "JPEG", quality=88)
    except (OSError, Image.DecompressionBombError) as exc:
        raise ValidationError({field: _("The logo must be a PNG or JPEG image.")}) from exc
    stem = (upload.name or "logo").rsplit(".", 1)[0]
    return SimpleUploadedFile(f"{stem}{EXTENSIONS[kind.lower()]}", buffer.getvalue(), CONTENT_TYPES[kind.lower()])
