"""Every row of one synthetic government: its agencies, RAD, periods and reports, events, urine tests, volunteer
groups, vulnerability assessments and Bersinar programmes."""

from datetime import date, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from sinergi.demo.national.content import (
    EVENT_KINDS,
    EVENT_TITLES,
    GROUP_KINDS,
    INDICATORS,
    NARRATIVES,
    OBSTACLES,
    PROVINCE_VERTICALS,
    REGENCY_AGENCIES,
    STAGES,
    TARGET_GROUPS,
    Context,
    random_day,
    random_moment,
    random_uuid,
    weighted,
)
from sinergi.demo.national.plans import PREFIX, GovernmentPlan, seeded
from sinergi.demo.national.writer import Writer
from sinergi.organizations.models import Agency, Government, default_time_zone
from sinergi.planning.models import (
    Action,
    Indicator,
    RegionalPlan,
    Target,
)
from sinergi.programmes.models import (
    BersinarProgramme,
    BersinarStep,
    Event,
    UrineTestCampaign,
    Volunteer,
    VolunteerGroup,
    VulnerabilityAssessment,
    VulnerabilityThresholds,
)
from sinergi.reporting.models import DeadlineExtension, Period, Report, ReportValue


def write_government(writer: Writer, plan: GovernmentPlan, ctx: Context) -> None:
    """Every row of one government."""
    place = plan.place
    rng = seeded(ctx.seed, place.code, "data")
    now, today, user = ctx.now, ctx.today, ctx.user_id
    tz_name = default_time_zone(place.code)
    tz = ZoneInfo(tz_name)
    province = place.level == 1
    label = f"Provinsi {place.name}" if province else place.name
    gid = writer.table(Government).add(
        region_id=place.code,
        name=f"{PREFIX} Pemerintah {label}",
        time_zone=tz_name,
        created_at=now,
        updated_at=now,
    )

    # Agencies: the sector agencies and verticals, and a district office per kecamatan.
    agencies = writer.table(Agency, created_at=now, updated_at=now)
    sector, weights = [], []
    for name, acronym, kind, weight in REGENCY_AGENCIES:
        if province and kind in PROVINCE_VERTICALS:
            name, acronym = PROVINCE_VERTICALS[kind]
        elif province and "{place}" not in name:
            name = f"{name} Provinsi {place.name}"
        aid = agencies.add(government_id=gid, name=name.format(place=place.name), acronym=acronym, kind=kind)
        sector.append(aid)
        weights.append(weight)
    bnn = sector[14]
    district_agency = {}
    if not province:
        seen = set()
        for code, name in place.districts:
            title = f"Kecamatan {name}" if name not in seen else f"Kecamatan {name} ({code})"
            seen.add(name)
            district_agency[code] = agencies.add(government_id=gid, name=title, kind="district", region_id=code)
    sector_cum = list(_cumulative(weights))

    def owner() -> int:
        return rng.choices(sector, cum_weights=sector_cum)[0]

    # The adopted RAD, its actions, indicators and targets.
    first, last = ctx.first_year, ctx.first_year + ctx.years - 1
    plan_id = writer.table(RegionalPlan).add(
        public_id=random_uuid(rng),
        government_id=gid,
        national_plan_id=ctx.national_plan_id,
        title=f"RAD P4GN {first}–{last}",
        start_year=first,
        end_year=last,
        status="adopted",
        legal_basis_kind="perwali" if not province else "keputusan",
        legal_basis_number=f"{rng.randrange(1, 60)}/{first}",
        legal_basis_date=date(first, 2, rng.randrange(1, 28)),
        adopted_at=random_moment(rng, date(first, 3, rng.randrange(1, 28)), tz),
        adopted_by_id=user,
        created_at=now,
        updated_at=now,
    )
    catalogue = ctx.national_actions["province" if province else "regency"]
    actions = writer.table(Action, created_at=now, updated_at=now)
    indicators, targets = writer.table(Indicator), writer.table(Target)
    action_rows = []  # (id, agency, budget, [(indicator id, aggregation, direction, {(year, period): target})])
    for order in range(plan.actions):
        na_id, field_id, description, success, unit = catalogue[order % len(catalogue)]
        agency = owner()
        budget = Decimal(rng.randrange(10, 750) * 1_000_000)
        action_id = actions.add(
            plan_id=plan_id,
            government_id=gid,
            public_id=random_uuid(rng),
            lineage=random_uuid(rng),
            field_id=field_id,
            national_action_id=na_id,
            title=f"{description} ({order + 1})"[:300],
            responsible_agency_id=agency,
            whole_government=True,
            months="1,2,3,4,5,6,7,8,9,10,11,12" if rng.random() < 0.6 else "3,4,5,6,7,8,9,10",
            budget=budget,
            budget_source="apbd" if rng.random() < 0.85 else "apbn",
            review_state="accepted",
            order=order,
        )
        own = []
        for i in range(1 if rng.random() < 0.6 else 2):
            name, unit_name = (success, unit) if i == 0 and success else INDICATORS[rng.randrange(len(INDICATORS))]
            roll = rng.random()
            aggregation = "sum" if roll < 0.7 else "latest" if roll < 0.9 else "max"
            direction = "lower" if rng.random() < 0.1 else "higher"
            indicator_id = indicators.add(
                lineage=random_uuid(rng),
                action_id=action_id,
                name=name[:300],
                unit=(unit_name or "kegiatan")[:50],
                aggregation=aggregation,
                direction=direction,
                baseline=Decimal(rng.randrange(0, 50)) if rng.random() < 0.5 else None,
                source="manual",
                source_filter={},
                order=i,
            )
            wanted = {}
            for year in ctx.year_list:
                annual = Decimal(rng.randrange(10, 500))
                wanted[year, 0] = annual
                if aggregation == "sum":
                    half = (annual * Decimal(rng.uniform(0.35, 0.65))).quantize(Decimal(1))
                    wanted[year, 1], wanted[year, 2] = half, annual - half
            for (year, period), value in wanted.items():
                targets.add(indicator_id=indicator_id, year=year, period=period, value=value)
            own.append((indicator_id, aggregation, direction, wanted))
        action_rows.append((action_id, agency, budget, own))

    # Ten semesters of reports: how diligent and how punctual this government is, improving over the years.
    compliance = rng.uniform(0.35, 0.95)
    punctuality = rng.uniform(0.3, 0.95)
    periods = writer.table(Period, kind="semester", created_at=now)
    reports = writer.table(Report, updated_at=now)
    values = writer.table(ReportValue)
    extensions = writer.table(DeadlineExtension, granted_by_id=user)
    agency_ids = sorted({row[1] for row in action_rows})
    for year in ctx.year_list:
        for number in (1, 2):
            starts = date(year, 1, 1) if number == 1 else date(year, 7, 1)
            ends = date(year, 6, 30) if number == 1 else date(year, 12, 31)
            due = ctx.due[year, number]
            if ends >= today:
                status = "open"
            elif year <= today.year - 2:
                status = "locked"
            else:
                status = "closed" if due + timedelta(days=90) < today else "open"
            period_id = periods.add(
                government_id=gid,
                plan_id=plan_id,
                year=year,
                number=number,
                starts_on=starts,
                ends_on=ends,
                due_on=due,
                status=status,
            )
            extended = {}
            for agency in agency_ids:
                if rng.random() < 0.03:
                    extended[agency] = due + timedelta(days=rng.randrange(7, 30))
                    extensions.add(
                        period_id=period_id,
                        agency_id=agency,
                        due_on=extended[agency],
                        reason="Perpanjangan karena keterlambatan data dari kecamatan.",
                        granted_at=random_moment(rng, due - timedelta(days=3), tz),
                    )
            diligence = min(0.99, compliance + 0.04 * (year - ctx.first_year))
            last_closed = ends < today <= ends + timedelta(days=240)
            for action_id, agency, budget, own in action_rows:
                report = {
                    "public_id": random_uuid(rng),
                    "period_id": period_id,
                    "action_id": action_id,
                    "government_id": gid,
                    "agency_id": agency,
                }
                filled = 0.2
                if ends < today and rng.random() < diligence:
                    deadline = extended.get(agency, due)
                    if rng.random() < punctuality:
                        first_day = deadline - timedelta(days=rng.randrange(0, 25))
                    else:
                        first_day = deadline + timedelta(days=rng.randrange(1, 60))
                    first_day = max(first_day, ends + timedelta(days=1))
                    if first_day < today:
                        filled = 1.0
                        first_at = random_moment(rng, first_day, tz)
                        roll = rng.random()
                        approved_share = 0.6 if last_closed else 0.88
                        if roll < approved_share:
                            state = "approved"
                        elif roll < approved_share + 0.03:
                            state = "head_approved"
                        elif roll < approved_share + 0.09:
                            state = "returned"
                        else:
                            state = "submitted"
                        submitted_at = first_at
                        if state == "submitted" and rng.random() < 0.2:
                            submitted_at = min(first_at + timedelta(days=rng.randrange(1, 20)), now)
                        report.update(status=state, first_submitted_at=first_at, submitted_at=submitted_at)
                        if state == "approved":
                            report["approved_at"] = min(submitted_at + timedelta(days=rng.randrange(2, 30)), now)
                        report["narrative"] = NARRATIVES[rng.randrange(len(NARRATIVES))]
                        obstacle = OBSTACLES[rng.randrange(len(OBSTACLES))]
                        if obstacle:
                            report["obstacles"] = obstacle
                            report["follow_up"] = "Dikoordinasikan dalam rakor Tim Terpadu berikutnya."
                        report["version"] = 2 if state == "returned" else 1
                    else:
                        filled = 0.3
                elif ends < today:
                    filled = 0.3
                if filled == 1.0 or rng.random() < filled:
                    report["budget_realised"] = (budget * Decimal(rng.uniform(0.2, 0.6))).quantize(Decimal(1000))
                report_id = reports.add(**report)
                for indicator_id, _aggregation, direction, wanted in own:
                    value = None
                    if filled == 1.0 or rng.random() < filled:
                        target = wanted.get((year, number), wanted[year, 0])
                        low, high = (0.5, 1.6) if direction == "lower" else (0.3, 1.4)
                        value = (target * Decimal(rng.uniform(low, high))).quantize(Decimal(1))
                    values.add(report_id=report_id, indicator_id=indicator_id, value=value)

    # Programme records over the years: events, urine tests, volunteers, assessments, Bersinar.
    first_day, last_day = date(ctx.first_year, 1, 1), date(last, 12, 31)
    districts = [code for code, _name in place.districts]
    villages = place.villages
    kinds, kind_cum = weighted(EVENT_KINDS)
    events = writer.table(Event, created_by_id=user, created_at=now, updated_at=now)
    action_ids = [row[0] for row in action_rows]
    for _ in range(plan.events):
        day = random_day(rng, first_day, last_day)
        roll = rng.random()
        region = None
        if roll < 0.85 and villages:
            region = villages[rng.randrange(len(villages))]
        elif roll < 0.95 and districts:
            region = districts[rng.randrange(len(districts))]
        agency = owner()
        if region is not None and rng.random() < 0.4 and region[:8] in district_agency:
            agency = district_agency[region[:8]]
        if day > today:
            status = "planned"
        else:
            roll = rng.random()
            status = "held" if roll < 0.92 else "planned" if roll < 0.95 else "cancelled"
        participants = rng.randrange(10, 300)
        row = {}
        if rng.random() < 0.85:
            row["male"] = rng.randint(0, participants)
            row["female"] = participants - row["male"]
        if rng.random() < 0.5:
            cuts = sorted(rng.randint(0, participants) for _ in range(3))
            bands = [cuts[0], cuts[1] - cuts[0], cuts[2] - cuts[1], participants - cuts[2]]
            row.update(zip(Event.AGE_FIELDS, bands, strict=True))
        kind = rng.choices(kinds, cum_weights=kind_cum)[0]
        events.add(
            government_id=gid,
            public_id=random_uuid(rng),
            agency_id=agency,
            kind=kind,
            title=EVENT_TITLES[kind],
            starts_on=day,
            region_id=region,
            target_group=TARGET_GROUPS[rng.randrange(len(TARGET_GROUPS))],
            participants=participants,
            action_id=action_ids[rng.randrange(len(action_ids))] if rng.random() < 0.3 else None,
            status=status,
            **row,
        )
    tests = writer.table(UrineTestCampaign, created_by_id=user, created_at=now)
    for year in ctx.year_list:
        for _ in range(plan.tests_per_year):
            tested = rng.randrange(10, 300)
            positive = rng.randint(0, tested // 15)
            host = sector[rng.randrange(len(sector))] if rng.random() < 0.5 else None
            tests.add(
                government_id=gid,
                agency_id=bnn if rng.random() < 0.6 else owner(),
                host_agency_id=host,
                host_name="" if host else f"Perusahaan mitra {rng.randrange(1, 400)}",
                held_on=random_day(rng, date(year, 1, 1), min(date(year, 12, 31), today)),
                group=TARGET_GROUPS[rng.randrange(len(TARGET_GROUPS))],
                tested=tested,
                positive=positive,
                referred=rng.randint(0, positive),
            )
    if villages:
        created_from = date(ctx.first_year - 1, 1, 1)
        groups = writer.table(VolunteerGroup)
        members = writer.table(Volunteer)
        for village in rng.sample(villages, plan.groups):
            formed = random_day(rng, created_from, today)
            active = rng.random() < 0.95
            group_id = groups.add(
                government_id=gid,
                name=f"Relawan Anti Narkoba {village}",
                kind=GROUP_KINDS[rng.randrange(len(GROUP_KINDS))],
                region_id=village,
                sk_number=f"{rng.randrange(1, 300)}/SK/{formed.year}",
                sk_date=formed,
                is_active=active,
                created_at=random_moment(rng, formed, tz),
            )
            for m in range(rng.randint(5, 15)):
                joined = random_day(rng, formed, today)
                members.add(
                    group_id=group_id,
                    government_id=gid,
                    name=f"Relawan {village} {m + 1}",
                    sex="L" if rng.random() < 0.55 else "P",
                    birth_year=rng.randrange(1965, 2006),
                    region_id=village,
                    role="Ketua" if m == 0 else "",
                    is_active=(still := rng.random() < 0.9),
                    joined_on=joined,
                    # Who left stayed half a year (or until today); no draw, so the rest of the data stays the same.
                    left_on=None if still else min(today, joined + timedelta(days=182)),
                    created_at=random_moment(rng, joined, tz),
                )
        thresholds = VulnerabilityThresholds()
        assessments = writer.table(VulnerabilityAssessment, assessor_id=user)
        main = ["kasus_narkoba", "kriminalitas", "kekerasan", "bandar", "produksi"]
        main += ["penyalahgunaan", "barang_bukti", "jalur_masuk"]
        supporting = ["tempat_hiburan", "hunian_privasi", "kemiskinan", "fasilitas_umum", "interaksi_sosial"]
        risk = {village: rng.random() for village in villages}
        for year in ctx.year_list:
            for village in rng.sample(villages, plan.assessed_per_year):
                if (village, year) in ctx.assessed:
                    continue
                level = risk[village]
                ratings = {
                    code: {"rating": min(3, max(0, round(rng.gauss(level * 2.2, 0.8))))} for code in main + supporting
                }
                score = sum((2 if code in main else 1) * value["rating"] for code, value in ratings.items())
                assessments.add(
                    government_id=gid,
                    region_id=village,
                    year=year,
                    ratings=ratings,
                    score=score,
                    status=thresholds.status_for(score),
                    assessed_on=random_day(rng, date(year, 1, 1), min(date(year, 12, 31), today)),
                )
        programmes = writer.table(BersinarProgramme, created_at=now, updated_at=now)
        steps = writer.table(BersinarStep)
        for village in rng.sample(villages, plan.bersinar):
            if village in ctx.bersinar:
                continue
            day = random_day(rng, date(ctx.first_year, 1, 1), today - timedelta(days=30))
            done = []
            for stage in STAGES[: rng.randint(1, len(STAGES))]:
                if day > today:
                    break
                done.append((stage, day))
                day += timedelta(days=rng.randrange(20, 240))
            named = dict(done).get("penetapan_sk")
            programme_id = programmes.add(government_id=gid, region_id=village, named_on=named, stage=done[-1][0])
            for stage, done_on in done:
                steps.add(programme_id=programme_id, stage=stage, done_on=done_on)


def _cumulative(weights):
    total = 0
    for weight in weights:
        total += weight
        yield total
