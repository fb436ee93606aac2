"""Demo reports: Semester I 2024 of Kota Metro on the adopted RAD 2024, with reports in every state and evidence.

The dates are set back to the middle of 2024 so that timeliness reads as it would have then: most agencies
reported by the due date, two late, a few not at all.
"""

from datetime import datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.core.files.uploadedfile import SimpleUploadedFile

from sinergi.accounts.models import User
from sinergi.demo.files import demo_attendance_list, demo_photo
from sinergi.planning.models import PlanStatus, RegionalPlan
from sinergi.reporting import services
from sinergi.reporting.models import Period, Report, ReportTransition

WIB = ZoneInfo("Asia/Jakarta")

# action title → (state, share of the semester target reached, budget share spent, days after the due date
# it was first submitted (negative = before), what was done, obstacles, follow-up)
STATES = {
    "Tes urine ASN eselon II dan III bersama BNN Kota Metro": (
        "approved",
        1.0,
        0.5,
        -6,
        "Tes urine 150 ASN eselon II dan III di Aula Pemkot bersama BNN Kota Metro; seluruh hasil negatif.",
        "",
        "Tes susulan bagi ASN yang berhalangan pada semester II.",
    ),
    "Sosialisasi P4GN bagi ASN di lingkungan Pemerintah Kota Metro": (
        "approved",
        0.9,
        0.45,
        -4,
        "Sosialisasi di 6 perangkat daerah dengan narasumber BNN Kota Metro.",
        "Jadwal beberapa OPD bertabrakan dengan kegiatan lain.",
        "Sosialisasi lanjutan dijadwalkan Agustus.",
    ),
    "Penyuluhan bahaya narkoba bagi pelajar SMP": (
        "approved",
        1.1,
        0.5,
        -2,
        "Penyuluhan di 8 SMP negeri dan 2 SMP swasta bersama BNN dan Polres Metro.",
        "",
        "Perluasan ke SMP swasta pada semester II.",
    ),
    "Kampanye anti narkoba melalui media sosial dan videotron": (
        "approved",
        1.0,
        0.5,
        -5,
        "24 konten kampanye di media sosial Pemkot dan videotron Taman Merdeka.",
        "",
        "Konten bertema Hari Anti Narkotika Internasional.",
    ),
    "Pemetaan kawasan rawan narkoba tingkat kelurahan": (
        "approved",
        1.0,
        0.6,
        -1,
        "Pemetaan 22 kelurahan; 3 kelurahan berstatus waspada: Iring Mulyo, Mulyojati, Hadimulyo Barat.",
        "",
        "Intervensi di kelurahan berstatus waspada.",
    ),
    "Pengawasan rumah kos dan tempat hiburan bersama aparat": (
        "approved",
        0.8,
        0.4,
        -3,
        "8 kali pengawasan rumah kos di Metro Timur dan Metro Barat bersama Polres dan Kodim.",
        "Sebagian pemilik kos tidak berada di tempat.",
        "Surat edaran bagi pemilik rumah kos.",
    ),
    "Asesmen dan rujukan rehabilitasi pengguna": (
        "approved",
        1.0,
        0.5,
        -4,
        "Asesmen terpadu dan rujukan rehabilitasi rawat jalan.",
        "",
        "Pendampingan pascarehabilitasi bersama Dinas Sosial.",
    ),
    "Penguatan layanan rehabilitasi medis di puskesmas IPWL": (
        "approved",
        1.0,
        0.5,
        0,
        "Dua puskesmas IPWL melayani rawat jalan.",
        "Tenaga konselor terbatas.",
        "Pelatihan konselor adiksi.",
    ),
    "Pelaporan semester RAN P4GN melalui PIC perangkat daerah": (
        "submitted",
        1.0,
        0.5,
        -1,
        "Bimtek pelaporan bagi PIC perangkat daerah dan konsolidasi laporan semester I.",
        "",
        "Pendampingan PIC yang belum melapor.",
    ),
    "Pembentukan Relawan Anti Narkoba tingkat kelurahan di Metro Timur": (
        "submitted",
        0.6,
        0.5,
        -2,
        "Relawan terbentuk di Iring Mulyo, Tejo Agung dan Yosodadi.",
        "Dua kelurahan belum menetapkan SK.",
        "SK lurah untuk Tejosari dan Yosorejo.",
    ),
    "Operasi pengawasan peredaran narkoba di kawasan rawan": (
        "submitted",
        1.0,
        0.5,
        -3,
        "5 operasi di Iring Mulyo, Mulyojati dan Hadimulyo Barat.",
        "",
        "Operasi lanjutan semester II.",
    ),
    "Penyuluhan P4GN melalui majelis taklim dan madrasah": (
        "submitted",
        0.7,
        0.5,
        1,
        "Penyuluhan di 14 majelis taklim dan 4 madrasah.",
        "",
        "Penyuluhan di madrasah aliyah.",
    ),
    "Penyuluhan bahaya narkoba di posyandu remaja": (
        "returned",
        0.8,
        0.4,
        -1,
        "Penyuluhan di posyandu remaja.",
        "",
        "",
        "Mohon lampirkan daftar hadir dan rinci posyandu per kecamatan.",
    ),
    "Sosialisasi P4GN bagi pekerja perusahaan": (
        "returned",
        0.5,
        0.3,
        2,
        "Sosialisasi di 3 perusahaan.",
        "Perusahaan sulit menyediakan waktu.",
        "",
        "Capaian belum sesuai jadwal; sertakan nama perusahaan dan foto kegiatan.",
    ),
    "Pelatihan penggiat anti narkoba di lingkungan kerja": (
        "late_approved",
        1.0,
        0.5,
        9,
        "Pelatihan 25 penggiat dari instansi dan perusahaan.",
        "",
        "",
    ),
    "Pendampingan sosial pascarehabilitasi": (
        "late_submitted",
        0.9,
        0.5,
        12,
        "Pendampingan 9 klien pascarehabilitasi.",
        "Sebagian klien berpindah domisili.",
        "Koordinasi dengan kelurahan.",
    ),
    "Penerapan modul P4GN di SMP negeri": ("draft", 0.5, 0.2, None, "Modul disiapkan bersama MGMP.", "", ""),
    "Layanan rawat jalan rehabilitasi di rumah sakit": ("draft", 0.7, None, None, "", "", ""),
    "Pengembangan Kelurahan Bersinar Hadimulyo Barat": (
        "draft",
        1.0,
        0.3,
        None,
        "Pokja Bersinar Hadimulyo Barat rapat koordinasi dua kali.",
        "",
        "",
    ),
}


def _at(period: Period, days_after_due: int) -> datetime:
    due = period.due_on
    return datetime(due.year, due.month, due.day, 10, 0, tzinfo=WIB) + timedelta(days=days_after_due)


def demo_reports() -> Period | None:
    """Open Semester I 2024 on the adopted RAD 2024 and bring its reports into every state (once)."""
    plan = (
        RegionalPlan.objects.filter(
            government__region_id="18.72", start_year=2024, status__in=[PlanStatus.ADOPTED, PlanStatus.SUPERSEDED]
        )
        .order_by("version")
        .first()
    )
    if plan is None or Period.objects.filter(government=plan.government, year=2024).exists():
        return None
    secretariat = User.objects.get(username="sekretariat")
    reviewer = User.objects.get(username="bnn")
    period = services.period_open(plan=plan, year=2024, number=1, by=secretariat)
    reports = {
        r.action.title: r
        for r in period.reports.select_related("action", "agency").prefetch_related("values__indicator")
    }
    for title, row in STATES.items():
        report = reports.get(title)
        if report is None:
            continue
        state, reached, spent, days, narrative, obstacles, follow_up, *reason = row
        values = {}
        for value in report.values.all():
            target = value.indicator.targets.filter(year=2024, period=1).values_list("value", flat=True).first() or 0
            values[value.indicator_id] = (Decimal(target) * Decimal(str(reached))).quantize(Decimal(1))
        budget = (
            None
            if spent is None or report.action.budget is None
            else (report.action.budget * Decimal(str(spent))).quantize(Decimal(1))
        )
        services.report_save(
            report=report, by=secretariat, values=values, budget_realised=budget, narrative=narrative,
            obstacles=obstacles, follow_up=follow_up,
        )  # fmt: skip
        if state != "draft" or narrative:
            services.evidence_add(
                report=report,
                upload=SimpleUploadedFile("foto-kegiatan.jpg", demo_photo(title), content_type="image/jpeg"),
                kind="foto",
                by=secretariat,
            )
        if state in ("approved", "submitted", "returned", "late_approved", "late_submitted"):
            services.evidence_add(
                report=report,
                upload=SimpleUploadedFile("daftar-hadir.pdf", demo_attendance_list(title)),
                kind="daftar_hadir",
                by=secretariat,
            )
            services.report_submit(report=report, by=secretariat)
            if state in ("approved", "late_approved"):
                services.report_approve(report=report, by=reviewer)
            if state == "returned":
                services.report_return(report=report, by=reviewer, reason=reason[0])
            submitted_at = _at(period, days)
            Report.objects.filter(pk=report.pk).update(first_submitted_at=submitted_at, submitted_at=submitted_at)
            ReportTransition.objects.filter(report=report).update(at=submitted_at)
    return period
