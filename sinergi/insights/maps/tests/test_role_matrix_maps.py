"""The role matrix for the kelurahan map, its boundaries and the public page (pages only; there is no API yet).

Same rows and conventions as ``organizations/tests/test_role_matrix.py``: (method, url, body, {persona: status}).
Every member of a government and the observers of its region read its map; only the secretariat (and the platform
administrator) uploads or removes boundaries and switches the public page; another government gets 404. The public
pages need no sign-in at all. The records a row needs (a boundary set, a published page) are made by the test.
"""

import pytest
from django.test import Client

from sinergi.core.tests.role_matrix import (
    ALL,
    LAMTIM_READERS,
    METRO_MANAGERS,
    METRO_MEMBERS,
    assert_covers_every_persona,
    cases,
    check,
    expect,
)
from sinergi.insights.maps import services
from sinergi.insights.maps.tests.boundaries import metro, metro_squares, upload, user
from sinergi.insights.public.services import public_page_save
from sinergi.organizations.models import Government

METRO_MAP_READERS = METRO_MEMBERS | {"provinsi", "admin"}
# Readers who may not manage: 403; another government: 404.
MANAGE = expect(200, METRO_MANAGERS, otherwise=403, lamtim=404)
# Village names the refusals must never carry (the maps' own content; no persona's own agency is named so).
NAMES = ("Hadimulyo Barat", "Sumbersari Bantul", "Pakuan Aji", "Bumi Nabung Udik")


def demo_ids():
    return {"metro": metro().pk, "lamtim": Government.objects.get(region_id="18.07").pk}


def _setup():
    """A boundary set and a published page for Kota Metro, made by its secretariat."""
    by = user("sekretariat")
    services.boundary_set_replace(government=metro(), upload=upload(metro_squares()), by=by)
    public_page_save(government=metro(), enabled=True, intro="Halaman uji.", by=by)


def _file():
    return {"file": upload(metro_squares())}


MATRIX = [
    # --- the map ---
    ("GET", "/peta/", None, expect(302, ALL)),
    ("GET", "/peta/{metro}/", None, expect(200, METRO_MAP_READERS)),
    ("GET", "/peta/{metro}/?layer=bersinar&export=csv", None, expect(200, METRO_MAP_READERS)),
    ("GET", "/peta/{metro}/batas.geojson", None, expect(200, METRO_MAP_READERS)),
    ("GET", "/peta/{lamtim}/", None, expect(200, LAMTIM_READERS)),
    # --- boundaries ---
    ("GET", "/peta/{metro}/batas/", None, MANAGE),
    ("POST", "/peta/{metro}/batas/", _file, expect(302, METRO_MANAGERS, otherwise=403, lamtim=404)),
    ("POST", "/peta/{metro}/batas/hapus/", {}, expect(302, METRO_MANAGERS, otherwise=403, lamtim=404)),
    ("GET", "/peta/{lamtim}/batas/", None, expect(200, {"lamtim", "admin"}, otherwise=404, provinsi=403)),
    # --- the public page's settings ---
    ("GET", "/peta/{metro}/halaman-publik/", None, MANAGE),
    ("POST", "/peta/{metro}/halaman-publik/", {"enabled": ""}, expect(302, METRO_MANAGERS, otherwise=403, lamtim=404)),
    # --- the public pages: everyone, signed in or not ---
    ("GET", "/publik/", None, expect(200, ALL)),
    ("GET", "/publik/18.72/", None, expect(200, ALL)),
    ("GET", "/publik/18.07/", None, expect(404, set())),
]

CASES = cases(MATRIX)


@pytest.mark.parametrize(("method", "url", "body", "persona", "status"), CASES)
def test_maps_role_matrix(login, api, method, url, body, persona, status):
    _setup()
    secrets = () if url.startswith("/publik/") else NAMES
    check(login, api, method, url, body, persona, status, demo_ids(), secrets=secrets)


@pytest.mark.parametrize("path", ["/publik/", "/publik/18.72/"])
def test_the_public_pages_need_no_sign_in(db, path):
    _setup()
    assert Client().get(path).status_code == 200


@pytest.mark.parametrize("path", ["/peta/", "/peta/{metro}/", "/peta/{metro}/batas/", "/peta/{metro}/halaman-publik/"])
def test_the_map_pages_need_a_sign_in(db, path):
    response = Client().get(path.format(**demo_ids()))
    assert response.status_code == 302 and "/akun/masuk/" in response["Location"]


def test_maps_matrix_covers_every_persona():
    assert_covers_every_persona(MATRIX)
