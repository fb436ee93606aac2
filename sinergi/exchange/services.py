"""Writes of the exchange: export a government's semester as a signed package, import a package from another
installation, and manage the trusted senders.

Import checks everything before it writes, and writes in one transaction: a package that is unsafe, unsigned,
signed by a key not trusted for its government, changed after signing, of another format, of an unknown region or
inconsistent changes nothing. The same package twice changes nothing either; another package of the same
government and semester with other numbers is a conflict that lists the differences and is applied only with
``replace``; a government whose semester this installation computes from its own data is never overwritten.
"""

import logging
from dataclasses import dataclass, field
from datetime import datetime

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils.translation import gettext as _

from sinergi.core.audit import audit_record, snapshot
from sinergi.core.models import AuditEntry
from sinergi.core.scope import Scope
from sinergi.core.services import model_create, model_delete, model_update
from sinergi.documents.engine import render
from sinergi.exchange import keys
from sinergi.exchange.data import PROGRAMME, REPORT, parse, semester_data
from sinergi.exchange.models import ExchangePackage, ExportedPackage, PackageDocument, TrustedSender
from sinergi.exchange.package import DATA, PackageRefused, assemble, check_files, parse_json, read, sha256
from sinergi.insights import areas
from sinergi.insights.models import GovernmentRollup, ProgrammeRollup, ReportRollup, semester_of
from sinergi.organizations.models import Government
from sinergi.organizations.services import government_create
from sinergi.programmes.recap_document import recap_document
from sinergi.programmes.recaps import build_recap
from sinergi.regions.models import Region
from sinergi.reporting.consolidated import build_consolidated
from sinergi.reporting.models import Period, PeriodStatus
from sinergi.reporting.semester_report import semester_report_document

logger = logging.getLogger(__name__)
FINAL_STATUSES = (PeriodStatus.CLOSED, PeriodStatus.LOCKED)


class ExportRefused(Exception):
    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class PackageConflict(Exception):
    """The package's government and semester already have other numbers here: imported ones that differ
    (``differences``; apply with ``replace``) or this installation's own (``local``; never replaced)."""

    def __init__(self, message: str, *, differences=(), local: bool = False):
        super().__init__(message)
        self.message = message
        self.differences = list(differences)
        self.local = local


# --- export ----------------------------------------------------------------------------------------------------


def semester_periods(government, year: int, semester: int) -> list[Period]:
    periods = Period.objects.filter(government=government, year=year).order_by("kind", "number")
    return [period for period in periods if semester_of(period) == semester]


def export_problem(government, year: int, semester: int) -> str | None:
    """Why the semester cannot be exported yet, or None when it can."""
    periods = semester_periods(government, year, semester)
    if not periods:
        return _("%(government)s has no reporting period in semester %(semester)s %(year)s.") % {
            "government": government, "semester": semester, "year": year
        }  # fmt: skip
    still_open = [period for period in periods if period.status not in FINAL_STATUSES]
    if still_open:
        return _(
            "Every reporting period of semester %(semester)s %(year)s must be closed or locked before it is "
            "exported; still open: %(periods)s."
        ) % {"semester": semester, "year": year, "periods": ", ".join(str(p) for p in still_open)}
    row = GovernmentRollup.objects.filter(government=government, year=year, semester=semester).first()
    if row is None:
        return _("There are no numbers of semester %(semester)s %(year)s to export.") % {
            "semester": semester, "year": year
        }  # fmt: skip
    if row.imported:
        return _("The numbers of this semester were imported from another installation; only it can send them.")
    return None


class _Installation:
    """The installation itself as the reader of a whole government, for the package's documents: a package is
    the government's, whoever presses the button or runs the command."""

    is_authenticated = True
    is_superuser = True
    pk = None

    def __init__(self):
        self._sinergi_scope = Scope(is_admin=True)


def semester_documents(government, year: int, semester: int, periods) -> dict[str, bytes]:
    """The official consolidated report of every period of the semester and the programme recap, as PDFs.
    A document that cannot be produced (no PDF engine, a rendering error) is left out and logged."""
    documents = {}
    for period in periods:
        name = f"documents/laporan-pelaksanaan-{period.year}-{period.code.lower()}.pdf"
        try:
            documents[name] = render(semester_report_document(build_consolidated(period, draft=False)), "pdf")
        except Exception:  # noqa: BLE001 — the numbers still go; the document is optional
            logger.exception("The consolidated report of period %s could not be produced", period.pk)
    try:
        recap = build_recap(user=_Installation(), government=government, year=year, semester=semester)
        documents[f"documents/rekap-program-{year}-semester-{semester}.pdf"] = render(recap_document(recap), "pdf")
    except Exception:  # noqa: BLE001
        logger.exception("The programme recap of government %s could not be produced", government.pk)
    return documents


@dataclass(frozen=True)
class Export:
    filename: str
    content: bytes
    record: ExportedPackage
    documents: tuple[str, ...]


def package_export(*, government: Government, year: int, semester: int, by, documents: bool = True) -> Export:
    """The signed package of a government's semester (its periods all closed or locked), and its record.

    The installation's signing key is generated on the first export. ``documents=False`` leaves the PDFs out."""
    problem = export_problem(government, year, semester)
    if problem:
        raise ExportRefused(problem)
    periods = semester_periods(government, year, semester)
    row = GovernmentRollup.objects.get(government=government, year=year, semester=semester)
    programme = ProgrammeRollup.objects.filter(government=government, year=year, semester=semester)
    reports = ReportRollup.objects.filter(government=government, year=year, semester=semester).select_related(
        "period", "field", "agency"
    )
    data = semester_data(
        government=government, year=year, semester=semester, periods=periods, row=row,
        programme=list(programme), reports=list(reports),
    )  # fmt: skip
    pdfs = semester_documents(government, year, semester, periods) if documents else {}
    try:
        key = keys.signing_key_or_create()
    except keys.BadKey as exc:
        raise ExportRefused(str(exc)) from exc
    raw, _manifest, manifest_bytes = assemble(data=data, documents=pdfs, key=key)
    record = model_create(
        instance=ExportedPackage(
            government=government, year=year, semester=semester, manifest_sha256=sha256(manifest_bytes),
            package_sha256=sha256(raw), size=len(raw), key_fingerprint=key.fingerprint,
            exported_by=by if getattr(by, "is_authenticated", False) else None,
        ),
        by=by,
        reason=f"paket pertukaran semester {semester} {year}",
    )  # fmt: skip
    filename = f"paket-sinergi-{government.region_id}-{year}-semester-{semester}.zip"
    return Export(filename=filename, content=raw, record=record, documents=tuple(sorted(pdfs)))


# --- import ----------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Difference:
    where: str
    name: str
    stored: object
    incoming: object


@dataclass
class ImportOutcome:
    status: str  # "imported", "replaced" or "unchanged"
    message: str
    package: ExchangePackage | None
    differences: list[Difference] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return self.status != "unchanged"


def _trusted_sender(package) -> TrustedSender:
    sender = TrustedSender.objects.filter(
        region_id=package.region_code, fingerprint=package.manifest["key_fingerprint"]
    ).first()
    if sender is None:
        raise PackageRefused(
            _(
                "The package is signed with a key that is not trusted for %(code)s (fingerprint %(fingerprint)s). "
                "An administrator adds the sending installation's key to the trusted senders first."
            )
            % {"code": package.region_code, "fingerprint": package.manifest["key_fingerprint"][:16] + "…"}
        )
    return sender


def differences(stored: GovernmentRollup | None, places: dict, incoming) -> list[Difference]:
    """Every number of the stored imported rows that the incoming package would change (a missing row counts 0)."""
    result = []
    for name in (*REPORT, *PROGRAMME):
        before = getattr(stored, name) if stored is not None else 0
        after = getattr(incoming.government, name)
        if before != after:
            result.append(Difference(_("whole government"), name, before, after))
    for code in sorted(set(places) | set(incoming.programme)):
        old, new = places.get(code), incoming.programme.get(code)
        for name in PROGRAMME:
            before = getattr(old, name) if old is not None else 0
            after = getattr(new, name) if new is not None else 0
            if before != after:
                result.append(Difference(_("region %(code)s") % {"code": code}, name, before, after))
    return result


@dataclass
class Verified:
    """A package whose safety, signature, hashes and data were checked, with its trusted sender."""

    package: object
    sender: TrustedSender
    data: dict
    incoming: object
    region: Region


def verified(raw: bytes) -> Verified:
    """The package read from ``raw``, its trusted sender and its checked data; raises ``PackageRefused``."""
    package = read(raw)
    sender = _trusted_sender(package)
    if not keys.verify_signature(sender.public_key, package.signature, package.manifest_bytes):
        raise PackageRefused(
            _(
                "The package's signature is not valid: manifest.json was changed after signing, or was not signed "
                "by %(sender)s."
            )
            % {"sender": sender.name}
        )
    check_files(package)
    data = parse_json(package.files[DATA], DATA)
    incoming = parse(data, package.manifest)
    region = Region.objects.filter(code=incoming.region_code).first()
    if region is None or region.level not in (Region.Level.PROVINCE, Region.Level.REGENCY):
        raise PackageRefused(
            _("The package's region %(code)s is not a province or regency/city in this installation's regions.")
            % {"code": incoming.region_code}
        )
    known = set(Region.objects.filter(code__in=list(incoming.programme)).values_list("code", flat=True))
    unknown = sorted(set(incoming.programme) - known)
    if unknown:
        raise PackageRefused(
            _("The package names regions this installation does not know: %(codes)s.")
            % {"codes": ", ".join(unknown[:10])}
        )
    return Verified(package=package, sender=sender, data=data, incoming=incoming, region=region)


def package_import(*, raw: bytes, by, replace: bool = False) -> ImportOutcome:
    """Import a package (its bytes): idempotent, refusing conflicts unless ``replace``; see the module's docstring.

    Raises ``PackageRefused`` (bad package) or ``PackageConflict``; returns what happened."""
    checked = verified(raw)
    saved: list[str] = []
    try:
        with transaction.atomic():
            outcome = _apply(checked, by=by, replace=replace, saved=saved)
    except BaseException:
        # The transaction is undone; so are the files written before it failed.
        for name in saved:
            default_storage.delete(name)
        raise
    logger.info("Exchange package %s: %s", checked.package.manifest_sha256[:12], outcome.status)
    return outcome


def _apply(checked: Verified, *, by, replace: bool, saved: list[str]) -> ImportOutcome:
    package, sender, incoming, region = checked.package, checked.sender, checked.incoming, checked.region
    year, semester = incoming.year, incoming.semester
    # Refreshes of the same semester run one after another: the province and nation rows are rewritten here.
    areas.lock_semester(year, semester)
    government = Government.objects.filter(region=region).first()
    current = None
    touched = {region.code, *incoming.programme}
    status = "imported"
    if government is not None:
        rows = GovernmentRollup.objects.filter(government=government, year=year, semester=semester)
        places = ProgrammeRollup.objects.filter(government=government, year=year, semester=semester)
        if rows.filter(imported=False).exists() or places.filter(imported=False).exists():
            raise PackageConflict(
                _(
                    "%(government)s has local data (roll-ups computed by this installation) for semester "
                    "%(semester)s %(year)s; a package never replaces them."
                )
                % {"government": government, "semester": semester, "year": year},
                local=True,
            )
        current = (
            ExchangePackage.objects.select_for_update()
            .filter(government=government, year=year, semester=semester, status=ExchangePackage.Status.CURRENT)
            .first()
        )
        if current is not None and current.manifest_sha256 == package.manifest_sha256:
            return ImportOutcome("unchanged", _("This package was already imported; nothing changed."), current)
        stored = rows.first()
        stored_places = {row.region_id: row for row in places}
        if stored is not None or stored_places:
            found = differences(stored, stored_places, incoming)
            if not found:
                return ImportOutcome(
                    "unchanged",
                    _("The numbers of this package are already imported (same numbers); nothing changed."),
                    current,
                )
            if not replace:
                raise PackageConflict(
                    _(
                        "Other numbers of %(government)s for semester %(semester)s %(year)s were already imported. "
                        "Check the differences; import again with replace to use this package's numbers."
                    )
                    % {"government": government, "semester": semester, "year": year},
                    differences=found,
                )
            touched |= set(stored_places)
            places.delete()
            rows.delete()
            status = "replaced"
    else:
        government = government_create(region=region, name=incoming.name, by=by)

    incoming.government.government = government
    incoming.government.region_id = region.code
    GovernmentRollup.objects.bulk_create([incoming.government])
    for row in incoming.programme.values():
        row.government = government
    ProgrammeRollup.objects.bulk_create(incoming.programme.values())

    record = ExchangePackage(
        government=government,
        year=year,
        semester=semester,
        sender=sender,
        sender_name=sender.name,
        sender_installation=package.manifest["installation"],
        key_fingerprint=package.manifest["key_fingerprint"],
        format_version=package.manifest["format"],
        packaged_at=datetime.fromisoformat(package.manifest["created_at"]),
        manifest_sha256=package.manifest_sha256,
        package_sha256=package.sha256,
        size=len(package.raw),
        data=checked.data,
        imported_by=by if getattr(by, "is_authenticated", False) else None,
    )
    if current is not None:
        model_update(
            instance=current,
            data={"status": ExchangePackage.Status.REPLACED},
            by=by,
            reason=f"diganti paket dengan SHA-256 manifes {package.manifest_sha256[:16]}",
        )
    record.file.save("package.zip", ContentFile(package.raw), save=False)
    saved.append(record.file.name)
    record.full_clean()
    record.save()
    # The trail names the package and its hashes; its data stays in the record (and the stored package).
    audit_record(
        obj=record,
        action=AuditEntry.Action.CREATE,
        by=by,
        after={name: value for name, value in snapshot(record).items() if name != "data"},
        reason=f"paket dari {sender.name}, SHA-256 manifes {package.manifest_sha256[:16]}",
    )
    for name, content in package.documents.items():
        document = PackageDocument(
            package=record,
            name=name.removeprefix("documents/"),
            size=len(content),
            sha256=package.manifest["files"][name],
        )
        document.file.save("document.pdf", ContentFile(content), save=False)
        saved.append(document.file.name)
        document.save()
    if current is not None:
        ExchangePackage.objects.filter(pk=current.pk).update(replaced_by=record)
    areas.refresh_regions(touched, year, semester)
    message = (
        _("The package replaced the numbers imported before.")
        if status == "replaced"
        else _("The package was imported.")
    )
    return ImportOutcome(status, message, record)


# --- trusted senders -------------------------------------------------------------------------------------------


def trusted_sender_add(*, region: Region, name: str, public_key: str, by, fingerprint: str = "") -> TrustedSender:
    """Trust a sending installation's key for one government's region. ``fingerprint``, when given, must be the
    key's: the one the sender read out, so a key changed on the way is refused."""
    from django.core.exceptions import ValidationError

    try:
        normalised = keys.normalise_public_key(public_key)
    except keys.BadKey as exc:
        raise ValidationError({"public_key": str(exc)}) from exc
    expected = "".join((fingerprint or "").split()).replace(":", "").lower()
    if expected and expected != keys.fingerprint_of(normalised):
        raise ValidationError(
            {"fingerprint": _("The key's fingerprint is not the one given: check the key with its sender.")}
        )
    sender = TrustedSender(region=region, name=name.strip(), public_key=normalised, added_by=by)
    return model_create(instance=sender, by=by, reason="pengirim tepercaya ditambahkan")


def trusted_sender_remove(*, sender: TrustedSender, by, reason: str = "") -> None:
    """Stop trusting a key; packages imported with it stay (their records keep the sender's name)."""
    model_delete(instance=sender, by=by, reason=reason or "pengirim tepercaya dihapus")
