"""The public transparency page: switched on and off by the secretariat, readable without signing in, approved
aggregates only, never a person's name or phone, and cacheable (no cookie, Cache-Control, ETag)."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from sinergi.accounts.models import User
from sinergi.core.models import AuditEntry
from sinergi.insights.maps.tests.boundaries import TILE, english, metro, metro_squares, upload
from sinergi.insights.models import GovernmentRollup, PublicPage
from sinergi.programmes.models import PokjaMember, Volunteer
from sinergi.programmes.tests.people import make_group, make_member
from sinergi.reporting.models import Report

PUBLIC = "/publik/18.72/"


def _settings_url():
    return f"/peta/{metro().pk}/halaman-publik/"


@pytest.fixture
def secretariat(login):
    return english(login("sekretariat"))


@pytest.fixture
def published(secretariat):
    response = secretariat.post(_settings_url(), {"enabled": "on", "intro": "Capaian RAD P4GN Kota Metro."})
    assert response.status_code == 302
    return PublicPage.objects.get(government=metro())


def anonymous() -> Client:
    return english(Client())


def test_the_page_is_off_until_the_secretariat_switches_it_on(secretariat):
    assert not PublicPage.objects.filter(government=metro(), enabled=True).exists()
    assert anonymous().get(PUBLIC).status_code == 404
    assert b"Pemerintah Kota Metro" not in anonymous().get("/publik/").content
    secretariat.post(_settings_url(), {"enabled": "on", "intro": "Halo warga Metro."})
    page = PublicPage.objects.get(government=metro())
    assert page.enabled and page.updated_by.username == "sekretariat"
    created = AuditEntry.objects.get(object_id=str(page.pk), content_type__model="publicpage")
    assert created.action == AuditEntry.Action.CREATE and created.government_id == metro().pk
    response = anonymous().get(PUBLIC)
    assert response.status_code == 200
    assert b"Halo warga Metro." in response.content
    assert b'href="/publik/18.72/"' in anonymous().get("/publik/").content
    # Switching it off again: 404, and the change is in the audit trail.
    secretariat.post(_settings_url(), {"intro": "Halo warga Metro."})
    assert anonymous().get(PUBLIC).status_code == 404
    update = AuditEntry.objects.filter(object_id=str(page.pk), action=AuditEntry.Action.UPDATE).latest("pk")
    assert update.before["enabled"] is True and update.after["enabled"] is False
    history = secretariat.get(_settings_url()).content.decode().split('id="riwayat"', 1)[1]
    assert "<td>enabled</td>" in history and "<td>updated_by</td>" not in history


def test_unknown_codes_are_not_found(published):
    assert anonymous().get("/publik/99.99/").status_code == 404
    assert anonymous().get("/publik/18.07/").status_code == 404  # Lampung Timur has not published


def test_the_page_shows_approved_numbers_and_programme_totals(published):
    rollup = GovernmentRollup.objects.get(government=metro(), year=2024, semester=1)
    html = anonymous().get(PUBLIC).content.decode()
    assert f"{rollup.approved} / {rollup.expected}" in html
    assert f"{rollup.approved_achievement:.1f} %" in html
    # In Indonesian (no language cookie) written as everywhere else (core/formatting.py): "53,3 %", "Semester I 2024".
    indonesian = Client().get(PUBLIC).content.decode()
    assert f"{rollup.approved_achievement:.1f}".replace(".", ",") + " %" in indonesian
    assert "Semester I 2024" in indonesian and "Semester 1 2024" not in indonesian
    # The achievement of all reports (submitted ones included) is not what is published.
    if rollup.achievement != rollup.approved_achievement:
        assert f">{rollup.achievement:.1f} %<" not in html
    # No budget: the roll-ups do not keep the budget of approved reports alone.
    assert str(rollup.budget_realised) not in html and "budget" not in html.lower()
    for label in ("Events held", "Urine tests: people tested", "Urine tests: positive", "Waspada", "named Bersinar"):
        assert label in html
    # The kelurahan statuses: tiles without boundaries, without links to pages that need signing in.
    assert len(TILE.findall(html)) == 22
    assert "/kerawanan/" not in html and "/wilayah/" not in html


def test_the_page_draws_the_choropleth_when_the_government_has_boundaries(published, secretariat):
    secretariat.post(f"/peta/{metro().pk}/batas/", {"file": upload(metro_squares())})
    client = anonymous()
    client.get(PUBLIC)
    with CaptureQueriesContext(connection) as queries:
        html = client.get(PUBLIC).content.decode()
    # The page, the semesters, and the map's villages, roll-ups, stages, boundary set and paths.
    assert len(queries) <= 8
    assert html.count('fill-rule="evenodd"') == 22
    assert "<a href" not in html.split('<svg class="kmap-svg"', 1)[1].split("</svg>", 1)[0]


def test_no_personal_data_ever_appears(published):
    group = make_group("Kelompok Publik Uji")
    make_member(group, "Sri Rahasia Publik", phone="081298765432")
    html = anonymous().get(PUBLIC).content.decode()
    html += anonymous().get("/publik/").content.decode()
    secrets = set()
    for name, phone in Volunteer.objects.values_list("name", "phone"):
        secrets |= {name, phone}
    for user in User.objects.all():
        secrets |= {user.full_name, user.email, user.phone, user.nip}
    secrets |= set(PokjaMember.objects.values_list("name", flat=True))
    for narrative, obstacles in Report.objects.values_list("narrative", "obstacles"):
        secrets |= {narrative[:60], obstacles[:60]}
    secrets = {s.strip() for s in secrets if s and len(s.strip()) >= 6}
    assert "Sri Rahasia Publik" in secrets and "081298765432" in secrets
    leaked = sorted(s for s in secrets if s in html)
    assert leaked == []
    assert "Kelompok Publik Uji" not in html


def test_an_anonymous_get_sets_no_cookie_and_may_be_cached(published):
    client = Client()
    response = client.get(PUBLIC)
    assert response.status_code == 200
    assert response.cookies == {} or not dict(response.cookies)
    assert "Set-Cookie" not in response.headers
    cache_control = response["Cache-Control"]
    assert "public" in cache_control and "max-age=" in cache_control
    assert "private" not in cache_control and "no-cache" not in cache_control
    assert b"csrfmiddlewaretoken" not in response.content and b"<form" not in response.content
    etag = response["ETag"]
    again = client.get(PUBLIC, headers={"if-none-match": etag})
    assert again.status_code == 304 and again.content == b""
    index = client.get("/publik/")
    assert "public" in index["Cache-Control"] and not dict(index.cookies)


def test_a_signed_in_visitor_gets_the_same_public_page(published, login):
    signed_in = login("disdik").get(PUBLIC)
    assert signed_in.status_code == 200
    assert b"csrfmiddlewaretoken" not in signed_in.content


def test_the_intro_is_escaped(secretariat):
    secretariat.post(_settings_url(), {"enabled": "on", "intro": "<script>alert(1)</script>"})
    html = anonymous().get(PUBLIC).content.decode()
    assert "<script>alert(1)" not in html and "&lt;script&gt;" in html
