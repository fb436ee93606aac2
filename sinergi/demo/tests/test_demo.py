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


def test_the_demo_has_programme_records_of_kota_metro(db):
    from django.db.models import Sum

    from sinergi.programmes.models import (
        BersinarProgramme,
        Event,
        UrineTestCampaign,
        Volunteer,
        VulnerabilityAssessment,
    )

    events = Event.objects.filter(government__region_id="18.72", status="held")
    villages = {code for code in events.values_list("region_id", flat=True) if code and code.count(".") == 3}
    assert len(villages) == 22
    assert {e.starts_on.year for e in events} == {2023, 2024}
    waspada = VulnerabilityAssessment.objects.filter(year=2023, status="waspada").values_list("region__name", flat=True)
    assert sorted(waspada) == ["Hadimulyo Barat", "Iring Mulyo", "Mulyojati"]
    named = BersinarProgramme.objects.filter(named_on__year=2021).values_list("region__name", flat=True)
    assert sorted(named) == ["Hadimulyo Barat", "Iring Mulyo", "Purwosari"]
    officials = UrineTestCampaign.objects.get(tested=151, host_agency__acronym="BKPSDM")
    assert officials.agency.acronym == "BNN Kota Metro" and officials.group == "asn"
    assert UrineTestCampaign.objects.aggregate(positive=Sum("positive"))["positive"] >= 1
    assert Volunteer.objects.filter(government__region_id="18.72", is_active=True).count() > 30
