"""The kelurahan map: uploading boundaries (good and bad files), the choropleth and the tile grid, the table, the
CSV, and a query count that does not grow with the data."""

import csv
import io
import json
import re
from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from conftest import metro_agency
from sinergi.core.models import AuditEntry
from sinergi.insights.maps.tests.boundaries import (
    IRING_MULYO,
    REFERENCE_FILE,
    TILE,
    collection,
    english,
    feature,
    metro,
    metro_squares,
    metro_villages,
    square,
    upload,
    user,
)
from sinergi.insights.models import Boundary, BoundarySet, GovernmentRollup, ProgrammeRollup
from sinergi.programmes import services as programme_services
from sinergi.regions.models import Region


@pytest.fixture
def secretariat(login):
    return english(login("sekretariat"))


def _boundaries_url():
    return f"/peta/{metro().pk}/batas/"


def _map_url(query=""):
    return f"/peta/{metro().pk}/{query}"


def _post(client, data, name="batas.geojson"):
    return client.post(_boundaries_url(), {"file": upload(data, name)})


def _errors(response) -> str:
    assert response.status_code == 200, response.status_code
    return " ".join(response.context["form"].errors.get("file", []))


# --- uploading ----------------------------------------------------------------------------------------------


def test_the_secretariat_uploads_squares_for_every_kelurahan(secretariat):
    response = _post(secretariat, metro_squares(), "kota-metro.geojson")
    assert response.status_code == 302
    stored = BoundarySet.objects.get(government=metro())
    villages = metro_villages()
    assert stored.matched == stored.features == len(villages) == 22
    assert stored.warnings == []
    assert stored.source_name == "kota-metro.geojson"
    assert stored.uploaded_by == user("sekretariat")
    assert (stored.min_lon, stored.max_lat) == (pytest.approx(105.25), pytest.approx(-5.05))
    assert Boundary.objects.filter(boundary_set=stored).count() == 22
    boundary = Boundary.objects.get(government=metro(), region_id=IRING_MULYO)
    assert boundary.geometry["type"] == "MultiPolygon"
    assert boundary.svg_path.startswith("M") and boundary.svg_path.endswith("Z")
    entry = AuditEntry.objects.filter(object_id=str(stored.pk), action=AuditEntry.Action.CREATE).latest("pk")
    assert entry.government_id == metro().pk and entry.after["matched"] == 22
    page = secretariat.get(_boundaries_url())
    assert b"kota-metro.geojson" in page.content and b"22 of 22" in page.content


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b"not json at all", "not valid JSON"),
        ({"type": "Feature", "properties": {}, "geometry": {"type": "Polygon", "coordinates": [square(0)]}},
         "not a FeatureCollection"),
        (collection([feature({"code": IRING_MULYO}, {"type": "Point", "coordinates": [105.3, -5.1]})]), "is a Point"),
        (collection([feature({"code": IRING_MULYO}, [[500000, 9430000], [500100, 9430000], [500100, 9430100],
                                                     [500000, 9430000]])]), "projected"),
        (collection([feature({"code": IRING_MULYO}, [[5.3, 51.1], [5.31, 51.1], [5.31, 51.11], [5.3, 51.1]])]),
         "outside Indonesia"),
        (collection([feature({"code": "18.72.09.9999"}, square(0))]), "No feature matched"),
    ],
)  # fmt: skip
def test_a_malformed_file_is_refused_and_nothing_changes(secretariat, data, expected):
    _post(secretariat, metro_squares())
    before = BoundarySet.objects.get(government=metro())
    paths = list(Boundary.objects.filter(government=metro()).values_list("region_id", "svg_path"))
    response = _post(secretariat, data)
    assert expected in _errors(response)
    after = BoundarySet.objects.get(government=metro())
    assert after.pk == before.pk and after.sha256 == before.sha256
    assert list(Boundary.objects.filter(government=metro()).values_list("region_id", "svg_path")) == paths


def test_a_file_over_the_size_limit_is_refused_before_it_is_read(secretariat, settings):
    settings.SINERGI_BOUNDARY_MAX_BYTES = 2048
    data = metro_squares()
    data["padding"] = "x" * 5000
    assert "the limit is" in _errors(_post(secretariat, data))
    assert not BoundarySet.objects.filter(government=metro()).exists()


def test_an_empty_file_is_refused(secretariat):
    assert _errors(_post(secretariat, b""))
    assert not BoundarySet.objects.filter(government=metro()).exists()


def test_unknown_codes_and_kelurahan_of_another_government_are_warnings(secretariat):
    lamtim_village = Region.objects.filter(level=4, code__startswith="18.07.").order_by("code").first()
    codes = [v.code for v in metro_villages()][:20]
    data = metro_squares(codes)
    data["features"].append(feature({"code": "18.72.09.9999", "name": "Entah"}, square(20)))
    data["features"].append(feature({"code": lamtim_village.code}, square(21)))
    assert _post(secretariat, data).status_code == 302
    stored = BoundarySet.objects.get(government=metro())
    assert (stored.features, stored.matched) == (22, 20)
    text = " ".join(stored.warnings)
    assert "18.72.09.9999 is not a known region" in text
    assert f"{lamtim_village.code} ({lamtim_village.label}) is not a kelurahan/desa of Pemerintah Kota Metro" in text
    # The two kelurahan left without a boundary are named.
    missing = [v for v in metro_villages() if v.code not in codes]
    assert "2 kelurahan/desa have no boundary" in text
    assert all(v.label in text for v in missing)
    assert not Boundary.objects.filter(region_id=lamtim_village.code).exists()
    page = secretariat.get(_boundaries_url())
    assert b"is not a known region" in page.content


def test_features_match_by_name_or_by_a_plain_ten_digit_code(secretariat):
    data = collection(
        [
            feature({"nama": "Kel. Iringmulyo"}, square(0)),  # "Iring Mulyo", written as one word with its kind
            feature({"kode_wilayah": "1872011001"}, square(1)),  # Metro, without dots
            feature({"NAME": "HADIMULYO BARAT"}, square(2)),
            feature({"name": "Kampung Tak Ada"}, square(3)),
            feature({"keterangan": "tanpa nama"}, square(4)),
        ]
    )
    assert _post(secretariat, data).status_code == 302
    stored = BoundarySet.objects.get(government=metro())
    assert set(Boundary.objects.filter(boundary_set=stored).values_list("region_id", flat=True)) == {
        IRING_MULYO,
        "18.72.01.1001",
        "18.72.01.1004",
    }
    text = " ".join(stored.warnings)
    assert "is called “Kampung Tak Ada”" in text
    assert "Feature 5 has neither a code nor a name" in text


def test_two_features_of_one_kelurahan_are_joined(secretariat):
    data = collection([feature({"code": IRING_MULYO}, square(0)), feature({"code": IRING_MULYO}, square(2))])
    assert _post(secretariat, data).status_code == 302
    boundary = Boundary.objects.get(government=metro(), region_id=IRING_MULYO)
    assert len(boundary.geometry["coordinates"]) == 2
    assert boundary.svg_path.count("M") == 2
    assert any("2 features were joined" in w for w in BoundarySet.objects.get(government=metro()).warnings)


def test_a_new_upload_replaces_the_whole_set_and_a_delete_removes_it(secretariat):
    _post(secretariat, metro_squares())
    first = BoundarySet.objects.get(government=metro())
    five = [v.code for v in metro_villages()][:5]
    assert _post(secretariat, metro_squares(five)).status_code == 302
    second = BoundarySet.objects.get(government=metro())
    assert second.pk != first.pk
    assert sorted(Boundary.objects.filter(government=metro()).values_list("region_id", flat=True)) == five
    replaced = AuditEntry.objects.get(
        object_id=str(first.pk), action=AuditEntry.Action.DELETE, content_type__model="boundaryset"
    )
    assert replaced.reason == "replaced by a new upload" and replaced.before["matched"] == 22
    assert "replaced by a new upload" in secretariat.get(_boundaries_url()).content.decode()
    response = secretariat.post(f"/peta/{metro().pk}/batas/hapus/")
    assert response.status_code == 302
    assert not BoundarySet.objects.filter(government=metro()).exists()
    assert not Boundary.objects.filter(government=metro()).exists()
    assert AuditEntry.objects.filter(object_id=str(second.pk), action=AuditEntry.Action.DELETE).exists()
    assert secretariat.post(f"/peta/{metro().pk}/batas/hapus/").status_code == 404


def test_the_stored_boundaries_download_as_geojson(secretariat):
    _post(secretariat, metro_squares())
    response = secretariat.get(f"/peta/{metro().pk}/batas.geojson")
    assert response["Content-Type"] == "application/geo+json"
    data = json.loads(response.content)
    assert len(data["features"]) == 22
    assert {f["properties"]["code"] for f in data["features"]} == {v.code for v in metro_villages()}


def test_the_real_kota_metro_boundaries_upload_and_draw(secretariat):
    if not REFERENCE_FILE.exists():
        pytest.skip(f"the reference file {REFERENCE_FILE} is not beside the repository (shared/data)")
    raw = REFERENCE_FILE.read_bytes()
    assert _post(secretariat, raw, REFERENCE_FILE.name).status_code == 302
    stored = BoundarySet.objects.get(government=metro())
    assert (stored.features, stored.matched, stored.warnings) == (22, 22, [])
    # Kota Metro lies around 105.3 E, 5.1 S and is taller than wide.
    assert 105.2 < stored.min_lon < stored.max_lon < 105.4 and -5.2 < stored.min_lat < stored.max_lat < -5.0
    assert stored.height == 1000 and stored.width < stored.height
    # Simplified, yet every kelurahan keeps a real outline.
    source = {f["properties"]["code"]: f for f in json.loads(raw)["features"]}
    for boundary in Boundary.objects.filter(government=metro()):
        kept = sum(len(ring) for polygon in boundary.geometry["coordinates"] for ring in polygon)
        assert 8 <= kept <= len(source[boundary.region_id]["geometry"]["coordinates"][0])
    page = secretariat.get(_map_url())
    assert page.content.count(b'fill-rule="evenodd"') == 22
    assert "Iring Mulyo" in page.content.decode()


# --- the map page -------------------------------------------------------------------------------------------


def _areas(content: bytes) -> list[str]:
    return re.findall(r'<path d="M[^"]+" fill="([^"]+)"', content.decode())


def test_without_boundaries_the_map_is_a_tile_grid_by_kecamatan(secretariat):
    response = secretariat.get(_map_url())
    assert response.status_code == 200
    html = response.content.decode()
    assert _areas(response.content) == []
    assert len(TILE.findall(html)) == 22
    for district in {v.parent.label for v in metro_villages()}:
        assert district in html
    assert "No boundaries have been uploaded" in html
    # The legend, and the class in words in every tile.
    assert "Waspada" in html and "Not assessed" in html


def test_the_status_choropleth_reads_the_roll_ups_of_the_year(secretariat):
    _post(secretariat, metro_squares())
    row = GovernmentRollup.objects.get(government=metro(), year=2024, semester=2)
    response = secretariat.get(_map_url("?layer=status&semester=2024-2"))
    fills = _areas(response.content)
    assert len(fills) == 22
    assert fills.count("url(#pattern-waspada)") == row.villages_waspada
    assert fills.count("url(#pattern-siaga)") == row.villages_siaga
    assert fills.count("#73e2a3") == row.villages_aman
    html = response.content.decode()
    assert f"/kerawanan/wilayah/{IRING_MULYO}/" in html
    iring = ProgrammeRollup.objects.get(government=metro(), region_id=IRING_MULYO, year=2024, semester=2)
    status = next(s for s in ("bahaya", "waspada", "siaga", "aman") if getattr(iring, f"villages_{s}"))
    assert re.search(rf"<title>Kelurahan Iring Mulyo, Kecamatan [^<]*vulnerability 2024: {status.capitalize()}", html)
    # Each area carries its mark, so the classes do not rest on colour alone.
    assert f">{ {'bahaya': 'B', 'waspada': 'W', 'siaga': 'S', 'aman': 'A'}[status] }</text>".replace(" ", "") in html


def test_the_bersinar_and_events_layers(secretariat):
    _post(secretariat, metro_squares())
    response = secretariat.get(_map_url("?layer=bersinar&semester=2024-2"))
    html = response.content.decode()
    # Iring Mulyo reached monev (stage 6) and was named Bersinar in 2021.
    assert re.search(r'<text class="kmap-mark"[^>]*>6★</text>', html)
    assert "Bersinar: stage 6 of 6" in html
    events = secretariat.get(_map_url("?layer=events&semester=2024-2")).content.decode()
    held = ProgrammeRollup.objects.get(government=metro(), region_id=IRING_MULYO, year=2024, semester=2).events_held
    assert f"{held} events held" in events
    assert "Events held in semester 2 2024" in events


def test_an_unknown_semester_or_layer_falls_back(secretariat):
    response = secretariat.get(_map_url("?layer=nonsense&semester=1999-9"))
    assert response.status_code == 200
    assert response.context["kmap"].layer == "status"
    assert response.context["kmap"].year in {r.year for r in GovernmentRollup.objects.filter(government=metro())}


def test_kelurahan_without_a_boundary_are_tiles_under_the_map(secretariat):
    _post(secretariat, metro_squares([v.code for v in metro_villages()][:18]))
    html = secretariat.get(_map_url()).content.decode()
    assert len(_areas(html.encode())) == 18
    assert len(TILE.findall(html)) == 4
    assert "Kelurahan/desa without a boundary" in html


def test_the_table_and_its_csv_list_every_kelurahan(secretariat):
    _post(secretariat, metro_squares())
    page = secretariat.get(_map_url("?semester=2024-2"))
    assert page.content.count(b'<th scope="row"') == 22
    response = secretariat.get(_map_url("?semester=2024-2&export=csv"))
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    assert len(rows) == 23
    header, *body = rows
    assert header[:3] == ["Kecamatan", "Kelurahan/desa", "Code"]
    iring = next(r for r in body if r[2] == IRING_MULYO)
    held = ProgrammeRollup.objects.get(government=metro(), region_id=IRING_MULYO, year=2024, semester=2).events_held
    assert iring[1] == "Iring Mulyo" and iring[6] == str(held) and iring[8] == "ya"


def _count_queries(client, url) -> int:
    client.get(url)  # warm the per-process caches (content types, the session)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.parametrize("layer", ["status", "bersinar", "events"])
def test_the_map_page_query_count_does_not_grow_with_the_data(secretariat, layer):
    url = _map_url(f"?layer={layer}&semester=2024-2")
    tiles = _count_queries(secretariat, url)
    _post(secretariat, metro_squares([v.code for v in metro_villages()][:3]))
    few = _count_queries(secretariat, url)
    _post(secretariat, metro_squares())
    by = user("sekretariat")
    for village in metro_villages()[:8]:
        programme_services.event_create(
            government=metro(), by=by, agency=metro_agency("Kesbangpol"), kind="sosialisasi", title="Sosialisasi Peta",
            starts_on=date(2024, 9, 2), region=village, target_group="masyarakat_umum", participants=15,
            status="held",
        )  # fmt: skip
    many = _count_queries(secretariat, url)
    assert tiles == few == many
    assert many <= 16
