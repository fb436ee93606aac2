"""The GeoJSON reader on its own: what it refuses and why, and the geometry it keeps (no database)."""

import json

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from sinergi.insights.maps import geojson
from sinergi.insights.maps.tests.boundaries import collection, feature, square


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def refused(data) -> str:
    raw = data if isinstance(data, bytes) else json.dumps(data).encode()
    with pytest.raises(ValidationError) as caught:
        geojson.parse(raw)
    return " ".join(caught.value.messages)


def test_a_feature_collection_of_squares_is_read():
    features = geojson.parse(json.dumps(collection([feature({"code": "x"}, square(i)) for i in range(3)])).encode())
    assert [f.index for f in features] == [0, 1, 2]
    assert features[0].polygons[0][0][0] == (105.25, -5.05)


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b"this is not json", "not valid JSON"),
        (b"\xff\xfe\x00garbage", "not UTF-8"),
        (b'{"type": "FeatureCollection", "features": [NaN]}', "NaN"),
        ([1, 2, 3], "not a GeoJSON FeatureCollection"),
        ({"type": "Feature", "geometry": None}, "a GeoJSON Feature, not a FeatureCollection"),
        ({"type": "Polygon", "coordinates": [square(0)]}, "a GeoJSON Polygon, not a FeatureCollection"),
        ({"type": "FeatureCollection", "features": []}, "has no features"),
        (collection([{"type": "Nope"}]), "not a GeoJSON Feature"),
        (collection([feature({"name": "Titik"}, {"type": "Point", "coordinates": [105.3, -5.1]})]), "is a Point"),
        (collection([feature({"name": "Garis"}, {"type": "LineString", "coordinates": square(0)})]), "LineString"),
        (collection([{"type": "Feature", "properties": {}, "geometry": None}]), "has no geometry"),
        (collection([feature({}, [[105.3, -5.1], [105.31, -5.1], [105.3, -5.1]])]), "fewer than four positions"),
        (collection([feature({}, [[105.3, -5.1], [105.31, -5.1], [105.31, -5.11], [105.3, -5.11]])]), "not closed"),
        (collection([feature({}, [[105.3, -5.1], ["105.31", -5.1], [105.31, -5.11], [105.3, -5.1]])]), "two numbers"),
        (collection([feature({}, [[105.3, -5.1], [True, -5.1], [105.31, -5.11], [105.3, -5.1]])]), "two numbers"),
        (
            collection([feature({}, [[500000, 9400000], [501000, 9400000], [501000, 9401000], [500000, 9400000]])]),
            "projected",
        ),
        (collection([feature({}, [[10, 50], [11, 50], [11, 51], [10, 50]])]), "outside Indonesia"),
        (collection([feature({}, [[-5.1, 105.3], [-5.1, 105.31], [-5.11, 105.31], [-5.1, 105.3]])]), "swapped"),
        (
            {
                "type": "FeatureCollection",
                "crs": {"type": "name", "properties": {"name": "EPSG:32748"}},
                "features": [feature({}, square(0))],
            },
            "EPSG:32748",
        ),  # fmt: skip
    ],
)
def test_malformed_files_are_refused_with_a_reason(data, expected):
    assert expected in refused(data)


def test_a_wgs84_crs_member_is_accepted():
    data = collection([feature({}, square(0))])
    data["crs"] = {"type": "name", "properties": {"name": "urn:ogc:def:crs:OGC:1.3:CRS84"}}
    assert len(geojson.parse(json.dumps(data).encode())) == 1


def test_every_bad_feature_is_named_up_to_a_limit():
    bad = [feature({"name": f"Titik {i}"}, {"type": "Point", "coordinates": [105.3, -5.1]}) for i in range(40)]
    message = refused(collection(bad))
    assert "Feature 1 (Titik 0)" in message and "Feature 15 (Titik 14)" in message
    assert "25 more problems" in message


def test_a_multipolygon_with_a_hole_keeps_both_rings_and_every_polygon():
    outer = square(0, size=0.02)
    hole = [[105.255, -5.055], [105.255, -5.065], [105.265, -5.065], [105.265, -5.055], [105.255, -5.055]]
    geometry = {"type": "MultiPolygon", "coordinates": [[outer, hole], [square(7)]]}
    (parsed,) = geojson.parse(json.dumps(collection([feature({}, geometry)])).encode())
    assert [len(polygon) for polygon in parsed.polygons] == [2, 1]
    shapes = {"a": geojson.Shape(polygons=parsed.polygons, box=geojson.Box())}
    frame = geojson.prepare(shapes)
    assert shapes["a"].path.count("M") == 3 and shapes["a"].path.count("Z") == 3
    assert max(frame.width, frame.height) == geojson.FRAME


def test_simplification_keeps_the_ring_closed_and_drops_points_on_a_straight_line():
    ring = [(105.3 + i * 0.0001, -5.1) for i in range(100)] + [(105.31, -5.11), (105.3, -5.11), (105.3, -5.1)]
    simplified = geojson.simplify_ring(ring, 0.00001)
    assert simplified[0] == simplified[-1] == (105.3, -5.1)
    assert len(simplified) < 10


def test_the_projection_corrects_longitude_by_the_cosine_of_latitude():
    # A box one degree by one degree at 60 degrees north is drawn half as wide as it is tall.
    box = geojson.Box(min_lon=10, min_lat=59.5, max_lon=11, max_lat=60.5)
    frame = geojson.Frame(box=box)
    inner_width, inner_height = frame.width - 2 * geojson.MARGIN, frame.height - 2 * geojson.MARGIN
    assert inner_width / inner_height == pytest.approx(0.5, abs=0.01)
    # North is up: a point further north has a smaller y.
    assert frame.project(10.5, 60.4)[1] < frame.project(10.5, 59.6)[1]


def test_the_label_point_lies_inside_a_bent_polygon():
    # An L-shaped kelurahan: its centroid falls in the missing corner.
    ring = [(105.0, -5.0), (105.02, -5.0), (105.02, -5.005), (105.005, -5.005), (105.005, -5.02), (105.0, -5.02),
            (105.0, -5.0)]  # fmt: skip
    frame = geojson.Frame(box=geojson.Box().add_polygons([[ring]]))
    x, y = geojson.label_point([[ring]], frame)
    projected = [frame.project(lon, lat) for lon, lat in ring]
    assert _inside(x, y, projected)


def _inside(x, y, ring) -> bool:
    inside = False
    for (x1, y1), (x2, y2) in zip(ring, ring[1:], strict=False):
        if (y1 > y) != (y2 > y) and x < x1 + (y - y1) * (x2 - x1) / (y2 - y1):
            inside = not inside
    return inside
