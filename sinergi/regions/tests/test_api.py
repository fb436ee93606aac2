import pytest


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("iringmulyo", "18.72.04.1003"),
        ("IRING mulyo", "18.72.04.1003"),
        ("Iring", "18.72.04.1003"),
        ("tejo agung", "18.72.04.1005"),
        ("18.72.04", "18.72.04"),
    ],
)
def test_it_searches_regions_ignoring_case_spaces_and_accents(api, query, expected):
    response = api("disdik").get("/api/v1/regions", {"q": query})
    assert response.status_code == 200
    codes = [item["code"] for item in response.json()["items"]]
    assert expected in codes


def test_it_matches_accented_and_apostrophe_names(db):
    from sinergi.regions.models import Region, RegionWord
    from sinergi.regions.selectors import region_search
    from sinergi.regions.text import name_words

    region = Region.objects.create(
        code="18.72.04.1990", name="Bu Nuapu’u Ségar", level=4, kind="kelurahan", parent_id="18.72.04"
    )
    RegionWord.objects.bulk_create(RegionWord(region=region, word=w) for w in name_words(region.name))
    assert list(region_search(q="nuapuu segar")) == [region]


def test_it_answers_a_region_with_ancestors_and_children(api):
    client = api("provinsi")
    detail = client.get("/api/v1/regions/18.72.04.1003").json()
    assert detail["name"] == "Iring Mulyo"
    assert detail["label"] == "Kelurahan Iring Mulyo"
    assert [a["code"] for a in detail["ancestors"]] == ["18", "18.72", "18.72.04"]
    children = client.get("/api/v1/regions/18.72/children").json()
    assert children["count"] == 5
    assert [c["name"] for c in children["items"]][:2] == ["Metro Pusat", "Metro Utara"]


def test_it_answers_404_in_the_error_shape_for_an_unknown_code(api):
    response = api("disdik").get("/api/v1/regions/99.99")
    assert response.status_code == 404
    assert response.json() == {"error": {"code": "not_found", "message": "Tidak ditemukan.", "fields": {}}}
    assert api("disdik").get("/api/v1/regions/99.99/children").status_code == 404


def test_it_validates_the_level_filter(api):
    response = api("disdik").get("/api/v1/regions", {"level": "9"})
    assert response.status_code == 422
    assert "level" in response.json()["error"]["fields"]


def test_region_pages_search_browse_and_export(login):
    client = login("kel.iringmulyo")
    page = client.get("/wilayah/", {"q": "iringmulyo"})
    assert "Iring Mulyo" in page.content.decode()
    detail = client.get("/wilayah/18.72/")
    assert "Metro Pusat" in detail.content.decode()
    export = client.get("/wilayah/18.72/", {"export": "csv"})
    rows = b"".join(export.streaming_content).decode("utf-8-sig").splitlines()
    assert rows[0].startswith("Kode,Nama")
    assert len(rows) == 6
    assert client.get("/wilayah/99.99/").status_code == 404
