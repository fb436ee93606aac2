"""Issue #13 §6: uploads bounded in memory (tracemalloc) and no orphan files left in storage."""

import io
import tracemalloc

import xlsxwriter
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from PIL import Image

from sinergi.organizations.models import Government
from sinergi.planning.tests.test_import import metro_plan


def _peak(call):
    tracemalloc.start()
    try:
        result = call()
        return result, tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def _png(width, height, mode="1") -> bytes:
    buffer = io.BytesIO()
    Image.new(mode, (width, height), 1).save(buffer, "PNG")
    return buffer.getvalue()


def _post_logo(client, government, content):
    return client.post(
        f"/pemda/{government.pk}/ubah/",
        {"name": government.name, "time_zone": "Asia/Jakarta", "logo": SimpleUploadedFile("logo.png", content)},
    )


def test_a_huge_logo_is_refused_before_its_pixels_are_decoded(login):
    government = Government.objects.get(region_id="18.72")
    bomb = _png(12000, 12000)  # 144 megapixels in a small file
    client = login("sekretariat")
    response, peak = _peak(lambda: _post_logo(client, government, bomb))
    assert response.status_code == 200
    assert "25" in response.context["form"].errors["logo"][0]
    assert peak < 48 * 1024 * 1024  # the page itself; decoding the image would take 144 MB more
    government.refresh_from_db()
    assert not government.logo


def test_a_large_logo_is_reencoded_to_the_maximum_side(login):
    government = Government.objects.get(region_id="18.72")
    client = login("sekretariat")
    response, peak = _peak(lambda: _post_logo(client, government, _png(3000, 2000, "RGB")))
    assert response.status_code == 302
    government.refresh_from_db()
    with government.logo.open("rb") as stored, Image.open(stored) as image:
        assert max(image.size) == settings.SINERGI_IMAGE_MAX_SIDE
    assert peak < 60 * 1024 * 1024


def _big_workbook(rows: int) -> bytes:
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"constant_memory": True, "in_memory": True})
    sheet = book.add_worksheet("RAD")
    sheet.write_row(0, 0, ["Bidang", "Aksi/Kegiatan", "Indikator", "Satuan"])
    for row in range(1, rows + 1):
        sheet.write_row(row, 0, ["Pencegahan", f"Sosialisasi {row}", "Jumlah peserta", "orang"])
    book.close()
    return buffer.getvalue()


def test_a_workbook_over_the_row_cap_is_refused_in_bounded_memory(login):
    plan = metro_plan()
    content = _big_workbook(34_505)
    client = login("sekretariat")
    response, peak = _peak(
        lambda: client.post(f"/rencana/{plan.pk}/impor/", {"file": SimpleUploadedFile("rad.xlsx", content)})
    )
    assert response.status_code == 200
    assert "5000" in response.content.decode()
    assert peak < 40 * 1024 * 1024


def test_a_workbook_over_the_column_cap_is_refused(login, settings):
    settings.SINERGI_IMPORT_MAX_COLUMNS = 3
    plan = metro_plan()
    response = login("sekretariat").post(
        f"/rencana/{plan.pk}/impor/", {"file": SimpleUploadedFile("rad.xlsx", _big_workbook(5))}
    )
    assert response.status_code == 200
    assert "3" in response.context["form"].errors["file"][0]


def test_cleanup_files_deletes_only_what_no_row_references(db):
    government = Government.objects.get(region_id="18.72")
    government.logo.save("logo.png", ContentFile(_png(10, 10)))
    orphan = default_storage.save("exchange/documents/orphan.pdf", ContentFile(b"%PDF-1.4 left by a killed import"))
    out = io.StringIO()
    call_command("cleanup_files", "--dry-run", "--min-age=0", stdout=out)
    assert orphan in out.getvalue() and government.logo.name not in out.getvalue()
    assert default_storage.exists(orphan)
    call_command("cleanup_files", "--min-age=0", stdout=io.StringIO())
    assert not default_storage.exists(orphan)
    assert default_storage.exists(government.logo.name)
