"""The dashboards (/dasbor/): what each persona opens, numbers equal to the roll-ups and the raw rows, a fixed number
of queries whatever the data size, the semester and period selectors, and the charts' CSV downloads."""

import csv
import io
from datetime import date
from decimal import Decimal

import pytest
from django.db import connection
from django.db.models import Sum
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from conftest import metro_agency
from sinergi.accounts.models import User
from sinergi.insights import areas
from sinergi.insights.dashboards import (
    REPORT,
    Semester,
    agency_dashboard,
    government_dashboard,
    landing_for,
    parse_semester,
    region_dashboard,
    trend_range,
)
from sinergi.insights.models import GovernmentRollup, ProgrammeRollup, RegionRollup, ReportRollup
from sinergi.organizations.models import Agency, Government
from sinergi.programmes.models import Event
from sinergi.regions.models import Region
from sinergi.reporting.models import Period, Report, ReportValue
from sinergi.reporting.selectors import SUBMITTED_STATES, period_achievement

S2024_1 = Semester(2024, 1)


@pytest.fixture
def metro(db):
    return Government.objects.select_related("region").get(region_id="18.72")


@pytest.fixture
def demo_period(metro):
    return Period.objects.get(government=metro, year=2024, kind="semester", number=1)


def _user(username):
    return User.objects.get(username=username)


def _csv(response) -> list[list[str]]:
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text)))


# --- who opens what --------------------------------------------------------------------------------------------

LANDINGS = {
    "sekretariat": ("government", "insights/dashboard_government.html", "Pemerintah Kota Metro"),
    "bnn": ("government", "insights/dashboard_government.html", "Pemerintah Kota Metro"),
    "walikota": ("government", "insights/dashboard_government.html", "Pemerintah Kota Metro"),
    "disdik": ("agency", "insights/dashboard_agency.html", "Dinas Pendidikan dan Kebudayaan"),
    "kepala.disdik": ("agency", "insights/dashboard_agency.html", "Dinas Pendidikan dan Kebudayaan"),
    "dinkes": ("agency", "insights/dashboard_agency.html", "Dinas Kesehatan"),
    "kel.iringmulyo": ("region", "insights/dashboard_region.html", "Kelurahan Iring Mulyo"),
    "provinsi": ("region", "insights/dashboard_region.html", "Lampung"),
    "lamtim": ("government", "insights/dashboard_government.html", "Pemerintah Kabupaten Lampung Timur"),
    "admin": ("region", "insights/dashboard_region.html", "Indonesia"),
}


@pytest.mark.parametrize("persona", sorted(LANDINGS))
def test_every_persona_opens_the_dashboard_of_their_role(login, persona):
    kind, template, heading = LANDINGS[persona]
    government = Government.objects.filter(memberships__user__username=persona).first()
    if persona != "admin":
        assert landing_for(_user(persona), government).kind == kind
    response = login(persona).get("/dasbor/")
    assert response.status_code == 200
    assert template in [t.name for t in response.templates]
    page = response.content.decode()
    with translation.override("id"):  # the page's language; the words are the catalogue's, whatever it says
        dashboard = translation.gettext("Dashboard")
    assert f"<h1>{dashboard}: {heading}</h1>" in page
    assert f'aria-current="page">{dashboard}</a>' in page  # the menu entry, marked current


def test_the_menu_keeps_home_and_adds_the_dashboard(login):
    page = login("disdik").get("/").content.decode()
    assert page.index('href="/"') < page.index('href="/dasbor/"')


def test_each_persona_sees_nothing_outside_their_scope(login):
    pages = {p: login(p).get("/dasbor/").content.decode() for p in ("disdik", "dinkes", "kel.iringmulyo", "lamtim")}
    assert "Dinas Kesehatan" not in pages["disdik"]
    assert "Dinas Pendidikan dan Kebudayaan" not in pages["dinkes"]
    disdik_titles = set(Report.objects.filter(agency=metro_agency("Disdikbud")).values_list("action__title", flat=True))
    assert disdik_titles and not any(title in pages["dinkes"] for title in disdik_titles)
    assert any(title in pages["disdik"] for title in disdik_titles)
    siblings = Region.objects.filter(parent_id="18.72.04").exclude(code="18.72.04.1003").values_list("name", flat=True)
    assert not any(name in pages["kel.iringmulyo"] for name in siblings)
    assert "Kota Metro" not in pages["lamtim"] and "Disdikbud" not in pages["lamtim"]


# --- numbers -----------------------------------------------------------------------------------------------------


def test_the_government_dashboard_equals_the_roll_ups_and_the_raw_reports(metro, demo_period):
    board = government_dashboard(government=metro)
    assert board.period == demo_period  # the latest period that has started
    assert board.semester == S2024_1
    rows = list(ReportRollup.objects.filter(period=demo_period))
    for name in REPORT:
        assert getattr(board.totals, name) == sum(getattr(r, name) for r in rows)
        assert sum(getattr(line.numbers, name) for line in board.by_field) == getattr(board.totals, name)
        assert sum(getattr(line.numbers, name) for line in board.by_agency) == getattr(board.totals, name)
    reports = Report.objects.filter(period=demo_period)
    assert board.totals.expected == reports.count() > 0
    assert board.totals.submitted == reports.filter(status__in=SUBMITTED_STATES).count()
    assert board.totals.approved == reports.filter(status="approved").count()
    assert board.totals.budget_realised == reports.aggregate(s=Sum("budget_realised"))["s"]
    assert board.totals.completeness == (Decimal(100) * board.totals.submitted / board.totals.expected).quantize(
        Decimal("0.1")
    )

    # Each agency's achievement is the reporting app's own, computed from the raw values.
    from django.db.models import Prefetch

    values = Prefetch("values", queryset=ReportValue.objects.select_related("indicator").order_by("indicator_id"))
    raw = period_achievement(
        period=demo_period,
        reports=list(reports.select_related("action__field", "agency", "period").prefetch_related(values)),
    )
    by_agency = {agency.pk: percent for agency, percent in raw.by_agency.items()}
    for line in board.by_agency:
        if by_agency[line.key] is None:
            assert line.numbers.achievement is None
        else:
            assert abs(line.numbers.achievement - by_agency[line.key]) <= Decimal("0.1")
    ranked = [line.numbers.achievement for line in board.by_agency if line.numbers.achievement is not None]
    assert ranked == sorted(ranked, reverse=True)

    # The semester: its government roll-up, and the events held in it.
    row = GovernmentRollup.objects.get(government=metro, year=2024, semester=1)
    assert board.semester_row == row
    held = Event.objects.filter(
        government=metro, status="held", starts_on__gte=date(2024, 1, 1), starts_on__lte=date(2024, 6, 30)
    )
    assert board.programme["events_held"] == held.count() == row.events_held > 0
    assert board.programme["participants"] == held.aggregate(s=Sum("participants"))["s"]
    # The kecamatan of Kota Metro where it recorded something, from its own programme roll-ups.
    kecamatan = RegionRollup.objects.filter(year=2024, semester=1, parent_code="18.72")
    assert {line.code for line in board.areas} == set(kecamatan.values_list("code", flat=True))
    for line in board.areas:
        own = ProgrammeRollup.objects.filter(
            government=metro, region__code__startswith=line.code, year=2024, semester=1
        )
        assert line.extra["programme"]["events_held"] == own.aggregate(s=Sum("events_held"))["s"]
    # Events of the whole city (no kelurahan) sit at the city's own region, not in a kecamatan.
    whole = ProgrammeRollup.objects.filter(government=metro, region_id="18.72", year=2024, semester=1)
    whole = whole.aggregate(s=Sum("events_held"))["s"] or 0
    assert sum(line.extra["programme"]["events_held"] for line in board.areas) + whole == row.events_held


def test_the_follow_up_counts_are_those_of_the_government(metro):
    from sinergi.coordination.models import FollowUp

    today = date(2026, 11, 28)
    board = government_dashboard(government=metro, today=today)
    open_ = FollowUp.objects.filter(government=metro, status__in=("open", "in_progress"))
    assert board.follow_ups["open"] == open_.count()
    assert board.follow_ups["overdue"] == open_.filter(due_on__lt=today).count()


def test_the_region_dashboard_equals_the_region_roll_ups(db):
    board = region_dashboard(user=_user("provinsi"), code="18", semester=S2024_1)
    assert board.row == RegionRollup.objects.get(code="18", year=2024, semester=1)
    assert board.numbers.expected == board.row.expected > 0
    children = RegionRollup.objects.filter(year=2024, semester=1, parent_code="18")
    assert {line.code for line in board.children} == set(children.values_list("code", flat=True))
    assert {line.name for line in board.children} >= {"Kota Metro"}
    rows = GovernmentRollup.objects.filter(year=2024, semester=1, region__code__startswith="18")
    # every government of the subtree is ranked; those without a row are marked as not reporting (issue #14 §5)
    subtree = set(Government.objects.filter(region__code__startswith="18").values_list("pk", flat=True))
    assert {line.key for line in board.governments} == subtree
    reporting = set(rows.filter(expected__gt=0).values_list("government_id", flat=True))
    assert {line.key for line in board.governments if not line.extra.get("not_reporting")} == reporting
    metro_line = next(line for line in board.governments if line.code == "18.72")
    assert metro_line.numbers.completeness == rows.get(region_id="18.72").completeness
    assert board.government["name"] == "Pemerintah Provinsi Lampung"
    assert [c for c, _n, _r in board.ancestors] == [""]


def test_the_agency_dashboard_holds_the_agencys_own_reports_and_events(metro, demo_period):
    disdik = metro_agency("Disdikbud")
    board = agency_dashboard(government=metro, agency_ids=[disdik.pk])
    assert board.period == demo_period  # the open period
    own = Report.objects.filter(period=demo_period, agency=disdik)
    assert {r.pk for r in board.reports} == set(own.values_list("pk", flat=True))
    assert sum(n for _s, _l, n in board.status_summary) == own.count()
    assert board.totals.expected == own.count()
    events = Event.objects.filter(
        agency=disdik, status="held", starts_on__gte=date(2024, 1, 1), starts_on__lte=date(2024, 6, 30)
    )
    assert board.events["held"] == events.count()
    assert {e["pk"] for e in board.recent_events} <= set(events.values_list("pk", flat=True)) | set(
        Event.objects.filter(agency=disdik).values_list("pk", flat=True)
    )


# --- selectors of period and semester ----------------------------------------------------------------------------


def test_a_semester_without_a_period_shows_its_programmes_and_no_reports(login, metro):
    board = government_dashboard(government=metro, semester=Semester(2023, 2))
    assert board.period is None and board.totals.expected == 0
    row = GovernmentRollup.objects.get(government=metro, year=2023, semester=2)
    assert board.programme["events_held"] == row.events_held
    page = login("sekretariat").get("/dasbor/?semester=2023-2").content.decode()
    assert "Semester II 2023" in page
    assert 'value="2023-2" selected' in page


def test_a_period_of_another_government_falls_back_to_the_default(login, metro, demo_period):
    lamtim = Government.objects.get(region_id="18.07")
    board = government_dashboard(government=lamtim, period_id=demo_period.pk)
    assert board.period is None
    assert login("sekretariat").get("/dasbor/?period=abc&semester=bad").status_code == 200


def test_semesters_are_written_year_dash_number():
    assert parse_semester("2025-1") == Semester(2025, 1)
    assert parse_semester("") is None
    for bad in ("2025-3", "2025", "25-1", "2025-1; drop"):
        with pytest.raises(ValueError):
            parse_semester(bad)
    assert [s.key for s in trend_range(Semester(2024, 1), 3)] == ["2023-1", "2023-2", "2024-1"]


# --- CSV downloads ---------------------------------------------------------------------------------------------


def test_every_chart_downloads_its_numbers_as_csv(login, metro):
    client = login("sekretariat")
    board = government_dashboard(government=metro)
    response = client.get("/dasbor/?format=csv&chart=agencies")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert 'filename="dasbor-agencies-' in response["Content-Disposition"]
    rows = _csv(response)
    assert len(rows) == 1 + len(board.by_agency)
    first = board.by_agency[0]
    assert rows[1][0] == first.name
    assert rows[1][1] == str(first.numbers.expected)
    assert Decimal(rows[1][7]) == first.numbers.achievement
    for name in ("fields", "reporting", "absorption", "trend", "programme_trend", "areas"):
        assert client.get(f"/dasbor/?format=csv&chart={name}").status_code == 200, name
    assert client.get("/dasbor/?format=csv&chart=nope").status_code == 404
    # The page links every chart's CSV, keeping the chosen semester.
    page = client.get("/dasbor/?semester=2024-1").content.decode()
    assert "?semester=2024-1&amp;format=csv&amp;chart=agencies" in page


def test_the_region_ranking_csv_holds_every_government(login):
    rows = _csv(login("admin").get("/dasbor/wilayah/ID/?semester=2024-1&format=csv&chart=ranking"))
    with translation.override("id"):
        assert rows[0][0] == translation.gettext("Rank")
    assert len(rows) - 1 == Government.objects.count()  # every government, those not reporting too (issue #14 §5)


# --- observers stay in their subtree -------------------------------------------------------------------------------


def _another_province():
    """Kota Pangkal Pinang (19.71) of Kepulauan Bangka Belitung, with a semester of roll-ups."""
    Region.objects.create(code="19", name="Kepulauan Bangka Belitung", level=1, kind="provinsi")
    Region.objects.create(code="19.71", name="Pangkal Pinang", level=2, kind="kota", parent_id="19")
    government = Government.objects.create(region_id="19.71", name="Pemerintah Kota Pangkal Pinang")
    GovernmentRollup.objects.create(
        government=government, region_id="19.71", year=2024, semester=1, expected=10, submitted=10, on_time=9
    )
    areas.refresh_regions({"19.71"}, 2024, 1)
    return government


def test_observers_never_see_a_government_outside_their_subtree(login):
    other = _another_province()
    provinsi, admin = login("provinsi"), login("admin")
    for path in ("/dasbor/wilayah/19/", "/dasbor/wilayah/19.71/", f"/dasbor/pemda/{other.pk}/", "/dasbor/wilayah/ID/"):
        response = provinsi.get(path)
        assert response.status_code == 404, path
        assert b"Pangkal Pinang" not in response.content
    assert b"Pangkal Pinang" not in provinsi.get("/dasbor/?semester=2024-1").content
    nation = admin.get("/dasbor/wilayah/ID/?semester=2024-1").content.decode()
    assert "Pangkal Pinang" in nation and "Kota Metro" in nation
    assert f'href="/dasbor/pemda/{other.pk}/?semester=2024-1"' in nation  # the drill-down keeps the semester
    assert 'href="/dasbor/wilayah/19/?semester=2024-1"' in nation
    assert admin.get(f"/dasbor/pemda/{other.pk}/").status_code == 200


def test_the_drill_down_goes_from_the_nation_to_a_governments_dashboard(login, metro):
    admin = login("admin")
    # every drill-down link keeps the semester shown (issue #14 §5)
    assert 'href="/dasbor/wilayah/18/?semester=' in admin.get("/dasbor/wilayah/ID/").content.decode()
    province = admin.get("/dasbor/wilayah/18/").content.decode()
    assert 'href="/dasbor/wilayah/18.72/?semester=' in province
    assert f'href="/dasbor/pemda/{metro.pk}/?semester=' in province
    city = admin.get("/dasbor/wilayah/18.72/").content.decode()
    assert 'href="/dasbor/wilayah/18.72.04/?semester=' in city
    government = admin.get(f"/dasbor/pemda/{metro.pk}/").content.decode()
    assert 'href="/dasbor/wilayah/18/"' in government  # the breadcrumbs lead back up
    assert admin.get("/dasbor/wilayah/99/").status_code == 404


# --- a fixed number of queries ---------------------------------------------------------------------------------


def _grow_government(metro, period, agencies=30):
    """More agencies with roll-up rows in the period, and more semesters of government roll-ups."""
    fields = list(
        ReportRollup.objects.filter(period=period).values_list("field_id", flat=True).distinct().order_by("field_id")
    )
    new = Agency.objects.bulk_create(
        [Agency(government=metro, name=f"Dinas Uji Beban {i}", kind="department") for i in range(agencies)]
    )
    ReportRollup.objects.bulk_create(
        ReportRollup(
            government=metro,
            region_id="18.72",
            period=period,
            year=period.year,
            semester=1,
            agency=agency,
            field_id=field_id,
            expected=3,
            submitted=2,
            on_time=1,
            achievement_sum=Decimal(150),
            achievement_count=2,
        )  # fmt: skip
        for agency in new
        for field_id in fields
    )
    GovernmentRollup.objects.bulk_create(
        GovernmentRollup(government=metro, region_id="18.72", year=year, semester=s, expected=5, submitted=5)
        for year in range(2010, 2020)
        for s in (1, 2)
    )
    return new


def _grow_nation():
    """A government with a semester of roll-ups in every other kabupaten/kota of Lampung."""
    regions = Region.objects.filter(level=2, parent_id="18", government__isnull=True)
    governments = Government.objects.bulk_create(
        Government(region_id=r.code, name=f"Pemerintah {r.name}") for r in regions
    )
    GovernmentRollup.objects.bulk_create(
        GovernmentRollup(
            government=g,
            region_id=g.region_id,
            year=2024,
            semester=1,
            expected=20,
            submitted=i,
            on_time=i // 2,
            achievement_sum=Decimal(50 * i),
            achievement_count=i,
            events_held=i,
        )  # fmt: skip
        for i, g in enumerate(governments, start=1)
    )
    areas.refresh_regions({g.region_id for g in governments}, 2024, 1)
    return governments


def test_the_government_dashboard_takes_the_same_queries_whatever_the_data_size(
    metro, demo_period, django_assert_num_queries
):
    with django_assert_num_queries(7):  # 6 + the periods with submitted reports (the default period)
        small = government_dashboard(government=metro)
    _grow_government(metro, demo_period)
    with django_assert_num_queries(7):
        large = government_dashboard(government=metro)
    assert len(large.by_agency) == len(small.by_agency) + 30
    assert len(large.semesters) == len(small.semesters) + 20


def test_the_region_dashboard_takes_the_same_queries_whatever_the_data_size(db, django_assert_num_queries):
    admin = _user("admin")
    with django_assert_num_queries(7):  # 6 + the governments of the subtree (those not reporting are ranked too)
        small = region_dashboard(user=admin, code="", semester=S2024_1)
    added = _grow_nation()
    admin = _user("admin")
    with django_assert_num_queries(7):
        large = region_dashboard(user=admin, code="", semester=S2024_1)
    assert len(large.governments) == len(small.governments) + len(added) > 10
    provinsi = _user("provinsi")
    with django_assert_num_queries(9):  # + the observer's memberships and their governments
        board = region_dashboard(user=provinsi, code="18", semester=S2024_1)
    reporting = {line.code for line in large.governments if not line.extra.get("not_reporting")}
    assert {line.code for line in board.children} == reporting - {"18"}


def test_the_agency_dashboard_takes_the_same_queries_whatever_the_data_size(
    metro, demo_period, django_assert_num_queries
):
    disdik = metro_agency("Disdikbud")
    with django_assert_num_queries(9):
        small = agency_dashboard(government=metro, agency_ids=[disdik.pk])
    creator = _user("sekretariat")
    Event.objects.bulk_create(
        Event(
            government=metro,
            agency=disdik,
            kind="sosialisasi",
            title=f"Sosialisasi beban {i}",
            starts_on=date(2024, 3, 1 + i % 28),
            target_group="pelajar",
            participants=10,
            created_by=creator,
        )  # fmt: skip
        for i in range(60)
    )
    _grow_government(metro, demo_period)
    with django_assert_num_queries(9):
        large = agency_dashboard(government=metro, agency_ids=[disdik.pk])
    assert large.events["held"] == small.events["held"] + 60
    assert len(large.recent_events) == len(small.recent_events) or len(large.recent_events) == 8


def _count(client, path) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize(
    ("persona", "path"),
    [
        ("sekretariat", "/dasbor/"),
        ("disdik", "/dasbor/"),
        ("kel.iringmulyo", "/dasbor/"),
        ("provinsi", "/dasbor/"),
        ("admin", "/dasbor/wilayah/ID/"),
        ("admin", "/dasbor/pemda/{metro}/"),
    ],
)
def test_the_pages_take_the_same_queries_whatever_the_data_size(login, metro, demo_period, persona, path):
    path = path.format(metro=metro.pk)
    client = login(persona)
    client.get(path)  # warm up: session, content types
    small = _count(client, path)
    _grow_government(metro, demo_period)
    _grow_nation()
    creator = _user("sekretariat")
    Event.objects.bulk_create(
        Event(
            government=metro,
            agency=metro_agency("Disdikbud"),
            kind="sosialisasi",
            title=f"Beban {i}",
            starts_on=date(2024, 2, 1 + i % 28),
            target_group="pelajar",
            participants=5,
            created_by=creator,
            region_id="18.72.04.1003",
        )  # fmt: skip
        for i in range(40)
    )
    assert _count(client, path) == small


def test_the_government_switcher_still_marks_the_current_government(login, metro):
    client = login("provinsi")
    client.post("/pemda/pilih/", {"government": metro.pk})
    page = client.get("/dasbor/").content.decode()
    assert f'<option value="{metro.pk}" selected>Pemerintah Kota Metro</option>' in page
    assert page.count(" selected>Pemerintah") == 1


def test_the_government_switcher_escapes_government_names(login, metro):
    from sinergi.organizations.models import Government

    Government.objects.filter(pk=metro.pk).update(name='Kota "Metro" <b>&</b>')
    page = login("provinsi").get("/dasbor/").content.decode()
    assert f'<option value="{metro.pk}">Kota &quot;Metro&quot; &lt;b&gt;&amp;&lt;/b&gt;</option>' in page
    assert "<b>&</b>" not in page


def test_another_governments_events_in_a_kecamatan_are_not_the_governments_own(metro):
    """The province holds an event in a Metro kelurahan: Metro's kecamatan panel (its own records, which add up
    to its total) leaves it out; the region's dashboard, which shows everything held there, counts it."""
    from sinergi.insights.rollups import refresh_programme

    province = Government.objects.get_or_create(region_id="18", defaults={"name": "Pemerintah Provinsi Lampung"})[0]
    kecamatan = "18.72.04"
    semester = Semester(2024, 1)
    before = {
        line.code: line.extra["programme"]["events_held"]
        for line in government_dashboard(government=metro, semester=semester).areas
    }
    agency = Agency.objects.get_or_create(government=province, name="Badan Kesbangpol Provinsi Lampung")[0]
    Event.objects.create(
        government=province,
        agency=agency,
        created_by=User.objects.get(username="admin"),
        kind="penyuluhan",
        title="Penyuluhan provinsi",
        starts_on=date(2024, 3, 5),
        status="held",
        target_group="pelajar",
        participants=30,
        region_id="18.72.04.1003",
    )
    refresh_programme(province.pk, date(2024, 3, 5))
    board = government_dashboard(government=metro, semester=semester)
    assert {line.code: line.extra["programme"]["events_held"] for line in board.areas} == before
    assert sum(line.extra["programme"]["events_held"] for line in board.areas) <= board.programme["events_held"]
    region = RegionRollup.objects.get(code=kecamatan, year=2024, semester=1)
    assert region.events_held == before.get(kecamatan, 0) + 1
