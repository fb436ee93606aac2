"""Indicators fed by programme records (issue 5 §6): each source computed from records, confirm or override in the
service, the report page and the API, validation of source filters and constant query counts.

Every test works in a government of its own (a Lampung regency without one), so demo records never count.
"""

import json
from datetime import date, datetime, timedelta
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from sinergi.accounts.models import User
from sinergi.organizations.models import Agency, Government, Membership
from sinergi.planning.models import Action, Indicator, NationalPlan, PlanStatus, RegionalPlan
from sinergi.programmes import indicators
from sinergi.programmes.models import (
    BersinarProgramme,
    BersinarStep,
    Event,
    UrineTestCampaign,
    Volunteer,
    VolunteerGroup,
    VulnerabilityAssessment,
)
from sinergi.regions.models import Region
from sinergi.reporting import services
from sinergi.reporting.models import Report, ReportStatus

START, END = date(2023, 1, 1), date(2023, 6, 30)


@pytest.fixture
def world(db):
    region = Region.objects.filter(level=2, code__startswith="18.", government__isnull=True).order_by("code").first()
    government = Government.objects.create(region=region, name="Pemerintah Uji")
    kecamatan = Region.objects.filter(parent=region).order_by("code").first()
    villages = list(Region.objects.filter(parent=kecamatan).order_by("code")[:4])

    def agency(name, kind="department", **extra):
        return Agency.objects.create(government=government, name=name, acronym=name[:10], kind=kind, **extra)

    w = SimpleNamespace(
        government=government,
        kecamatan=kecamatan,
        villages=villages,
        agency=agency("Dinas Uji"),
        other=agency("Dinas Lain"),
        kesbang=agency("Kesbangpol Uji", "board"),
        district=agency("Kecamatan Uji", "district", region=kecamatan),
    )
    w.operator = User.objects.create_user("operator.uji", password="rahasia-uji-123")
    w.secretary = User.objects.create_user("sekretariat.uji", password="rahasia-uji-123")
    w.reviewer = User.objects.create_user("reviewer.uji", password="rahasia-uji-123")
    Membership.objects.create(user=w.operator, government=government, agency=w.agency, role="agency_operator")
    Membership.objects.create(user=w.secretary, government=government, agency=w.kesbang, role="secretariat")
    Membership.objects.create(user=w.reviewer, government=government, agency=w.kesbang, role="reviewer")
    ran = NationalPlan.objects.get(start_year=2020, end_year=2024)
    w.plan = RegionalPlan.objects.create(
        government=government, national_plan=ran, title="RAD Uji 2023", start_year=2023, end_year=2023,
        status=PlanStatus.ADOPTED,
    )  # fmt: skip
    w.field = ran.fields.order_by("order").first()
    return w


def _action(w, agency, *specs):
    """An action of ``agency`` with one indicator per (source, filter) spec."""
    action = Action.objects.create(
        plan=w.plan, government=w.government, field=w.field, title=f"Aksi {agency.name} {Action.objects.count()}",
        responsible_agency=agency, local_justification="Uji.",
    )  # fmt: skip
    for number, (source, source_filter) in enumerate(specs, start=1):
        Indicator.objects.create(
            action=action, name=f"Indikator {number} {source}", unit="orang", source=source,
            source_filter=source_filter, order=number,
        )  # fmt: skip
    return action


def _open(w):
    return services.period_open(plan=w.plan, year=2023, number=1, by=w.secretary, due_on=date(2023, 7, 14))


def _computed(action, period) -> dict[str, Decimal]:
    """{indicator name: computed value} for the action's report."""
    report = Report.objects.select_related("period").get(period=period, action=action)
    values = list(report.values.select_related("indicator"))
    live = services.computed_values(report, values)
    return {v.indicator.name: live[v.indicator_id].value for v in values if v.indicator_id in live}


def _event(w, agency, on, *, kind="sosialisasi", status="held", participants=10, group="pelajar", partners=()):
    event = Event.objects.create(
        government=w.government, agency=agency, kind=kind, title=f"Kegiatan {on}", starts_on=on,
        target_group=group, participants=participants, status=status, created_by=w.secretary,
    )  # fmt: skip
    event.partner_agencies.set(partners)
    return event


# --- each source ---------------------------------------------------------------------------------------------


def test_events_and_participants_count_held_events_of_the_agency_in_the_period(world):
    w = world
    action = _action(
        w,
        w.agency,
        ("event_count", {}),
        ("event_count", {"kinds": ["penyuluhan", "sosialisasi"]}),
        ("participants", {}),
        ("participants", {"target_group": "pelajar"}),
    )
    _event(w, w.agency, START, participants=10)  # first day: counted
    _event(w, w.agency, END, kind="penyuluhan", participants=20, group="asn")  # last day: counted
    _event(w, w.agency, END + timedelta(days=1), participants=1000)  # the day after: not counted
    _event(w, w.agency, START - timedelta(days=1), participants=1000)  # the day before: not counted
    _event(w, w.agency, date(2023, 3, 1), status="cancelled", participants=1000)
    _event(w, w.agency, date(2023, 3, 2), status="planned", participants=1000)
    _event(w, w.other, date(2023, 3, 3), participants=1000)  # another agency's
    _event(w, w.other, date(2023, 3, 4), kind="kampanye", participants=5, partners=[w.agency])  # partner: counted
    values = _computed(action, _open(w))
    assert values == {
        "Indikator 1 event_count": 3,
        "Indikator 2 event_count": 2,
        "Indikator 3 participants": 35,
        "Indikator 4 participants": 15,
    }


def test_computed_value_lists_its_records_and_links_to_them(world):
    w = world
    action = _action(w, w.agency, ("event_count", {"kinds": ["sosialisasi"]}))
    for day in range(12):
        _event(w, w.agency, date(2023, 2, 1) + timedelta(days=day), participants=day)
    period = _open(w)
    report = Report.objects.select_related("period").get(period=period, action=action)
    result = indicators.compute(action.indicators.get(), report)
    assert result.value == 12 and result.count == 12 and result.more == 2
    assert [r.on for r in result.records][:2] == [date(2023, 2, 12), date(2023, 2, 11)]  # newest first
    assert result.records[0].url.startswith("/kegiatan/")
    assert (
        f"agency={w.agency.pk}" in result.url and "kind=sosialisasi" in result.url and "dari=2023-01-01" in result.url
    )


def test_people_tested_sums_the_agencys_urine_tests_in_the_period(world):
    w = world
    action = _action(w, w.agency, ("people_tested", {}), ("people_tested", {"target_group": "asn"}))

    def test(agency, on, tested, group="asn"):
        UrineTestCampaign.objects.create(
            government=w.government, agency=agency, host_name="Kantor", held_on=on, group=group, tested=tested,
            created_by=w.secretary,
        )  # fmt: skip

    test(w.agency, END, 30)
    test(w.agency, START, 12, group="pelajar")
    test(w.agency, END + timedelta(days=1), 1000)
    test(w.other, END, 1000)
    assert _computed(action, _open(w)) == {"Indikator 1 people_tested": 42, "Indikator 2 people_tested": 30}


def _volunteer_group(w, *, agency=None, region=None, active=True, members=1, inactive_members=0):
    group = VolunteerGroup.objects.create(
        government=w.government, name=f"Relawan {VolunteerGroup.objects.count()}", kind="relawan", agency=agency,
        region=region, is_active=active,
    )  # fmt: skip
    for number in range(members + inactive_members):
        Volunteer.objects.create(
            group=group, government=w.government, name=f"Relawan {number}", sex="L", birth_year=1990,
            region=region or w.villages[0], is_active=number < members,
        )  # fmt: skip
    return group


def test_active_volunteers_at_the_end_of_the_period(world):
    w = world
    mine = _action(w, w.agency, ("active_volunteers", {}))
    area = _action(w, w.district, ("active_volunteers", {}))
    coordinator = _action(w, w.kesbang, ("active_volunteers", {}))
    _volunteer_group(w, agency=w.agency, members=3, inactive_members=2)  # 3 active
    _volunteer_group(w, agency=w.agency, members=4, active=False)  # inactive group: none
    late = _volunteer_group(w, agency=w.agency, members=5)  # created after the period: none
    _volunteer_group(w, region=w.villages[1], members=2)  # in the district's area
    _volunteer_group(w, agency=w.other, members=1)
    in_time, after = (timezone.make_aware(datetime(*day)) for day in ((2023, 6, 30, 23, 0), (2023, 7, 1, 0, 0)))
    VolunteerGroup.objects.filter(government=w.government).update(created_at=in_time)
    Volunteer.objects.filter(government=w.government).update(created_at=in_time)
    Volunteer.objects.filter(group=late).update(created_at=after)
    period = _open(w)
    assert list(_computed(mine, period).values()) == [3]
    assert list(_computed(area, period).values()) == [2]
    # The coordinating agency (the secretariat's, Kesbangpol) counts every group of the government.
    assert list(_computed(coordinator, period).values()) == [6]


def test_villages_with_a_status_use_the_latest_assessment_up_to_the_year(world):
    w = world
    action = _action(w, w.agency, ("villages_status", {"status": "bahaya"}), ("villages_status", {"status": "aman"}))
    a, b, c, d = w.villages

    def assess(region, year, status):
        VulnerabilityAssessment.objects.create(
            government=w.government, region=region, year=year, status=status, assessed_on=date(year, 3, 1),
            assessor=w.secretary,
        )  # fmt: skip

    assess(a, 2022, "bahaya")
    assess(a, 2023, "aman")  # improved this year: aman
    assess(b, 2022, "bahaya")  # not assessed again: still bahaya
    assess(c, 2024, "bahaya")  # a later year does not count
    assess(d, 2023, "bahaya")
    assert _computed(action, _open(w)) == {"Indikator 1 villages_status": 2, "Indikator 2 villages_status": 1}


def test_villages_bersinar_count_a_stage_or_beyond_reached_by_the_period_end(world):
    w = world
    action = _action(w, w.agency, ("villages_bersinar", {"stage": "penetapan_sk"}))
    a, b, c, _d = w.villages

    def programme(region, *steps):
        p = BersinarProgramme.objects.create(government=w.government, region=region)
        for stage, on in steps:
            BersinarStep.objects.create(programme=p, stage=stage, done_on=on)

    programme(a, ("pemetaan", date(2023, 1, 5)), ("pokja", date(2023, 3, 1)))  # beyond: counted
    programme(b, ("pemetaan", date(2023, 1, 5)))  # not yet
    programme(c, ("pemetaan", date(2023, 1, 5)), ("penetapan_sk", END + timedelta(days=1)))  # too late
    assert list(_computed(action, _open(w)).values()) == [1]


def test_manual_indicators_compute_nothing(world):
    action = _action(world, world.agency, ("manual", {}))
    assert _computed(action, _open(world)) == {}


def test_batch_runs_a_constant_number_of_queries(world):
    w = world
    specs = [
        ("event_count", {}),
        ("participants", {"target_group": "pelajar"}),
        ("people_tested", {}),
        ("active_volunteers", {}),
        ("villages_status", {"status": "bahaya"}),
        ("villages_bersinar", {"stage": "pemetaan"}),
    ]
    actions = [_action(w, agency, *specs) for agency in (w.agency, w.other, w.kesbang, w.district)]
    for day in range(20):
        _event(w, w.agency if day % 2 else w.other, date(2023, 2, 1) + timedelta(days=day))
    period = _open(w)

    def pairs(selected):
        reports = Report.objects.select_related("period").filter(period=period, action__in=selected)
        return [(v.indicator, r) for r in reports for v in r.values.select_related("indicator")]

    few, many = pairs(actions[:1]), pairs(actions)
    with CaptureQueriesContext(connection) as small:
        indicators.compute_many(few)
    with CaptureQueriesContext(connection) as large:
        indicators.compute_many(many)
    assert len(large) == len(small) <= 7


# --- validation of the source filter -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("source", "source_filter", "ok"),
    [
        ("event_count", {"kinds": ["sosialisasi", "kampanye"]}, True),
        ("event_count", {"kinds": ["pesta"]}, False),
        ("participants", {"target_group": "pelajar"}, True),
        ("participants", {"target_group": "anak"}, False),
        ("people_tested", {"kinds": ["sosialisasi"]}, False),  # kinds are not used by this source
        ("villages_status", {"status": "siaga"}, True),
        ("villages_status", {"status": "merah"}, False),
        ("villages_status", {}, False),  # the status is required
        ("villages_bersinar", {"stage": "pokja"}, True),
        ("villages_bersinar", {"stage": "pokja", "status": "aman"}, False),
        ("active_volunteers", {}, True),
        ("manual", {"kinds": ["sosialisasi"]}, False),
    ],
)
def test_source_filter_validation(world, source, source_filter, ok):
    action = _action(world, world.agency)
    indicator = Indicator(action=action, name="Indikator", unit="orang", source=source, source_filter=source_filter)
    if ok:
        indicator.full_clean()
    else:
        with pytest.raises(ValidationError) as exc:
            indicator.full_clean()
        assert "source_filter" in exc.value.message_dict


# --- confirm or override: service ----------------------------------------------------------------------------


@pytest.fixture
def reported(world):
    """A draft report with one computed indicator (3 events in the period) and one typed one."""
    w = world
    action = _action(w, w.agency, ("event_count", {}), ("manual", {}))
    for day in (1, 2, 3):
        _event(w, w.agency, date(2023, 4, day))
    period = _open(w)
    w.report = Report.objects.get(period=period, action=action)
    w.computed, w.manual = list(action.indicators.order_by("order"))
    services.report_save(report=w.report, by=w.operator, narrative="Terlaksana.", values={w.manual.pk: 5})
    return w


def _value(w):
    return w.report.values.get(indicator=w.computed)


def test_submit_refuses_an_override_without_a_reason(reported):
    w = reported
    services.report_save(report=w.report, by=w.operator, values={w.computed.pk: 4})
    assert _value(w).computed == 3
    with pytest.raises(ValidationError) as exc:
        services.report_submit(report=w.report, by=w.operator)
    assert f"values.{w.computed.pk}" in exc.value.message_dict
    services.report_save(
        report=w.report, by=w.operator, override_reasons={w.computed.pk: "Satu kegiatan belum dicatat."}
    )
    services.report_submit(report=w.report, by=w.operator)
    value = _value(w)
    assert (value.value, value.computed, value.is_overridden) == (4, 3, True)


def test_confirm_takes_the_computed_value(reported):
    w = reported
    services.report_save(
        report=w.report, by=w.operator, values={w.computed.pk: 4}, override_reasons={w.computed.pk: "x"}
    )
    services.report_save(report=w.report, by=w.operator, confirm=[w.computed.pk])
    value = _value(w)
    assert (value.value, value.computed, value.override_reason, value.is_overridden) == (3, 3, "", False)
    services.report_submit(report=w.report, by=w.operator)


def test_submit_stores_what_the_records_give_at_that_moment(reported):
    w = reported
    services.report_save(report=w.report, by=w.operator, confirm=[w.computed.pk])
    _event(w, w.agency, date(2023, 5, 1))  # recorded after the operator confirmed: 4 now
    with pytest.raises(ValidationError):
        services.report_submit(report=w.report, by=w.operator)
    services.report_save(report=w.report, by=w.operator, confirm=[w.computed.pk])
    services.report_submit(report=w.report, by=w.operator)
    assert _value(w).computed == 4


def test_a_reason_for_a_typed_indicator_is_refused(reported):
    w = reported
    with pytest.raises(ValidationError) as exc:
        services.report_save(report=w.report, by=w.operator, override_reasons={w.manual.pk: "x"})
    assert f"override_reasons.{w.manual.pk}" in exc.value.message_dict


# --- confirm or override: the report page ------------------------------------------------------------------


def _client(user):
    client = Client()
    client.force_login(user)
    return client


def test_report_page_shows_the_computed_value_and_its_records_prefilled(reported):
    w = reported
    page = _client(w.operator).get(f"/laporan/{w.report.pk}/").content.decode()
    assert "Kegiatan 2023-04-03" in page
    assert f'name="value_{w.computed.pk}" data-value-of="{w.computed.pk}" value="3"' in page
    assert f'name="confirm" value="{w.computed.pk}"' in page


def test_report_page_confirm_and_override(reported):
    w = reported
    client = _client(w.operator)
    url = f"/laporan/{w.report.pk}/"
    base = {"form": "values", f"value_{w.manual.pk}": "5", "narrative": "Terlaksana."}
    client.post(url, {**base, f"value_{w.computed.pk}": "7", f"reason_{w.computed.pk}": ""})
    assert _value(w).value == 7
    client.post(f"/laporan/{w.report.pk}/langkah/submit/")
    w.report.refresh_from_db()
    assert w.report.status == ReportStatus.DRAFT  # refused: no reason
    client.post(url, {**base, f"value_{w.computed.pk}": "7", "confirm": str(w.computed.pk)})
    assert (_value(w).value, _value(w).computed) == (3, 3)
    client.post(url, {**base, f"value_{w.computed.pk}": "7", f"reason_{w.computed.pk}": "Data kelurahan."})
    client.post(f"/laporan/{w.report.pk}/langkah/submit/")
    w.report.refresh_from_db()
    assert w.report.status == ReportStatus.SUBMITTED
    # The reviewer sees the overridden value flagged with its reason.
    page = _client(w.reviewer).get(url).content.decode()
    assert 'class="overridden"' in page
    assert "Data kelurahan." in page


def test_report_page_query_count_does_not_grow_with_computed_indicators(world):
    w = world
    specs = [("event_count", {}), ("participants", {}), ("people_tested", {}), ("villages_status", {"status": "aman"})]
    small = _action(w, w.agency, *specs[:1])
    large = _action(w, w.agency, *(specs * 3))
    for day in range(15):
        _event(w, w.agency, date(2023, 2, 1) + timedelta(days=day))
    period = _open(w)
    client = _client(w.operator)
    counts = []
    for action in (small, large):
        report = Report.objects.get(period=period, action=action)
        client.get(f"/laporan/{report.pk}/")  # warm caches (sessions, scope)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(f"/laporan/{report.pk}/").status_code == 200
        counts.append(len(queries))
    # Twelve computed indicators instead of one: one more query per extra source family (2), not per indicator.
    assert counts[1] <= counts[0] + 2, counts


# --- confirm or override: the API ----------------------------------------------------------------------------


def _api(user):
    from sinergi.accounts.services import token_create

    _token, key = token_create(user=user, name="test")
    return Client(headers={"authorization": f"Bearer {key}"})


def _patch(client, url, body):
    return client.patch(url, json.dumps(body), content_type="application/json")


def test_api_exposes_and_accepts_computed_values(reported):
    w = reported
    client = _api(w.operator)
    url = f"/api/v1/reports/{w.report.pk}"
    computed = client.get(f"{url}/computed").json()
    assert [(c["indicator_id"], c["computed"], c["count"]) for c in computed] == [(w.computed.pk, "3", 3)]
    assert computed[0]["records"][0]["title"] == "Kegiatan 2023-04-03"
    response = _patch(client, url, {"values": {str(w.computed.pk): 9}})
    value = next(v for v in response.json()["values"] if v["indicator_id"] == w.computed.pk)
    assert (value["value"], value["computed"], value["overridden"]) == ("9.00", "3.00", True)
    refused = client.post(f"{url}/submit")
    assert refused.status_code == 422
    assert f"values.{w.computed.pk}" in refused.json()["error"]["fields"]
    response = _patch(client, url, {"override_reasons": {str(w.computed.pk): "Dua kegiatan di luar sistem."}})
    value = next(v for v in response.json()["values"] if v["indicator_id"] == w.computed.pk)
    assert value["override_reason"] == "Dua kegiatan di luar sistem."
    assert client.post(f"{url}/submit").status_code == 200


def test_api_confirm(reported):
    w = reported
    client = _api(w.operator)
    url = f"/api/v1/reports/{w.report.pk}"
    response = _patch(client, url, {"confirm": [w.computed.pk]})
    value = next(v for v in response.json()["values"] if v["indicator_id"] == w.computed.pk)
    assert (value["value"], value["overridden"]) == ("3.00", False)
    assert client.post(f"{url}/submit").status_code == 200
