import json


def test_the_openapi_document_lists_every_endpoint(client, db):
    document = client.get("/api/v1/openapi.json").json()
    paths = set(document["paths"])
    for path in (
        "/api/v1/auth/token",
        "/api/v1/auth/tokens",
        "/api/v1/me",
        "/api/v1/regions",
        "/api/v1/regions/{code}",
        "/api/v1/regions/{code}/children",
        "/api/v1/governments",
        "/api/v1/agencies",
        "/api/v1/users",
        "/api/v1/memberships",
    ):
        assert path in paths
    assert "BearerToken" in document["components"]["securitySchemes"]


def test_the_interactive_docs_are_served_without_a_cdn(client, db):
    page = client.get("/api/v1/docs").content.decode()
    assert "/static/ninja/swagger-ui-bundle.js" in page
    assert "cdn" not in page.lower()


def test_malformed_json_answers_422_naming_the_body(api):
    response = api("sekretariat").generic(
        "POST", "/api/v1/agencies", '{"government": ', content_type="application/json"
    )
    assert response.status_code == 422
    assert response.json()["error"]["code"] == "invalid_json"
    assert "body" in response.json()["error"]["fields"]


def test_wrong_types_answer_422_naming_each_field(api):
    response = api("sekretariat").post(
        "/api/v1/users",
        json.dumps({"username": "a", "full_name": 5, "agency": "x", "role": "king"}),
        content_type="application/json",
    )
    assert response.status_code == 422
    assert {"username", "full_name", "agency", "role"} <= set(response.json()["error"]["fields"])


def test_lists_have_items_count_and_pagination(api):
    client = api("sekretariat")
    first = client.get("/api/v1/agencies", {"limit": 10}).json()
    second = client.get("/api/v1/agencies", {"limit": 10, "offset": 10}).json()
    assert first["count"] == second["count"] > 20
    assert len(first["items"]) == 10
    assert {a["id"] for a in first["items"]}.isdisjoint(a["id"] for a in second["items"])
    assert client.get("/api/v1/agencies", {"limit": 0}).status_code == 422


def test_the_browser_session_works_for_the_api_with_csrf_on_writes(login):
    client = login("sekretariat")
    assert client.get("/api/v1/me").json()["username"] == "sekretariat"
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    strict.force_login(
        client.session
        and __import__("sinergi.accounts.models", fromlist=["User"]).User.objects.get(username="sekretariat")
    )
    response = strict.patch("/api/v1/governments/1", {"phone": "1"}, content_type="application/json")
    assert response.status_code in (401, 403)


def test_unknown_paths_and_methods_answer_in_the_error_shape(api):
    client = api("sekretariat")
    missing = client.get("/api/v1/tidak-ada")
    assert missing.status_code == 404
    assert missing.json()["error"]["code"] == "not_found"
    wrong_method = client.put("/api/v1/agencies", {}, content_type="application/json")
    assert wrong_method.status_code == 405
    assert wrong_method.json()["error"]["code"] == "method_not_allowed"
