"""Helpers of the exchange tests: Kota Metro's demo semester as a package, and the same numbers re-addressed to
another kab/kota of Lampung, so one test database plays both the sending and the receiving installation."""

import base64
import copy
import io
import json
import zipfile

from sinergi.accounts.models import User
from sinergi.exchange import keys, services
from sinergi.exchange.data import semester_data
from sinergi.exchange.package import assemble
from sinergi.insights.models import GovernmentRollup, ProgrammeRollup, ReportRollup
from sinergi.organizations.models import Government
from sinergi.regions.models import Region
from sinergi.reporting import services as reporting
from sinergi.reporting.models import Period

METRO = "18.72"
BANDAR_LAMPUNG = "18.71"  # a kota of province 18 that has no government in the demo
YEAR, SEMESTER = 2024, 1


def user(username: str) -> User:
    return User.objects.get(username=username)


def metro() -> Government:
    return Government.objects.select_related("region").get(region_id=METRO)


def close_metro_semester() -> None:
    """Close Kota Metro's periods of semester I 2024 through the reporting services (the demo leaves it open)."""
    for period in Period.objects.filter(government__region_id=METRO, year=YEAR, status="open"):
        reporting.period_close(period=period, by=user("sekretariat"))


def key() -> keys.SigningKey:
    return keys.signing_key_or_create()


def metro_data() -> dict:
    """Kota Metro's semester I 2024 as a package's data, from its stored roll-ups."""
    government = metro()
    periods = services.semester_periods(government, YEAR, SEMESTER)
    return semester_data(
        government=government,
        year=YEAR,
        semester=SEMESTER,
        periods=periods,
        row=GovernmentRollup.objects.get(government=government, year=YEAR, semester=SEMESTER),
        programme=list(ProgrammeRollup.objects.filter(government=government, year=YEAR, semester=SEMESTER)),
        reports=list(
            ReportRollup.objects.filter(government=government, year=YEAR, semester=SEMESTER).select_related(
                "period", "field", "agency"
            )
        ),
    )


def _codes_below(root: str, level: int) -> list[str]:
    return list(
        Region.objects.filter(code__startswith=root + ".", level=level).order_by("code").values_list("code", flat=True)
    )


def retarget(data: dict, code: str = BANDAR_LAMPUNG, name: str = "Pemerintah Kota Bandar Lampung") -> dict:
    """The same numbers for another government: every place moved to a place of the same level inside ``code``."""
    data = copy.deepcopy(data)
    source = data["government"]["region_code"]
    targets = {level: iter(_codes_below(code, level)) for level in (3, 4)}
    mapping = {source: code}
    for row in sorted(data["programme"], key=lambda r: r["region_code"]):
        old = row["region_code"]
        if old not in mapping:
            mapping[old] = next(targets[old.count(".") + 1])
        row["region_code"] = mapping[old]
    data["government"] = {"region_code": code, "name": name, "region_name": Region.objects.get(code=code).name}
    return data


def build(data: dict, documents: dict | None = None, signing_key=None, created_at=None) -> bytes:
    raw, _manifest, _bytes = assemble(
        data=data, documents=documents or {}, key=signing_key or key(), created_at=created_at
    )
    return raw


def trust(code: str = BANDAR_LAMPUNG, signing_key=None, name: str = "Instalasi uji"):
    signing_key = signing_key or key()
    return services.trusted_sender_add(
        region=Region.objects.get(code=code), name=name, public_key=signing_key.public_key, by=user("admin")
    )


def rezip(raw: bytes, change) -> bytes:
    """The package with its entries passed through ``change(name, content) -> [(name, content), ...]``."""
    source = zipfile.ZipFile(io.BytesIO(raw))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            for name, content in change(info.filename, source.read(info)):
                target.writestr(name, content)
    return buffer.getvalue()


def resign(raw: bytes, change, signing_key=None) -> bytes:
    """The package with its manifest passed through ``change(manifest)`` and signed again (by a trusted key)."""
    signing_key = signing_key or key()
    manifest = json.loads(entry(raw, "manifest.json"))
    change(manifest)
    content = json.dumps(manifest).encode()
    signature = base64.b64encode(signing_key.sign(content))
    replacements = {"manifest.json": content, "signature": signature}
    return rezip(raw, lambda name, old: [(name, replacements.get(name, old))])


def entry(raw: bytes, name: str) -> bytes:
    return zipfile.ZipFile(io.BytesIO(raw)).read(name)


def json_entry(raw: bytes, name: str) -> dict:
    return json.loads(entry(raw, name))
