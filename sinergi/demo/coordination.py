"""Demo coordination of Kota Metro: the Tim Terpadu P4GN by decree, a technical meeting in March 2024 and the Rakor
of 24 September 2024 (``../shared/seed/``) with its decisions as follow-ups in every state.

From the seed: the Rakor was held by Badan Kesbangpol with BNN Kota Metro and the OPD in the Ruang Rapat OR Setda
Kota Metro on Tuesday 24 September 2024, chaired by the head of Badan Kesbangpol, Dra. Rosita, MM.; its agenda was
the first discussion of the RAD P4GN 2024 aligned with Inpres 2/2020; it called for strict supervision in
workplaces and communities, anti-drug cadres down to the kelurahan, an optimised Desa Bersinar programme and
continued coordination with BNN. Everything else — the decree's number, the letter's number, times, the people
other than Dra. Rosita, the meetings of March and May 2024 and every follow-up — is invented but plausible.
"""

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.utils import timezone

from sinergi.accounts.models import User
from sinergi.coordination.models import (
    AgendaItem,
    Attendance,
    Composition,
    Decision,
    FollowUp,
    Meeting,
    Member,
    Position,
    TaskForce,
)
from sinergi.core.services import model_create
from sinergi.organizations.models import Agency, Government

WIB = ZoneInfo("Asia/Jakarta")
S = FollowUp.Status

# Invented: the real decree of the Tim Terpadu P4GN Kota Metro is not public; this number only looks like one
# (188.45 is the classification code of a mayor's decree).
SK_NUMBER = "188.45/214/KPTS/D-1/2023"
SK_DATE = date(2023, 2, 13)
# Invented letter number of the Rakor's invitation (005 is the classification code of invitations).
RAKOR_LETTER_NUMBER = "005/412/D-1/2024"

# (position, field, agency acronym, person name, official title)
MEMBERS = [
    (Position.ANGGOTA, "Pengarah", "Setda", "", "Wali Kota Metro"),
    (Position.KETUA, "", "Setda", "", "Sekretaris Daerah Kota Metro"),
    (Position.WAKIL_KETUA, "", "BNN Kota Metro", "", "Kepala Badan Narkotika Nasional Kota Metro"),
    (Position.SEKRETARIS, "", "Kesbangpol", "Dra. Rosita, MM.", "Kepala Badan Kesatuan Bangsa dan Politik Kota Metro"),
    (Position.KOORDINATOR, "Pencegahan", "Disdikbud", "", "Kepala Dinas Pendidikan dan Kebudayaan Kota Metro"),
    (Position.KOORDINATOR, "Pemberdayaan Masyarakat", "Dinas PAPPKB", "", "Kepala Dinas PAPPKB Kota Metro"),
    (Position.KOORDINATOR, "Rehabilitasi", "Dinkes", "", "Kepala Dinas Kesehatan Kota Metro"),
    (Position.KOORDINATOR, "Pemberantasan", "Polres Metro", "", "Kepala Kepolisian Resor Metro"),
    (Position.ANGGOTA, "Pencegahan", "Diskominfo", "", "Kepala Dinas Komunikasi dan Informatika Kota Metro"),
    (Position.ANGGOTA, "Pencegahan", "Kemenag Kota Metro", "", "Kepala Kantor Kementerian Agama Kota Metro"),
    (Position.ANGGOTA, "Pemberdayaan Masyarakat", "Disnakertrans", "", "Kepala Dinas Tenaga Kerja dan Transmigrasi"),
    (Position.ANGGOTA, "Pemberdayaan Masyarakat", "BKPSDM", "", "Kepala BKPSDM Kota Metro"),
    (Position.ANGGOTA, "Rehabilitasi", "Dinsos", "", "Kepala Dinas Sosial Kota Metro"),
    (Position.ANGGOTA, "Rehabilitasi", "RSUD", "", "Direktur RSUD Jenderal Ahmad Yani"),
    (Position.ANGGOTA, "Pemberantasan", "Satpol PP", "", "Kepala Satuan Polisi Pamong Praja Kota Metro"),
    (Position.ANGGOTA, "Pemberantasan", "Kodim 0411", "", "Komandan Kodim 0411/Lampung Tengah"),
    (Position.ANGGOTA, "Pemberantasan", "Kejari Metro", "", "Kepala Kejaksaan Negeri Metro"),
]

MARCH_INVITED = ["Disdikbud", "Dinkes", "Dinsos", "Satpol PP", "Diskominfo", "BKPSDM", "BNN Kota Metro", "Polres Metro"]
# (agency acronym or None, institution, name, position, invited)
MARCH_ATTENDANCE = [
    ("Kesbangpol", "", "Drs. Hendra Kurniawan", "Sekretaris Badan Kesbangpol Kota Metro", True),
    ("Kesbangpol", "", "Rina Wulandari, S.Sos.", "Analis Kebijakan Ahli Muda (notulis)", True),
    ("Disdikbud", "", "Agus Pratama, S.Pd., M.Pd.", "Kepala Bidang Pembinaan SMP", True),
    ("Dinkes", "", "dr. Fitri Lestari", "Kepala Bidang Pencegahan dan Pengendalian Penyakit", True),
    ("Dinsos", "", "Joko Susanto, S.Sos.", "Kepala Bidang Rehabilitasi Sosial", True),
    ("Satpol PP", "", "Eko Saputra, S.H.", "Kepala Bidang Ketertiban Umum", True),
    ("Diskominfo", "", "Dewi Rahayu, S.Kom.", "Kepala Bidang Informasi dan Komunikasi Publik", True),
    ("BNN Kota Metro", "", "Budi Hidayat, S.H.", "Kepala Seksi Pencegahan dan Pemberdayaan Masyarakat", True),
    ("BNN Kota Metro", "", "Siti Utami, S.Psi.", "Penyuluh Narkoba Ahli Muda", True),
    ("Polres Metro", "", "AKP Wahyu Nugroho", "Kepala Satuan Reserse Narkoba", True),
]

RAKOR_INVITED = [
    "Setda",
    "Bappeda",
    "Inspektorat",
    "Disdikbud",
    "Dinkes",
    "Dinsos",
    "Satpol PP",
    "Diskominfo",
    "BKPSDM",
    "Disnakertrans",
    "Dinas PAPPKB",
    "RSUD",
    "BNN Kota Metro",
    "Polres Metro",
    "Kodim 0411",
    "Kejari Metro",
    "Kemenag Kota Metro",
]
RAKOR_ATTENDANCE = [
    ("Kesbangpol", "", "Dra. Rosita, MM.", "Kepala Badan Kesatuan Bangsa dan Politik Kota Metro", True),
    ("Kesbangpol", "", "Drs. Hendra Kurniawan", "Sekretaris Badan Kesbangpol Kota Metro", True),
    ("Kesbangpol", "", "Rina Wulandari, S.Sos.", "Analis Kebijakan Ahli Muda (notulis)", True),
    ("BNN Kota Metro", "", "Budi Hidayat, S.H.", "Kepala Seksi Pencegahan dan Pemberdayaan Masyarakat", True),
    ("BNN Kota Metro", "", "Siti Utami, S.Psi.", "Penyuluh Narkoba Ahli Muda", True),
    ("Setda", "", "Yusuf Wijaya, S.IP., M.Si.", "Kepala Bagian Pemerintahan Setda Kota Metro", True),
    ("Bappeda", "", "Nur Hidayat, S.T., M.T.", "Kepala Bidang Pemerintahan dan Pembangunan Manusia", True),
    ("Disdikbud", "", "Agus Pratama, S.Pd., M.Pd.", "Kepala Bidang Pembinaan SMP", True),
    ("Dinkes", "", "dr. Fitri Lestari", "Kepala Bidang Pencegahan dan Pengendalian Penyakit", True),
    ("Dinsos", "", "Joko Susanto, S.Sos.", "Kepala Bidang Rehabilitasi Sosial", True),
    ("Satpol PP", "", "Eko Saputra, S.H.", "Kepala Bidang Ketertiban Umum", True),
    ("Diskominfo", "", "Dewi Rahayu, S.Kom.", "Kepala Bidang Informasi dan Komunikasi Publik", True),
    ("BKPSDM", "", "Lestari Kurniawan, S.E.", "Kepala Bidang Pengembangan Kompetensi Aparatur", True),
    ("Disnakertrans", "", "Slamet Pratama, S.H.", "Kepala Bidang Hubungan Industrial", True),
    ("Dinas PAPPKB", "", "Yuni Saputri, S.Sos.", "Kepala Bidang Perlindungan Anak", True),
    ("Polres Metro", "", "AKP Wahyu Nugroho", "Kepala Satuan Reserse Narkoba", True),
    ("Kodim 0411", "", "Kapten Inf. Rahmat Santoso", "Perwira Seksi Teritorial", True),
    ("Kemenag Kota Metro", "", "H. Ahmad Fauzi, S.Ag.", "Kepala Seksi Bimbingan Masyarakat Islam", True),
    ("Kecamatan Metro Pusat", "", "Fajar Nugroho, S.STP.", "Camat Metro Pusat", True),
    ("Kelurahan Iring Mulyo", "", "Sari Wijayanti, S.E.", "Lurah Iring Mulyo", False),
    (None, "Gerakan Nasional Anti Narkotika (GRANAT) Kota Metro", "Hendra Saputra", "Ketua", False),
]

RAKOR_SUMMARY = (
    "Rapat Koordinasi Tim Terpadu P4GN Kota Metro diselenggarakan oleh Badan Kesbangpol bersama BNN Kota Metro "
    "dan dihadiri perangkat daerah serta instansi vertikal terkait, dengan agenda utama pembahasan awal penyusunan "
    "Rencana Aksi Daerah (RAD) P4GN Kota Metro Tahun 2024.\n\n"
    "Rapat menyepakati penguatan pengawasan di lingkungan kerja dan masyarakat, pembentukan kader anti narkoba "
    "hingga tingkat kelurahan, optimalisasi program Desa/Kelurahan Bersinar, koordinasi berkelanjutan dengan BNN "
    "Kota Metro, dan penyampaian usulan aksi RAD oleh setiap perangkat daerah."
)
RAKOR_AGENDA = [
    (
        "Pembukaan dan arahan Kepala Badan Kesbangpol",
        "Dra. Rosita, MM., Kepala Badan Kesbangpol Kota Metro",
        "Kepala Badan Kesbangpol menyampaikan bahwa rakor ini merupakan langkah awal penyusunan RAD P4GN Tahun 2024 "
        "untuk menyatukan persepsi serta memperkuat sinergi antarinstansi dalam upaya pemberantasan narkoba. Langkah "
        "daerah diselaraskan dengan Instruksi Presiden Nomor 2 Tahun 2020 tentang Rencana Aksi Nasional P4GN.\n\n"
        "Rapat ini bertujuan meningkatkan kinerja Tim Terpadu P4GN dan PN di seluruh lapisan, dari tingkat pusat "
        "hingga pemerintah daerah. Program perangkat daerah dan instansi terkait diharapkan saling bersinergi untuk "
        "mewujudkan Kota Metro yang bebas dari narkoba.",
    ),
    (
        "Pembahasan awal penyusunan RAD P4GN Kota Metro Tahun 2024",
        "BNN Kota Metro dan Sekretariat Tim Terpadu (Badan Kesbangpol)",
        "BNN Kota Metro memaparkan bidang dan aksi Rencana Aksi Nasional P4GN yang perlu dijabarkan di daerah: "
        "pencegahan, pemberdayaan masyarakat, rehabilitasi serta pemberantasan. Peserta menekankan pentingnya "
        "pengawasan yang ketat di lingkungan kerja serta masyarakat.\n\n"
        "Setiap perangkat daerah dan instansi terkait diminta terus berkoordinasi dengan BNN untuk memperkuat upaya "
        "preventif melalui penyuluhan, sosialisasi, dan pembentukan kader anti narkoba hingga ke tingkat kelurahan. "
        "Program Desa/Kelurahan Bersinar (Bersih Narkoba) menjadi salah satu program yang perlu terus dioptimalkan; "
        "saat ini Kelurahan Iringmulyo, Purwosari dan Hadimulyo Barat telah ditetapkan sebagai Kelurahan Bersinar.\n\n"
        "Sekretariat Tim Terpadu menyampaikan jadwal penyusunan: usulan aksi dari setiap perangkat daerah diterima "
        "melalui aplikasi Sinergi P4GN, dibahas bersama, kemudian ditetapkan dengan Peraturan Wali Kota.",
    ),
    (
        "Tindak lanjut rapat sebelumnya",
        "Sekretariat Tim Terpadu (Badan Kesbangpol)",
        "Sekretariat melaporkan tindak lanjut Rapat Koordinasi Teknis tanggal 19 Maret 2024: laporan Semester I 2024 "
        "telah dihimpun melalui aplikasi, tes urine ASN bersama BNN telah dilaksanakan, dan data kegiatan lapangan "
        "telah diperbarui oleh perangkat daerah.",
    ),
]


def _at(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=WIB)


def _task_force(metro: Government, agencies: dict, by) -> TaskForce:
    task_force = model_create(instance=TaskForce(government=metro, name="Tim Terpadu P4GN Kota Metro"), by=by)
    composition = model_create(
        instance=Composition(
            task_force=task_force,
            sk_number=SK_NUMBER,
            sk_date=SK_DATE,
            valid_from=SK_DATE,
            notes=f"Keputusan Wali Kota Metro Nomor {SK_NUMBER} tentang Tim Terpadu P4GN Kota Metro (contoh demo).",
        ),
        by=by,
    )
    for order, (position, field, acronym, person, title) in enumerate(MEMBERS):
        model_create(
            instance=Member(
                composition=composition,
                position=position,
                field=field,
                agency=agencies[acronym],
                person_name=person,
                person_title=title,
                order=order,
            ),
            by=by,
        )
    return task_force


def _meeting(metro, task_force, by, *, invited, attendance, agenda, agencies, **fields) -> Meeting:
    meeting = model_create(instance=Meeting(government=metro, task_force=task_force, created_by=by, **fields), by=by)
    meeting.invited_agencies.set([agencies[acronym] for acronym in invited])
    for agency, institution, name, position, was_invited in attendance:
        model_create(
            instance=Attendance(
                meeting=meeting,
                agency=agencies[agency] if agency else None,
                institution=institution,
                name=name,
                position=position,
                invited=was_invited,
            ),
            by=by,
        )
    items = []
    for order, (title, presenter, minutes) in enumerate(agenda, start=1):
        items.append(
            model_create(
                instance=AgendaItem(
                    meeting=meeting,
                    order=order,
                    title=title,
                    presenter=presenter,
                    minutes=minutes,
                    carries_follow_ups=title == "Tindak lanjut rapat sebelumnya",
                ),
                by=by,
            )
        )
    meeting.agenda_items = items
    return meeting


def _decisions(meeting: Meeting, agencies: dict, by, decisions: list) -> None:
    for order, (text, item, follow_ups) in enumerate(decisions, start=1):
        decision = model_create(
            instance=Decision(meeting=meeting, order=order, text=text, agenda_item=meeting.agenda_items[item]), by=by
        )
        for acronym, description, due_on, status, done_on, note in follow_ups:
            model_create(
                instance=FollowUp(
                    decision=decision,
                    government=meeting.government,
                    agency=agencies[acronym],
                    description=description,
                    due_on=due_on,
                    status=status,
                    done_on=done_on,
                    result=note if status == S.DONE else "",
                    dropped_reason=note if status == S.DROPPED else "",
                ),
                by=by,
            )


def _march(metro, task_force, agencies, by) -> None:
    meeting = _meeting(
        metro,
        task_force,
        by,
        agencies=agencies,
        kind=Meeting.Kind.TEKNIS,
        title="Rapat Koordinasi Teknis Tim Terpadu P4GN Kota Metro: Pelaksanaan Aksi dan Pelaporan Semester I 2024",
        starts_at=_at(date(2024, 3, 19), 9),
        ends_at=_at(date(2024, 3, 19), 11, 30),
        place="Aula Badan Kesbangpol Kota Metro",
        chair_name="Drs. Hendra Kurniawan",
        chair_title="Sekretaris Badan Kesatuan Bangsa dan Politik Kota Metro",
        letter_number="005/118/D-1/2024",
        letter_date=date(2024, 3, 14),
        status=Meeting.Status.CLOSED,
        summary="Rapat teknis membahas pelaksanaan aksi RAD P4GN Triwulan I 2024 dan persiapan laporan Semester I.",
        invited=MARCH_INVITED,
        attendance=MARCH_ATTENDANCE,
        agenda=[
            (
                "Pelaksanaan aksi RAD P4GN Triwulan I 2024",
                "Perangkat daerah pelaksana aksi",
                "Setiap perangkat daerah menyampaikan kegiatan yang telah dan akan dilaksanakan. Tes urine ASN eselon "
                "II dan III direncanakan bersama BNN Kota Metro pada bulan Mei.",
            ),
            (
                "Persiapan pelaporan Semester I 2024 melalui aplikasi Sinergi P4GN",
                "Sekretariat Tim Terpadu (Badan Kesbangpol)",
                "Laporan realisasi Semester I disampaikan melalui aplikasi paling lambat sepuluh hari kerja setelah "
                "semester berakhir, disertai bukti dukung.",
            ),
        ],
    )
    _decisions(
        meeting,
        agencies,
        by,
        [
            (
                "Tes urine bagi ASN eselon II dan III dilaksanakan bersama BNN Kota Metro pada Semester I 2024.",
                0,
                [
                    (
                        "BKPSDM",
                        "Mendata dan mengundang ASN eselon II dan III untuk tes urine.",
                        date(2024, 5, 10),
                        S.DONE,
                        date(2024, 5, 8),
                        "151 ASN diundang; jadwal disampaikan kepada BNN Kota Metro.",
                    ),
                    (
                        "BNN Kota Metro",
                        "Melaksanakan tes urine ASN eselon II dan III.",
                        date(2024, 5, 31),
                        S.DONE,
                        date(2024, 5, 21),
                        "Tes urine 151 ASN di Aula Pemkot; seluruh hasil negatif.",
                    ),
                ],
            ),  # fmt: skip
            (
                "Laporan realisasi Semester I 2024 disampaikan melalui aplikasi Sinergi P4GN tepat waktu.",
                1,
                [
                    (
                        "Kesbangpol",
                        "Melatih operator perangkat daerah menggunakan aplikasi Sinergi P4GN.",
                        date(2024, 4, 30),
                        S.DONE,
                        date(2024, 4, 25),
                        "Bimbingan teknis bagi 24 operator.",
                    ),
                    (
                        "Diskominfo",
                        "Menyiapkan akses jaringan aplikasi bagi kecamatan dan kelurahan.",
                        date(2024, 6, 28),
                        S.DROPPED,
                        None,
                        "Tidak diperlukan: aplikasi dapat diakses melalui jaringan internet kantor yang ada.",
                    ),
                ],
            ),  # fmt: skip
        ],
    )


def _may(metro, task_force, agencies, by) -> None:
    meeting = _meeting(
        metro,
        task_force,
        by,
        agencies=agencies,
        kind=Meeting.Kind.SINKRONISASI,
        title="Sinkronisasi Data Kegiatan P4GN Kota Metro dengan BNN Kota Metro",
        starts_at=_at(date(2024, 5, 28), 13, 30),
        ends_at=_at(date(2024, 5, 28), 15, 30),
        place="Ruang Rapat BNN Kota Metro",
        chair_name="Drs. Hendra Kurniawan",
        chair_title="Sekretaris Badan Kesatuan Bangsa dan Politik Kota Metro",
        letter_number="005/203/D-1/2024",
        letter_date=date(2024, 5, 22),
        status=Meeting.Status.CLOSED,
        invited=["BNN Kota Metro", "Disdikbud", "Dinkes", "BKPSDM", "Satpol PP"],
        attendance=[MARCH_ATTENDANCE[1], MARCH_ATTENDANCE[2], MARCH_ATTENDANCE[7], MARCH_ATTENDANCE[8],
                    ("BKPSDM", "", "Lestari Kurniawan, S.E.", "Kepala Bidang Pengembangan Kompetensi Aparatur", True)],
        agenda=[
            (
                "Pencocokan data kegiatan dan tes urine Januari–Mei 2024",
                "BNN Kota Metro",
                "Data sosialisasi, penyuluhan dan tes urine pada aplikasi dicocokkan dengan catatan BNN Kota Metro; "
                "tiga kegiatan belum dicatat oleh perangkat daerah.",
            ),
        ],
    )  # fmt: skip
    _decisions(
        meeting,
        agencies,
        by,
        [
            (
                "Perangkat daerah melengkapi catatan kegiatan P4GN pada aplikasi sebelum laporan Semester I.",
                0,
                [
                    (
                        "Disdikbud",
                        "Mencatat dua kegiatan sosialisasi sekolah yang belum masuk aplikasi.",
                        date(2024, 6, 14),
                        S.DONE,
                        date(2024, 6, 7),
                        "Dua kegiatan dicatat dengan bukti dukung.",
                    ),
                    (
                        "Dinkes",
                        "Mencatat penyuluhan ketahanan keluarga di puskesmas.",
                        date(2024, 6, 14),
                        S.DONE,
                        date(2024, 6, 12),
                        "Kegiatan dicatat.",
                    ),
                ],
            ),  # fmt: skip
        ],
    )


def _rakor(metro, task_force, agencies, by, today: date) -> None:
    meeting = _meeting(
        metro,
        task_force,
        by,
        agencies=agencies,
        kind=Meeting.Kind.RAKOR,
        title="Rapat Koordinasi Tim Terpadu P4GN Kota Metro",
        starts_at=_at(date(2024, 9, 24), 9),
        ends_at=_at(date(2024, 9, 24), 12),
        place="Ruang Rapat OR Setda Kota Metro",
        chair_name="Dra. Rosita, MM.",
        chair_title="Kepala Badan Kesatuan Bangsa dan Politik Kota Metro",
        letter_number=RAKOR_LETTER_NUMBER,
        letter_date=date(2024, 9, 18),
        status=Meeting.Status.HELD,
        summary=RAKOR_SUMMARY,
        invited=RAKOR_INVITED,
        attendance=RAKOR_ATTENDANCE,
        agenda=RAKOR_AGENDA,
    )
    # Follow-ups still open carry due dates after the day the demo is loaded, except the one that shows "overdue".
    soon, later = today + timedelta(days=45), today + timedelta(days=120)
    _decisions(
        meeting,
        agencies,
        by,
        [
            (
                "Memperketat pengawasan penyalahgunaan narkoba di lingkungan kerja dan di tengah masyarakat.",
                1,
                [
                    (
                        "Satpol PP",
                        "Pengawasan rutin tempat hiburan, rumah kos dan tempat usaha bersama Polres Metro.",
                        later,
                        S.IN_PROGRESS,
                        None,
                        "",
                    ),
                    (
                        "Dinkes",
                        "Tes urine acak bagi tenaga kesehatan di puskesmas dan RSUD.",
                        date(2024, 11, 29),
                        S.DONE,
                        date(2024, 11, 20),
                        "Tes urine 210 tenaga kesehatan; seluruh hasil negatif.",
                    ),
                ],
            ),  # fmt: skip
            (
                "Membentuk kader anti narkoba hingga tingkat kelurahan.",
                1,
                [
                    (
                        "BNN Kota Metro",
                        "Pelatihan kader anti narkoba bagi perwakilan 22 kelurahan.",
                        date(2024, 12, 13),
                        S.DONE,
                        date(2024, 12, 10),
                        "88 kader dari 22 kelurahan telah dilatih.",
                    ),
                    (
                        "Kecamatan Metro Pusat",
                        "Menetapkan kader anti narkoba di setiap kelurahan Kecamatan Metro "
                        "Pusat dengan keputusan lurah.",
                        date(2024, 12, 31),
                        S.OPEN,
                        None,
                        "",
                    ),
                ],
            ),  # fmt: skip
            (
                "Mengoptimalkan program Desa/Kelurahan Bersinar (Bersih Narkoba).",
                1,
                [
                    (
                        "Kelurahan Iring Mulyo",
                        "Menyusun rencana kerja Pokja Kelurahan Bersinar Iring Mulyo.",
                        soon,
                        S.IN_PROGRESS,
                        None,
                        "",
                    ),
                    (
                        "Kesbangpol",
                        "Mengusulkan dua kelurahan berstatus waspada sebagai calon Kelurahan Bersinar.",
                        date(2024, 10, 31),
                        S.DONE,
                        date(2024, 10, 28),
                        "Mulyojati dan Tejo Agung diusulkan kepada BNN Kota Metro.",
                    ),
                ],
            ),  # fmt: skip
            (
                "Setiap perangkat daerah dan instansi terkait terus berkoordinasi dengan BNN Kota Metro dalam upaya "
                "preventif melalui penyuluhan dan sosialisasi.",
                1,
                [
                    (
                        "Disdikbud",
                        "Sosialisasi P4GN di SMP negeri dan swasta bersama BNN Kota Metro.",
                        date(2024, 11, 30),
                        S.DONE,
                        date(2024, 11, 26),
                        "Sosialisasi di 12 SMP dengan 1.450 pelajar.",
                    ),
                    (
                        "Kesbangpol",
                        "Forum koordinasi bulanan dengan BNN Kota Metro.",
                        date(2024, 12, 31),
                        S.DROPPED,
                        None,
                        "Digabung dengan rapat koordinasi teknis triwulanan agar tidak tumpang tindih.",
                    ),
                ],
            ),  # fmt: skip
            (
                "Setiap perangkat daerah menyampaikan usulan aksi RAD P4GN Kota Metro Tahun 2024 kepada Sekretariat "
                "Tim Terpadu.",
                1,
                [
                    (
                        "Disdikbud",
                        "Menyampaikan usulan aksi bidang pencegahan di satuan pendidikan.",
                        date(2024, 10, 11),
                        S.DONE,
                        date(2024, 10, 9),
                        "Tiga usulan aksi disampaikan melalui aplikasi.",
                    ),
                    (
                        "Dinkes",
                        "Menyampaikan usulan aksi bidang rehabilitasi.",
                        date(2024, 10, 11),
                        S.DONE,
                        date(2024, 10, 10),
                        "Dua usulan aksi disampaikan melalui aplikasi.",
                    ),
                    (
                        "Kesbangpol",
                        "Menghimpun usulan dan menyusun rancangan RAD P4GN untuk dibahas bersama.",
                        soon,
                        S.IN_PROGRESS,
                        None,
                        "",
                    ),
                ],
            ),  # fmt: skip
        ],
    )


def demo_coordination() -> None:
    """Load Kota Metro's task force and meetings once (nothing happens when its meetings already exist)."""
    metro = Government.objects.filter(region_id="18.72").first()
    if metro is None or Meeting.objects.filter(government=metro).exists():
        return
    by = User.objects.filter(username="sekretariat").first()
    if by is None:
        return
    agencies = {a.acronym: a for a in Agency.objects.filter(government=metro).exclude(acronym="")}
    agencies.update({a.name: a for a in Agency.objects.filter(government=metro, kind__in=Agency.AREA_KINDS)})
    task_force = TaskForce.objects.filter(government=metro, region__isnull=True).first()
    if task_force is None:
        task_force = _task_force(metro, agencies, by)
    _march(metro, task_force, agencies, by)
    _may(metro, task_force, agencies, by)
    _rakor(metro, task_force, agencies, by, timezone.localdate())
