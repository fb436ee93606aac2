"""Kota Metro plans for the document tests, built through the planning services."""

import io
from datetime import date
from decimal import Decimal

from django.core.files.base import ContentFile

from sinergi.accounts.models import User
from sinergi.organizations.models import Agency, Government
from sinergi.planning.models import NationalAction, NationalPlan, RegionalPlan
from sinergi.planning.services import (
    action_create,
    actions_accept,
    indicator_create,
    plan_adopt,
    plan_create,
    plan_submit_for_review,
)
from sinergi.regions.models import Region

SIGNATORY = {"signatory_name": "Nama Wali Kota (contoh)", "signatory_nip": "", "signatory_title": "Wali Kota Metro"}


def metro() -> Government:
    return Government.objects.get(region_id="18.72")


def agency(acronym: str) -> Agency:
    return Agency.objects.get(government=metro(), acronym=acronym)


def secretariat() -> User:
    return User.objects.get(username="sekretariat")


def national(code: str) -> NationalAction:
    return NationalAction.objects.get(field__national_plan__start_year=2020, code=code)


def sign_as_mayor() -> Government:
    government = metro()
    for name, value in SIGNATORY.items():
        setattr(government, name, value)
    government.phone = "(0725) 41098"
    government.email = "pemkot@metrokota.go.id"
    government.save()
    return government


def empty_plan(*, start_year: int = 2024, end_year: int = 2024, **extra) -> RegionalPlan:
    return plan_create(
        government=metro(),
        national_plan=NationalPlan.objects.get(start_year=2020),
        title=f"RAD P4GN {start_year}",
        start_year=start_year,
        end_year=end_year,
        by=secretariat(),
        **extra,
    )


def demo_plan() -> RegionalPlan:
    """A 2024 plan like the demo's: three actions in two fields, one with two indicators, one local."""
    by = secretariat()
    plan = empty_plan()
    urine = action_create(
        plan=plan,
        by=by,
        field=national("1.1").field,
        national_action=national("1.1"),
        title="Tes urine ASN Dinas Kesehatan",
        responsible_agency=agency("Dinkes"),
        supporting_agencies=[agency("BNN Kota Metro"), agency("RSUD")],
        months="1,2,3,4,5,6",
        budget=Decimal("1250000"),
        budget_source="apbd",
    )
    indicator_create(
        action=urine,
        by=by,
        name="ASN yang dites urine",
        unit="orang",
        targets={(2024, 0): Decimal(120), (2024, 1): Decimal(60), (2024, 2): Decimal(60)},
    )
    indicator_create(
        action=urine,
        by=by,
        name="Cakupan tes urine",
        unit="persen",
        targets={(2024, 0): Decimal("87.5"), (2024, 1): Decimal("40"), (2024, 2): Decimal("47.5")},
    )
    school = action_create(
        plan=plan,
        by=by,
        field=national("1.2").field,
        national_action=national("1.2"),
        title="Sosialisasi P4GN di sekolah menengah",
        responsible_agency=agency("Disdikbud"),
        whole_government=False,
        locations=list(Region.objects.filter(code__in=["18.72.04.1003", "18.72.01.1001"])),
        months="3,8,9,10",
        budget=Decimal("15500000"),
        budget_source="dana_kelurahan",
    )
    indicator_create(
        action=school,
        by=by,
        name="Peserta sosialisasi",
        unit="orang",
        targets={(2024, 0): Decimal(1500), (2024, 1): Decimal(700), (2024, 2): Decimal(800)},
    )
    raid = action_create(
        plan=plan,
        by=by,
        field=national("2.1").field,
        local_justification="Kebutuhan daerah",
        title='=HYPERLINK("http://example.invalid") razia gabungan tempat hiburan',
        responsible_agency=agency("Satpol PP"),
        months="1,2,3,4,5,6,7,8,9,10,11,12",
        budget=Decimal("7000000"),
        budget_source="apbd",
    )
    indicator_create(action=raid, by=by, name="Razia gabungan", unit="kegiatan", targets={(2024, 0): Decimal(12)})
    return plan


def adopt(plan: RegionalPlan) -> RegionalPlan:
    plan_submit_for_review(plan=plan, by=secretariat())
    actions_accept(plan=plan, by=secretariat())
    plan_adopt(plan=plan, by=secretariat(), kind="perwali", number="12 Tahun 2024", on=date(2024, 3, 15))
    return RegionalPlan.objects.get(pk=plan.pk)


def plan_with_actions(count: int) -> RegionalPlan:
    """A plan of ``count`` actions with two indicators each, spread over every field and several agencies."""
    by = secretariat()
    plan = empty_plan(start_year=2025, end_year=2026)
    actions = list(NationalAction.objects.filter(field__national_plan__start_year=2020).select_related("field"))
    agencies = [agency(a) for a in ("Dinkes", "Disdikbud", "Dinsos", "Satpol PP")]
    villages = list(Region.objects.filter(code__startswith="18.72.", level=4)[:4])
    for i in range(count):
        na = actions[i % len(actions)]
        action = action_create(
            plan=plan,
            by=by,
            field=na.field,
            national_action=na,
            title=f"Aksi {i + 1}",
            responsible_agency=agencies[i % len(agencies)],
            supporting_agencies=agencies[: i % 3],
            whole_government=i % 2 == 0,
            locations=villages[: i % 3 + 1] if i % 2 else [],
            months="1,2,3",
            budget=Decimal(1000000 * (i + 1)),
            budget_source="apbd",
        )
        for j in range(2):
            indicator_create(
                action=action,
                by=by,
                name=f"Indikator {i + 1}.{j + 1}",
                unit="orang",
                targets={(2025, 0): Decimal(10), (2025, 1): Decimal(5), (2026, 0): Decimal(20)},
            )
    return plan


def give_logo() -> Government:
    """Kota Metro with a small PNG logo drawn on the spot (no image file is committed)."""
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (120, 140), "white")
    ImageDraw.Draw(image).ellipse((10, 10, 110, 130), fill=(20, 90, 50), outline="black")
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    government = metro()
    government.logo.save("logo.png", ContentFile(buffer.getvalue()), save=True)
    return government
