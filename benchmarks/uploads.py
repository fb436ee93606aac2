"""Time and memory of the upload paths issue #13 §6 bounds: a 34,505-row workbook import, a 12000×12000 PNG logo,
and the RAD PDF (with its letterhead) afterwards.

    .venv/bin/python benchmarks/uploads.py

Runs on a throw-away database with the demo, through the pages as the secretariat. For each step it prints wall
time, CPU time and the peak resident memory the step added (Linux: VmHWM reset through /proc/self/clear_refs, so
memory Pillow and lxml allocate in C is counted too). To compare with the code before the change, run the same
file from a worktree of the older commit.
"""

import io
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _setup import setup_django  # noqa: E402


def _rss_kb(field: str) -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    return 0


def measure(label: str, step):
    Path("/proc/self/clear_refs").write_text("5")  # reset the peak resident size
    before = _rss_kb("VmRSS")
    wall, cpu = time.perf_counter(), time.process_time()
    result = step()
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    peak = (_rss_kb("VmHWM") - before) / 1024
    print(f"{label:<46} wall {wall:6.2f} s  cpu {cpu:6.2f} s  peak +{peak:6.1f} MB  → {result}")


def workbook(rows: int) -> bytes:
    import xlsxwriter

    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"constant_memory": True, "in_memory": True})
    sheet = book.add_worksheet("RAD")
    sheet.write_row(0, 0, ["Bidang", "Aksi/Kegiatan", "Indikator", "Satuan", "Target 2025", "Anggaran"])
    for row in range(1, rows + 1):
        sheet.write_row(row, 0, ["Pencegahan", f"Sosialisasi P4GN {row}", "Jumlah peserta", "orang", 100, 2500000])
    book.close()
    return buffer.getvalue()


def png(side: int) -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("1", (side, side), 1).save(buffer, "PNG")
    return buffer.getvalue()


def main() -> None:
    setup_django("sinergi-bench-uploads-")
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.test import Client

    from sinergi.accounts.models import User
    from sinergi.organizations.models import Government
    from sinergi.planning.models import RegionalPlan

    client = Client()
    client.force_login(User.objects.get(username="sekretariat"))
    government = Government.objects.get(region_id="18.72")
    plan = RegionalPlan.objects.filter(government=government).order_by("-pk").first()

    content = workbook(34_505)
    huge_logo = png(12000)  # made before the step: drawing it takes 144 MB of its own
    size = len(content) / 1048576
    print(f"workbook: 34,505 rows, {size:.2f} MB; logo: 12000×12000 PNG, {len(huge_logo) // 1024} KB")

    def upload_workbook():
        response = client.post(f"/rencana/{plan.pk}/impor/", {"file": SimpleUploadedFile("rad.xlsx", content)})
        return response.status_code

    def upload_logo():
        logo = SimpleUploadedFile("logo.png", huge_logo)
        data = {"name": government.name, "time_zone": "Asia/Jakarta", "logo": logo}
        response = client.post(f"/pemda/{government.pk}/ubah/", data)
        government.refresh_from_db()
        return f"{response.status_code}, stored: {government.logo.name or '-'}"

    def rad_pdf():
        response = client.get(f"/rencana/{plan.pk}/dokumen.pdf")
        return f"{response.status_code}, {len(response.content) // 1024} KB"

    measure("import 34,505-row xlsx (upload step)", upload_workbook)
    measure("upload 12000×12000 PNG logo", upload_logo)
    measure("RAD PDF with the letterhead", rad_pdf)


if __name__ == "__main__":
    main()
