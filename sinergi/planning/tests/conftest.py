from decimal import Decimal

import pytest

from conftest import metro_agency
from sinergi.accounts.models import User
from sinergi.organizations.models import Government
from sinergi.planning import services
from sinergi.planning.models import NationalAction, NationalPlan


@pytest.fixture
def secretariat(db):
    return User.objects.get(username="sekretariat")


@pytest.fixture
def draft_plan(secretariat):
    """A draft RAD 2022 of Kota Metro with one Disdikbud and one Dinkes action."""
    metro = Government.objects.get(region_id="18.72")
    ran = NationalPlan.objects.get(start_year=2020)
    plan = services.plan_create(
        government=metro, national_plan=ran, title="RAD P4GN Kota Metro Tahun 2022", start_year=2022, end_year=2022,
        by=secretariat,
    )  # fmt: skip
    socialisation = NationalAction.objects.get(field__national_plan=ran, code="1.2")
    for acronym, budget in (("Disdikbud", 30_000_000), ("Dinkes", 20_000_000)):
        action = services.action_create(
            plan=plan,
            by=secretariat,
            field=socialisation.field,
            national_action=socialisation,
            title=f"Sosialisasi P4GN oleh {acronym}",
            responsible_agency=metro_agency(acronym),
            budget=Decimal(budget),
            budget_source="apbd",
            months="3,9",
        )
        services.indicator_create(
            action=action,
            by=secretariat,
            name="Peserta",
            unit="orang",
            targets={(2022, 0): Decimal(100), (2022, 1): Decimal(40), (2022, 2): Decimal(60)},
        )
    return plan
