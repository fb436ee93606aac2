"""Issue #13 §4: every page and admin form that shows a stored file answers 200 and links to its scoped view."""

import io

import pytest
from django.apps import apps
from django.contrib import admin
from django.core.files.base import ContentFile
from django.db import models
from django.utils import timezone
from PIL import Image

from sinergi.core.admin import StoredFilesAdmin
from sinergi.core.files import DOWNLOAD_VIEWS
from sinergi.organizations.models import Government
from sinergi.planning.models import RegionalPlan

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (40, 40), "green").save(buffer, "PNG")
    return buffer.getvalue()


def _metro_with_logo() -> Government:
    government = Government.objects.get(region_id="18.72")
    government.logo.save("logo.png", ContentFile(_png()))
    return government


def test_the_government_form_shows_a_stored_logo_as_a_scoped_link(login):
    government = _metro_with_logo()
    response = login("sekretariat").get(f"/pemda/{government.pk}/ubah/")
    assert response.status_code == 200
    assert f'href="/pemda/{government.pk}/logo/"' in response.content.decode()


def test_the_government_admin_shows_a_stored_logo(login):
    government = _metro_with_logo()
    response = login("admin").get(f"/admin/organizations/government/{government.pk}/change/")
    assert response.status_code == 200
    assert f'href="/pemda/{government.pk}/logo/"' in response.content.decode()


def test_the_plan_admin_shows_a_stored_decree(login):
    plan = RegionalPlan.objects.filter(government__region_id="18.72").first()
    plan.legal_basis_file.save("sk.pdf", ContentFile(PDF))
    response = login("admin").get(f"/admin/planning/regionalplan/{plan.pk}/change/")
    assert response.status_code == 200
    assert f'href="/rencana/{plan.pk}/dasar-hukum/"' in response.content.decode()


def test_the_read_only_package_admin_shows_a_stored_archive(login):
    from sinergi.exchange.models import ExchangePackage

    package = ExchangePackage(
        government=Government.objects.get(region_id="18.72"), year=2025, semester=1, status="current",
        sender_name="Instalasi uji", sender_installation="x", key_fingerprint="0" * 64, format_version=1,
        packaged_at=timezone.now(), manifest_sha256="0" * 64, package_sha256="0" * 64, size=3, data={},
    )  # fmt: skip
    package.file.save("paket.zip", ContentFile(b"PK\x05\x06" + b"\0" * 18), save=False)
    package.save()
    response = login("admin").get(f"/admin/exchange/exchangepackage/{package.pk}/change/")
    assert response.status_code == 200
    assert "paket" in response.content.decode()


def _file_fields():
    return [
        f"{model._meta.label_lower}.{field.name}"
        for model in apps.get_models()
        if model.__module__.startswith("sinergi.")
        for field in model._meta.fields
        if isinstance(field, models.FileField)
    ]


@pytest.mark.parametrize("name", _file_fields())
def test_every_file_field_has_a_scoped_download_view_or_is_never_linked(name):
    assert name in DOWNLOAD_VIEWS or name == "exchange.exchangepackage.file"


@pytest.mark.parametrize("name", _file_fields())
def test_every_admin_showing_a_file_field_links_without_the_storage(name):
    model = apps.get_model(*name.split(".")[:2])
    if model in admin.site._registry:
        assert isinstance(admin.site._registry[model], StoredFilesAdmin)
