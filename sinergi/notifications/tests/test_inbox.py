from datetime import timedelta

import pytest
from django.template import Context, Template
from django.test import RequestFactory
from django.utils import timezone

from sinergi.notifications.models import Notification
from sinergi.notifications.tests.conftest import person


def _give(username, count=1, **fields):
    user = person(username)
    now = timezone.now()
    return Notification.objects.bulk_create(
        Notification(
            user=user,
            event=fields.get("event", "due_soon"),
            title=fields.get("title", f"Pemberitahuan {username} {i}"),
            body="Isi pemberitahuan.",
            link="/rencana/",
            created_at=now - timedelta(minutes=count - i),
        )
        for i in range(count)
    )


# --- the page ------------------------------------------------------------------------------------------------


def test_it_shows_only_my_own_notifications_newest_first_with_the_unread_count(login):
    _give("disdik", 3)
    _give("dinkes", 1, title="Rahasia Dinkes")
    page = login("disdik").get("/kotak-masuk/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "Rahasia Dinkes" not in html
    assert html.index("Pemberitahuan disdik 2") < html.index("Pemberitahuan disdik 1") < html.index("disdik 0")
    assert page.context["unread"] == 3


def test_it_needs_a_signed_in_user(client, db):
    response = client.get("/kotak-masuk/")
    assert response.status_code == 302 and "/akun/" in response["Location"]


def test_opening_a_notification_marks_it_read(login):
    [notice] = _give("disdik")
    client = login("disdik")
    page = client.get(f"/kotak-masuk/{notice.pk}/")
    assert page.status_code == 200 and "Isi pemberitahuan." in page.content.decode()
    notice.refresh_from_db()
    assert notice.is_read
    assert client.get("/kotak-masuk/").context["unread"] == 0


def test_marking_one_and_then_all_as_read(login):
    first, _second, _third = _give("disdik", 3)
    client = login("disdik")
    response = client.post(f"/kotak-masuk/{first.pk}/baca/", {"next": "/kotak-masuk/?unread=1"})
    assert response.status_code == 302 and response["Location"] == "/kotak-masuk/?unread=1"
    unread = client.get("/kotak-masuk/?unread=1")
    assert unread.context["unread"] == 2 and first not in unread.context["page"]
    response = client.post("/kotak-masuk/baca-semua/", {"next": "https://contoh.test/"}, follow=True)
    assert response.redirect_chain[-1][0] == "/kotak-masuk/"
    assert not Notification.objects.filter(user__username="disdik", read_at__isnull=True).exists()


def test_another_persons_notification_is_not_found(login):
    [theirs] = _give("dinkes")
    client = login("disdik")
    assert client.get(f"/kotak-masuk/{theirs.pk}/").status_code == 404
    assert client.post(f"/kotak-masuk/{theirs.pk}/baca/").status_code == 404
    assert login("admin").get(f"/kotak-masuk/{theirs.pk}/").status_code == 404
    theirs.refresh_from_db()
    assert not theirs.is_read


def test_marking_read_takes_a_post(login):
    [notice] = _give("disdik")
    assert login("disdik").get(f"/kotak-masuk/{notice.pk}/baca/").status_code == 405


def test_the_nav_badge_shows_the_unread_count_once_per_request(db, django_assert_num_queries):
    _give("disdik", 2)
    request = RequestFactory().get("/")
    request.user = person("disdik")
    template = Template('{% include "notifications/_nav_badge.html" %}{% include "notifications/_nav_badge.html" %}')
    with django_assert_num_queries(1):
        html = template.render(Context({"request": request, "user": request.user}))
    assert html.count(">2</span>") == 2 and "/kotak-masuk/" in html


# --- the API -------------------------------------------------------------------------------------------------


def test_the_api_lists_my_own_notifications_and_filters_unread(api):
    mine = _give("disdik", 3)
    _give("dinkes", 2)
    client = api("disdik")
    listing = client.get("/api/v1/notifications").json()
    assert listing["count"] == 3
    assert [n["id"] for n in listing["items"]] == [n.pk for n in reversed(mine)]
    assert listing["items"][0]["is_read"] is False and listing["items"][0]["link"] == "/rencana/"
    assert client.post(f"/api/v1/notifications/{mine[0].pk}/read").json()["is_read"] is True
    assert client.get("/api/v1/notifications", {"unread": "true"}).json()["count"] == 2
    assert client.post("/api/v1/notifications/read-all").json() == {"marked": 2}
    assert client.get("/api/v1/notifications", {"unread": "true"}).json()["count"] == 0


def test_the_api_answers_404_for_another_persons_notification(api):
    [theirs] = _give("dinkes")
    response = api("disdik").post(f"/api/v1/notifications/{theirs.pk}/read")
    assert response.status_code == 404 and response.json()["error"]["code"] == "not_found"
    theirs.refresh_from_db()
    assert not theirs.is_read


def test_the_api_needs_a_token(client, db):
    assert client.get("/api/v1/notifications").status_code == 401


def test_the_openapi_document_lists_the_inbox_endpoints(client, db):
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    assert {
        "/api/v1/notifications",
        "/api/v1/notifications/{notification_id}/read",
        "/api/v1/notifications/read-all",
    } <= set(paths)


# --- query counts --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("url", "expected"), [("/kotak-masuk/", 8), ("/kotak-masuk/?unread=1", 8)])
def test_the_inbox_page_runs_a_fixed_number_of_queries(login, django_assert_num_queries, url, expected):
    client = login("disdik")
    client.get("/")  # settle the session
    _give("disdik", 2)
    with django_assert_num_queries(expected):
        assert client.get(url).status_code == 200
    _give("disdik", 80)
    with django_assert_num_queries(expected):
        assert client.get(url).status_code == 200


def test_the_api_list_runs_a_fixed_number_of_queries(api, django_assert_num_queries):
    client = api("disdik")
    client.get("/api/v1/me")  # the token's first use is recorded once; later requests only read it
    _give("disdik", 2)
    with django_assert_num_queries(3):
        assert client.get("/api/v1/notifications?limit=500").json()["count"] == 2
    _give("disdik", 80)
    with django_assert_num_queries(3):
        assert client.get("/api/v1/notifications?limit=500").json()["count"] == 82
