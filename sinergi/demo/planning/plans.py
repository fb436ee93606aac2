"""Demo plans for Kota Metro: RAD P4GN 2023 (adopted), RAD P4GN 2024 (adopted early in 2024, version 1) and its
revision after the Rakor of 24 September 2024 (version 2, in review).

The story follows ../shared/seed/: the Rakor discussed the RAD 2024; agencies proposed new actions (cadres down
to the kelurahan, Desa Bersinar, workplace supervision) and the secretariat is reviewing them. Numbers are
illustrative.
"""

from datetime import date
from decimal import Decimal

from sinergi.demo.planning.actions import ACTIONS_2023, CHANGED_IN_2024, DROPPED_IN_2024, NEW_IN_2024
from sinergi.organizations.models import Agency, Government
from sinergi.planning import services
from sinergi.planning.models import NationalAction, NationalPlan, RegionalPlan
from sinergi.regions.models import Region


def _agency(government: Government, key: str) -> Agency:
    agencies = Agency.objects.filter(government=government, valid_until__isnull=True)
    return agencies.filter(acronym=key).first() or agencies.get(name=key)


def _targets(plan: RegionalPlan, yearly: int, aggregation: str) -> dict:
    targets = {}
    for year in plan.years:
        targets[(year, 0)] = Decimal(yearly)
        if aggregation == "sum":
            first = Decimal(yearly // 2)
            targets[(year, 1)], targets[(year, 2)] = first, Decimal(yearly) - first
        else:
            targets[(year, 1)], targets[(year, 2)] = Decimal((yearly + 1) // 2), Decimal(yearly)
    return targets


def _add(plan: RegionalPlan, row, by=None):
    agency_key, code, title, indicator, unit, yearly, budget, source, months, group, places, partners, agg = row
    government = plan.government
    national = (
        NationalAction.objects.select_related("field").get(field__national_plan=plan.national_plan, code=code)
        if code
        else None
    )
    field = national.field if national else plan.national_plan.fields.get(code="1")
    locations = list(Region.objects.filter(code__startswith=government.region_id + ".", level=4, name__in=places))
    action = services.action_create(
        plan=plan,
        by=by,
        field=field,
        national_action=national,
        local_justification=""
        if national
        else "Program nasional Kejaksaan yang dilaksanakan bersama Dinas Pendidikan.",
        title=title,
        responsible_agency=_agency(government, agency_key),
        target_group=group,
        whole_government=not locations,
        months=months,
        budget=Decimal(budget),
        budget_source=source,
        supporting_agencies=[_agency(government, p) for p in partners],
        locations=locations,
    )
    services.indicator_create(
        action=action, by=by, name=indicator, unit=unit, aggregation=agg, targets=_targets(plan, yearly, agg)
    )
    return action


def demo_plans(*, secretariat, operators: dict) -> None:
    """Create the plans unless Kota Metro already has a 2024 plan: RAD 2023 adopted, RAD 2024 adopted (version 1)
    and its revision (version 2) in review."""
    metro = Government.objects.get(region_id="18.72")
    if RegionalPlan.objects.filter(government=metro, start_year=2024).exists():
        return
    ran = NationalPlan.objects.get(start_year=2020, end_year=2024)
    rad_2023 = services.plan_create(
        government=metro,
        national_plan=ran,
        title="RAD P4GN Kota Metro Tahun 2023",
        start_year=2023,
        end_year=2023,
        by=secretariat,
    )
    for row in ACTIONS_2023:
        _add(rad_2023, row, by=secretariat)
    services.plan_submit_for_review(plan=rad_2023, by=secretariat)
    services.actions_accept(plan=rad_2023, by=secretariat)
    services.plan_adopt(
        plan=rad_2023, by=secretariat, kind="sk", number="300/45/D-3/2023 (contoh demo)", on=date(2023, 3, 14)
    )

    rad_2024 = services.plan_carry_forward(
        plan=rad_2023, start_year=2024, end_year=2024, title="RAD P4GN Kota Metro Tahun 2024", by=secretariat
    )
    for action in rad_2024.actions.prefetch_related("indicators"):
        if action.title in DROPPED_IN_2024:
            services.action_delete(action=action, by=secretariat)
        elif action.title in CHANGED_IN_2024:
            yearly, budget = CHANGED_IN_2024[action.title]
            services.action_update(action=action, by=secretariat, budget=Decimal(budget))
            indicator = action.indicators.first()
            services.targets_set(
                indicator=indicator, values=_targets(rad_2024, yearly, indicator.aggregation), by=secretariat
            )
    services.plan_submit_for_review(plan=rad_2024, by=secretariat)
    services.actions_accept(plan=rad_2024, by=secretariat)
    services.plan_adopt(
        plan=rad_2024, by=secretariat, kind="sk", number="300/12/D-3/2024 (contoh demo)", on=date(2024, 2, 20)
    )
    # Semester I 2024 is reported on this adopted version (see sinergi/demo/reporting.py).

    # After the Rakor of 24 September 2024 the secretariat revised the plan: agencies proposed new actions.
    revision = services.plan_revise(plan=rad_2024, by=secretariat)
    for row in NEW_IN_2024:
        by = operators.get(row[0], secretariat)
        _add(revision, row, by=by)
    services.plan_submit_for_review(plan=revision, by=secretariat)
    rad_2024 = revision

    # The review under way: some actions accepted, one returned with a reason, a comment on the plan.
    actions = {a.title: a for a in rad_2024.actions.all()}
    for title in (
        "Tes urine ASN eselon II dan III bersama BNN Kota Metro",
        "Pemetaan kawasan rawan narkoba tingkat kelurahan",
        "Penyusunan RAD P4GN Kota Metro Tahun 2024",
    ):
        services.action_accept(action=actions[title], by=secretariat)
    services.action_return(
        action=actions["Penyuluhan bahaya narkoba di posyandu remaja"],
        by=secretariat,
        reason="Mohon rinci lokasi posyandu remaja per kecamatan dan sesuaikan target semester dengan jadwal.",
    )
    services.comment_add(
        plan=rad_2024,
        by=secretariat,
        text="Hasil Rakor 24 September 2024: perkuat pengawasan di lingkungan kerja dan pembentukan kader hingga "
        "kelurahan. Perangkat daerah mohon melengkapi indikator dan anggaran sebelum penetapan.",
    )
    return
