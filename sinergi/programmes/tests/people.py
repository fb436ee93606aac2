"""Records the volunteer, evidence and assessment tests create for themselves (never assuming empty tables)."""

import io
import zipfile

from django.core.files.uploadedfile import SimpleUploadedFile

from conftest import metro_agency
from sinergi.accounts.models import User
from sinergi.core.middleware import SESSION_KEY
from sinergi.organizations.models import Government
from sinergi.programmes import services
from sinergi.regions.models import Region

IRING_MULYO = "18.72.04.1003"
METRO_KELURAHAN = "18.72.01.1001"
PHONE = "081234566789"
MASKED = "0812****6789"
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32

# Who sees a group (and its members) registered in Kelurahan Iring Mulyo without an agency.
IRINGMULYO_READERS = {"sekretariat", "bnn", "walikota", "provinsi", "admin", "kel.iringmulyo"}
PHONE_READERS = {"sekretariat", "admin"}


def metro():
    return Government.objects.get(region_id="18.72")


def user(username):
    return User.objects.get(username=username)


def region(code):
    return Region.objects.get(code=code)


def in_metro(client):
    """Make Kota Metro the client's current government (observers and the administrator start elsewhere)."""
    session = client.session
    session[SESSION_KEY] = metro().pk
    session.save()
    return client


def make_group(name="Relawan Uji Iring Mulyo", *, at=IRING_MULYO, agency=None, **fields):
    fields.setdefault("kind", "relawan")
    return services.volunteer_group_create(
        government=metro(),
        by=user("sekretariat"),
        name=name,
        region=region(at) if at else None,
        agency=metro_agency(agency) if agency else None,
        **fields,
    )


def make_member(group, name="Siti Uji Aminah", *, at=IRING_MULYO, birth_year=1990, phone=PHONE, **fields):
    fields.setdefault("sex", "P")
    return services.volunteer_create(
        group=group,
        by=user("sekretariat"),
        name=name,
        birth_year=birth_year,
        region=region(at),
        phone=phone,
        confirm_duplicate=True,
        **fields,
    )


def pdf(name="sk.pdf"):
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


def docx_bytes() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<document/>")
    return buffer.getvalue()


BAD_FILES = {
    "empty": ("kosong.pdf", b"", "application/pdf"),
    "fake_pdf": ("laporan.pdf", b"this is only text pretending to be a PDF", "application/pdf"),
    "renamed_exe": ("foto.png", b"MZ\x90\x00\x03 this is an exe", "image/png"),
}


def bad_file(kind):
    name, content, content_type = BAD_FILES[kind]
    return SimpleUploadedFile(name, content, content_type=content_type)


def csv_rows(response):
    return b"".join(response.streaming_content).decode("utf-8-sig").splitlines()


def xlsx_text(response) -> str:
    """All the text of an exported workbook (its shared strings and inline strings)."""
    with zipfile.ZipFile(io.BytesIO(response.content)) as archive:
        return "".join(
            archive.read(name).decode() for name in archive.namelist() if name.startswith("xl/") and "sheet" in name
        ) + "".join(archive.read(n).decode() for n in archive.namelist() if n == "xl/sharedStrings.xml")
