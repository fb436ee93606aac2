"""The semester roll-ups of governments and region subtrees: kept current by the services, equal to a rebuild from
the raw rows, read in a fixed number of queries."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from conftest import metro_agency
from sinergi.insights import areas
from sinergi.insights.models import NATION, GovernmentRollup, ProgrammeRollup, RegionRollup
from sinergi.insights.rollups import rebuild_all, verify
from sinergi.programmes import services
from sinergi.programmes.models import MAIN_INDICATORS, SUPPORTING_INDICATORS, Event, Volunteer
from sinergi.programmes.tests.people import IRING_MULYO, make_group, make_member, metro, region, user

IRING_MULYO_DISTRICT = "18.72.04"  # Kecamatan Metro Timur


def _row(code: str, year: int, semester: int) -> RegionRollup | None:
    return RegionRollup.objects.filter(code=code, year=year, semester=semester).first()


def _numbers(code: str, year: int, semester: int, *names: str) -> dict[str, int]:
    row = _row(code, year, semester)
    return {name: getattr(row, name) if row else 0 for name in names}


def _event(day: date, participants: int = 12, at: str = IRING_MULYO, **fields) -> Event:
    fields.setdefault("status", "held")
    return services.event_create(
        government=metro(),
        by=user("sekretariat"),
        agency=metro_agency("Kesbangpol"),
        kind="penyuluhan",
        title="Penyuluhan Uji Roll-up",
        starts_on=day,
        region=region(at) if at else None,
        target_group="pelajar",
        participants=participants,
        male=participants // 2,
        female=participants - participants // 2,
        **fields,
    )


def test_the_demo_has_rows_from_village_to_nation_and_they_add_up(db):
    assert verify() == []
    years = RegionRollup.objects.filter(code="18.72").values_list("year", "semester")
    assert years
    year, semester = max(years)
    nation = _row(NATION, year, semester)
    provinces = RegionRollup.objects.filter(year=year, semester=semester, level=1)
    assert nation.level == 0 and {p.parent_code for p in provinces} == {""}
    for name in ("expected", "submitted", "events_held", "participants", "volunteers", "governments"):
        assert getattr(nation, name) == sum(getattr(p, name) for p in provinces)
    city = _row("18.72", year, semester)
    districts = RegionRollup.objects.filter(year=year, semester=semester, parent_code="18.72")
    assert {d.level for d in districts} <= {3}
    # The city's events are those of its kecamatan plus those recorded for the whole city.
    whole_city = ProgrammeRollup.objects.filter(region_id="18.72", year=year, semester=semester)
    assert city.events_held == sum(d.events_held for d in districts) + sum(r.events_held for r in whole_city)
    government = GovernmentRollup.objects.get(government=metro(), year=year, semester=semester)
    assert (city.expected, city.events_held) == (government.expected, government.events_held)
    assert city.governments == 1


def test_an_event_moves_every_row_above_its_kelurahan(db):
    day = date(2024, 3, 5)
    chain = [IRING_MULYO, IRING_MULYO_DISTRICT, "18.72", "18", NATION]
    before = {code: _numbers(code, 2024, 1, "events_held", "participants") for code in chain}
    event = _event(day, participants=40)
    for code in chain:
        after = _numbers(code, 2024, 1, "events_held", "participants")
        assert after["events_held"] == before[code]["events_held"] + 1, code
        assert after["participants"] == before[code]["participants"] + 40, code
    assert verify() == []

    # Moved to the second semester: it leaves the first one and counts in the second.
    second_before = _numbers("18.72", 2024, 2, "events_held")["events_held"]
    services.event_update(event=event, by=user("sekretariat"), starts_on=date(2024, 8, 1))
    assert _numbers("18.72", 2024, 1, "events_held") == {"events_held": before["18.72"]["events_held"]}
    assert _numbers("18.72", 2024, 2, "events_held")["events_held"] == second_before + 1
    assert verify() == []

    services.event_delete(event=event, by=user("sekretariat"))
    assert _numbers("18.72", 2024, 2, "events_held")["events_held"] == second_before
    assert verify() == []


def test_an_event_of_the_whole_city_counts_in_the_city_not_in_a_kecamatan(db):
    before_city = _numbers("18.72", 2024, 1, "events_held")["events_held"]
    before_district = _numbers(IRING_MULYO_DISTRICT, 2024, 1, "events_held")["events_held"]
    _event(date(2024, 2, 2), at=None)
    assert _numbers("18.72", 2024, 1, "events_held")["events_held"] == before_city + 1
    assert _numbers(IRING_MULYO_DISTRICT, 2024, 1, "events_held")["events_held"] == before_district
    assert verify() == []


def test_urine_tests_count_at_the_government(db):
    before = _numbers("18", 2024, 1, "tested", "positive")
    services.urine_test_create(
        government=metro(),
        by=user("sekretariat"),
        agency=metro_agency("BNN Kota Metro"),
        held_on=date(2024, 4, 4),
        host_name="SMA Negeri Uji",
        group="asn",
        tested=30,
        positive=2,
        referred=1,
    )
    assert _numbers("18", 2024, 1, "tested", "positive") == {
        "tested": before["tested"] + 30,
        "positive": before["positive"] + 2,
    }
    assert verify() == []


def test_an_assessment_counts_in_both_semesters_of_its_year(db):
    ratings = {code: {"rating": 3, "source": "Data uji"} for code in (*MAIN_INDICATORS, *SUPPORTING_INDICATORS)}
    before = [_numbers(IRING_MULYO_DISTRICT, 2021, s, "villages_bahaya")["villages_bahaya"] for s in (1, 2)]
    services.assessment_record(
        government=metro(),
        region=region(IRING_MULYO),
        year=2021,
        ratings=ratings,
        assessed_on=date(2021, 3, 1),
        by=user("sekretariat"),
    )
    after = [_numbers(IRING_MULYO_DISTRICT, 2021, s, "villages_bahaya")["villages_bahaya"] for s in (1, 2)]
    assert after == [before[0] + 1, before[1] + 1]
    assert verify() == []


def test_volunteers_count_in_the_semesters_that_exist_and_follow_a_deactivation(db):
    year, semester = areas.semester_of_day(date.today())
    _event(date.today())  # the government is active this semester
    before = _numbers("18.72", year, semester, "volunteers")["volunteers"]
    member = make_member(make_group("Relawan Uji Roll-up"))
    assert _numbers("18.72", year, semester, "volunteers")["volunteers"] == before + 1
    services.volunteer_update(volunteer=member, by=user("sekretariat"), is_active=False)
    # Leaving today: they served part of this semester, so it still counts them (active by joining/leaving dates).
    assert _numbers("18.72", year, semester, "volunteers")["volunteers"] == before + 1
    assert Volunteer.objects.get(pk=member.pk).left_on == date.today()
    assert verify() == []
    assert Volunteer.objects.filter(pk=member.pk, is_active=False).exists()


def test_a_rebuild_gives_back_what_the_services_kept(db):
    _event(date(2023, 5, 5))
    stored = {
        (r.code, r.year, r.semester): (r.events_held, r.expected, r.submitted, r.volunteers)
        for r in RegionRollup.objects.all()
    }
    rebuild_all()
    rebuilt = {
        (r.code, r.year, r.semester): (r.events_held, r.expected, r.submitted, r.volunteers)
        for r in RegionRollup.objects.all()
    }
    assert rebuilt == stored
    assert verify() == []


def test_a_stored_difference_is_reported(db):
    row = RegionRollup.objects.filter(code="18").order_by("year", "semester").first()
    RegionRollup.objects.filter(pk=row.pk).update(events_held=row.events_held + 5)
    differences = verify()
    assert any("wilayah 18," in line and "events_held" in line for line in differences)
    rebuild_all()
    assert verify() == []


def test_refreshing_a_government_takes_the_same_queries_whatever_its_data(db):
    with CaptureQueriesContext(connection) as small:
        areas.refresh_government(metro().pk, 2024, 1)
    for i, code in enumerate(["18.72.01.1001", "18.72.02.1001", "18.72.03.1001", IRING_MULYO] * 5):
        _event(date(2024, 1, 10 + i), at=code)
    with CaptureQueriesContext(connection) as large:
        areas.refresh_government(metro().pk, 2024, 1)
    assert len(large) == len(small) <= 40


@pytest.mark.parametrize("semester", [1, 2])
def test_semester_bounds(semester):
    starts_on, ends_on = areas.semester_bounds(2025, semester)
    assert areas.semester_of_day(starts_on) == areas.semester_of_day(ends_on) == (2025, semester)
