from django.core.management.base import BaseCommand, CommandError

from sinergi.insights.rollups import rebuild_all, verify


class Command(BaseCommand):
    help = "Periksa (--verify) atau bangun ulang (--rebuild) roll-up dasbor dari data mentah."

    def add_arguments(self, parser):
        parser.add_argument("--verify", action="store_true", help="Bandingkan roll-up dengan data mentah.")
        parser.add_argument("--rebuild", action="store_true", help="Hitung ulang semua roll-up dari data mentah.")

    def handle(self, *args, **options):
        if not (options["verify"] or options["rebuild"]):
            raise CommandError("Pilih --verify atau --rebuild.", returncode=2)
        if options["rebuild"]:
            rows = rebuild_all()
            self.stdout.write(f"{rows} baris roll-up dibangun ulang.")
        if options["verify"]:
            differences = verify()
            for line in differences:
                self.stdout.write(line)
            if differences:
                raise CommandError(f"{len(differences)} perbedaan antara roll-up dan data mentah.", returncode=1)
            self.stdout.write("Roll-up sesuai dengan data mentah.")
