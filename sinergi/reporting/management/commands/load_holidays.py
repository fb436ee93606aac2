from django.core.management.base import BaseCommand

from sinergi.reporting.services import holidays_load


class Command(BaseCommand):
    help = "Muat hari libur nasional dan cuti bersama dari paket lokal-id (aman dijalankan ulang)."

    def handle(self, *args, **options):
        created = holidays_load()
        self.stdout.write(f"{created} hari libur baru dimuat." if created else "Data hari libur sudah mutakhir.")
