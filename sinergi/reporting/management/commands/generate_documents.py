import time

from django.core.management.base import BaseCommand

from sinergi.reporting.archive import documents_process


class Command(BaseCommand):
    help = "Buat dokumen laporan pelaksanaan yang diantrikan (laporan konsolidasi pemerintah daerah besar)."

    def add_arguments(self, parser):
        parser.add_argument("--loop", action="store_true", help="Terus berjalan, memeriksa antrean tiap 5 detik.")
        parser.add_argument("--max", dest="limit", type=int, default=None, help="Paling banyak N dokumen.")

    def handle(self, *args, loop=False, limit=None, **options):
        while True:
            done = documents_process(limit=limit)
            if done:
                self.stdout.write(f"{done} dokumen diproses.")
            if not loop:
                break
            time.sleep(5)
