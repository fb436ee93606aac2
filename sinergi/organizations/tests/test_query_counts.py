"""List pages and API lists run a fixed number of queries, however many rows they show."""

import pytest

from conftest import metro_agency
from sinergi.accounts.models import User
from sinergi.organizations.models import Agency, Government, Membership

# url → the exact number of queries (asserted with the rows of the demo, and again with many more rows).
PAGES = {
    "/": 15,  # the secretariat's to-do list (sinergi/workspace/tasks.py)
    "/perangkat-daerah/": 7,
    "/perangkat-daerah/?export=xlsx": 5,
    "/pengguna/": 8,
    "/pengguna/?export=xlsx": 6,
    "/wilayah/?q=metro": 8,
    "/wilayah/18.72/": 8,
}
API = {
    "/api/v1/agencies?limit=500": 4,
    "/api/v1/users?limit=500": 5,
    "/api/v1/memberships?limit=500": 4,
    "/api/v1/governments": 4,
    "/api/v1/regions?q=metro&limit=500": 3,
}


def _grow():
    """Add many agencies, people and roles to Kota Metro."""
    metro = Government.objects.get(region_id="18.72")
    agencies = Agency.objects.bulk_create(
        Agency(government=metro, name=f"Sekolah Uji {i:03d}", kind="school") for i in range(60)
    )
    for i, agency in enumerate(agencies[:40]):
        user = User.objects.create(username=f"uji{i:03d}", full_name=f"Pengguna Uji {i:03d}")
        Membership.objects.create(user=user, government=metro, agency=agency, role="agency_operator")
        Membership.objects.create(user=user, government=metro, agency=metro_agency("Dinkes"), role="agency_head")


@pytest.mark.parametrize(("url", "expected"), PAGES.items())
def test_pages_run_a_fixed_number_of_queries(login, django_assert_num_queries, url, expected):
    client = login("sekretariat")
    client.get("/")  # settle the session
    with django_assert_num_queries(expected):
        response = client.get(url)
        _consume(response)
    _grow()
    with django_assert_num_queries(expected):
        response = client.get(url)
        _consume(response)
    assert response.status_code == 200


@pytest.mark.parametrize(("url", "expected"), API.items())
def test_api_lists_run_a_fixed_number_of_queries(api, django_assert_num_queries, url, expected):
    client = api("sekretariat")
    client.get("/api/v1/me")  # the token's first use is recorded once; later requests only read it
    with django_assert_num_queries(expected):
        assert client.get(url).status_code == 200
    _grow()
    with django_assert_num_queries(expected):
        response = client.get(url)
    assert response.status_code == 200
    assert response.json()["count"] == len(response.json()["items"])


def _consume(response):
    if response.streaming:
        b"".join(response.streaming_content)
