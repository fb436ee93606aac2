"""Writes of the kelurahan map: replacing or deleting a government's boundary set. Keyword-only, atomic, validated
and audited like every other write."""

import hashlib
import re
import unicodedata
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sinergi.core.audit import audit_record, snapshot
from sinergi.core.models import AuditEntry
from sinergi.core.scope import subtree_q
from sinergi.core.services import model_create
from sinergi.insights.maps import geojson
from sinergi.insights.maps.models import Boundary, BoundarySet
from sinergi.regions.models import Region
from sinergi.regions.text import normalize_name

CODE_KEYS = ("code", "kode", "kode_wilayah")
NAME_KEYS = ("name", "nama", "nama_kelurahan", "nama_desa", "kelurahan", "desa", "namobj", "wadmkd")
DISTRICT_KEYS = ("kecamatan_code", "kode_kecamatan", "kecamatan", "nama_kecamatan", "wadmkc")
_PREFIX = re.compile(r"^(kelurahan|desa|kel|ds)\s+")
_DOTTED = re.compile(r"^\d{2}\.\d{2}\.\d{2}\.\d{4}$")
MAX_LISTED = 30


def boundary_max_bytes() -> int:
    return getattr(settings, "SINERGI_BOUNDARY_MAX_BYTES", 10 * 1024 * 1024)


def megabytes(size: int) -> str:
    """A size in MB as people write it: "10", "2.5"."""
    value = round(size / 1048576, 1)
    return str(int(value)) if value == int(value) else str(value)


def normal_code(value) -> str:
    """A Kemendagri village code, dotted ("18.72.01.1001"), from a dotted or a plain ten-digit one."""
    text = str(value).strip()
    digits = text.replace(".", "")
    if digits.isdigit() and len(digits) == 10:
        return f"{digits[:2]}.{digits[2:4]}.{digits[4:6]}.{digits[6:]}"
    return text


def normal_name(value) -> str:
    """A name to compare: case, accents, punctuation, the kind word and spaces dropped ("Kel. Iringmulyo" →
    "iringmulyo", the same as "Iring Mulyo")."""
    return _PREFIX.sub("", normalize_name(str(value))).replace(" ", "")


def villages_of(government):
    """The current kelurahan/desa of a regency or city government."""
    return Region.objects.filter(level=Region.Level.VILLAGE, is_current=True).filter(
        subtree_q("code", government.region_id)
    )


def _listed(names: list[str]) -> str:
    shown = ", ".join(names[:MAX_LISTED])
    if len(names) > MAX_LISTED:
        shown += " " + _("and %(count)s more") % {"count": len(names) - MAX_LISTED}
    return shown


def match(*, government, features: list[geojson.Feature]) -> tuple[dict[str, geojson.Shape], list[str], dict]:
    """Each feature's kelurahan/desa of this government, by its code (``code``, ``kode``, ``kode_wilayah``) or else
    its name; returns (shapes by region code, warnings, regions by code). Two queries."""
    villages = {r.code: r for r in villages_of(government).select_related("parent")}
    by_name: dict[str, list[Region]] = {}
    for region in villages.values():
        by_name.setdefault(normal_name(region.name), []).append(region)
    shapes: dict[str, geojson.Shape] = {}
    warnings: list[str] = []
    unknown_codes: dict[str, list[geojson.Feature]] = {}

    def take(region: Region, feature: geojson.Feature):
        shape = shapes.get(region.code)
        if shape is None:
            shapes[region.code] = geojson.Shape(polygons=list(feature.polygons), box=geojson.Box())
        else:
            shape.polygons.extend(feature.polygons)
        shapes[region.code].names.append(feature.label)

    for feature in features:
        code = geojson.lookup(feature.properties, *CODE_KEYS)
        if code is not None:
            code = normal_code(code)
            if code in villages:
                take(villages[code], feature)
            else:
                unknown_codes.setdefault(code, []).append(feature)
            continue
        name = geojson.lookup(feature.properties, *NAME_KEYS)
        if name is None:
            warnings.append(_("%(feature)s has neither a code nor a name; skipped.") % {"feature": feature.title})
            continue
        candidates = by_name.get(normal_name(name), [])
        if len(candidates) > 1:
            district = geojson.lookup(feature.properties, *DISTRICT_KEYS)
            if district is not None:
                wanted = normal_code(district) if _looks_like_code(district) else normal_name(district)
                candidates = [
                    r for r in candidates if wanted in (r.parent_id, normal_name(r.parent.name if r.parent else ""))
                ]
        if len(candidates) == 1:
            take(candidates[0], feature)
        elif not candidates:
            warnings.append(
                _("%(feature)s: no kelurahan/desa of %(government)s is called “%(name)s”; skipped.")
                % {"feature": feature.title, "government": government.name, "name": str(name)[:80]}
            )
        else:
            warnings.append(
                _("%(feature)s: several kelurahan/desa are called “%(name)s”; add a code property; skipped.")
                % {"feature": feature.title, "name": str(name)[:80]}
            )
    if unknown_codes:
        known = {r.code: r for r in Region.objects.filter(code__in=list(unknown_codes)).select_related("parent")}
        for code, found in unknown_codes.items():
            for feature in found:
                region = known.get(code)
                if region is None:
                    message = _("%(feature)s: the code %(code)s is not a known region; skipped.")
                elif region.level != Region.Level.VILLAGE or not code.startswith(government.region_id + "."):
                    message = _(
                        "%(feature)s: %(code)s (%(region)s) is not a kelurahan/desa of %(government)s; skipped."
                    )
                else:
                    message = _("%(feature)s: %(code)s (%(region)s) is no longer a current region; skipped.")
                warnings.append(
                    message
                    % {
                        "feature": feature.title,
                        "code": code[:20],
                        "region": region.label if region else "",
                        "government": government.name,
                    }
                )
    for code, shape in shapes.items():
        if len(shape.names) > 1:
            warnings.append(
                _("%(region)s: %(count)s features were joined into one boundary.")
                % {"region": villages[code].label, "count": len(shape.names)}
            )
    missing = [r.label for code, r in villages.items() if code not in shapes]
    if missing and shapes:
        warnings.append(
            _("%(count)s kelurahan/desa have no boundary and are drawn as tiles below the map: %(names)s.")
            % {"count": len(missing), "names": _listed(missing)}
        )
    return shapes, warnings, villages


def _looks_like_code(value) -> bool:
    return bool(re.fullmatch(r"[\d.]+", str(value).strip()))


@dataclass
class BoundaryFile:
    """An uploaded file, checked and matched: the shapes by region code, the warnings, and the SVG frame."""

    shapes: dict[str, geojson.Shape]
    warnings: list[str]
    frame: geojson.Frame
    features: int


def read_boundary_file(*, government, upload) -> BoundaryFile:
    """Check and match an uploaded file without storing anything; ValidationError on the ``file`` field when the
    file is refused."""
    if government.region.level != Region.Level.REGENCY:
        raise ValidationError({"file": _("Boundaries are kept for the kelurahan/desa of a regency or city.")})
    if upload is None or upload.size == 0:
        raise ValidationError({"file": _("The file is empty.")})
    limit = boundary_max_bytes()
    if upload.size > limit:
        raise ValidationError(
            {"file": _("The file is %(size)s MB; the limit is %(limit)s MB.")
             % {"size": megabytes(upload.size), "limit": megabytes(limit)}}
        )  # fmt: skip
    upload.seek(0)
    raw = upload.read(limit + 1)
    upload.seek(0)
    try:
        features = geojson.parse(raw)
    except ValidationError as exc:
        raise ValidationError({"file": exc.messages}) from exc
    shapes, warnings, villages = match(government=government, features=features)
    if not shapes:
        raise ValidationError(
            {"file": [_("No feature matched a kelurahan/desa of %(government)s. Give each feature a property "
                        "“code” (e.g. %(example)s) or “name”.") % {"government": government.name,
                                                                  "example": _example_code(villages)},
                      *warnings[:10]]}
        )  # fmt: skip
    frame = geojson.prepare(shapes)
    return BoundaryFile(shapes=shapes, warnings=warnings, frame=frame, features=len(features))


def _example_code(villages: dict) -> str:
    return next(iter(sorted(villages)), "18.72.01.1001")


@transaction.atomic
def boundary_set_replace(*, government, upload, by) -> BoundarySet:
    """Check an uploaded GeoJSON file and make it the government's boundary set, replacing the old one whole.

    A refused file raises ValidationError and changes nothing; the replacement happens in one transaction."""
    checked = read_boundary_file(government=government, upload=upload)
    shapes, frame = checked.shapes, checked.frame
    upload.seek(0)
    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    old = BoundarySet.objects.select_for_update().filter(government=government).first()
    if old is not None:
        _delete(old, by=by, reason=_("replaced by a new upload"))
    boundary_set = BoundarySet(
        government=government,
        source_name=geojson_file_name(upload.name),
        source_size=upload.size,
        sha256=digest.hexdigest(),
        features=checked.features,
        matched=len(shapes),
        **frame.box.as_dict(),
        width=frame.width,
        height=frame.height,
        warnings=checked.warnings,
        uploaded_by=by,
        uploaded_at=timezone.now(),
    )
    model_create(instance=boundary_set, by=by)
    Boundary.objects.bulk_create(
        Boundary(
            boundary_set=boundary_set,
            government=government,
            region_id=code,
            feature_name=shape.names[0][:200],
            geometry=shape.geometry,
            **shape.box.as_dict(),
            svg_path=shape.path,
            label_x=shape.label[0],
            label_y=shape.label[1],
        )
        for code, shape in sorted(shapes.items())
    )
    return boundary_set


def geojson_file_name(name: str) -> str:
    """The uploaded file's name, safe to show: no path, no control characters, at most 200 characters."""
    name = unicodedata.normalize("NFC", name or "").replace("\\", "/").split("/")[-1]
    name = "".join(c for c in name if unicodedata.category(c)[0] != "C").strip()
    return (name or "batas.geojson")[:200]


def _delete(boundary_set: BoundarySet, *, by, reason: str = "") -> None:
    audit_record(obj=boundary_set, action=AuditEntry.Action.DELETE, by=by, before=snapshot(boundary_set), reason=reason)
    boundary_set.delete()


@transaction.atomic
def boundary_set_delete(*, boundary_set: BoundarySet, by) -> None:
    """Remove a government's boundaries: its map falls back to the tile grid."""
    _delete(boundary_set, by=by)
