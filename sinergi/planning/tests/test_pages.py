import re

from conftest import metro_agency
from sinergi.planning import services
from sinergi.planning.models import Action, Field, NationalPlan, PlanStatus, RegionalPlan


def test_the_plan_page_groups_actions_by_field_and_filters(login, draft_plan):
    client = login("sekretariat")
    page = client.get(f"/rencana/{draft_plan.pk}/").content.decode()
    assert "1. Pencegahan" in page
    assert "Sosialisasi P4GN oleh Disdikbud" in page and "Sosialisasi P4GN oleh Dinkes" in page
    filtered = client.get(f"/rencana/{draft_plan.pk}/", {"agency": metro_agency("Dinkes").pk}).content.decode()
    assert "oleh Dinkes" in filtered and "oleh Disdikbud" not in filtered
    assert "Rp30.000.000" in page


def test_an_operator_sees_only_their_agencys_actions_and_no_workflow_buttons(login, draft_plan):
    page = login("disdik").get(f"/rencana/{draft_plan.pk}/").content.decode()
    assert "oleh Disdikbud" in page and "oleh Dinkes" not in page
    assert "/langkah/submit/" not in page
    assert login("disdik").post(f"/rencana/{draft_plan.pk}/langkah/submit/").status_code == 403


def test_an_operator_adds_an_action_and_its_indicator_through_the_pages(login, draft_plan):
    client = login("disdik")
    ran_field = Field.objects.get(national_plan=draft_plan.national_plan, code="1")
    response = client.post(
        f"/rencana/{draft_plan.pk}/aksi/baru/",
        {
            "field": ran_field.pk,
            "national_action": "",
            "local_justification": "Program sekolah ramah anak",
            "title": "Lomba poster anti narkoba antarsekolah",
            "responsible_agency": metro_agency("Disdikbud").pk,
            "months": ["8", "9"],
            "budget": "7500000",
            "budget_source": "apbd",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    action = Action.objects.get(title="Lomba poster anti narkoba antarsekolah")
    assert (action.months, action.is_local, action.created_at is not None) == ("8,9", True, True)
    response = client.post(
        f"/aksi/{action.pk}/indikator/baru/",
        {"name": "Sekolah peserta", "unit": "sekolah", "aggregation": "sum", "direction": "higher",
         "target_2022_0": "12", "target_2022_1": "0", "target_2022_2": "12"},
    )  # fmt: skip
    assert response.status_code == 302
    assert {(t.period, t.value) for t in action.indicators.get().targets.all()} == {(0, 12), (1, 0), (2, 12)}


def test_the_action_form_refuses_a_stale_version(login, draft_plan, secretariat):
    action = draft_plan.actions.get(responsible_agency=metro_agency("Disdikbud"))
    form = login("disdik").get(f"/aksi/{action.pk}/ubah/").content.decode()
    version = re.search(r'name="version" value="(\d+)"', form).group(1)
    services.action_update(action=action, by=secretariat, title="Judul baru")
    response = login("disdik").post(
        f"/aksi/{action.pk}/ubah/",
        {"field": action.field_id, "national_action": action.national_action_id, "title": "Judul saya",
         "responsible_agency": action.responsible_agency_id, "version": version},
    )  # fmt: skip
    assert response.status_code == 200
    assert "Sekretariat Tim Terpadu" in response.content.decode()
    action.refresh_from_db()
    assert action.title == "Judul baru"


def test_adoption_needs_the_legal_basis_and_accepts_only_a_pdf(login, draft_plan, secretariat):
    from django.core.files.uploadedfile import SimpleUploadedFile

    services.plan_submit_for_review(plan=draft_plan, by=secretariat)
    services.actions_accept(plan=draft_plan, by=secretariat)
    client = login("sekretariat")
    fake = SimpleUploadedFile("perwali.pdf", b"PK\x03\x04 not a pdf", content_type="application/pdf")
    response = client.post(
        f"/rencana/{draft_plan.pk}/tetapkan/", {"kind": "perwali", "number": "5", "on": "2022-01-10", "document": fake}
    )
    assert response.status_code == 200
    real = SimpleUploadedFile("perwali.pdf", b"%PDF-1.4\n%%EOF", content_type="application/pdf")
    response = client.post(
        f"/rencana/{draft_plan.pk}/tetapkan/", {"kind": "perwali", "number": "5", "on": "2022-01-10", "document": real}
    )
    assert response.status_code == 302
    draft_plan.refresh_from_db()
    assert draft_plan.status == PlanStatus.ADOPTED
    assert client.get(f"/rencana/{draft_plan.pk}/dasar-hukum/").status_code == 200
    assert login("lamtim").get(f"/rencana/{draft_plan.pk}/dasar-hukum/").status_code == 404


def test_coverage_and_compare_pages(login):
    client = login("sekretariat")
    plan = RegionalPlan.objects.get(start_year=2024, government__region_id="18.72", status="in_review")
    coverage = client.get(f"/rencana/{plan.pk}/cakupan/").content.decode()
    assert "Inspektorat" in coverage  # the only regional agency without an action in 2024
    older = RegionalPlan.objects.get(start_year=2023, government__region_id="18.72")
    compare = client.get(f"/rencana/{plan.pk}/bandingkan/", {"with": older.pk}).content.decode()
    assert "Tes urine pegawai Inspektorat" in compare  # removed
    assert "Rp27.000.000" in compare and "Rp30.000.000" in compare  # a budget change


def test_the_catalogue_round_trips_through_csv_and_xlsx(login, db):
    from sinergi.accounts.models import User
    from sinergi.planning.catalogue import catalogue_export, catalogue_import, catalogue_rows

    admin = User.objects.get(username="admin")
    source = NationalPlan.objects.get(start_year=2020)
    for fmt in ("csv", "xlsx"):
        copy = NationalPlan.objects.create(name=f"Salinan {fmt}", start_year=2020, end_year=2024)
        catalogue_import(national_plan=copy, content=catalogue_export(source, fmt), fmt=fmt, by=admin)
        assert catalogue_rows(copy) == [[*row[:-1], row[-1]] for row in catalogue_rows(source)]
    page = login("sekretariat").get(f"/ran/{source.pk}/", {"export": "xlsx"})
    assert page["Content-Type"].startswith("application/vnd.openxmlformats")


def test_a_broken_catalogue_file_changes_nothing(login, db):
    from django.core.files.uploadedfile import SimpleUploadedFile

    ran = NationalPlan.objects.get(start_year=2025)
    content = (
        "field_code,field_name,code,description,success_indicator,unit,levels,generic,order\n"
        "1,Pencegahan,1.1,Tes urine,,orang,regency,ya,1\n"
        "1,Pencegahan,1.2,,,,regency,ya,x\n"
    )
    upload = SimpleUploadedFile("ran.csv", content.encode())
    response = login("admin").post(f"/ran/{ran.pk}/", {"file": upload}, follow=True)
    assert "Baris 3" in response.content.decode() or "Row 3" in response.content.decode()
    assert ran.fields.count() == 0
    # Only the platform administrator imports.
    assert (
        login("sekretariat").post(f"/ran/{ran.pk}/", {"file": SimpleUploadedFile("ran.csv", b"x")}).status_code == 403
    )
