"""A report the reviewer returns is no longer submitted (reporting.selectors.SUBMITTED_STATES) on every home:
the secretariat's "who has not reported", the leader's and the observer's figures, page and API alike."""

import pytest

from sinergi.reporting.models import Period, PeriodStatus, Report, ReportStatus

pytestmark = pytest.mark.django_db


def _section(tasks: dict, key: str) -> dict:
    return next(s for s in tasks["sections"] if s["key"] == key)


def _missing(tasks: dict, report: Report) -> dict | None:
    items = _section(tasks, "not_reported")["items"]
    return next((i for i in items if (i["agency_id"], i["period_id"]) == (report.agency_id, report.period_id)), None)


def _submitted(tasks: dict) -> str:
    """The leader's first figure: "reports submitted, <period>" as "submitted/expected"."""
    return _section(tasks, "numbers")["items"][0]["value"]


def _metro(tasks: dict) -> str:
    """The observer's figure for Kota Metro: reports submitted in open periods, "submitted/expected"."""
    return next(i["value"] for i in _section(tasks, "governments")["items"] if i["title"] == "Pemerintah Kota Metro")


def test_a_returned_report_counts_as_not_submitted_on_the_homes(api, login):
    # The leader's figures are of Metro's latest open period: take a submitted report there.
    period = Period.objects.filter(government__region_id="18.72", status=PeriodStatus.OPEN).order_by("-ends_on")[0]
    report = Report.objects.filter(period=period, status=ReportStatus.SUBMITTED).select_related("agency").first()
    assert report is not None, "the demo has a submitted report in an open period"
    secretariat, leader, observer = api("sekretariat"), api("walikota"), api("provinsi")
    before = _missing(secretariat.get("/api/v1/me/tasks").json(), report)
    leader_before = _submitted(leader.get("/api/v1/me/tasks").json())
    observer_before = _metro(observer.get("/api/v1/me/tasks").json())

    returned = api("bnn").post(
        f"/api/v1/reports/{report.pk}/return", {"reason": "Realisasi belum sesuai bukti"}, "application/json"
    )
    assert returned.status_code == 200 and returned.json()["status"] == ReportStatus.RETURNED

    after = _missing(secretariat.get("/api/v1/me/tasks").json(), report)
    assert int(after["value"]) == (int(before["value"]) if before else 0) + 1
    assert after["detail"] in login("sekretariat").get("/").content.decode()

    def minus_one(figure: str) -> str:
        submitted, expected = figure.split("/")
        return f"{int(submitted) - 1}/{expected}"

    leader_after = _submitted(leader.get("/api/v1/me/tasks").json())
    assert leader_after == minus_one(leader_before)
    assert f">{leader_after}<" in login("walikota").get("/").content.decode()
    observer_after = _metro(observer.get("/api/v1/me/tasks").json())
    assert observer_after == minus_one(observer_before)
