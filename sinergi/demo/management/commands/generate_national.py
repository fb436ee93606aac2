import time

from django.core.management.base import BaseCommand, CommandError
from django.db import IntegrityError

from sinergi.demo import national


class Command(BaseCommand):
    help = (
        "Buat data nasional sintetis untuk uji beban: 548 pemda, semua desa/kelurahan, lima tahun laporan dan "
        "kegiatan (skala 1 ≈ 2 juta laporan, 5 juta kegiatan), lalu bangun ulang roll-up."
    )

    def add_arguments(self, parser):
        parser.add_argument("--scale", type=float, default=1.0, help="1 = ukuran nasional penuh; 0.01 untuk CI")
        parser.add_argument("--seed", type=int, default=1, help="benih acak: seed yang sama, data yang sama")
        parser.add_argument(
            "--governments", type=int, default=national.GOVERNMENTS, help="jumlah pemda sintetis paling banyak"
        )
        parser.add_argument("--years", type=int, default=national.YEARS, help="jumlah tahun, berakhir tahun ini")
        parser.add_argument("--replace", action="store_true", help="hapus data sintetis sebelumnya lebih dahulu")

    def handle(self, *args, scale, seed, governments, years, replace, verbosity=1, **options):
        if not 0 < scale <= 10:
            raise CommandError("--scale harus di antara 0 dan 10.", returncode=2)
        started = time.perf_counter()

        def say(message):
            if verbosity >= 1:
                self.stdout.write(message)
                self.stdout.flush()

        existing = national.synthetic_governments().count()
        if existing and not replace:
            raise CommandError(
                f"Sudah ada {existing} pemda sintetis (nama berawalan “{national.PREFIX}”). "
                "Jalankan dengan --replace untuk menggantinya.",
                returncode=1,
            )
        if existing:
            say(f"Menghapus {existing} pemda sintetis sebelumnya…")
            try:
                national.remove(progress=say)
            except IntegrityError as error:
                raise CommandError(
                    f"Data sintetis tidak dapat dihapus: ada data lain yang merujuknya ({error})."
                ) from error
        result = national.generate(scale=scale, seed=seed, governments=governments, years=years, progress=say)
        rows = result.rows
        self.stdout.write(self.style.SUCCESS("Data nasional sintetis selesai dibuat."))
        labels = [
            ("Government", "pemerintah daerah"),
            ("Agency", "perangkat daerah/instansi"),
            ("Action", "aksi RAD"),
            ("Indicator", "indikator"),
            ("Target", "target"),
            ("Period", "periode"),
            ("Report", "laporan"),
            ("ReportValue", "nilai realisasi"),
            ("DeadlineExtension", "perpanjangan tenggat"),
            ("Event", "kegiatan"),
            ("UrineTestCampaign", "tes urine"),
            ("VolunteerGroup", "kelompok relawan"),
            ("Volunteer", "relawan"),
            ("VulnerabilityAssessment", "penilaian kerawanan"),
            ("BersinarProgramme", "program Bersinar"),
            ("BersinarStep", "tahap Bersinar"),
        ]
        for model, label in labels:
            self.stdout.write(f"  {rows.get(model, 0):>12,}  {label}")
        self.stdout.write(f"  {result.expected['villages']:>12,}  desa/kelurahan dalam wilayah pemda sintetis")
        self.stdout.write(f"  {result.total_rows:>12,}  baris data mentah, {result.rollup_rows:,} baris roll-up")
        seconds = result.seconds
        parts = [f"data {seconds['generate']:.1f} s", f"roll-up {seconds.get('rollups', 0):.1f} s"]
        if "regions" in seconds:
            parts.insert(0, f"wilayah {seconds['regions']:.1f} s")
        self.stdout.write(f"Waktu: {time.perf_counter() - started:.1f} s ({', '.join(parts)}).")
