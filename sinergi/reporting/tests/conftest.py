from datetime import date
from decimal import Decimal

import pytest

from sinergi.accounts.models import User
from sinergi.planning.models import RegionalPlan
from sinergi.reporting import services


@pytest.fixture
def secretariat(db):
    return User.objects.get(username="sekretariat")


@pytest.fixture
def period(secretariat):
    """Semester I 2023 of Kota Metro on the adopted demo RAD 2023, due 10 July 2023."""
    plan = RegionalPlan.objects.get(government__region_id="18.72", start_year=2023)
    return services.period_open(plan=plan, year=2023, number=1, by=secretariat, due_on=date(2023, 7, 14))


def fill(report, by, value=Decimal(10)):
    """Write a complete draft: every indicator's value and a narrative."""
    services.report_save(
        report=report,
        by=by,
        values={v.indicator_id: value for v in report.values.all()},
        narrative="Kegiatan terlaksana sesuai jadwal.",
        budget_realised=Decimal(1_000_000),
    )
