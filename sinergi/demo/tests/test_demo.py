from django.core.management import call_command

from conftest import PERSONAS
from sinergi.accounts.models import User
from sinergi.core.models import AuditEntry
from sinergi.organizations.models import Agency, Government, Membership


def test_the_demo_is_kota_metro_with_its_real_districts_and_villages(db):
    metro = Government.objects.get(region_id="18.72")
    assert metro.name == "Pemerintah Kota Metro"
    assert Agency.objects.filter(government=metro, kind="district").count() == 5
    assert Agency.objects.filter(government=metro, kind="village").count() == 22
    for acronym in (
        "Kesbangpol",
        "Setda",
        "Bappeda",
        "Inspektorat",
        "Disdikbud",
        "Dinkes",
        "Dinsos",
        "Satpol PP",
        "Diskominfo",
        "BKPSDM",
        "Disnakertrans",
        "Dinas PAPPKB",
        "RSUD",
        "BNN Kota Metro",
        "Polres Metro",
        "Kodim 0411",
        "Kejari Metro",
        "Kemenag Kota Metro",
    ):
        assert Agency.objects.filter(government=metro, acronym=acronym).exists(), acronym
    assert Government.objects.get(region_id="18.07").agencies.count() >= 3


def test_every_demo_account_signs_in_with_the_demo_password(db, client):
    for username in PERSONAS:
        assert User.objects.get(username=username).check_password("sinergi-demo"), username
    roles = dict(Membership.objects.values_list("user__username", "role"))
    assert roles["kel.iringmulyo"] == "area_operator"
    assert roles["provinsi"] == "observer"
    assert User.objects.get(username="admin").is_superuser


def test_the_demo_command_is_idempotent(db, capsys):
    counts = (Agency.objects.count(), User.objects.count(), Membership.objects.count(), AuditEntry.objects.count())
    call_command("demo")
    assert "sinergi-demo" in capsys.readouterr().out
    assert (
        Agency.objects.count(),
        User.objects.count(),
        Membership.objects.count(),
        AuditEntry.objects.count(),
    ) == counts


def test_an_observer_switches_between_the_governments_of_the_province(login):
    client = login("provinsi")
    home = client.get("/").content.decode()
    assert "Pemerintah Kabupaten Lampung Timur" in home and "Pemerintah Kota Metro" in home
    metro = Government.objects.get(region_id="18.72")
    client.post("/pemda/pilih/", {"government": metro.pk})
    agencies = client.get("/perangkat-daerah/").content.decode()
    assert "Dinas Kesehatan" in agencies and "Pemerintah Kota Metro" in agencies
    # Reading only: the observer has no "add" button and is refused the form.
    assert "/perangkat-daerah/baru/" not in agencies
    assert client.get("/perangkat-daerah/baru/").status_code == 403


def test_nobody_switches_into_a_government_outside_their_scope(login):
    client = login("lamtim")
    metro = Government.objects.get(region_id="18.72")
    client.post("/pemda/pilih/", {"government": metro.pk})
    assert "Pemerintah Kota Metro" not in client.get("/perangkat-daerah/").content.decode()
