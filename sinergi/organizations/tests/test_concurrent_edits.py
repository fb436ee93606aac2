import re

from conftest import metro_agency


def _edit_token(html: str) -> str:
    return re.search(r'name="edit_token" value="([^"]+)"', html).group(1)


def test_a_stale_form_does_not_overwrite_a_newer_change(login, api):
    agency = metro_agency("Dinkes")
    secretary = login("sekretariat")
    form = secretary.get(f"/perangkat-daerah/{agency.pk}/ubah/").content.decode()
    token = _edit_token(form)

    # Meanwhile someone else changes the head of the agency through the API.
    api("admin").patch(
        f"/api/v1/agencies/{agency.pk}", {"head_name": "dr. Kepala Baru"}, content_type="application/json"
    )

    stale = {"name": agency.name, "acronym": "Dinkes", "kind": "department", "address": "Jl. Baru", "edit_token": token}
    response = secretary.post(f"/perangkat-daerah/{agency.pk}/ubah/", stale)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Administrator Platform" in page  # who changed it is named
    assert "Jl. Baru" in page  # the user's own input is kept
    agency.refresh_from_db()
    assert agency.head_name == "dr. Kepala Baru" and agency.address == ""

    # Saving again, knowingly, goes through.
    again = {**stale, "edit_token": _edit_token(page)}
    assert secretary.post(f"/perangkat-daerah/{agency.pk}/ubah/", again).status_code == 302
    agency.refresh_from_db()
    assert agency.address == "Jl. Baru"
