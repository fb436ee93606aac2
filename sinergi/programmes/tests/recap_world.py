"""A government of its own for the recap tests (Kota Bandar Lampung: not part of the demo), filled with records
whose sums the tests know."""

from datetime import date

from django.test import Client

from sinergi.accounts.models import User
from sinergi.organizations.models import Agency, Government, Membership, Role
from sinergi.programmes.models import (
    BersinarProgramme,
    Event,
    UrineTestCampaign,
    Volunteer,
    VolunteerGroup,
    VulnerabilityAssessment,
)
from sinergi.regions.models import Region

YEAR = 2021
ROOT = "18.71"  # Kota Bandar Lampung: not part of the demo
NUMBERS = ("held", "planned", "cancelled", "participants", "male", "female", "volunteers", "volunteers_male")


class World:
    """A government of our own with two kecamatan picked out, three kelurahan, two agencies and four users."""

    def __init__(self):
        region = Region.objects.get(code=ROOT)
        self.gov = Government.objects.create(region=region, name="Pemerintah Kota Bandar Lampung (uji rekap)")
        districts = list(Region.objects.filter(parent_id=ROOT, is_current=True).order_by("code"))
        self.d1, self.d2 = districts[0], districts[1]
        self.k1, self.k2 = list(self.d1.children.filter(is_current=True).order_by("code"))[:2]
        self.k3 = self.d2.children.filter(is_current=True).order_by("code").first()
        self.n_districts = len(districts)
        self.n_villages = Region.objects.filter(parent__parent_id=ROOT, is_current=True, level=4).count()
        self.a = Agency.objects.create(government=self.gov, name="Dinas Uji A", kind="department")
        self.b = Agency.objects.create(government=self.gov, name="Dinas Uji B", kind="department")
        self.d1_office = Agency.objects.create(
            government=self.gov, name=f"Kecamatan {self.d1.name}", kind="district", region=self.d1
        )
        self.secretariat = self._user("rekap.sekretariat", self.a, Role.SECRETARIAT)
        self.area = self._user("rekap.kecamatan", self.d1_office, Role.AREA_OPERATOR)
        self.operator = self._user("rekap.dinas.a", self.a, Role.AGENCY_OPERATOR)

    def _user(self, username, agency, role):
        user = User.objects.create(username=username, full_name=username)
        Membership.objects.create(user=user, government=self.gov, agency=agency, role=role)
        return user

    def client(self, user) -> Client:
        client = Client()
        client.force_login(user)
        return client

    def event(self, region=None, agency=None, **fields):
        values = {
            "kind": "penyuluhan",
            "title": "Penyuluhan uji",
            "starts_on": date(YEAR, 3, 10),
            "target_group": "masyarakat_umum",
            "participants": 0,
            "status": "held",
        }
        values.update(fields)
        return Event.objects.create(
            government=self.gov, agency=agency or self.a, region=region, created_by=self.secretariat, **values
        )

    def test(self, agency, tested, positive=0, referred=0, **fields):
        return UrineTestCampaign.objects.create(
            government=self.gov,
            agency=agency,
            host_name=fields.pop("host_name", "Kantor uji"),
            held_on=fields.pop("held_on", date(YEAR, 5, 2)),
            group="asn",
            tested=tested,
            positive=positive,
            referred=referred,
            created_by=self.secretariat,
            **fields,
        )

    def volunteers(self, region, agency=None, sexes="LP", active=True, group_active=True):
        group = VolunteerGroup.objects.create(
            government=self.gov,
            name="Relawan uji",
            kind="relawan",
            region=region,
            agency=agency,
            is_active=group_active,
        )
        for i, sex in enumerate(sexes):
            Volunteer.objects.create(
                group=group,
                government=self.gov,
                name=f"Relawan {i}",
                sex=sex,
                birth_year=1990,
                region=region,
                is_active=active,
                joined_on=date(YEAR - 1, 1, 1),  # active in the recap's year unless they left before it
                left_on=None if active else date(YEAR - 1, 12, 31),
            )

    def status(self, region, status):
        VulnerabilityAssessment.objects.create(
            government=self.gov,
            region=region,
            year=YEAR,
            status=status,
            assessed_on=date(YEAR, 11, 1),
            assessor=self.secretariat,
        )


def filled(world):
    w = world
    w.event(w.k1, participants=10, male=6, female=4, target_group="pelajar", kind="sosialisasi")
    w.event(w.k2, participants=5, target_group="masyarakat_umum")  # no split by sex
    w.event(w.d1, participants=7, male=3, female=4, target_group="asn")  # kecamatan level
    w.event(None, participants=3, male=3, female=0, target_group="tokoh_masyarakat", agency=w.b)  # whole city
    w.event(w.k3, participants=2, male=1, female=1, agency=w.b)
    w.event(w.k1, participants=40, status="planned", starts_on=date(YEAR, 9, 1))
    w.event(w.k1, participants=9, status="cancelled")
    w.event(w.k1, participants=100, starts_on=date(YEAR - 1, 12, 31))  # another year
    w.volunteers(w.k1, agency=w.a, sexes="LPL")
    w.volunteers(w.k1, sexes="P", active=False)
    w.volunteers(w.k2, sexes="P", group_active=False)
    w.volunteers(w.k3, sexes="P")
    w.test(w.a, 50, 2, 1)
    w.test(w.a, 30, 1, 0)
    w.test(w.b, 10)
    w.test(w.b, 99, 9, 9, held_on=date(YEAR + 1, 1, 3))  # another year
    w.status(w.k1, "bahaya")
    w.status(w.k2, "aman")
    BersinarProgramme.objects.create(government=w.gov, region=w.k1, stage="pokja")
    return w
