"""GeoJSON the map tests build for themselves: squares for Kota Metro's kelurahan around 105.3 E, 5.1 S."""

import json
import re
from pathlib import Path

from django.core.files.uploadedfile import SimpleUploadedFile

from sinergi.accounts.models import User
from sinergi.organizations.models import Government
from sinergi.regions.models import Region

REPO = Path(__file__).resolve().parents[4]
# The real boundaries of Kota Metro's 22 kelurahan, kept beside the repository (never copied into it).
REFERENCE_FILE = REPO.parent / "shared" / "data" / "kota-metro-kelurahan.geojson"
IRING_MULYO = "18.72.04.1003"
# A tile of the tile grid (not its parts: tile-name, tile-value…).
TILE = re.compile(r'class="tile[ "]')
SIZE = 0.01


def metro() -> Government:
    return Government.objects.get(region_id="18.72")


def user(username: str) -> User:
    return User.objects.get(username=username)


def metro_villages() -> list[Region]:
    villages = Region.objects.filter(level=4, is_current=True, code__startswith="18.72.")
    return list(villages.select_related("parent").order_by("code"))


def square(index: int, *, size: float = SIZE) -> list:
    """A closed square ring, the index-th of a grid five squares wide."""
    lon, lat = 105.25 + (index % 5) * size, -5.05 - (index // 5) * size
    return [[lon, lat], [lon + size, lat], [lon + size, lat - size], [lon, lat - size], [lon, lat]]


def feature(properties: dict, ring_or_geometry) -> dict:
    geometry = (
        ring_or_geometry
        if isinstance(ring_or_geometry, dict)
        else {"type": "Polygon", "coordinates": [ring_or_geometry]}
    )
    return {"type": "Feature", "properties": properties, "geometry": geometry}


def collection(features: list) -> dict:
    return {"type": "FeatureCollection", "features": features}


def metro_squares(codes: list[str] | None = None) -> dict:
    """A FeatureCollection with one square per kelurahan of Kota Metro (or of ``codes``), matched by code."""
    codes = codes if codes is not None else [v.code for v in metro_villages()]
    return collection([feature({"code": code}, square(i)) for i, code in enumerate(codes)])


def upload(data, name: str = "batas.geojson") -> SimpleUploadedFile:
    raw = data if isinstance(data, bytes) else json.dumps(data).encode()
    return SimpleUploadedFile(name, raw, content_type="application/geo+json")


def english(client):
    """Pages in English (the msgids), so messages are compared whatever the translation says."""
    client.cookies["django_language"] = "en"
    return client
