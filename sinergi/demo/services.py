"""The Kota Metro demonstration data. Idempotent: what exists is kept, what is missing is added."""

from dataclasses import dataclass

from django.db import transaction

from sinergi.accounts.models import User
from sinergi.core.services import model_create
from sinergi.demo.coordination import demo_coordination
from sinergi.demo.planning import demo_plans
from sinergi.demo.programmes import demo_programmes
from sinergi.demo.reporting import demo_reports
from sinergi.insights.rollups import rebuild_all
from sinergi.notifications.models import Notification, WebhookDelivery
from sinergi.organizations.models import Agency, Government, Membership, Role
from sinergi.organizations.services import agency_create, government_create, membership_create
from sinergi.regions.models import Region
from sinergi.regions.services import regions_load

DEMO_PASSWORD = "sinergi-demo"
K = Agency.Kind

METRO_AGENCIES = [
    # (name, acronym, kind, head name, address)
    ("Badan Kesatuan Bangsa dan Politik", "Kesbangpol", K.BOARD, "Dra. Rosita, MM.", ""),
    ("Sekretariat Daerah", "Setda", K.SECRETARIAT, "", ""),
    ("Badan Perencanaan Pembangunan Daerah", "Bappeda", K.BOARD, "", ""),
    ("Inspektorat", "Inspektorat", K.INSPECTORATE, "", ""),
    ("Dinas Pendidikan dan Kebudayaan", "Disdikbud", K.DEPARTMENT, "", ""),
    ("Dinas Kesehatan", "Dinkes", K.DEPARTMENT, "", ""),
    ("Dinas Sosial", "Dinsos", K.DEPARTMENT, "", ""),
    ("Satuan Polisi Pamong Praja", "Satpol PP", K.UNIT, "", ""),
    ("Dinas Komunikasi dan Informatika", "Diskominfo", K.DEPARTMENT, "", ""),
    ("Badan Kepegawaian dan Pengembangan Sumber Daya Manusia", "BKPSDM", K.BOARD, "", ""),
    ("Dinas Tenaga Kerja dan Transmigrasi", "Disnakertrans", K.DEPARTMENT, "", ""),
    (
        "Dinas Pemberdayaan Perempuan, Perlindungan Anak, Pengendalian Penduduk dan Keluarga Berencana",
        "Dinas PAPPKB",
        K.DEPARTMENT,
        "",
        "",
    ),
    ("Rumah Sakit Umum Daerah Jenderal Ahmad Yani", "RSUD", K.UNIT, "", ""),
    (
        "Badan Narkotika Nasional Kota Metro",
        "BNN Kota Metro",
        K.BNN,
        "",
        "Jl. Tulang Bawang No. 04, Imopuro, Metro Pusat",
    ),
    ("Kepolisian Resor Metro", "Polres Metro", K.POLICE, "", ""),
    ("Komando Distrik Militer 0411/Lampung Tengah", "Kodim 0411", K.MILITARY, "", ""),
    ("Kejaksaan Negeri Metro", "Kejari Metro", K.PROSECUTOR, "", ""),
    ("Kantor Kementerian Agama Kota Metro", "Kemenag Kota Metro", K.RELIGIOUS_AFFAIRS, "", ""),
]

LAMTIM_AGENCIES = [
    ("Badan Kesatuan Bangsa dan Politik", "Kesbangpol", K.BOARD),
    ("Dinas Pendidikan dan Kebudayaan", "Disdikbud", K.DEPARTMENT),
    ("Dinas Kesehatan", "Dinkes", K.DEPARTMENT),
    ("Badan Narkotika Nasional Kabupaten Lampung Timur", "BNNK Lampung Timur", K.BNN),
    ("Kepolisian Resor Lampung Timur", "Polres Lampung Timur", K.POLICE),
]

PROVINCE_AGENCIES = [
    ("Badan Kesatuan Bangsa dan Politik Provinsi Lampung", "Kesbangpol Provinsi", K.BOARD),
    ("Badan Narkotika Nasional Provinsi Lampung", "BNNP Lampung", K.BNN),
]


@dataclass(frozen=True)
class DemoLogin:
    username: str
    full_name: str
    role: str
    where: str


def _government(code: str, **fields) -> Government:
    government = Government.objects.filter(region_id=code).first()
    return government or government_create(region=Region.objects.get(code=code), by=None, **fields)


def _agency(government: Government, name: str, **fields) -> Agency:
    agency = Agency.objects.filter(government=government, name=name, valid_until__isnull=True).first()
    return agency or agency_create(government=government, name=name, by=None, **fields)


def _user(username: str, full_name: str, *, government: Government | None = None, superuser: bool = False) -> User:
    user = User.objects.filter(username=username).first()
    if user is None:
        user = User(
            username=username, full_name=full_name, government=government, is_superuser=superuser, is_staff=superuser
        )
        user.set_password(DEMO_PASSWORD)
        model_create(instance=user, by=None, reason="data demo")
    return user


def _role(user: User, agency: Agency, role: str, region: str | None = None) -> None:
    if not Membership.objects.filter(user=user, agency=agency, role=role).exists():
        region_obj = Region.objects.get(code=region) if region else None
        membership_create(user=user, agency=agency, role=role, region=region_obj, by=None)


@transaction.atomic
def demo_load() -> list[DemoLogin]:
    """Kota Metro with its kecamatan, kelurahan and agencies; Lampung Timur; the province; the demo accounts."""
    if not Region.objects.filter(code="18.72").exists():
        regions_load(only="18")

    metro = _government(
        "18.72",
        name="Pemerintah Kota Metro",
        address="Jl. AH. Nasution No. 5, Imopuro, Metro Pusat, Kota Metro, Lampung",
        website="https://metrokota.go.id",
    )
    metro_agencies = {}
    for name, acronym, kind, head, address in METRO_AGENCIES:
        metro_agencies[acronym] = _agency(metro, name, acronym=acronym, kind=kind, head_name=head, address=address)
    for district in Region.objects.filter(parent_id="18.72", is_current=True).order_by("code"):
        _agency(metro, f"Kecamatan {district.name}", kind=K.DISTRICT, region=district)
        for village in district.children.filter(is_current=True).order_by("code"):
            _agency(metro, f"Kelurahan {village.name}", kind=K.VILLAGE, region=village)

    lamtim = _government("18.07", name="Pemerintah Kabupaten Lampung Timur")
    lamtim_agencies = {
        acronym: _agency(lamtim, name, acronym=acronym, kind=kind) for name, acronym, kind in LAMTIM_AGENCIES
    }

    province = _government("18", name="Pemerintah Provinsi Lampung")
    province_agencies = {
        acronym: _agency(province, name, acronym=acronym, kind=kind) for name, acronym, kind in PROVINCE_AGENCIES
    }

    iringmulyo = Agency.objects.get(government=metro, region_id="18.72.04.1003", kind=K.VILLAGE)
    accounts = [
        ("sekretariat", "Sekretariat Tim Terpadu (Kesbangpol)", metro_agencies["Kesbangpol"], Role.SECRETARIAT, None),
        ("bnn", "Verifikator BNN Kota Metro", metro_agencies["BNN Kota Metro"], Role.REVIEWER, None),
        ("disdik", "Operator Disdikbud", metro_agencies["Disdikbud"], Role.AGENCY_OPERATOR, None),
        ("kepala.disdik", "Kepala Disdikbud", metro_agencies["Disdikbud"], Role.AGENCY_HEAD, None),
        ("dinkes", "Operator Dinas Kesehatan", metro_agencies["Dinkes"], Role.AGENCY_OPERATOR, None),
        ("kel.iringmulyo", "Operator Kelurahan Iring Mulyo", iringmulyo, Role.AREA_OPERATOR, None),
        ("walikota", "Wali Kota Metro", metro_agencies["Setda"], Role.LEADER, None),
        (
            "provinsi",
            "Pemantau Kesbangpol Provinsi Lampung",
            province_agencies["Kesbangpol Provinsi"],
            Role.OBSERVER,
            "18",
        ),
        ("lamtim", "Sekretariat Tim Terpadu Lampung Timur", lamtim_agencies["Kesbangpol"], Role.SECRETARIAT, None),
    ]
    logins = []
    for username, full_name, agency, role, region in accounts:
        user = _user(username, full_name, government=agency.government)
        _role(user, agency, role, region)
        logins.append(DemoLogin(username, full_name, Role(role).label, f"{agency.name} ({agency.government.name})"))
    _user("admin", "Administrator Platform", superuser=True)
    logins.append(DemoLogin("admin", "Administrator Platform", "Administrator platform", "semua pemerintah daerah"))
    # The demo replays a past history through the services; its workflow notices (dated today) are not kept.
    last_notice = Notification.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    last_hook = WebhookDelivery.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    demo_plans(
        secretariat=User.objects.get(username="sekretariat"),
        operators={"Disdikbud": User.objects.get(username="disdik"), "Dinkes": User.objects.get(username="dinkes")},
    )
    demo_reports()
    demo_programmes()
    demo_coordination()
    Notification.objects.filter(pk__gt=last_notice).delete()
    WebhookDelivery.objects.filter(pk__gt=last_hook).delete()
    # The demo backdates submissions with plain updates, past the services that keep the roll-ups current.
    rebuild_all()
    return logins
