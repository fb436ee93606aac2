"""Issue 14 §6: the event form offers the actions of the plan in force on the event's date, labelled with plan
and version; a select with one option starts on it; places are named, not coded."""

from sinergi.organizations.models import Agency
from sinergi.planning.models import Action, RegionalPlan
from sinergi.programmes.models import Event


def _disdik():
    return Agency.objects.get(government__region_id="18.72", acronym="Disdikbud")


def _form(**overrides):
    data = {
        "kind": "sosialisasi", "title": "Sosialisasi P4GN di SMPN 3", "starts_on": "2024-08-20", "status": "held",
        "agency": _disdik().pk, "region": "", "target_group": "pelajar", "participants": "40", "male": "20",
        "female": "20",
    }  # fmt: skip
    data.update(overrides)
    return data


def _plan(year, version=1):
    return RegionalPlan.objects.get(government__region_id="18.72", start_year=year, version=version)


def test_the_action_select_offers_the_plan_in_force_on_the_event_date_only(login):
    client = login("disdik")
    page = client.post("/kegiatan/baru/", _form(title="")).content.decode()  # re-shown with the 2024 date
    rad_2024 = _plan(2024)
    assert "— RAD P4GN Kota Metro Tahun 2024 (v1)</option>" in page
    assert "Tahun 2023 (v1)</option>" not in page and "Tahun 2024 (v2)" not in page
    offered = page.count("— RAD P4GN Kota Metro Tahun 2024 (v1)</option>")
    assert offered == Action.objects.filter(plan=rad_2024).count()
    old_action = Action.objects.filter(plan=_plan(2023)).first()
    refused = client.post("/kegiatan/baru/", _form(action=old_action.pk))
    assert refused.status_code == 200 and not Event.objects.filter(title="Sosialisasi P4GN di SMPN 3").exists()
    action = Action.objects.filter(plan=rad_2024, responsible_agency=_disdik()).first()
    assert client.post("/kegiatan/baru/", _form(action=action.pk)).status_code == 302
    assert Event.objects.get(title="Sosialisasi P4GN di SMPN 3").action == action


def test_an_event_of_2023_is_offered_the_2023_plan(login):
    page = login("disdik").post("/kegiatan/baru/", _form(title="", starts_on="2023-05-02")).content.decode()
    assert "— RAD P4GN Kota Metro Tahun 2023 (v1)</option>" in page and "Tahun 2024 (v1)</option>" not in page


def test_a_single_agency_is_preselected_and_places_are_named(login):
    page = login("kel.iringmulyo").get("/kegiatan/baru/").content.decode()
    agency = Agency.objects.get(government__region_id="18.72", region_id="18.72.04.1003")
    assert f'<option value="{agency.pk}" selected>' in page
    assert ">Kelurahan Iring Mulyo (18.72.04.1003)</option>" in page
    assert "18.72.04.1003 —" not in page
