"""Demo plans for Kota Metro: RAD P4GN 2023 (adopted), RAD P4GN 2024 (adopted early in 2024, version 1) and its
revision after the Rakor of 24 September 2024 (version 2, in review).

The story follows ../shared/seed/: the Rakor discussed the RAD 2024; agencies proposed new actions (cadres down
to the kelurahan, Desa Bersinar, workplace supervision) and the secretariat is reviewing them. Numbers are
illustrative.
"""

from datetime import date
from decimal import Decimal

from sinergi.organizations.models import Agency, Government
from sinergi.planning import services
from sinergi.planning.models import NationalAction, NationalPlan, RegionalPlan
from sinergi.regions.models import Region

METRO_TIMUR = ["Yosodadi", "Tejosari", "Iring Mulyo", "Yosorejo", "Tejo Agung"]
RAWAN = ["Iring Mulyo", "Mulyojati", "Hadimulyo Barat"]

# (agency acronym or name, national action code or None, title, indicator, unit, yearly target, budget (Rp),
#  source, months, target group, locations, supporting agencies, aggregation)
ACTIONS_2023 = [
    (
        "Kesbangpol",
        "1.2",
        "Sosialisasi P4GN bagi ASN di lingkungan Pemerintah Kota Metro",
        "Peserta sosialisasi",
        "orang",
        350,
        22_500_000,
        "apbd",
        "3,8",
        "ASN",
        [],
        ["BNN Kota Metro"],
        "sum",
    ),
    (
        "BKPSDM",
        "1.1",
        "Tes urine ASN eselon II dan III bersama BNN Kota Metro",
        "ASN yang dites urine",
        "orang",
        250,
        27_000_000,
        "apbd",
        "3,9",
        "ASN",
        [],
        ["BNN Kota Metro"],
        "sum",
    ),
    (
        "Disdikbud",
        "1.2",
        "Penyuluhan bahaya narkoba bagi pelajar SMP",
        "Pelajar yang mengikuti penyuluhan",
        "orang",
        1200,
        30_000_000,
        "apbd",
        "2,3,4,8,9,10",
        "Pelajar",
        [],
        ["BNN Kota Metro", "Polres Metro"],
        "sum",
    ),
    (
        "Disdikbud",
        "1.6",
        "Penerapan modul P4GN di SMP negeri",
        "SMP yang menerapkan modul",
        "sekolah",
        6,
        35_000_000,
        "apbd",
        "7,8,9,10,11,12",
        "Pelajar",
        [],
        [],
        "latest",
    ),
    (
        "Dinkes",
        "1.2",
        "Penyuluhan bahaya narkoba di posyandu remaja",
        "Remaja yang mengikuti penyuluhan",
        "orang",
        500,
        18_000_000,
        "apbd",
        "1,2,3,4,5,6,7,8,9,10,11,12",
        "Remaja",
        [],
        [],
        "sum",
    ),
    (
        "Diskominfo",
        "1.8",
        "Kampanye anti narkoba melalui media sosial dan videotron",
        "Konten kampanye",
        "konten",
        36,
        27_500_000,
        "apbd",
        "1,2,3,4,5,6,7,8,9,10,11,12",
        "Masyarakat umum",
        [],
        ["BNN Kota Metro"],
        "sum",
    ),
    (
        "Kecamatan Metro Timur",
        "1.3",
        "Pembentukan Relawan Anti Narkoba tingkat kelurahan di Metro Timur",
        "Relawan aktif",
        "orang",
        40,
        9_000_000,
        "apbd",
        "4,5,6",
        "Masyarakat umum",
        METRO_TIMUR,
        ["BNN Kota Metro"],
        "latest",
    ),
    (
        "Kecamatan Metro Pusat",
        "1.9",
        "Pengembangan Kelurahan Bersinar Hadimulyo Barat",
        "Kelurahan Bersinar",
        "kelurahan",
        1,
        12_000_000,
        "dana_kelurahan",
        "1,2,3,4,5,6,7,8,9,10,11,12",
        "Masyarakat umum",
        ["Hadimulyo Barat"],
        ["BNN Kota Metro"],
        "latest",
    ),
    (
        "BNN Kota Metro",
        "1.7",
        "Pelatihan penggiat anti narkoba di lingkungan kerja",
        "Penggiat terlatih",
        "orang",
        50,
        45_000_000,
        "apbn",
        "5,6,10",
        "Pekerja",
        [],
        [],
        "sum",
    ),
    (
        "Kemenag Kota Metro",
        "1.2",
        "Penyuluhan P4GN melalui majelis taklim dan madrasah",
        "Peserta penyuluhan",
        "orang",
        400,
        12_000_000,
        "apbn",
        "2,5,8,11",
        "Masyarakat umum",
        [],
        [],
        "sum",
    ),
    (
        "Disnakertrans",
        "1.2",
        "Sosialisasi P4GN bagi pekerja perusahaan",
        "Pekerja yang mengikuti sosialisasi",
        "orang",
        250,
        12_500_000,
        "apbd",
        "4,10",
        "Pekerja",
        [],
        ["BNN Kota Metro"],
        "sum",
    ),
    (
        "Kejari Metro",
        None,
        "Penerangan hukum tentang narkotika di sekolah (Jaksa Masuk Sekolah)",
        "Sekolah yang dikunjungi",
        "sekolah",
        6,
        9_000_000,
        "apbn",
        "2,3,8,9",
        "Pelajar",
        [],
        ["Disdikbud"],
        "sum",
    ),
    (
        "BNN Kota Metro",
        "2.1",
        "Pemetaan kawasan rawan narkoba tingkat kelurahan",
        "Kelurahan yang dipetakan",
        "kelurahan",
        22,
        35_000_000,
        "apbn",
        "6,7,8,9",
        "Masyarakat umum",
        [],
        ["Kesbangpol", "Polres Metro"],
        "latest",
    ),
    (
        "Satpol PP",
        "2.2",
        "Pengawasan rumah kos dan tempat hiburan bersama aparat",
        "Kegiatan pengawasan",
        "kegiatan",
        20,
        22_000_000,
        "apbd",
        "1,2,3,4,5,6,7,8,9,10,11,12",
        "Masyarakat umum",
        [],
        ["Polres Metro", "Kodim 0411"],
        "sum",
    ),
    (
        "Polres Metro",
        "2.2",
        "Operasi pengawasan peredaran narkoba di kawasan rawan",
        "Operasi yang dilaksanakan",
        "kegiatan",
        10,
        55_000_000,
        "apbn",
        "3,6,9,12",
        "Masyarakat umum",
        RAWAN,
        ["BNN Kota Metro"],
        "sum",
    ),
    (
        "Kecamatan Metro Barat",
        "2.3",
        "Pemberdayaan pemuda di kawasan rawan Mulyojati",
        "Kegiatan pemberdayaan",
        "kegiatan",
        3,
        10_000_000,
        "apbd",
        "5,7,9",
        "Pemuda",
        ["Mulyojati"],
        ["Dinsos"],
        "sum",
    ),
    (
        "Dinkes",
        "3.2",
        "Penguatan layanan rehabilitasi medis di puskesmas IPWL",
        "Puskesmas IPWL yang melayani",
        "puskesmas",
        2,
        45_000_000,
        "apbd",
        "1,2,3,4,5,6,7,8,9,10,11,12",
        "Pengguna narkoba",
        [],
        ["BNN Kota Metro", "RSUD"],
        "latest",
    ),
    (
        "Dinsos",
        "3.3",
        "Pendampingan sosial pascarehabilitasi",
        "Orang yang didampingi",
        "orang",
        20,
        25_000_000,
        "apbd",
        "1,2,3,4,5,6,7,8,9,10,11,12",
        "Mantan pengguna",
        [],
        ["BNN Kota Metro"],
        "sum",
    ),
    (
        "RSUD",
        "3.2",
        "Layanan rawat jalan rehabilitasi di rumah sakit",
        "Pasien rawat jalan rehabilitasi",
        "orang",
        35,
        18_000_000,
        "other",
        "1,2,3,4,5,6,7,8,9,10,11,12",
        "Pengguna narkoba",
        [],
        ["Dinkes"],
        "sum",
    ),
    (
        "BNN Kota Metro",
        "3.1",
        "Asesmen dan rujukan rehabilitasi pengguna",
        "Orang yang diasesmen dan dirujuk",
        "orang",
        45,
        30_000_000,
        "apbn",
        "1,2,3,4,5,6,7,8,9,10,11,12",
        "Pengguna narkoba",
        [],
        ["Dinkes", "Dinsos"],
        "sum",
    ),
    (
        "Kesbangpol",
        "4.1",
        "Pelaporan semester RAN P4GN melalui PIC perangkat daerah",
        "Laporan semester tepat waktu",
        "laporan",
        2,
        8_000_000,
        "apbd",
        "6,12",
        "Perangkat daerah",
        [],
        [],
        "sum",
    ),
    (
        "Bappeda",
        "4.1",
        "Penyelarasan program P4GN dalam Renja perangkat daerah",
        "Renja yang memuat program P4GN",
        "dokumen",
        12,
        5_000_000,
        "apbd",
        "2,3,4",
        "Perangkat daerah",
        [],
        ["Kesbangpol"],
        "latest",
    ),
    (
        "Inspektorat",
        "1.1",
        "Tes urine pegawai Inspektorat",
        "Pegawai yang dites urine",
        "orang",
        40,
        4_000_000,
        "apbd",
        "9",
        "ASN",
        [],
        ["BNN Kota Metro"],
        "sum",
    ),
    (
        "Kecamatan Metro Utara",
        "1.3",
        "Pembentukan Satgas anti narkoba Kelurahan Purwosari",
        "Anggota Satgas aktif",
        "orang",
        15,
        6_000_000,
        "dana_kelurahan",
        "4,5",
        "Masyarakat umum",
        ["Purwosari"],
        ["BNN Kota Metro"],
        "latest",
    ),
]

# What the agencies proposed for 2024 on top of 2023's actions (the Rakor's agenda: cadres down to the kelurahan,
# Desa Bersinar, workplace supervision).
NEW_IN_2024 = [
    (
        "Kesbangpol",
        "1.5",
        "Penyusunan RAD P4GN Kota Metro Tahun 2024",
        "Dokumen RAD ditetapkan",
        "dokumen",
        1,
        45_000_000,
        "apbd",
        "9,10,11,12",
        "Perangkat daerah",
        [],
        ["BNN Kota Metro", "Bappeda"],
        "latest",
    ),
    (
        "Setda",
        "1.4",
        "Penyusunan Peraturan Wali Kota tentang fasilitasi P4GN",
        "Regulasi ditetapkan",
        "dokumen",
        1,
        30_000_000,
        "apbd",
        "7,8,9,10,11,12",
        "Perangkat daerah",
        [],
        ["Kesbangpol"],
        "latest",
    ),
    (
        "Dinas PAPPKB",
        "1.2",
        "Sosialisasi ketahanan keluarga anti narkoba (Ananda Bersinar)",
        "Keluarga yang mengikuti sosialisasi",
        "keluarga",
        200,
        20_000_000,
        "apbd",
        "3,6,9",
        "Keluarga",
        [],
        ["BNN Kota Metro"],
        "sum",
    ),
    (
        "Diskominfo",
        "4.2",
        "Integrasi data P4GN dalam aplikasi Sinergi P4GN",
        "Sistem pelaporan terintegrasi",
        "sistem",
        1,
        25_000_000,
        "apbd",
        "7,8,9,10",
        "Perangkat daerah",
        [],
        ["Kesbangpol"],
        "latest",
    ),
    (
        "Kecamatan Metro Selatan",
        "1.2",
        "Sosialisasi P4GN di kelurahan se-Kecamatan Metro Selatan",
        "Warga yang mengikuti sosialisasi",
        "orang",
        200,
        7_500_000,
        "dana_kelurahan",
        "5,6,7",
        "Masyarakat umum",
        ["Rejomulyo", "Margorejo", "Sumbersari Bantul", "Margodadi"],
        [],
        "sum",
    ),
    (
        "Dinsos",
        "3.1",
        "Rujukan rehabilitasi melalui IPWL",
        "Orang yang dirujuk",
        "orang",
        30,
        10_000_000,
        "apbd",
        "1,2,3,4,5,6,7,8,9,10,11,12",
        "Pengguna narkoba",
        [],
        ["BNN Kota Metro"],
        "sum",
    ),
]

# 2024 changes to carried-forward actions: title → (new yearly target, new budget).
CHANGED_IN_2024 = {
    "Tes urine ASN eselon II dan III bersama BNN Kota Metro": (300, 30_000_000),
    "Penyuluhan bahaya narkoba bagi pelajar SMP": (1500, 35_000_000),
    "Kampanye anti narkoba melalui media sosial dan videotron": (48, 30_000_000),
    "Pembentukan Relawan Anti Narkoba tingkat kelurahan di Metro Timur": (50, 10_000_000),
}
DROPPED_IN_2024 = {"Tes urine pegawai Inspektorat"}


def _agency(government: Government, key: str) -> Agency:
    agencies = Agency.objects.filter(government=government, valid_until__isnull=True)
    return agencies.filter(acronym=key).first() or agencies.get(name=key)


def _targets(plan: RegionalPlan, yearly: int, aggregation: str) -> dict:
    targets = {}
    for year in plan.years:
        targets[(year, 0)] = Decimal(yearly)
        if aggregation == "sum":
            first = Decimal(yearly // 2)
            targets[(year, 1)], targets[(year, 2)] = first, Decimal(yearly) - first
        else:
            targets[(year, 1)], targets[(year, 2)] = Decimal((yearly + 1) // 2), Decimal(yearly)
    return targets


def _add(plan: RegionalPlan, row, by=None):
    agency_key, code, title, indicator, unit, yearly, budget, source, months, group, places, partners, agg = row
    government = plan.government
    national = (
        NationalAction.objects.select_related("field").get(field__national_plan=plan.national_plan, code=code)
        if code
        else None
    )
    field = national.field if national else plan.national_plan.fields.get(code="1")
    locations = list(Region.objects.filter(code__startswith=government.region_id + ".", level=4, name__in=places))
    action = services.action_create(
        plan=plan,
        by=by,
        field=field,
        national_action=national,
        local_justification=""
        if national
        else "Program nasional Kejaksaan yang dilaksanakan bersama Dinas Pendidikan.",
        title=title,
        responsible_agency=_agency(government, agency_key),
        target_group=group,
        whole_government=not locations,
        months=months,
        budget=Decimal(budget),
        budget_source=source,
        supporting_agencies=[_agency(government, p) for p in partners],
        locations=locations,
    )
    services.indicator_create(
        action=action, by=by, name=indicator, unit=unit, aggregation=agg, targets=_targets(plan, yearly, agg)
    )
    return action


def demo_plans(*, secretariat, operators: dict) -> None:
    """Create the plans unless Kota Metro already has a 2024 plan: RAD 2023 adopted, RAD 2024 adopted (version 1)
    and its revision (version 2) in review."""
    metro = Government.objects.get(region_id="18.72")
    if RegionalPlan.objects.filter(government=metro, start_year=2024).exists():
        return
    ran = NationalPlan.objects.get(start_year=2020, end_year=2024)
    rad_2023 = services.plan_create(
        government=metro,
        national_plan=ran,
        title="RAD P4GN Kota Metro Tahun 2023",
        start_year=2023,
        end_year=2023,
        by=secretariat,
    )
    for row in ACTIONS_2023:
        _add(rad_2023, row, by=secretariat)
    services.plan_submit_for_review(plan=rad_2023, by=secretariat)
    services.actions_accept(plan=rad_2023, by=secretariat)
    services.plan_adopt(
        plan=rad_2023, by=secretariat, kind="sk", number="300/45/D-3/2023 (contoh demo)", on=date(2023, 3, 14)
    )

    rad_2024 = services.plan_carry_forward(
        plan=rad_2023, start_year=2024, end_year=2024, title="RAD P4GN Kota Metro Tahun 2024", by=secretariat
    )
    for action in rad_2024.actions.prefetch_related("indicators"):
        if action.title in DROPPED_IN_2024:
            services.action_delete(action=action, by=secretariat)
        elif action.title in CHANGED_IN_2024:
            yearly, budget = CHANGED_IN_2024[action.title]
            services.action_update(action=action, by=secretariat, budget=Decimal(budget))
            indicator = action.indicators.first()
            services.targets_set(
                indicator=indicator, values=_targets(rad_2024, yearly, indicator.aggregation), by=secretariat
            )
    services.plan_submit_for_review(plan=rad_2024, by=secretariat)
    services.actions_accept(plan=rad_2024, by=secretariat)
    services.plan_adopt(
        plan=rad_2024, by=secretariat, kind="sk", number="300/12/D-3/2024 (contoh demo)", on=date(2024, 2, 20)
    )
    # Semester I 2024 is reported on this adopted version (see sinergi/demo/reporting.py).

    # After the Rakor of 24 September 2024 the secretariat revised the plan: agencies proposed new actions.
    revision = services.plan_revise(plan=rad_2024, by=secretariat)
    for row in NEW_IN_2024:
        by = operators.get(row[0], secretariat)
        _add(revision, row, by=by)
    services.plan_submit_for_review(plan=revision, by=secretariat)
    rad_2024 = revision

    # The review under way: some actions accepted, one returned with a reason, a comment on the plan.
    actions = {a.title: a for a in rad_2024.actions.all()}
    for title in (
        "Tes urine ASN eselon II dan III bersama BNN Kota Metro",
        "Pemetaan kawasan rawan narkoba tingkat kelurahan",
        "Penyusunan RAD P4GN Kota Metro Tahun 2024",
    ):
        services.action_accept(action=actions[title], by=secretariat)
    services.action_return(
        action=actions["Penyuluhan bahaya narkoba di posyandu remaja"],
        by=secretariat,
        reason="Mohon rinci lokasi posyandu remaja per kecamatan dan sesuaikan target semester dengan jadwal.",
    )
    services.comment_add(
        plan=rad_2024,
        by=secretariat,
        text="Hasil Rakor 24 September 2024: perkuat pengawasan di lingkungan kerja dan pembentukan kader hingga "
        "kelurahan. Perangkat daerah mohon melengkapi indikator dan anggaran sebelum penetapan.",
    )
    return
