"""``sinergi exchange keygen | key | trust | export | import``: exchange of semester packages between installations."""

import re
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from sinergi.exchange import keys, services
from sinergi.exchange.package import PackageRefused, max_bytes
from sinergi.organizations.models import Government
from sinergi.regions.models import Region

SEMESTER = re.compile(r"^(\d{4})-([12])$")


def parse_semester(text: str) -> tuple[int, int]:
    match = SEMESTER.match(text or "")
    if not match:
        raise CommandError(f"Semester {text!r} tidak dikenal; tulis TAHUN-SEMESTER, misalnya 2025-1.", returncode=2)
    return int(match[1]), int(match[2])


class Command(BaseCommand):
    help = "Pertukaran paket semester antarinstalasi: kunci penanda tangan, ekspor dan impor."

    def add_arguments(self, parser):
        commands = parser.add_subparsers(dest="action", required=True, metavar="{keygen,key,trust,export,import}")
        keygen = commands.add_parser("keygen", help="Buat kunci penanda tangan instalasi ini (di direktori data).")
        keygen.add_argument("--replace", action="store_true", help="Ganti kunci yang sudah ada.")
        commands.add_parser("key", help="Tampilkan kunci publik dan sidik jari instalasi ini.")
        trust = commands.add_parser("trust", help="Percayai kunci publik instalasi pengirim untuk satu wilayah.")
        trust.add_argument("public_key", help="Kunci publik pengirim (dari `sinergi exchange key` di sana).")
        trust.add_argument("--region", required=True, help="Kode wilayah pemerintah daerah pengirim, mis. 18.72.")
        trust.add_argument("--name", required=True, help="Nama instalasi pengirim.")
        trust.add_argument("--fingerprint", default="", help="Sidik jari yang dibacakan pengirim (disarankan).")
        export = commands.add_parser("export", help="Ekspor paket semester sebuah pemerintah daerah.")
        export.add_argument("--government", required=True, help="Kode wilayah pemerintah daerah, mis. 18.72.")
        export.add_argument("--semester", required=True, help="TAHUN-SEMESTER, mis. 2025-1.")
        export.add_argument("-o", "--output", required=True, help="Berkas zip yang ditulis.")
        export.add_argument("--no-documents", action="store_true", help="Tanpa dokumen PDF.")
        imported = commands.add_parser("import", help="Impor paket semester dari instalasi lain.")
        imported.add_argument("file", help="Berkas zip paket.")
        imported.add_argument(
            "--replace", action="store_true", help="Ganti angka yang sudah diimpor bila berbeda (setelah diperiksa)."
        )

    def handle(self, *args, **options):
        return getattr(self, f"_{options['action']}")(options)

    def _show_key(self, key) -> None:
        self.stdout.write(f"Instalasi   : {key.installation_id}")
        self.stdout.write(f"Kunci publik: {key.public_key}")
        self.stdout.write(f"Sidik jari  : {key.fingerprint_display}")

    def _keygen(self, options):
        try:
            key = keys.keygen(replace=options["replace"])
        except keys.BadKey as exc:
            raise CommandError(f"{exc} Pakai --replace untuk menggantinya.", returncode=1) from exc
        self.stdout.write(f"Kunci penanda tangan dibuat: {keys.key_path()}")
        self._show_key(key)

    def _key(self, options):
        try:
            key = keys.signing_key()
        except keys.BadKey as exc:
            raise CommandError(str(exc), returncode=1) from exc
        if key is None:
            raise CommandError("Instalasi ini belum punya kunci: jalankan `sinergi exchange keygen`.", returncode=1)
        self._show_key(key)

    def _trust(self, options):
        from django.core.exceptions import ValidationError

        region = Region.objects.filter(code=options["region"]).first()
        if region is None:
            raise CommandError(f"Tidak ada wilayah dengan kode {options['region']}.", returncode=2)
        try:
            sender = services.trusted_sender_add(
                region=region, name=options["name"], public_key=options["public_key"],
                fingerprint=options["fingerprint"], by=None,
            )  # fmt: skip
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages), returncode=1) from exc
        self.stdout.write(
            f"{sender.name} dipercaya untuk {sender.region_id}; sidik jari kunci {sender.fingerprint_display}."
        )

    def _export(self, options):
        year, semester = parse_semester(options["semester"])
        government = Government.objects.filter(region_id=options["government"]).select_related("region").first()
        if government is None:
            code = options["government"]
            raise CommandError(f"Tidak ada pemerintah daerah dengan kode wilayah {code}.", returncode=2)
        try:
            export = services.package_export(
                government=government, year=year, semester=semester, by=None, documents=not options["no_documents"]
            )
        except services.ExportRefused as exc:
            raise CommandError(exc.message, returncode=1) from exc
        Path(options["output"]).write_bytes(export.content)
        self.stdout.write(
            f"Paket {government.name} semester {semester} {year} ditulis ke {options['output']} "
            f"({len(export.content)} bita, {len(export.documents)} dokumen)."
        )
        self.stdout.write(f"SHA-256 manifes: {export.record.manifest_sha256}")

    def _import(self, options):
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"Berkas {path} tidak ada.", returncode=2)
        if path.stat().st_size > max_bytes():
            raise CommandError(f"Berkas {path} melebihi batas {max_bytes() // 1048576} MB.", returncode=1)
        try:
            outcome = services.package_import(raw=path.read_bytes(), by=None, replace=options["replace"])
        except PackageRefused as exc:
            raise CommandError(f"Paket ditolak: {exc.message}", returncode=1) from exc
        except services.PackageConflict as exc:
            for difference in exc.differences:
                self.stdout.write(
                    f"  {difference.where}: {difference.name} {difference.stored} → {difference.incoming}"
                )
            hint = "" if exc.local else " Periksa perbedaannya; pakai --replace untuk memakai angka paket ini."
            raise CommandError(f"Konflik: {exc.message}{hint}", returncode=3) from exc
        package = outcome.package
        self.stdout.write(outcome.message)
        if package is not None:
            self.stdout.write(
                f"{package.government.name}, semester {package.semester} {package.year}, dari {package.sender_name}."
            )
