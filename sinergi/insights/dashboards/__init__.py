"""What the dashboards read (issue 7 §2): the roll-up tables, in a fixed number of queries whatever the data size.

Every dashboard reads a bounded number of roll-up rows — one government's semesters and its period's
agency × field rows; one region's semesters, its children and the governments below it — and never scans the raw
report or event tables. The only raw reads are small and scoped: a government's periods and follow-up counts,
and an agency's own reports, extensions and events of one semester.

Who reads what (the same rules for pages and API):

- a government's dashboard: its members and the observers whose region subtree holds it (`government_get`);
- a region's roll-ups: observers within their subtree; members of a kabupaten/kota government within its region
  subtree (a province government's subtree holds other governments, so its members read no region rows there
  unless they also observe it); administrators everything.

One module per dashboard (`government`, `region`, `agency`), `landing` for which one a user opens, `access` for who
reads what and `common` for what they share. The names below are what views, the API, the panels and the
benchmarks use.
"""

from sinergi.insights.dashboards.access import (
    covers,
    government_for,
    readable_roots,
    region_readable,
    stored_code,
    url_code,
)
from sinergi.insights.dashboards.agency import AgencyDashboard, AgencyReport, agency_dashboard
from sinergi.insights.dashboards.common import (
    NATION_NAME,
    NATION_URL_CODE,
    PROGRAMME,
    REPORT,
    TREND_LENGTH,
    Line,
    Semester,
    Tally,
    parse_semester,
    programme_dict,
    region_names,
    semester_keys,
    semester_or_none,
    trend_end,
    trend_range,
)
from sinergi.insights.dashboards.government import GovernmentDashboard, choose_period, government_dashboard
from sinergi.insights.dashboards.landing import Landing, landing_for
from sinergi.insights.dashboards.region import RegionDashboard, region_dashboard

__all__ = [
    "NATION_NAME",
    "NATION_URL_CODE",
    "PROGRAMME",
    "REPORT",
    "TREND_LENGTH",
    "AgencyDashboard",
    "AgencyReport",
    "GovernmentDashboard",
    "Landing",
    "Line",
    "RegionDashboard",
    "Semester",
    "Tally",
    "agency_dashboard",
    "choose_period",
    "covers",
    "government_dashboard",
    "government_for",
    "landing_for",
    "parse_semester",
    "programme_dict",
    "readable_roots",
    "region_dashboard",
    "region_names",
    "region_readable",
    "semester_keys",
    "semester_or_none",
    "stored_code",
    "trend_end",
    "trend_range",
    "url_code",
]
