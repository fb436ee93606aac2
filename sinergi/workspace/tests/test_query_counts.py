"""The home page and /api/v1/me/tasks run the same number of queries for each role, however many tasks there are."""

import uuid

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from sinergi.accounts.models import User
from sinergi.programmes.models import Event, Volunteer
from sinergi.reporting.models import Period, ReportStatus, ReportTransition

PERSONAS = ["sekretariat", "bnn", "disdik", "kepala.disdik", "kel.iringmulyo", "walikota", "provinsi"]


def _grow():
    """Every draft of Semester I 2024 returned with a reason, every approved one back in review; more records."""
    period = Period.objects.get(government__region_id="18.72", year=2024, number=1)
    reviewer = User.objects.get(username="bnn")
    drafts = list(period.reports.filter(status__in=[ReportStatus.DRAFT, ReportStatus.RETURNED]))
    period.reports.filter(pk__in=[r.pk for r in drafts]).update(
        status=ReportStatus.RETURNED, first_submitted_at=timezone.now(), submitted_at=timezone.now()
    )
    ReportTransition.objects.bulk_create(
        ReportTransition(report=r, from_status="submitted", to_status="returned", by=reviewer, reason="Lengkapi bukti")
        for r in drafts
    )
    period.reports.filter(status=ReportStatus.APPROVED).update(status=ReportStatus.SUBMITTED)
    event = Event.objects.filter(region__name="Iring Mulyo").order_by("pk").first()
    volunteer = Volunteer.objects.filter(region__name="Iring Mulyo").order_by("pk").first()
    for _ in range(12):
        event.pk, event.public_id = None, uuid.uuid4()
        event.save()
        volunteer.pk = None
        volunteer.save()


def _count(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.parametrize("persona", PERSONAS)
def test_home_and_tasks_run_a_fixed_number_of_queries(login, api, persona):
    page, token = login(persona), api(persona)
    page.get("/")  # settle the session
    token.get("/api/v1/me/tasks")
    # Grow once so every list has rows (Django skips a query whose IN list is empty), then again: no more queries.
    _grow()
    before = (_count(page, "/"), _count(token, "/api/v1/me/tasks"))
    _grow()
    assert (_count(page, "/"), _count(token, "/api/v1/me/tasks")) == before
    assert max(before) <= 25, before
