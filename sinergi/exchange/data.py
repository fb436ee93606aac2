"""What a package's ``data.json`` holds, written from the stored roll-ups and read back with every value checked.

::

    {"format": 1,
     "government": {"region_code": "18.72", "name": "Pemerintah Kota Metro", "region_name": "Kota Metro"},
     "year": 2024, "semester": 1,
     "periods": [{"code": "B06", "kind": "semester", "number": 1, "starts_on": ..., "ends_on": ..., "status": ...}],
     "approved_only": ["approved", "approved_achievement_sum", "approved_achievement_count"],
     "government_numbers": {every report and programme number of GovernmentRollup},
     "programme": [{"region_code": "18.72.04.1003", every programme number of ProgrammeRollup}, ...],
     "reports": [{"period": "B06", "field_code": "...", "field_name": "...", "agency_name": "...",
                  every report number of ReportRollup}, ...]}

Numbers only, never a person: counts and sums per government, place, field and agency. Whole numbers are JSON
integers; rupiah and achievement sums are decimal strings, exact. ``approved_only`` names the numbers that count
approved reports only (what may be published); the others count every report of the (closed) periods.
"""

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from sinergi.exchange.package import PackageRefused
from sinergi.insights.models import GovernmentRollup, ProgrammeNumbers, ProgrammeRollup, ReportNumbers, ReportRollup

DATA_FORMAT = 1
REPORT = ReportNumbers.REPORT_NUMBERS
PROGRAMME = ProgrammeNumbers.PROGRAMME_NUMBERS
DECIMALS = frozenset({"budget_planned", "budget_realised", "achievement_sum", "approved_achievement_sum"})
APPROVED_ONLY = ("approved", "approved_achievement_sum", "approved_achievement_count")
PERIOD_STATUSES = ("closed", "locked")


def _plain(name: str, value):
    return str(value) if name in DECIMALS else int(value)


def numbers_of(row, names) -> dict:
    return {name: _plain(name, getattr(row, name)) for name in names}


def semester_data(*, government, year: int, semester: int, periods, row, programme, reports) -> dict:
    """The data of a government's semester from its stored rows: ``row`` its GovernmentRollup, ``programme`` its
    ProgrammeRollup rows, ``reports`` its ReportRollup rows (with period, field and agency)."""
    return {
        "format": DATA_FORMAT,
        "government": {
            "region_code": government.region_id,
            "name": government.name,
            "region_name": government.region.name,
        },
        "year": year,
        "semester": semester,
        "periods": [
            {
                "code": period.code,
                "kind": period.kind,
                "number": period.number,
                "starts_on": period.starts_on.isoformat(),
                "ends_on": period.ends_on.isoformat(),
                "status": period.status,
            }
            for period in periods
        ],
        "approved_only": list(APPROVED_ONLY),
        "government_numbers": numbers_of(row, (*REPORT, *PROGRAMME)),
        "programme": [
            {"region_code": each.region_id, **numbers_of(each, PROGRAMME)}
            for each in sorted(programme, key=lambda r: r.region_id)
        ],
        "reports": [
            {
                "period": each.period.code,
                "field_code": each.field.code,
                "field_name": each.field.name,
                "agency_name": each.agency.name,
                **numbers_of(each, REPORT),
            }
            for each in sorted(reports, key=lambda r: (r.period.code, r.field.code, r.agency.name))
        ],
    }


# --- reading ---------------------------------------------------------------------------------------------------


@dataclass
class Incoming:
    """A package's data, checked: the rows to store (unsaved, without government) and the report details."""

    region_code: str
    name: str
    year: int
    semester: int
    government: GovernmentRollup
    programme: dict[str, ProgrammeRollup]
    reports: list[dict]
    periods: list[dict]


def _refuse(detail: str):
    return PackageRefused(_("data.json is not valid: %(detail)s") % {"detail": detail})


def _number(name: str, value, where: str):
    if name in DECIMALS:
        if not isinstance(value, str):
            raise _refuse(f"{where}.{name}")
        try:
            number = Decimal(value)
        except InvalidOperation as exc:
            raise _refuse(f"{where}.{name}") from exc
        if not number.is_finite() or number < 0:
            raise _refuse(f"{where}.{name}")
        return number
    if not isinstance(value, int) or isinstance(value, bool) or not 0 <= value <= 2_147_483_647:
        raise _refuse(f"{where}.{name}")
    return value


def _numbers(source, names, where: str) -> dict:
    if not isinstance(source, dict) or not set(names) <= set(source):
        raise _refuse(where)
    return {name: _number(name, source[name], where) for name in names}


def _text(source: dict, key: str, where: str, max_length: int) -> str:
    value = source.get(key)
    if not isinstance(value, str) or not 0 < len(value) <= max_length:
        raise _refuse(f"{where}.{key}")
    return value


def _clean(row, names, where: str) -> None:
    """The database's own limits (digits, decimal places) on every number."""
    exclude = [f.name for f in row._meta.fields if f.name not in names]
    try:
        row.clean_fields(exclude=exclude)
    except ValidationError as exc:
        raise _refuse(f"{where}: {', '.join(sorted(exc.message_dict))}") from exc


def _inside(code: str, root: str) -> bool:
    return code == root or code.startswith(root + ".")


def parse(data, manifest: dict) -> Incoming:
    """The package's data as rows to store, after checking its shape, its limits, that it is the manifest's
    government and semester, and that its parts add up to the government's numbers."""
    if not isinstance(data, dict) or data.get("format") != DATA_FORMAT:
        raise _refuse("format")
    government = data.get("government")
    if not isinstance(government, dict):
        raise _refuse("government")
    region_code = _text(government, "region_code", "government", 13)
    name = _text(government, "name", "government", 200)
    expected = manifest["government"]
    if (region_code, name, data.get("year"), data.get("semester")) != (
        expected["region_code"], expected["name"], manifest["year"], manifest["semester"]
    ):  # fmt: skip
        raise _refuse(_("its government or semester is not the manifest's"))
    year, semester = manifest["year"], manifest["semester"]

    row = GovernmentRollup(
        region_id=region_code, year=year, semester=semester, imported=True,
        **_numbers(data.get("government_numbers"), (*REPORT, *PROGRAMME), "government_numbers"),
    )  # fmt: skip
    _clean(row, (*REPORT, *PROGRAMME), "government_numbers")

    programme: dict[str, ProgrammeRollup] = {}
    rows = data.get("programme")
    if not isinstance(rows, list):
        raise _refuse("programme")
    for index, each in enumerate(rows):
        where = f"programme[{index}]"
        if not isinstance(each, dict):
            raise _refuse(where)
        code = _text(each, "region_code", where, 13)
        if not _inside(code, region_code):
            raise _refuse(_("%(where)s: region %(code)s is not inside %(root)s") % {
                "where": where, "code": code, "root": region_code
            })  # fmt: skip
        if code in programme:
            raise _refuse(_("%(where)s: region %(code)s appears twice") % {"where": where, "code": code})
        place = ProgrammeRollup(
            region_id=code, year=year, semester=semester, imported=True, **_numbers(each, PROGRAMME, where)
        )
        _clean(place, PROGRAMME, where)
        programme[code] = place
    for number in PROGRAMME:
        if sum(getattr(place, number) for place in programme.values()) != getattr(row, number):
            raise _refuse(_("the places' %(name)s do not add up to the government's") % {"name": number})

    reports = data.get("reports")
    if not isinstance(reports, list):
        raise _refuse("reports")
    totals = dict.fromkeys(REPORT, 0)
    checked = []
    for index, each in enumerate(reports):
        where = f"reports[{index}]"
        if not isinstance(each, dict):
            raise _refuse(where)
        detail = {
            "period": _text(each, "period", where, 10),
            "field_code": _text(each, "field_code", where, 50),
            "field_name": _text(each, "field_name", where, 300),
            "agency_name": _text(each, "agency_name", where, 200),
            **_numbers(each, REPORT, where),
        }
        _clean(ReportRollup(**{n: detail[n] for n in REPORT}), REPORT, where)
        for number in REPORT:
            totals[number] += detail[number]
        checked.append({k: _plain(k, v) if k in REPORT else v for k, v in detail.items()})
    for number in REPORT:
        if totals[number] != getattr(row, number):
            raise _refuse(_("the reports' %(name)s do not add up to the government's") % {"name": number})

    periods = data.get("periods")
    if not isinstance(periods, list) or len(periods) > 8:
        raise _refuse("periods")
    for index, each in enumerate(periods):
        if not isinstance(each, dict) or each.get("status") not in PERIOD_STATUSES:
            raise _refuse(f"periods[{index}]")
    return Incoming(
        region_code=region_code,
        name=name,
        year=year,
        semester=semester,
        government=row,
        programme=programme,
        reports=checked,
        periods=periods,
    )
