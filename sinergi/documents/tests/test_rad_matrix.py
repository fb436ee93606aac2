"""The RAD matrix built from a plan: headings, rows, totals, signature, and a fixed number of queries."""

from decimal import Decimal

import pytest

from sinergi.accounts.models import User
from sinergi.core.formatting import quantity, rupiah
from sinergi.documents.builders.rad_matrix import rad_matrix_document
from sinergi.documents.engine import FORMATS, render
from sinergi.documents.rad_matrix import build_rad_matrix, format_months
from sinergi.documents.tests import plans
from sinergi.planning.models import RegionalPlan
from sinergi.planning.selectors import action_queryset

pytestmark = pytest.mark.django_db


def _reload(plan) -> RegionalPlan:
    return RegionalPlan.objects.select_related("government__region", "national_plan").get(pk=plan.pk)


def test_it_titles_the_document_with_the_region_and_years():
    assert build_rad_matrix(plans.empty_plan()).title == "Rencana Aksi Daerah P4GN Kota Metro Tahun 2024"
    multi_year = plans.empty_plan(start_year=2025, end_year=2029)
    assert build_rad_matrix(multi_year).title == "Rencana Aksi Daerah P4GN Kota Metro Tahun 2025–2029"


def test_it_names_the_status_of_a_draft_and_the_legal_basis_of_an_adopted_plan():
    plan = plans.demo_plan()
    draft = build_rad_matrix(plan)
    assert draft.subtitle == f"Rancangan · Versi {plan.version}"
    assert draft.national_plan == "Selaras dengan RAN P4GN 2020–2024 (Inpres Nomor 2 Tahun 2020)"
    adopted = build_rad_matrix(plans.adopt(plan))
    assert adopted.subtitle == (
        f"Ditetapkan dengan Peraturan Wali Kota Metro Nomor 12 Tahun 2024 tanggal 15 Maret 2024 · Versi {plan.version}"
    )
    assert adopted.signatory.place_and_date == "Metro, 15 Maret 2024"


def test_it_groups_actions_by_field_and_numbers_them_through_the_document():
    matrix = build_rad_matrix(plans.demo_plan())
    assert [group.heading for group in matrix.fields] == ["Bidang 1. Pencegahan", "Bidang 2. Pemberantasan"]
    rows = [(a.number, a.national_code) for group in matrix.fields for a in group.actions]
    assert rows == [(1, "1.1"), (2, "1.2"), (3, "Lokal")]


def test_it_shows_every_column_of_an_action_row():
    matrix = build_rad_matrix(plans.demo_plan())
    urine, school = matrix.fields[0].actions
    assert [c.label for c in matrix.target_columns] == ["Tahun", "Smt I", "Smt II"]
    assert [(line.name, line.unit, line.targets) for line in urine.indicators] == [
        ("ASN yang dites urine", "orang", (Decimal(120), Decimal(60), Decimal(60))),
        ("Cakupan tes urine", "persen", (Decimal("87.5"), Decimal(40), Decimal("47.5"))),
    ]
    assert (urine.budget, urine.budget_source) == (1_250_000, "APBD")
    assert urine.responsible == "Dinas Kesehatan"
    assert urine.supporting == "Badan Narkotika Nasional Kota Metro; Rumah Sakit Umum Daerah Jenderal Ahmad Yani"
    assert urine.location == "Seluruh wilayah Kota Metro"
    assert urine.schedule == "Jan–Jun"
    assert school.location == "Kelurahan Metro, Kelurahan Iring Mulyo"
    assert school.schedule == "Mar, Agu–Okt"
    assert school.budget_source == "Dana Kelurahan"
    assert matrix.fields[1].actions[0].schedule == "Jan–Des"


def test_it_counts_each_budget_once_however_many_indicators():
    matrix = build_rad_matrix(plans.demo_plan())
    assert [group.subtotal for group in matrix.fields] == [1_250_000 + 15_500_000, 7_000_000]
    assert matrix.total == 23_750_000


def test_it_takes_the_signature_from_the_government():
    plans.sign_as_mayor()
    signatory = build_rad_matrix(plans.demo_plan()).signatory
    assert (signatory.position, signatory.name, signatory.nip) == ("Wali Kota Metro", "Nama Wali Kota (contoh)", "")
    assert signatory.place_and_date.startswith("Metro, ")


def test_it_lays_out_a_multi_year_plan_by_year_and_quarter():
    plan = plans.empty_plan(start_year=2025, end_year=2026, period_kind="quarter")
    matrix = build_rad_matrix(plan)
    assert matrix.target_years == (2025, 2026)
    assert [(c.year, c.period, c.label) for c in matrix.columns_of_year(2026)] == [
        (2026, 0, "Tahun"),
        (2026, 1, "TW I"),
        (2026, 2, "TW II"),
        (2026, 3, "TW III"),
        (2026, 4, "TW IV"),
    ]
    assert matrix.filename_stem == "RAD-P4GN-Kota-Metro-2025-2026-v1"


def test_it_writes_numbers_and_months_the_indonesian_way():
    assert rupiah(1250000) == "Rp1.250.000"
    assert rupiah(None, empty="") == ""
    assert quantity(Decimal("87.50")) == "87,5"
    assert quantity(Decimal("1500.25")) == "1.500,25"
    assert format_months([12, 1, 2, 3, 5, 7, 8]) == "Jan–Mar, Mei, Jul–Agu, Des"


def test_it_says_when_the_reader_sees_only_part_of_the_plan():
    plan = plans.demo_plan()
    disdik = User.objects.get(username="disdik")
    matrix = build_rad_matrix(plan, actions=action_queryset(user=disdik, plan=plan))
    assert [a.responsible for group in matrix.fields for a in group.actions] == ["Dinas Pendidikan dan Kebudayaan"]
    assert matrix.scope_note == "Memuat 1 dari 3 aksi rencana ini, sesuai hak akses pengunduh."
    assert matrix.total == 15_500_000
    assert build_rad_matrix(plan, actions=action_queryset(user=plans.secretariat(), plan=plan)).scope_note == ""


def test_it_loads_a_plan_of_any_size_in_the_same_number_of_queries(django_assert_num_queries):
    small, large = _reload(plans.plan_with_actions(3)), _reload(plans.plan_with_actions(30))
    user = plans.secretariat()
    action_queryset(user=user, plan=small).exists()  # the user's scope is computed once per request
    for plan, count in ((small, 3), (large, 30)):
        # actions, supporting agencies, locations, indicators, targets, and the plan's action count
        with django_assert_num_queries(6):
            matrix = build_rad_matrix(plan, actions=action_queryset(user=user, plan=plan))
        assert matrix.action_count == count
    with django_assert_num_queries(5):
        assert build_rad_matrix(large).action_count == 30


def test_a_plan_without_actions_still_makes_every_document():
    matrix = build_rad_matrix(plans.empty_plan())
    assert (matrix.fields, matrix.total) == ((), 0)
    for fmt in FORMATS:
        assert len(render(rad_matrix_document(matrix), fmt)) > 1000
