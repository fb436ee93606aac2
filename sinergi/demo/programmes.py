"""Demo programme records of Kota Metro, 2023–2024: events in all 22 kelurahan, volunteer groups and cadres,
urine tests (counts only), the yearly kelurahan vulnerability statuses and the three Kelurahan Bersinar.

Facts from domain-research §6.3: Iringmulyo, Mulyojati and Hadimulyo Barat were "Waspada" in 2023; BNN Kota Metro
named Iringmulyo, Purwosari and Hadimulyo Barat Kelurahan Bersinar in 2021; BNN Kota Metro with BKPSDM tested
151 eselon II/III officials. Everything else (names, numbers, dates) is invented but plausible. The generator is
seeded, so every installation gets the same demo.
"""

import random
from dataclasses import asdict
from datetime import date, timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from sinergi.accounts.models import User
from sinergi.core.files import check_upload
from sinergi.core.services import model_create
from sinergi.demo.files import demo_attendance_list, demo_letter, demo_photo
from sinergi.organizations.models import Agency, Government
from sinergi.planning.models import PlanStatus, RegionalPlan
from sinergi.programmes import services
from sinergi.programmes.models import (
    MAIN_INDICATORS,
    SUPPORTING_INDICATORS,
    BersinarDocument,
    BersinarProgramme,
    BersinarStage,
    BersinarStep,
    Event,
    EventEvidence,
    PokjaMember,
    TrainingRecord,
)
from sinergi.regions.models import Region

K = Event.Kind
BERSINAR = ("18.72.04.1003", "18.72.02.1002", "18.72.01.1004")  # Iring Mulyo, Purwosari, Hadimulyo Barat
WASPADA_2023 = ("18.72.04.1003", "18.72.03.1001", "18.72.01.1004")  # Iring Mulyo, Mulyojati, Hadimulyo Barat
SIAGA_2023 = ("18.72.04.1005", "18.72.01.1003", "18.72.02.1001", "18.72.05.1002", "18.72.03.1002")
# 2024: Iring Mulyo and Hadimulyo Barat improve to Siaga; Mulyojati stays Waspada; Tejo Agung rises to Waspada.
WASPADA_2024 = ("18.72.03.1001", "18.72.04.1005")
SIAGA_2024 = ("18.72.04.1003", "18.72.01.1004", "18.72.01.1003", "18.72.02.1001", "18.72.03.1002", "18.72.01.1001")

# (agency acronym or None for the kelurahan's own office, kind, target group, title pattern, participants range)
EVENT_PATTERNS = [
    (None, K.SOSIALISASI, "masyarakat_umum", "Sosialisasi bahaya narkoba bagi warga Kelurahan {v}", (30, 80)),
    (None, K.RAKOR, "tokoh_masyarakat", "Rakor P4GN tingkat Kelurahan {v}", (12, 25)),
    ("Disdikbud", K.SOSIALISASI, "pelajar", "Sosialisasi P4GN bagi pelajar sekolah di Kelurahan {v}", (60, 180)),
    ("Dinkes", K.PENYULUHAN, "keluarga", "Penyuluhan ketahanan keluarga anti narkoba, Puskesmas {v}", (25, 60)),
    ("BNN Kota Metro", K.PENYULUHAN, "masyarakat_umum", "Penyuluhan P4GN bersama BNN di Kelurahan {v}", (40, 100)),
    ("Dinas PAPPKB", K.PENYULUHAN, "keluarga", "Penyuluhan pola asuh dan bahaya narkoba, Kelurahan {v}", (20, 50)),
    ("Kesbangpol", K.KAMPANYE, "masyarakat_umum", "Kampanye Bersih Narkoba di Kelurahan {v}", (50, 150)),
    ("BNN Kota Metro", K.PELATIHAN_KADER, "tokoh_masyarakat", "Pelatihan kader anti narkoba Kelurahan {v}", (15, 30)),
    ("Satpol PP", K.SATGAS, "masyarakat_umum", "Pembentukan satgas anti narkoba Kelurahan {v}", (15, 40)),
]
CITY_EVENTS = [
    # (agency, kind, group, title, month, day, participants)
    ("Diskominfo", K.KAMPANYE, "masyarakat_umum", "Kampanye anti narkoba di media sosial dan radio", 6, 26, 1200),
    ("Kesbangpol", K.KAMPANYE, "masyarakat_umum", "Peringatan Hari Anti Narkotika Internasional (HANI)", 6, 26, 450),
    ("BNN Kota Metro", K.SOSIALISASI, "asn", "Sosialisasi P4GN bagi ASN Pemerintah Kota Metro", 3, 14, 180),
    ("Dinsos", K.RUJUKAN, "masyarakat_umum", "Rujukan rehabilitasi ke IPWL bersama BNN Kota Metro", 9, 10, 6),
    ("Disnakertrans", K.SOSIALISASI, "pekerja", "Sosialisasi P4GN di lingkungan kerja", 8, 8, 120),
]
GIVEN_MEN = ["Ahmad", "Budi", "Dedi", "Eko", "Fajar", "Hendra", "Joko", "Rahmat", "Slamet", "Wahyu", "Yusuf", "Agus"]
GIVEN_WOMEN = ["Ani", "Dewi", "Fitri", "Lestari", "Nur", "Rina", "Sari", "Siti", "Tri", "Wulan", "Yuni", "Endang"]
FAMILY = ["Saputra", "Wijaya", "Hidayat", "Kurniawan", "Pratama", "Susanto", "Rahayu", "Lestari", "Nugroho", "Utami"]


def _split(rng: random.Random, total: int, target_group: str) -> dict:
    male = round(total * rng.uniform(0.35, 0.65))
    if target_group == "pelajar":
        young = round(total * rng.uniform(0.3, 0.7))
        ages = (young, total - young, 0, 0)
    else:
        a = round(total * rng.uniform(0.05, 0.15))
        b = round(total * rng.uniform(0.15, 0.3))
        c = round(total * rng.uniform(0.3, 0.45))
        ages = (a, b, c, total - a - b - c)
    return {
        "participants": total,
        "male": male,
        "female": total - male,
        "age_under_15": ages[0],
        "age_15_24": ages[1],
        "age_25_44": ages[2],
        "age_45_plus": ages[3],
    }


def _upload(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content)


def _event_evidence(event: Event, by) -> None:
    for name, content, kind in (
        ("foto-kegiatan.jpg", demo_photo(event.title), "foto"),
        ("daftar-hadir.pdf", demo_attendance_list(event.title), "daftar_hadir"),
    ):
        upload = _upload(name, content)
        checked = check_upload(upload)
        evidence = EventEvidence(event=event, kind=kind, uploaded_by=by, **asdict(checked))
        evidence.file.save("bukti", upload, save=False)
        model_create(instance=evidence, by=by)


def _events(metro: Government, agencies: dict, villages: list[Region], users: dict, rng: random.Random) -> list:
    actions = {}
    plan = RegionalPlan.objects.filter(government=metro, start_year=2024, status=PlanStatus.ADOPTED).first()
    if plan is not None:
        for action in plan.actions.select_related("responsible_agency").order_by("pk"):
            actions.setdefault(action.responsible_agency.acronym, action)
    events = []
    for year in (2023, 2024):
        for village in villages:
            office = agencies[village.code]
            for acronym, kind, group, title, (low, high) in rng.sample(EVENT_PATTERNS, 3):
                agency = agencies[acronym] if acronym else office
                held = date(year, 1, 1) + timedelta(days=rng.randrange(15, 340))
                event = services.event_create(
                    government=metro,
                    by=users.get(acronym, users["sekretariat"]),
                    partner_agencies=[office] if acronym else [],
                    agency=agency,
                    kind=kind,
                    title=title.format(v=village.name),
                    starts_on=held,
                    region=village,
                    address=f"Balai Kelurahan {village.name}",
                    target_group=group,
                    action=actions.get(agency.acronym) if year == 2024 else None,
                    status=Event.Status.HELD,
                    **_split(rng, rng.randint(low, high), group),
                )
                events.append(event)
        for acronym, kind, group, title, month, day, total in CITY_EVENTS:
            events.append(
                services.event_create(
                    government=metro,
                    by=users["sekretariat"],
                    agency=agencies[acronym],
                    kind=kind,
                    title=f"{title} {year}",
                    starts_on=date(year, month, day),
                    address="Kota Metro",
                    target_group=group,
                    action=actions.get(acronym) if year == 2024 else None,
                    **_split(rng, total, group),
                )
            )
    # One cancelled and two planned events, so the list shows every status.
    services.event_create(
        government=metro, by=users["sekretariat"], agency=agencies["Kesbangpol"], kind=K.SOSIALISASI,
        title="Sosialisasi P4GN di Pasar Cendrawasih (dibatalkan, hujan deras)", starts_on=date(2024, 11, 20),
        region=villages[0], target_group="masyarakat_umum", status=Event.Status.CANCELLED,
    )  # fmt: skip
    today = timezone.localdate()
    for days, acronym, kind, title in (
        (14, "BNN Kota Metro", K.PELATIHAN_KADER, "Pelatihan kader anti narkoba angkatan berikutnya"),
        (30, "Disdikbud", K.SOSIALISASI, "Sosialisasi P4GN awal semester bagi pelajar SMP"),
    ):
        services.event_create(
            government=metro, by=users["sekretariat"], agency=agencies[acronym], kind=kind, title=title,
            starts_on=today + timedelta(days=days), status=Event.Status.PLANNED,
            target_group="pelajar" if acronym == "Disdikbud" else "masyarakat_umum",
        )  # fmt: skip
    for event in events[:: max(1, len(events) // 12)]:
        _event_evidence(event, users["sekretariat"])
    return events


def _volunteers(metro: Government, agencies: dict, villages: dict, users: dict, rng: random.Random) -> dict:
    secretariat = users["sekretariat"]
    groups = {}
    for code, kind, name, sk in (
        ("18.72.04.1003", "relawan", "Relawan Anti Narkoba Kelurahan Iring Mulyo", "188.45/21/KPTS/IM/2021"),
        ("18.72.02.1002", "relawan", "Relawan Anti Narkoba Kelurahan Purwosari", "188.45/14/KPTS/PS/2021"),
        ("18.72.01.1004", "relawan", "Relawan Anti Narkoba Kelurahan Hadimulyo Barat", "188.45/09/KPTS/HB/2021"),
        ("18.72.03.1001", "kader", "Kader Anti Narkoba Kelurahan Mulyojati", "188.45/31/KPTS/MJ/2024"),
        ("18.72.04.1005", "kader", "Kader Anti Narkoba Kelurahan Tejo Agung", ""),
    ):
        groups[code] = services.volunteer_group_create(
            government=metro, by=secretariat, name=name, kind=kind, region=villages[code], sk_number=sk,
            sk_date=date(2021 if sk.endswith("2021") else 2024, 9, 1) if sk else None,
        )  # fmt: skip
    groups["disdik"] = services.volunteer_group_create(
        government=metro, by=secretariat, name="Penggiat P4GN Lingkungan Pendidikan", kind="penggiat",
        agency=agencies["Disdikbud"], sk_number="800/112/D.4/2023", sk_date=date(2023, 2, 6),
    )  # fmt: skip
    groups["satpol"] = services.volunteer_group_create(
        government=metro, by=secretariat, name="Satgas Anti Narkoba Satpol PP", kind="satgas",
        agency=agencies["Satpol PP"], sk_number="300/45/SATPOL/2023", sk_date=date(2023, 5, 2),
    )  # fmt: skip
    for key, group in groups.items():
        sk_file = (
            demo_letter(f"KEPUTUSAN {group.sk_number}", [f"Pembentukan {group.name}"]) if group.sk_number else None
        )
        if sk_file:
            upload = _upload("sk-pembentukan.pdf", sk_file)
            group.sk_file_name = check_upload(upload).name
            group.sk_file.save("sk", upload, save=True)
        home = group.region or villages["18.72.01.1001" if key == "satpol" else "18.72.04.1001"]
        used = set()
        for index in range(rng.randint(6, 11)):
            male = rng.random() < 0.5
            while True:
                name = f"{rng.choice(GIVEN_MEN if male else GIVEN_WOMEN)} {rng.choice(FAMILY)}"
                if name not in used:
                    used.add(name)
                    break
            region = home if group.region else rng.choice(list(villages.values()))
            services.volunteer_create(
                group=group,
                by=secretariat,
                name=name,
                sex="L" if male else "P",
                birth_year=rng.randint(1968, 2004),
                region=region,
                role="Koordinator" if index == 0 else "Anggota",
                phone=f"08{rng.choice((12, 13, 52, 57, 21))}{rng.randint(10_000_000, 99_999_999)}" if index % 3 else "",
                is_active=index != 5,
                joined_on=(joined := (group.sk_date or date(2023, 1, 16)) + timedelta(days=30 * (index // 4))),
                left_on=max(date(2024, 3, 31), joined + timedelta(days=90)) if index == 5 else None,
                confirm_duplicate=True,
            )
    return groups


def _trainings(groups: dict, events: list) -> None:
    trainings = [e for e in events if e.kind == K.PELATIHAN_KADER]
    for code in BERSINAR:
        for volunteer in groups[code].members.all():
            TrainingRecord.objects.create(
                volunteer=volunteer, title="Pelatihan Relawan Anti Narkoba", held_on=date(2021, 10, 12),
                until=date(2021, 10, 14), organiser="BNN Kota Metro",
            )  # fmt: skip
            if trainings:
                event = trainings[0]
                TrainingRecord.objects.create(
                    volunteer=volunteer, title=event.title, held_on=event.starts_on, organiser=event.agency.name,
                    event=event,
                )  # fmt: skip


def _ratings(level: str, rng: random.Random) -> dict:
    """Ratings that put a kelurahan at the given level under the default thresholds (Waspada 25, Siaga 10)."""
    main = {"waspada": [2, 2, 1, 1, 2, 1, 1, 0], "siaga": [1, 1, 1, 0, 0, 1, 0, 0], "aman": [0, 1, 0, 0, 0, 0, 0, 0]}
    supporting = {"waspada": [3, 3, 2, 1, 2], "siaga": [2, 2, 1, 1, 0], "aman": [1, 1, 0, 0, 0]}
    ratings = dict(zip(MAIN_INDICATORS, main[level], strict=True)) | dict(
        zip(SUPPORTING_INDICATORS, supporting[level], strict=True)
    )
    code = rng.choice(list(SUPPORTING_INDICATORS))
    if ratings[code] and rng.random() < 0.5:
        ratings[code] -= 1  # a little variation, never enough to change the level
    sources = {**dict.fromkeys(MAIN_INDICATORS, "Data BNN Kota Metro dan Polres Metro"),
               **dict.fromkeys(SUPPORTING_INDICATORS, "Pendataan kelurahan")}  # fmt: skip
    return {code: {"rating": value, "source": sources[code]} for code, value in ratings.items()}


def _assessments(metro: Government, villages: dict, users: dict, rng: random.Random) -> None:
    for year, waspada, siaga, day in ((2023, WASPADA_2023, SIAGA_2023, 19), (2024, WASPADA_2024, SIAGA_2024, 21)):
        for code, village in villages.items():
            level = "waspada" if code in waspada else "siaga" if code in siaga else "aman"
            services.assessment_record(
                government=metro, region=village, year=year, ratings=_ratings(level, rng),
                assessed_on=date(year, 10, day), by=users["bnn"],
                notes="Pemetaan kawasan rawan narkoba BNN Kota Metro." if level == "waspada" else "",
            )  # fmt: skip


BERSINAR_STEPS = {
    # village: [(stage, date)], furthest first reached last
    "18.72.04.1003": [
        ("pemetaan", date(2021, 3, 15)), ("penetapan_sk", date(2021, 6, 26)), ("pokja", date(2021, 8, 10)),
        ("relawan", date(2021, 9, 1)), ("intervensi", date(2022, 2, 1)), ("monev", date(2024, 11, 12)),
    ],
    "18.72.02.1002": [
        ("pemetaan", date(2021, 3, 22)), ("penetapan_sk", date(2021, 6, 26)), ("pokja", date(2021, 8, 17)),
        ("relawan", date(2021, 9, 1)), ("intervensi", date(2022, 3, 1)),
    ],
    "18.72.01.1004": [
        ("pemetaan", date(2021, 4, 5)), ("penetapan_sk", date(2021, 6, 26)), ("pokja", date(2021, 9, 20)),
        ("relawan", date(2021, 9, 1)),
    ],
    "18.72.03.1001": [("pemetaan", date(2024, 5, 20))],  # Mulyojati, still Waspada, started in 2024
}  # fmt: skip
POKJA = [
    ("Lurah", "Ketua", "Kelurahan"),
    ("Sekretaris Kelurahan", "Sekretaris", "Kelurahan"),
    ("Bhabinkamtibmas", "Anggota", "Polres Metro"),
    ("Babinsa", "Anggota", "Kodim 0411"),
    ("Ketua TP PKK Kelurahan", "Anggota", "TP PKK"),
    ("Ketua Karang Taruna", "Anggota", "Karang Taruna"),
]


def _bersinar(metro: Government, agencies: dict, villages: dict, groups: dict, events: list, users: dict, rng) -> None:
    by = users["bnn"]
    for code, steps in BERSINAR_STEPS.items():
        village = villages[code]
        programme = model_create(
            instance=BersinarProgramme(
                government=metro,
                region=village,
                named_on=date(2021, 6, 26) if code in BERSINAR else None,
                stage=steps[-1][0],
                notes="Ditetapkan BNN Kota Metro sebagai Kelurahan Bersinar tahun 2021." if code in BERSINAR else "",
            ),
            by=by,
        )
        for stage, done_on in steps:
            model_create(instance=BersinarStep(programme=programme, stage=stage, done_on=done_on), by=by)
        if code in BERSINAR:
            upload = _upload(
                "sk-kelurahan-bersinar.pdf",
                demo_letter("KEPUTUSAN KEPALA BNN KOTA METRO", [f"Penetapan Kelurahan {village.name}",
                                                                 "sebagai Kelurahan Bersih Narkoba (Bersinar)"]),
            )  # fmt: skip
            checked = check_upload(upload)
            document = BersinarDocument(
                programme=programme, stage=BersinarStage.PENETAPAN_SK, kind="sk", uploaded_by=by, **asdict(checked)
            )
            document.file.save("sk", upload, save=False)
            model_create(instance=document, by=by)
            for title, position, institution in POKJA:
                agency = agencies.get(institution)
                name = f"{rng.choice(GIVEN_MEN + GIVEN_WOMEN)} {rng.choice(FAMILY)}"
                model_create(
                    instance=PokjaMember(
                        programme=programme,
                        name=f"{name} ({title})",
                        position=position,
                        institution=institution if institution != "Kelurahan" else f"Kelurahan {village.name}",
                        agency=agencies[code] if institution == "Kelurahan" else agency,
                    ),
                    by=by,
                )
        if code in groups:
            programme.volunteer_groups.set([groups[code]])
        programme.events.set([e for e in events if e.region_id == code])


def _urine_tests(metro: Government, agencies: dict, users: dict) -> None:
    bnn, secretariat = users["bnn"], users["sekretariat"]
    for by, agency, host, host_name, held_on, group, tested, positive, referred, notes in (
        (bnn, "BNN Kota Metro", "BKPSDM", "", date(2024, 2, 20), "asn", 151, 0, 0,
         "Tes urine mendadak bagi pejabat eselon II dan III bersama BKPSDM; tes susulan bagi yang berhalangan."),
        (bnn, "BNN Kota Metro", "BKPSDM", "", date(2024, 3, 5), "asn", 9, 0, 0, "Tes susulan pejabat eselon II/III."),
        (bnn, "BNN Kota Metro", "Satpol PP", "", date(2023, 8, 15), "asn", 65, 1, 1, ""),
        (secretariat, "Disdikbud", None, "SMA Negeri 1 Metro", date(2023, 10, 24), "pelajar", 120, 0, 0,
         "Bersama BNN Kota Metro."),
        (secretariat, "Disdikbud", None, "SMP Negeri 3 Metro", date(2024, 9, 18), "pelajar", 96, 0, 0, ""),
        (secretariat, "Disnakertrans", None, "Pekerja industri di Kecamatan Metro Utara", date(2024, 7, 30),
         "pekerja", 80, 2, 2, "Dua pekerja dirujuk ke asesmen BNN Kota Metro."),
        (bnn, "BNN Kota Metro", "Dinkes", "", date(2023, 11, 7), "asn", 54, 0, 0, ""),
    ):  # fmt: skip
        services.urine_test_create(
            government=metro, by=by, agency=agencies[agency], host_agency=agencies[host] if host else None,
            host_name=host_name, held_on=held_on, group=group, tested=tested, positive=positive, referred=referred,
            notes=notes,
        )  # fmt: skip


def demo_programmes() -> None:
    """Load Kota Metro's programme records once (nothing happens when its events already exist)."""
    metro = Government.objects.filter(region_id="18.72").first()
    if metro is None or Event.objects.filter(government=metro).exists():
        return
    rng = random.Random(2024)
    agencies = {a.acronym: a for a in Agency.objects.filter(government=metro).exclude(acronym="")}
    agencies.update({a.region_id: a for a in Agency.objects.filter(government=metro, kind=Agency.Kind.VILLAGE)})
    villages = {r.code: r for r in Region.objects.filter(code__startswith="18.72.", level=4).order_by("code")}
    users = {u.username: u for u in User.objects.filter(username__in=["sekretariat", "bnn", "disdik", "dinkes"])}
    users["Disdikbud"], users["Dinkes"] = users["disdik"], users["dinkes"]
    events = _events(metro, agencies, list(villages.values()), users, rng)
    groups = _volunteers(metro, agencies, villages, users, rng)
    _trainings(groups, events)
    _assessments(metro, villages, users, rng)
    _bersinar(metro, agencies, villages, groups, events, users, rng)
    _urine_tests(metro, agencies, users)
