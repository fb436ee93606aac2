"""Reading an uploaded GeoJSON file of kelurahan/desa boundaries, and turning it into what the map draws.

No third-party geometry library: the file is checked by hand (a FeatureCollection of Polygon/MultiPolygon features
with numeric longitude/latitude positions inside Indonesia and closed rings), each ring is simplified with
Douglas-Peucker, and the boundaries are projected once, at upload, into an SVG frame with an equirectangular
projection corrected by the cosine of the middle latitude (at the scale of a kabupaten/kota the distortion is
negligible).

Every problem is reported in words an operator can act on; a malformed file raises ``ValidationError`` with a list
of messages and nothing is stored.
"""

import json
import math
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

# Roughly Indonesia: Sabang to Merauke, Rote to Miangas, with a margin.
INDONESIA = (94.0, -11.0, 142.0, 6.5)  # min lon, min lat, max lon, max lat
MAX_FEATURES = 20_000
MAX_ERRORS = 15
# The longer side of the SVG frame, in SVG units, and the margin around the drawing.
FRAME = 1000.0
MARGIN = 10.0
# Douglas-Peucker tolerance as a share of the longer side of the whole set: about half an SVG unit.
SIMPLIFY_SHARE = 1 / 2500

Ring = list[tuple[float, float]]
Polygon = list[Ring]


@dataclass
class Feature:
    """A checked feature: its position in the file, its properties and its polygons (outer ring first)."""

    index: int
    properties: dict
    polygons: list[Polygon]

    @property
    def title(self) -> str:
        """The label at the start of a sentence."""
        label = self.label
        return label[:1].upper() + label[1:]

    @property
    def label(self) -> str:
        """How the messages name the feature: its name or code if it has one, and always its number."""
        for key in ("name", "nama", "code", "kode", "kode_wilayah"):
            value = lookup(self.properties, key)
            if value not in (None, ""):
                return _("feature %(number)s (%(name)s)") % {"number": self.index + 1, "name": str(value)[:80]}
        return _("feature %(number)s") % {"number": self.index + 1}


def lookup(properties: dict, *keys: str):
    """The first of ``keys`` found in ``properties``, ignoring the case of the keys."""
    lowered = {str(k).lower(): v for k, v in properties.items()}
    for key in keys:
        if key in lowered and lowered[key] not in (None, ""):
            return lowered[key]
    return None


class _Problems:
    def __init__(self):
        self.messages: list[str] = []
        self.more = 0

    def add(self, message: str) -> None:
        if len(self.messages) < MAX_ERRORS:
            self.messages.append(message)
        else:
            self.more += 1

    def raise_if_any(self) -> None:
        if self.messages:
            messages = list(self.messages)
            if self.more:
                messages.append(_("… and %(count)s more problems.") % {"count": self.more})
            raise ValidationError(messages)


def _reject_constant(name):
    raise ValueError(name)


def parse(raw: bytes) -> list[Feature]:
    """The checked features of a GeoJSON FeatureCollection, or ValidationError listing what is wrong."""
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ValidationError(_("The file is not UTF-8 text; a GeoJSON file is JSON text.")) from exc
    try:
        data = json.loads(text, parse_constant=_reject_constant)
    except json.JSONDecodeError as exc:
        raise ValidationError(
            _("The file is not valid JSON (line %(line)s, column %(column)s).")
            % {"line": exc.lineno, "column": exc.colno}
        ) from exc
    except (ValueError, RecursionError) as exc:
        raise ValidationError(_("The file is not valid JSON (NaN, Infinity or too deeply nested).")) from exc
    if not isinstance(data, dict) or data.get("type") != "FeatureCollection":
        kind = data.get("type") if isinstance(data, dict) else None
        if isinstance(kind, str) and kind:
            raise ValidationError(
                _("The file is a GeoJSON %(type)s, not a FeatureCollection: export the layer of kelurahan/desa "
                  "boundaries as one FeatureCollection.") % {"type": kind[:40]}
            )  # fmt: skip
        raise ValidationError(_("The file is JSON but not a GeoJSON FeatureCollection."))
    _check_crs(data.get("crs"))
    features = data.get("features")
    if not isinstance(features, list) or not features:
        raise ValidationError(_("The FeatureCollection has no features."))
    if len(features) > MAX_FEATURES:
        raise ValidationError(
            _("The file has %(count)s features; at most %(limit)s are accepted.")
            % {"count": len(features), "limit": MAX_FEATURES}
        )
    problems = _Problems()
    checked = []
    for index, raw_feature in enumerate(features):
        feature = _feature(index, raw_feature, problems)
        if feature is not None:
            checked.append(feature)
    problems.raise_if_any()
    return checked


def _check_crs(crs) -> None:
    """GeoJSON is WGS 84 longitude/latitude; an old-style ``crs`` member naming anything else is refused."""
    if crs is None:
        return
    name = ""
    if isinstance(crs, dict) and isinstance(crs.get("properties"), dict):
        name = str(crs["properties"].get("name", ""))
    if not any(token in name.upper() for token in ("CRS84", "4326")):
        raise ValidationError(
            _("The file declares the coordinate system %(name)s; export it in WGS 84 longitude/latitude (EPSG:4326).")
            % {"name": name[:80] or "?"}
        )


def _feature(index: int, raw, problems: _Problems) -> Feature | None:
    number = index + 1
    if not isinstance(raw, dict) or raw.get("type") != "Feature":
        problems.add(_("Feature %(number)s is not a GeoJSON Feature.") % {"number": number})
        return None
    properties = raw.get("properties") if isinstance(raw.get("properties"), dict) else {}
    feature = Feature(index=index, properties=properties, polygons=[])
    geometry = raw.get("geometry")
    if not isinstance(geometry, dict):
        problems.add(_("%(feature)s has no geometry.") % {"feature": feature.title})
        return None
    kind = geometry.get("type")
    coordinates = geometry.get("coordinates")
    if kind == "Polygon":
        polygons = [coordinates]
    elif kind == "MultiPolygon":
        polygons = coordinates if isinstance(coordinates, list) else None
    else:
        problems.add(
            _("%(feature)s is a %(type)s; only Polygon and MultiPolygon boundaries are accepted.")
            % {"feature": feature.title, "type": str(kind)[:40]}
        )
        return None
    if not polygons:
        problems.add(_("%(feature)s has no coordinates.") % {"feature": feature.title})
        return None
    for polygon in polygons:
        rings = _polygon(feature, polygon, problems)
        if rings is None:
            return None
        feature.polygons.append(rings)
    return feature


def _polygon(feature: Feature, polygon, problems: _Problems) -> Polygon | None:
    name = feature.title
    if not isinstance(polygon, list) or not polygon:
        problems.add(_("%(feature)s: a polygon has no rings.") % {"feature": name})
        return None
    rings = []
    for raw_ring in polygon:
        if not isinstance(raw_ring, list) or len(raw_ring) < 4:
            problems.add(_("%(feature)s: a ring has fewer than four positions.") % {"feature": name})
            return None
        ring = []
        for position in raw_ring:
            point = _position(name, position, problems)
            if point is None:
                return None
            ring.append(point)
        if ring[0] != ring[-1]:
            problems.add(
                _("%(feature)s: a ring is not closed (its first and last positions differ).") % {"feature": name}
            )
            return None
        rings.append(ring)
    return rings


def _number(value) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


def _position(name: str, position, problems: _Problems) -> tuple[float, float] | None:
    if not isinstance(position, list) or len(position) not in (2, 3) or not all(_number(v) for v in position):
        problems.add(
            _("%(feature)s: a position is not two numbers [longitude, latitude]: %(value)s")
            % {"feature": name, "value": json.dumps(position)[:60]}
        )
        return None
    lon, lat = float(position[0]), float(position[1])
    west, south, east, north = INDONESIA
    if west <= lon <= east and south <= lat <= north:
        return lon, lat
    if west <= lat <= east and south <= lon <= north:
        problems.add(
            _("%(feature)s: the position (%(lon)s, %(lat)s) has longitude and latitude swapped (GeoJSON puts the "
              "longitude first).") % {"feature": name, "lon": lon, "lat": lat}
        )  # fmt: skip
    elif not (-180 <= lon <= 180 and -90 <= lat <= 90):
        problems.add(
            _("%(feature)s: (%(lon)s, %(lat)s) is not a longitude/latitude in degrees; the file may be in a projected "
              "system such as UTM. Export it in WGS 84 (EPSG:4326).") % {"feature": name, "lon": lon, "lat": lat}
        )  # fmt: skip
    else:
        problems.add(
            _("%(feature)s: the position (%(lon)s, %(lat)s) lies outside Indonesia.")
            % {"feature": name, "lon": lon, "lat": lat}
        )
    return None


# --- geometry -----------------------------------------------------------------------------------------------


@dataclass
class Box:
    min_lon: float = math.inf
    min_lat: float = math.inf
    max_lon: float = -math.inf
    max_lat: float = -math.inf

    def add_polygons(self, polygons: list[Polygon]) -> "Box":
        for polygon in polygons:
            for lon, lat in polygon[0]:
                self.min_lon, self.max_lon = min(self.min_lon, lon), max(self.max_lon, lon)
                self.min_lat, self.max_lat = min(self.min_lat, lat), max(self.max_lat, lat)
        return self

    def add(self, other: "Box") -> "Box":
        self.min_lon, self.min_lat = min(self.min_lon, other.min_lon), min(self.min_lat, other.min_lat)
        self.max_lon, self.max_lat = max(self.max_lon, other.max_lon), max(self.max_lat, other.max_lat)
        return self

    def as_dict(self) -> dict:
        return {"min_lon": self.min_lon, "min_lat": self.min_lat, "max_lon": self.max_lon, "max_lat": self.max_lat}


def _segment_distance(point, start, end) -> float:
    (px, py), (ax, ay), (bx, by) = point, start, end
    dx, dy = bx - ax, by - ay
    if dx == 0 and dy == 0:
        return math.hypot(px - ax, py - ay)
    t = max(0.0, min(1.0, ((px - ax) * dx + (py - ay) * dy) / (dx * dx + dy * dy)))
    return math.hypot(px - (ax + t * dx), py - (ay + t * dy))


def simplify_ring(ring: Ring, tolerance: float) -> Ring:
    """Douglas-Peucker on a closed ring (iterative); the ring stays closed and keeps at least four positions."""
    if len(ring) <= 4 or tolerance <= 0:
        return list(ring)
    # First drop the points closer than the tolerance to the last one kept (linear), so Douglas-Peucker works on a
    # ring of a few hundred points even when the file has tens of thousands.
    thinned = [ring[0]]
    for point in ring[1:-1]:
        last = thinned[-1]
        if math.hypot(point[0] - last[0], point[1] - last[1]) > tolerance:
            thinned.append(point)
    thinned.append(ring[-1])
    if len(thinned) >= 4:
        ring = thinned
    # Split the ring at its first point and the point farthest from it, so neither half is degenerate.
    first = ring[0]
    far = max(range(1, len(ring) - 1), key=lambda i: math.hypot(ring[i][0] - first[0], ring[i][1] - first[1]))
    keep = [False] * len(ring)
    keep[0] = keep[far] = keep[-1] = True
    stack = [(0, far), (far, len(ring) - 1)]
    while stack:
        start, end = stack.pop()
        best, index = 0.0, None
        for i in range(start + 1, end):
            distance = _segment_distance(ring[i], ring[start], ring[end])
            if distance > best:
                best, index = distance, i
        if index is not None and best > tolerance:
            keep[index] = True
            stack.extend([(start, index), (index, end)])
    simplified = [point for point, kept in zip(ring, keep, strict=True) if kept]
    return simplified if len(simplified) >= 4 else list(ring)


def simplify(polygons: list[Polygon], tolerance: float) -> list[Polygon]:
    return [
        [[(round(lon, 6), round(lat, 6)) for lon, lat in simplify_ring(ring, tolerance)] for ring in polygon]
        for polygon in polygons
    ]


@dataclass
class Frame:
    """The equirectangular projection of a bounding box into an SVG frame whose longer side is ``FRAME``."""

    box: Box
    scale: float = 0.0
    kx: float = 1.0
    width: float = 0.0
    height: float = 0.0

    def __post_init__(self):
        middle = (self.box.min_lat + self.box.max_lat) / 2
        self.kx = math.cos(math.radians(middle))
        span_x = max((self.box.max_lon - self.box.min_lon) * self.kx, 1e-9)
        span_y = max(self.box.max_lat - self.box.min_lat, 1e-9)
        inner = FRAME - 2 * MARGIN
        self.scale = min(inner / span_x, inner / span_y)
        self.width = round(span_x * self.scale + 2 * MARGIN, 1)
        self.height = round(span_y * self.scale + 2 * MARGIN, 1)

    def project(self, lon: float, lat: float) -> tuple[float, float]:
        x = MARGIN + (lon - self.box.min_lon) * self.kx * self.scale
        y = MARGIN + (self.box.max_lat - lat) * self.scale
        return round(x, 1), round(y, 1)


def _number_text(value: float) -> str:
    text = f"{value:.1f}"
    return text[:-2] if text.endswith(".0") else text


def svg_path(polygons: list[Polygon], frame: Frame) -> str:
    """The polygons as one SVG path (drawn with fill-rule evenodd, so holes stay holes)."""
    parts = []
    for polygon in polygons:
        for ring in polygon:
            points = []
            for lon, lat in ring[:-1]:
                point = frame.project(lon, lat)
                if not points or points[-1] != point:
                    points.append(point)
            if len(points) < 3:
                continue
            head, *rest = points
            parts.append(
                f"M{_number_text(head[0])} {_number_text(head[1])}L"
                + " ".join(f"{_number_text(x)} {_number_text(y)}" for x, y in rest)
                + "Z"
            )
    return "".join(parts)


def _ring_area(ring: list[tuple[float, float]]) -> float:
    return abs(sum(x1 * y2 - x2 * y1 for (x1, y1), (x2, y2) in zip(ring, ring[1:], strict=False))) / 2


def label_point(polygons: list[Polygon], frame: Frame) -> tuple[float, float]:
    """A point inside the largest polygon, for the area's label: the middle of the widest stretch of a horizontal
    line across it, trying lines from the top to the bottom and preferring those near the middle (a centroid may
    fall outside a bent kelurahan)."""
    projected = [[frame.project(lon, lat) for lon, lat in polygon[0]] for polygon in polygons]
    ring = max(projected, key=_ring_area)
    ys = [y for _x, y in ring]
    middle, half = (min(ys) + max(ys)) / 2, (max(ys) - min(ys)) / 2
    best = None
    for step in range(-8, 9):
        offset = step / 10
        y = middle + offset * half + 0.01
        crossings = sorted(
            x1 + (y - y1) * (x2 - x1) / (y2 - y1)
            for (x1, y1), (x2, y2) in zip(ring, ring[1:], strict=False)
            if (y1 <= y < y2) or (y2 <= y < y1)
        )
        for left, right in zip(crossings[::2], crossings[1::2], strict=False):
            score = (right - left) * (1 - 0.5 * abs(offset))
            if best is None or score > best[0]:
                best = (score, (left + right) / 2, y)
    if best is None:
        xs = [x for x, _y in ring]
        return round(sum(xs) / len(xs), 1), round(sum(ys) / len(ys), 1)
    return round(best[1], 1), round(best[2], 1)


@dataclass
class Shape:
    """One kelurahan/desa's boundary ready to store."""

    polygons: list[Polygon]
    box: Box
    path: str = ""
    label: tuple[float, float] = (0.0, 0.0)
    names: list[str] = field(default_factory=list)

    @property
    def geometry(self) -> dict:
        return {
            "type": "MultiPolygon",
            "coordinates": [[[list(point) for point in ring] for ring in polygon] for polygon in self.polygons],
        }


def prepare(shapes: dict[str, Shape]) -> Frame:
    """Simplify every shape, then project them all into one frame; returns the frame."""
    whole = Box()
    for shape in shapes.values():
        whole.add(Box().add_polygons(shape.polygons))
    tolerance = max(whole.max_lon - whole.min_lon, whole.max_lat - whole.min_lat) * SIMPLIFY_SHARE
    for shape in shapes.values():
        shape.polygons = simplify(shape.polygons, tolerance)
        shape.box = Box().add_polygons(shape.polygons)
    frame = Frame(box=whole)
    for shape in shapes.values():
        shape.path = svg_path(shape.polygons, frame)
        shape.label = label_point(shape.polygons, frame)
    return frame
