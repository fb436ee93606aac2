from django.core.management.base import BaseCommand
from django.utils import translation

from sinergi.demo.services import DEMO_PASSWORD, demo_load


class Command(BaseCommand):
    help = "Muat data demo Kota Metro (aman dijalankan ulang: data yang ada tidak diubah)."

    def handle(self, *args, **options):
        with translation.override("id"):
            logins = demo_load()
            self.stdout.write(self.style.SUCCESS("Data demo Kota Metro siap."))
            self.stdout.write(f"Akun demo (kata sandi semuanya: {DEMO_PASSWORD}):")
            for login in logins:
                self.stdout.write(f"  {login.username:<16} {login.role:<28} {login.where}")
