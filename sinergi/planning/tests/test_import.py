"""Importing a RAD matrix from Excel: reading and checking rows, the all-or-nothing commit, and the round trip."""

import io
from datetime import date
from decimal import Decimal
from unittest import mock

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation
from openpyxl import Workbook

from conftest import metro_agency
from sinergi.accounts.models import User
from sinergi.core.models import AuditEntry
from sinergi.organizations.models import Government
from sinergi.planning import imports, selectors, services
from sinergi.planning.models import Action, NationalAction, NationalPlan, PeriodKind, RegionalPlan
from sinergi.regions.models import Region

GOOD = {
    "Bidang": "1",
    "Kode Aksi RAN": "1.2",
    "Aksi/Kegiatan": "Sosialisasi P4GN di sekolah",
    "Penanggung jawab": "Disdikbud",
    "Waktu": "Feb-Nov",
    "Anggaran": 25_000_000,
    "Sumber dana": "APBD",
    "Indikator": "Jumlah peserta sosialisasi",
    "Satuan": "orang",
    "Target 2024": 200,
    "Target 2024 S1": 100,
    "Target 2024 S2": 100,
}


def user(username: str = "sekretariat") -> User:
    return User.objects.get(username=username)


def metro_plan(*, start_year: int = 2024, end_year: int = 2024, **extra) -> RegionalPlan:
    return services.plan_create(
        government=Government.objects.get(region_id="18.72"),
        national_plan=NationalPlan.objects.get(start_year=2020),
        title="RAD P4GN Kota Metro 2024",
        start_year=start_year,
        end_year=end_year,
        by=user(),
        **extra,
    )


def workbook_bytes(plan, rows: list[dict], *, above=(), headings=None, prepare=None) -> bytes:
    """An .xlsx with optional title rows, a header row (the template's by default) and one row per dict."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "RAD"
    for line in above:
        sheet.append(line)
    headings = headings or [heading for _key, heading in imports.template_columns(plan)]
    sheet.append(headings)
    for row in rows:
        sheet.append([row.get(heading) for heading in headings])
    if prepare:
        prepare(sheet)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def check(plan, rows, *, username: str = "sekretariat", **options) -> imports.ImportPreview:
    workbook = imports.open_workbook(workbook_bytes(plan, rows, **options))
    mapping = imports.exact_mapping(workbook, plan)
    return imports.import_preview(plan=plan, workbook=workbook, mapping=mapping, user=user(username))


@pytest.fixture
def plan(db):
    return metro_plan()


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def test_it_reads_a_row_in_the_template_layout(plan):
    preview = check(plan, [GOOD])
    assert preview.error_rows == []
    (action,) = preview.valid_actions
    assert action.values["responsible_agency"] == metro_agency("Disdikbud")
    assert action.values["national_action"].code == "1.2"
    assert action.values["months"] == "2,3,4,5,6,7,8,9,10,11"
    assert action.values["budget"] == Decimal(25_000_000)
    assert action.values["whole_government"] is True
    assert action.indicators[0].targets == {(2024, 0): Decimal(200), (2024, 1): Decimal(100), (2024, 2): Decimal(100)}


ERRORS = [
    ({"Penanggung jawab": "Dinas Antah Berantah"}, "Unknown agency: Dinas Antah Berantah"),
    ({"Instansi terkait": "Dinkes; Dinas Antah Berantah"}, "Unknown agency: Dinas Antah Berantah"),
    ({"Kode Aksi RAN": "9.9"}, "Unknown national action code 9.9 in RAN P4GN 2020–2024"),
    ({"Bidang": "7"}, "Unknown field: 7"),
    ({"Bidang": "2", "Kode Aksi RAN": "1.2"}, "National action 1.2 belongs to field 1, not to field 2"),
    ({"Target 2024": "dua ratus"}, "Target 2024 is not a number: dua ratus"),
    ({"Target 2024 S1": -5}, "Target 2024 S1 cannot be negative"),
    ({"Baseline": "banyak"}, "Baseline is not a number: banyak"),
    ({"Anggaran": "-5000"}, "The budget cannot be negative"),
    ({"Anggaran": "lima juta"}, "The budget is not a number: lima juta"),
    ({"Anggaran": 10**16}, "The budget is too big"),
    ({"Anggaran": "1500,5"}, "The budget is in whole rupiah"),
    ({"Aksi/Kegiatan": None, "Uraian": "Tanpa judul"}, "Missing required cell: Aksi/Kegiatan"),
    ({"Penanggung jawab": None}, "Missing required cell: Penanggung jawab"),
    ({"Indikator": None}, "Missing required cell: Indikator"),
    ({"Satuan": None}, "Missing required cell: Satuan"),
    ({"Lokasi": "Kelurahan Atlantis"}, "Unknown location: Kelurahan Atlantis"),
    ({"Lokasi": "18.07.01"}, "Unknown location: 18.07.01"),
    ({"Waktu": "13"}, "Bad months: 13"),
    ({"Waktu": "Jnuari"}, "Bad months: Jnuari"),
    ({"Waktu": "Jun-Jan"}, "Bad months: Jun-Jan"),
    ({"Sumber dana": "APBX"}, "Unknown budget source: APBX"),
    ({"Agregasi": "rata-rata"}, "Unknown aggregation: rata-rata"),
    ({"Arah": "samping"}, "Unknown direction: samping"),
    ({"Kode Aksi RAN": "LOKAL"}, "A local action needs its reason"),
    ({"Kode Aksi RAN": "LOKAL", "Alasan aksi lokal": "Khas Metro", "Bidang": None}, "Missing required cell: Bidang"),
    ({"Aksi/Kegiatan": "x" * 301}, "Aksi/Kegiatan is longer than 300 characters"),
]


@pytest.mark.parametrize(("change", "message"), ERRORS)
def test_it_names_each_kind_of_error_on_its_row(plan, change, message):
    preview = check(plan, [GOOD, {**GOOD, **change}])
    assert [row.number for row in preview.error_rows] == [3]
    assert any(message in error for error in preview.error_rows[0].errors), preview.error_rows[0].errors
    assert len(preview.valid_actions) == 1


def test_it_reports_merged_cells_on_every_row_they_touch(plan):
    second = {**GOOD, "Indikator": "Jumlah sekolah", "Satuan": "sekolah"}
    preview = check(plan, [GOOD, second, GOOD], prepare=lambda sheet: sheet.merge_cells("D2:D3"))
    assert [row.number for row in preview.error_rows] == [2, 3]
    assert "Merged cells D2:D3" in preview.error_rows[0].errors[0]


def test_it_reports_formulas_instead_of_calculating_them(plan):
    preview = check(plan, [{**GOOD, "Target 2024": "=1+1"}, {**GOOD, "Aksi/Kegiatan": "=A1"}])
    first, second = preview.error_rows
    assert first.errors == [
        "S2 holds a formula (=1+1); the importer does not calculate formulas. Copy the cells and paste them as values."
    ]
    # A formula in a required cell is reported once, not again as a missing cell.
    assert len(second.errors) == 1 and "D3 holds a formula" in second.errors[0]


def test_rows_without_action_cells_are_more_indicators_of_the_action_above(plan):
    more = {"Indikator": "Jumlah sekolah", "Satuan": "sekolah", "Agregasi": "terakhir", "Target 2024": 12}
    preview = check(plan, [GOOD, more, {**GOOD, "Aksi/Kegiatan": "Tes urine ASN"}])
    assert preview.error_rows == []
    first, second = preview.valid_actions
    assert [i.name for i in first.indicators] == ["Jumlah peserta sosialisasi", "Jumlah sekolah"]
    assert first.indicators[1].aggregation == "latest"
    assert preview.rows[1].continues == 2
    assert len(second.indicators) == 1


def test_a_first_row_without_an_action_is_an_error(plan):
    preview = check(plan, [{"Indikator": "Jumlah sekolah", "Satuan": "sekolah"}, GOOD])
    assert preview.error_rows[0].number == 2
    assert "no action above it" in preview.error_rows[0].errors[0]


def test_it_finds_agencies_and_places_however_they_are_written(plan):
    row = {
        **GOOD,
        "Penanggung jawab": "dinas pendidikan dan kebudayaan",
        "Instansi terkait": "BNN Kota Metro; polres metro; Kecamatan Metro Timur",
        "Lokasi": "Kec. Metro Pusat; 18.72.04.1003; iringmulyo; Kelurahan Metro",
        "Bidang": None,
    }
    preview = check(plan, [row])
    assert preview.error_rows == []
    (action,) = preview.valid_actions
    assert action.values["responsible_agency"] == metro_agency("Disdikbud")
    assert action.values["field"].code == "1"  # from the national action
    assert [a.name for a in action.supporting_agencies] == [
        "Badan Narkotika Nasional Kota Metro",
        "Kepolisian Resor Metro",
        "Kecamatan Metro Timur",
    ]
    assert [r.code for r in action.locations] == ["18.72.01", "18.72.04.1003", "18.72.01.1001"]
    assert action.values["whole_government"] is False


@pytest.mark.parametrize(
    ("text", "months"),
    [
        ("1-6", "1,2,3,4,5,6"),
        ("1,2,3", "1,2,3"),
        ("Januari s.d. Maret, Agustus", "1,2,3,8"),
        ("Jan–Mar; Des", "1,2,3,12"),
        ("Mei Juni Juli", "5,6,7"),
        ("sepanjang tahun", "1,2,3,4,5,6,7,8,9,10,11,12"),
        ("", ""),
        ("0", None),
        ("1-", None),
        ("Jan--Mar", None),
    ],
)
def test_it_reads_months_in_the_usual_spellings(text, months):
    assert imports.parse_months(text) == months


@pytest.mark.parametrize(
    ("written", "budget"),
    [("Rp 1.500.000", 1_500_000), ("1,500,000", 1_500_000), ("2.500", 2500), (1_500_000.0, 1_500_000), ("-", None)],
)
def test_it_reads_budgets_as_pemda_write_them(plan, written, budget):
    preview = check(plan, [{**GOOD, "Anggaran": written}])
    assert preview.error_rows == []
    assert preview.valid_actions[0].values["budget"] == (None if budget is None else Decimal(budget))


@pytest.mark.parametrize(
    ("written", "target"), [("12,5", "12.50"), ("0.250", "0.25"), ("1.500", "1500.00"), (0.1 + 0.2, "0.30")]
)
def test_it_reads_targets_in_indonesian_and_english_notation(plan, written, target):
    preview = check(plan, [{**GOOD, "Target 2024": written}])
    assert preview.valid_actions[0].indicators[0].targets[(2024, 0)] == Decimal(target)


def test_an_operator_may_import_only_their_own_agency(plan):
    preview = check(plan, [GOOD, {**GOOD, "Penanggung jawab": "Dinkes"}], username="disdik")
    assert [row.number for row in preview.error_rows] == [3]
    assert preview.error_rows[0].errors == [
        "You may import only your own agency's actions, not those of Dinas Kesehatan."
    ]


def test_it_refuses_a_file_with_errors_unless_told_to_skip_them(plan):
    bad = {**GOOD, "Aksi/Kegiatan": "Tes urine", "Penanggung jawab": "Dinas Antah Berantah"}
    more = {"Indikator": "Jumlah ASN", "Satuan": "orang"}
    preview = check(plan, [GOOD, bad, more])
    with pytest.raises(ValidationError) as refused:
        imports.plan_import(plan=plan, preview=preview, by=user())
    assert refused.value.messages == ["1 row has errors; fix the file or choose to skip the rows with errors."]
    assert plan.actions.count() == 0
    result = imports.plan_import(plan=plan, preview=preview, by=user(), skip_invalid=True)
    assert (result.actions, result.indicators, result.skipped_rows) == (1, 1, 2)
    assert list(plan.actions.values_list("title", flat=True)) == ["Sosialisasi P4GN di sekolah"]


def test_the_import_writes_through_the_services_and_is_audited(plan):
    preview = check(plan, [GOOD, {**GOOD, "Aksi/Kegiatan": "Tes urine ASN"}])
    result = imports.plan_import(plan=plan, preview=preview, by=user())
    assert (result.actions, result.indicators) == (2, 2)
    actions = list(plan.actions.all())
    created = AuditEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(Action),
        action=AuditEntry.Action.CREATE,
        object_id__in=[str(a.pk) for a in actions],
    )
    assert created.count() == 2
    assert {entry.actor_id for entry in created} == {user().pk}
    assert actions[0].indicators.get().targets.count() == 3


def test_it_is_all_or_nothing_when_a_write_fails_midway(plan):
    preview = check(plan, [{**GOOD, "Aksi/Kegiatan": f"Aksi {n}"} for n in range(1, 6)])
    real = services.action_create
    calls = []

    def failing_on_the_third(**kwargs):
        calls.append(kwargs["title"])
        if len(calls) == 3:
            raise RuntimeError("disk full")
        return real(**kwargs)

    audited = AuditEntry.objects.count()
    with mock.patch("sinergi.planning.services.action_create", side_effect=failing_on_the_third):
        with pytest.raises(RuntimeError):
            imports.plan_import(plan=plan, preview=preview, by=user())
    assert calls == ["Aksi 1", "Aksi 2", "Aksi 3"]
    assert Action.objects.filter(plan=plan).count() == 0
    assert AuditEntry.objects.count() == audited


def test_an_adopted_plan_refuses_the_import(plan):
    preview = check(plan, [GOOD])
    imports.plan_import(plan=plan, preview=preview, by=user())
    services.plan_submit_for_review(plan=plan, by=user())
    services.actions_accept(plan=plan, by=user())
    services.plan_adopt(plan=plan, by=user(), kind="perwali", number="12/2024", on=date(2024, 2, 1))
    plan.refresh_from_db()
    assert not imports.can_import(user(), plan)
    with pytest.raises(PermissionDenied):
        imports.plan_import(plan=plan, preview=check(plan, [GOOD]), by=user())
    assert plan.actions.count() == 1


# --- the round trip: export → import gives the same plan -----------------------------------------------------


def _dump(plan) -> list:
    """Everything a plan's actions say, without ids that differ between plans."""
    dump = []
    for action in selectors.action_queryset(user=user(), plan=plan):
        dump.append(
            {
                "field": action.field.code,
                "national_action": action.national_action.code if action.national_action else None,
                "local_justification": action.local_justification,
                "title": action.title,
                "description": action.description,
                "responsible_agency": action.responsible_agency_id,
                "supporting_agencies": sorted(a.pk for a in action.supporting_agencies.all()),
                "target_group": action.target_group,
                "whole_government": action.whole_government,
                "locations": sorted(r.code for r in action.locations.all()),
                "months": action.months,
                "budget": action.budget,
                "budget_source": action.budget_source,
                "sipd_code": action.sipd_code,
                "indicators": [
                    (
                        i.name,
                        i.unit,
                        i.aggregation,
                        i.direction,
                        i.baseline,
                        [(t.year, t.period, t.value) for t in i.targets.all()],
                    )
                    for i in action.indicators.all()
                ],
            }
        )
    return dump


def _fill(plan, periods: list[int]) -> None:
    by = user()
    national = {na.code: na for na in NationalAction.objects.filter(field__national_plan=plan.national_plan)}
    first = services.action_create(
        plan=plan,
        by=by,
        field=national["1.2"].field,
        national_action=national["1.2"],
        title="=Sosialisasi bahaya narkoba; “Bersinar”",
        description="Di 12 SMP negeri.\nDua sesi per sekolah.",
        responsible_agency=metro_agency("Disdikbud"),
        supporting_agencies=[metro_agency("BNN Kota Metro"), metro_agency("Dinkes")],
        target_group="Siswa SMP",
        whole_government=False,
        locations=[Region.objects.get(code="18.72.01"), Region.objects.get(code="18.72.04.1003")],
        months="1,2,3,7,9",
        budget=Decimal("125000000"),
        budget_source="apbd",
        sipd_code="1.01.02.2.01.0003",
    )
    services.indicator_create(
        action=first,
        by=by,
        name="Jumlah siswa yang mengikuti sosialisasi",
        unit="orang",
        baseline=Decimal("1250.5"),
        targets={(year, p): Decimal(100 * (p or len(periods))) for year in plan.years for p in [0, *periods]},
    )
    services.indicator_create(
        action=first,
        by=by,
        name="Sekolah dengan satgas anti narkoba",
        unit="sekolah",
        aggregation="latest",
        direction="lower",
        targets={(plan.end_year, 0): Decimal("0.25")},
    )
    local = services.action_create(
        plan=plan,
        by=by,
        field=national["3.1"].field,
        local_justification="Layanan khas Kota Metro",
        title="Klinik konseling remaja",
        responsible_agency=metro_agency("Dinkes"),
        budget_source="dana_kelurahan",
        budget=Decimal("999999999999999"),
    )
    services.indicator_create(action=local, by=by, name="Remaja yang dikonseling", unit="orang", aggregation="max")
    district = services.action_create(
        plan=plan,
        by=by,
        field=national["1.1"].field,
        national_action=national["1.1"],
        title="Tes urine ASN",
        responsible_agency=Region.objects.get(code="18.72.05").agencies.get(kind="district"),
        months="12",
        budget_source="other",
    )
    services.indicator_create(action=district, by=by, name="ASN dites", unit="orang")


@pytest.mark.parametrize("period_kind", [PeriodKind.SEMESTER, PeriodKind.QUARTER])
def test_exporting_and_importing_gives_the_same_plan(db, period_kind):
    original = metro_plan(start_year=2023, end_year=2024, period_kind=period_kind)
    _fill(original, original.periods)
    content = imports.plan_export_template(original)
    copy = metro_plan(start_year=2023, end_year=2024, period_kind=period_kind)
    workbook = imports.open_workbook(content)
    assert workbook.sheetnames == ["Matriks RAD", "Petunjuk"]
    mapping = imports.exact_mapping(workbook, copy)
    assert mapping is not None
    preview = imports.import_preview(plan=copy, workbook=workbook, mapping=mapping, user=user())
    assert preview.error_rows == []
    imports.plan_import(plan=copy, preview=preview, by=user())
    assert _dump(copy) == _dump(original)
    assert len(_dump(copy)) == 3


def test_the_template_has_a_target_column_per_year_and_period(db):
    quarterly = metro_plan(start_year=2023, end_year=2024, period_kind=PeriodKind.QUARTER)
    headings = [heading for _key, heading in imports.template_columns(quarterly)]
    assert headings[:4] == ["Bidang", "Kode Aksi RAN", "Alasan aksi lokal", "Aksi/Kegiatan"]
    assert headings[-10:] == [
        "Target 2023",
        "Target 2023 Q1",
        "Target 2023 Q2",
        "Target 2023 Q3",
        "Target 2023 Q4",
        "Target 2024",
        "Target 2024 Q1",
        "Target 2024 Q2",
        "Target 2024 Q3",
        "Target 2024 Q4",
    ]


def test_a_sheet_without_rows_has_nothing_to_import(plan):
    preview = check(plan, [])
    assert preview.rows == []
    with pytest.raises(ValidationError) as refused:
        imports.plan_import(plan=plan, preview=preview, by=user())
    assert refused.value.messages == ["There is nothing to import."]
