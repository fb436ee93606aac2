"""What the synthetic records say and when: agencies, indicators, narratives, events, groups, Bersinar stages, the
random days and moments they fall on, and the `Context` every government shares."""

import random
import uuid
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

# (name, acronym, kind, weight as owner of actions); "{place}" is the region's name.
REGENCY_AGENCIES = [
    ("Badan Kesatuan Bangsa dan Politik", "Kesbangpol", "board", 4),
    ("Sekretariat Daerah", "Setda", "secretariat", 1),
    ("Badan Perencanaan Pembangunan Daerah", "Bappeda", "board", 1),
    ("Inspektorat", "Inspektorat", "inspectorate", 1),
    ("Dinas Pendidikan", "Disdik", "department", 3),
    ("Dinas Kesehatan", "Dinkes", "department", 3),
    ("Dinas Sosial", "Dinsos", "department", 2),
    ("Satuan Polisi Pamong Praja", "Satpol PP", "unit", 2),
    ("Dinas Komunikasi dan Informatika", "Diskominfo", "department", 2),
    ("Badan Kepegawaian dan Pengembangan Sumber Daya Manusia", "BKPSDM", "board", 1),
    ("Dinas Tenaga Kerja", "Disnaker", "department", 1),
    ("Dinas Pemberdayaan Perempuan dan Perlindungan Anak", "DP3A", "department", 1),
    ("Dinas Pemuda dan Olahraga", "Dispora", "department", 1),
    ("Rumah Sakit Umum Daerah", "RSUD", "unit", 1),
    ("Badan Narkotika Nasional {place}", "BNN", "bnn", 4),
    ("Kepolisian Resor {place}", "Polres", "police", 2),
    ("Komando Distrik Militer {place}", "Kodim", "military", 1),
    ("Kejaksaan Negeri {place}", "Kejari", "prosecutor", 1),
    ("Kantor Kementerian Agama {place}", "Kemenag", "religious_affairs", 1),
]
PROVINCE_VERTICALS = {
    "bnn": ("Badan Narkotika Nasional Provinsi {place}", "BNNP"),
    "police": ("Kepolisian Daerah {place}", "Polda"),
    "military": ("Komando Resor Militer {place}", "Korem"),
    "prosecutor": ("Kejaksaan Tinggi {place}", "Kejati"),
    "religious_affairs": ("Kantor Wilayah Kementerian Agama Provinsi {place}", "Kanwil Kemenag"),
}
INDICATORS = [
    ("Jumlah peserta sosialisasi", "orang"),
    ("Jumlah kegiatan yang dilaksanakan", "kegiatan"),
    ("Jumlah ASN yang dites urine", "orang"),
    ("Jumlah relawan anti narkoba aktif", "orang"),
    ("Jumlah kelurahan/desa Bersinar", "kelurahan/desa"),
    ("Jumlah sekolah yang dibina", "sekolah"),
    ("Jumlah pecandu yang dirujuk ke rehabilitasi", "orang"),
]
NARRATIVES = [
    "Kegiatan dilaksanakan sesuai rencana bersama instansi vertikal dan tokoh masyarakat.",
    "Sosialisasi dilaksanakan di sekolah dan kelurahan sasaran.",
    "Kegiatan terlaksana sebagian; sisa sasaran dijadwalkan pada semester berikutnya.",
    "Pelaksanaan bersama BNN dan Polres di wilayah rawan.",
]
OBSTACLES = ["", "", "Keterbatasan anggaran transportasi.", "Jadwal bertepatan dengan kegiatan lain."]
EVENT_KINDS = [
    ("sosialisasi", 30),
    ("penyuluhan", 20),
    ("kampanye", 10),
    ("pelatihan_kader", 8),
    ("pembentukan_satgas", 4),
    ("tes_urine", 8),
    ("rakor_kelurahan", 8),
    ("pemberdayaan_alternatif", 4),
    ("rujukan_rehabilitasi", 3),
    ("lainnya", 5),
]
EVENT_TITLES = {
    "sosialisasi": "Sosialisasi bahaya narkoba",
    "penyuluhan": "Penyuluhan P4GN",
    "kampanye": "Kampanye Stop Narkoba",
    "pelatihan_kader": "Pelatihan kader anti narkoba",
    "pembentukan_satgas": "Pembentukan Satgas anti narkoba",
    "tes_urine": "Tes urine",
    "rakor_kelurahan": "Rakor P4GN kelurahan",
    "pemberdayaan_alternatif": "Pemberdayaan alternatif",
    "rujukan_rehabilitasi": "Rujukan rehabilitasi",
    "lainnya": "Kegiatan P4GN",
}
TARGET_GROUPS = ["pelajar", "mahasiswa", "asn", "pekerja", "keluarga", "masyarakat_umum", "tokoh_masyarakat"]
GROUP_KINDS = ["relawan", "penggiat", "kader", "satgas"]
STAGES = ["pemetaan", "penetapan_sk", "pokja", "relawan", "intervensi", "monev"]


def random_uuid(rng: random.Random) -> uuid.UUID:
    return uuid.UUID(int=rng.getrandbits(128), version=4)


def weighted(pairs):
    values = [v for v, _w in pairs]
    cumulative, total = [], 0
    for _v, weight in pairs:
        total += weight
        cumulative.append(total)
    return values, cumulative


@dataclass
class Context:
    """What every government shares: the years, today, the catalogue, the generating user, existing records."""

    scale: float
    seed: int
    first_year: int
    years: int
    today: date
    now: datetime
    user_id: int
    national_plan_id: int
    national_actions: dict[str, list[tuple]]  # plan level → [(id, field id, description, indicator, unit)]
    due: dict[tuple[int, int], date]  # (year, semester) → due date
    assessed: set[tuple[str, int]]  # (village, year) already assessed by another government
    bersinar: set[str]  # villages that already have a Bersinar programme

    @property
    def year_list(self) -> list[int]:
        return list(range(self.first_year, self.first_year + self.years))


def random_day(rng: random.Random, first: date, last: date) -> date:
    return first + timedelta(days=rng.randrange((last - first).days + 1))


def random_moment(rng: random.Random, day: date, tz: ZoneInfo) -> datetime:
    local = datetime(day.year, day.month, day.day, rng.randrange(8, 17), rng.randrange(60), tzinfo=tz)
    return local.astimezone(UTC)
