import io

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from sinergi.reporting.models import Period, Report


def _demo_period():
    return Period.objects.get(government__region_id="18.72", year=2024, number=1)


def test_the_board_shows_who_has_not_reported_and_the_queue(login):
    period = _demo_period()
    page = login("sekretariat").get(f"/laporan/periode/{period.pk}/").content.decode()
    assert "Semester I 2024" in page and "B06" in page
    assert 'id="belum-lapor"' in page
    assert "Dinas Pendidikan dan Kebudayaan" in page
    assert "Approve the selected reports" in page or "Setujui laporan terpilih" in page or 'name="report"' in page


def test_an_operator_sees_only_their_reports_and_no_queue(login):
    period = _demo_period()
    page = login("disdik").get(f"/laporan/periode/{period.pk}/").content.decode()
    assert 'name="report"' not in page
    assert "Tes urine ASN" not in page  # BKPSDM's report


def test_the_report_page_uploads_evidence_and_submits(login):
    period = _demo_period()
    report = Report.objects.filter(period=period, agency__acronym="Disdikbud", status="draft").first()
    client = login("disdik")
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), "blue").save(buffer, "JPEG")
    response = client.post(
        f"/laporan/{report.pk}/", {"kind": "foto", "file": SimpleUploadedFile("kegiatan.jpg", buffer.getvalue())}
    )
    assert response.status_code == 302
    assert report.evidence.filter(name="kegiatan.jpg").exists()
    for value in report.values.all():
        value.value = 5
        value.save()
    report.narrative = "Modul diterapkan di 3 SMP"
    report.save()
    assert client.post(f"/laporan/{report.pk}/langkah/submit/").status_code == 302
    report.refresh_from_db()
    assert report.status == "submitted"
    # A lying file is refused with a message on the page.
    other = Report.objects.filter(period=period, agency__acronym="RSUD").first()
    page = login("sekretariat").post(
        f"/laporan/{other.pk}/", {"kind": "foto", "file": SimpleUploadedFile("x.jpg", b"GIF89a...")}
    )
    assert page.status_code == 200
    assert not other.evidence.exists()


def test_a_reviewer_returns_with_field_comments_and_the_operator_sees_them(login):
    period = _demo_period()
    report = Report.objects.filter(period=period, status="submitted").first()
    response = login("bnn").post(
        f"/laporan/{report.pk}/langkah/return/",
        {"reason": "Data belum lengkap", "comment_narrative": "Rinci per kelurahan"},
    )
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.status == "returned"
    transition = report.transitions.last()
    assert transition.field_comments == {"narrative": "Rinci per kelurahan"}


def test_nobody_else_approves(login):
    period = _demo_period()
    report = Report.objects.filter(period=period, status="submitted").first()
    for persona in ("disdik", "dinkes", "walikota", "provinsi", "kel.iringmulyo"):
        response = login(persona).post(f"/laporan/{report.pk}/langkah/approve/")
        assert response.status_code in (403, 404), persona
    report.refresh_from_db()
    assert report.status == "submitted"


def _grow(period, count=40):
    """More actions and reports in the period, written directly (the adopted plan is read-only to services)."""
    from sinergi.planning.models import Action, Indicator
    from sinergi.reporting.models import ReportValue

    template = period.plan.actions.first()
    for i in range(count):
        action = Action.objects.create(
            plan=period.plan, government=period.government, field=template.field, title=f"Aksi tambahan {i}",
            responsible_agency=template.responsible_agency, local_justification="uji",
        )  # fmt: skip
        indicator = Indicator.objects.create(action=action, name="Peserta", unit="orang")
        report = Report.objects.create(
            period=period,
            action=action,
            government=period.government,
            agency=action.responsible_agency,
            status="submitted",
        )
        ReportValue.objects.create(report=report, indicator=indicator, value=3)


def test_board_and_queue_pages_run_a_fixed_number_of_queries(login, django_assert_num_queries):
    period = _demo_period()
    client = login("sekretariat")
    client.get("/")
    for url in (f"/laporan/periode/{period.pk}/", f"/laporan/{period.reports.first().pk}/"):
        # The board: 15 queries, and one for the archive of consolidated reports.
        with django_assert_num_queries(16 if "periode" in url else 12):
            assert client.get(url).status_code == 200
    _grow(period)
    with django_assert_num_queries(16):
        assert client.get(f"/laporan/periode/{period.pk}/").status_code == 200


def test_the_completeness_api_runs_a_fixed_number_of_queries(api, django_assert_num_queries):
    period = _demo_period()
    client = api("walikota")
    client.get("/api/v1/me")
    with django_assert_num_queries(5):
        assert client.get(f"/api/v1/periods/{period.pk}/completeness").json()["total"]["expected"] == 23
    _grow(period)
    with django_assert_num_queries(5):
        assert client.get(f"/api/v1/periods/{period.pk}/completeness").json()["total"]["expected"] == 63
