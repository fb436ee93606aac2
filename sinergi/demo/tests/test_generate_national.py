"""`sinergi generate_national`: the synthetic national dataset, at a tiny scale on the test database (Lampung's
regions and the Kota Metro demo), and the plan of the full dataset from the region package itself."""

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db.models import F, Q, Sum
from django.utils import timezone

from sinergi.demo import national
from sinergi.insights.rollups import _compute, _compute_governments, _in_chunks
from sinergi.organizations.models import Agency, Government
from sinergi.planning.models import Action, Indicator, RegionalPlan, Target
from sinergi.programmes.models import (
    BersinarProgramme,
    BersinarStep,
    Event,
    UrineTestCampaign,
    Volunteer,
    VolunteerGroup,
    VulnerabilityAssessment,
)
from sinergi.reporting.models import DeadlineExtension, Period, Report, ReportValue

SCALE = "0.01"


def _generate(capsys, *extra):
    call_command("generate_national", "--scale", SCALE, *extra)
    return capsys.readouterr().out


def _expected(seed: int, scale: float = float(SCALE)) -> dict:
    """The plan of the governments the test database gives room to (Lampung without the demo's three)."""
    from sinergi.regions.models import Region

    taken = set(Government.objects.exclude(name__startswith="Sintetis ").values_list("region_id", flat=True))
    places = national.places_from(Region.objects.values_list("code", "name", "level"), taken)
    return national.totals([national.government_plan(place, scale, seed) for place in places])


def test_the_full_scale_plan_is_the_whole_country():
    places = national.package_places()
    assert len(places) == 548
    assert sum(p.level == 2 for p in places) == 514  # every kabupaten/kota
    provinces = sorted(p.code for p in places if p.level == 1)
    assert len(provinces) == 34 and provinces[-1] == "92"  # the provinces before Papua's split (93–96)
    full = national.totals([national.government_plan(p, 1.0, seed=1) for p in places])
    assert full["villages"] == 83_762
    assert full["periods"] == 548 * 10
    assert 1_900_000 <= full["reports"] <= 2_100_000
    assert 4_750_000 <= full["events"] <= 5_250_000
    small = national.totals([national.government_plan(p, 0.01, seed=1) for p in places])
    assert 0.009 <= small["reports"] / full["reports"] <= 0.011
    assert 0.009 <= small["events"] / full["events"] <= 0.011
    assert small["villages"] == 83_762 and small["governments"] == 548


def test_a_government_plan_depends_only_on_its_own_region_and_the_seed():
    places = {p.code: p for p in national.package_places()}
    alone = national.government_plan(places["18.01"], 0.5, seed=3)
    assert alone == national.government_plan(places["18.01"], 0.5, seed=3)
    assert alone != national.government_plan(places["18.01"], 0.5, seed=4)


def _checksum() -> tuple:
    ids = national.synthetic_governments().values("pk")
    return (
        Event.objects.filter(government__in=ids).aggregate(s=Sum("participants"))["s"],
        Report.objects.filter(government__in=ids, status="approved").count(),
        ReportValue.objects.filter(report__government__in=ids).aggregate(s=Sum("value"))["s"],
    )


def test_generate_national(db, capsys):
    out = _generate(capsys, "--seed", "7")
    assert "Data nasional sintetis selesai dibuat" in out and "Waktu:" in out
    expected = _expected(seed=7)
    counts = national.count_rows()
    assert counts["governments"] == expected["governments"] == 13  # Lampung's 16 minus the demo's 3
    for name in ("actions", "periods", "reports", "events", "urine_tests", "volunteer_groups", "assessments"):
        assert counts[name] == expected[name] > 0, name
    assert counts["bersinar"] == expected["bersinar"]
    # Volunteers carry the dates the roll-ups count them by: who left, left after joining.
    volunteers = Volunteer.objects.filter(government__name__startswith="Sintetis")
    assert volunteers.exists() and not volunteers.filter(joined_on=None).exists()
    assert not volunteers.filter(is_active=False, left_on=None).exists()
    assert not volunteers.filter(left_on__lt=F("joined_on")).exists()
    assert f"{counts['reports']:,}  laporan" in out

    governments = national.synthetic_governments()
    assert all(g.name.startswith("Sintetis Pemerintah ") for g in governments)
    assert not Government.objects.filter(region_id="18.72", name__startswith="Sintetis").exists()
    ids = governments.values("pk")

    # The models' own rules hold, row by row for a sample of every kind of record …
    for model in (
        Government,
        Agency,
        RegionalPlan,
        Action,
        Indicator,
        Target,
        Period,
        Report,
        ReportValue,
        DeadlineExtension,
        Event,
        UrineTestCampaign,
        VolunteerGroup,
        Volunteer,
        VulnerabilityAssessment,
        BersinarProgramme,
        BersinarStep,
    ):
        rows = model.objects.order_by("-pk")[:25]
        assert rows, model
        for row in rows:
            row.full_clean()
    # … and over every row.
    today = timezone.localdate()
    events = Event.objects.filter(government__in=ids)
    assert not events.filter(male__isnull=False).exclude(participants=F("male") + F("female")).exists()
    bands = F("age_under_15") + F("age_15_24") + F("age_25_44") + F("age_45_plus")
    assert not events.filter(age_under_15__isnull=False).exclude(participants=bands).exists()
    assert not events.filter(status="held", starts_on__gt=today).exists()
    for region, home in events.filter(region__isnull=False).values_list("region_id", "government__region_id"):
        assert region.startswith(home + "."), (region, home)
    tests = UrineTestCampaign.objects.filter(government__in=ids)
    assert not tests.filter(Q(positive__gt=F("tested")) | Q(referred__gt=F("positive")) | Q(held_on__gt=today))
    reports = Report.objects.filter(government__in=ids)
    assert {"draft", "submitted", "returned", "approved"} <= set(reports.values_list("status", flat=True))
    assert not reports.filter(status="approved", approved_at__isnull=True).exists()
    assert not reports.exclude(status="draft").filter(first_submitted_at__isnull=True).exists()
    assert not reports.exclude(agency=F("action__responsible_agency")).exists()
    assert ReportValue.objects.filter(report__government__in=ids).count() == (
        Indicator.objects.filter(action__government__in=ids).count() * 10
    )
    for programme in BersinarProgramme.objects.filter(government__in=ids).prefetch_related("steps"):
        steps = sorted(programme.steps.all(), key=lambda s: national.STAGES.index(s.stage))
        assert [s.done_on for s in steps] == sorted(s.done_on for s in steps)
        assert programme.stage == steps[-1].stage
        assert programme.named_on == next((s.done_on for s in steps if s.stage == "penetapan_sk"), None)

    # The roll-ups were rebuilt, and the fast computation of a period gives what the reporting pages compute.
    call_command("rollups", "--verify")
    assert "sesuai" in capsys.readouterr().out
    for chunk in _in_chunks():
        batch = _compute_governments(chunk)
        for period in chunk:
            want, got = _compute(period), batch[period.pk]
            assert want.keys() == got.keys()
            for key, row in want.items():
                for name in (*row.REPORT_NUMBERS, "government_id", "region_id", "year", "semester"):
                    assert getattr(row, name) == getattr(got[key], name), (period.pk, key, name)

    # Once only, unless replaced; the same seed gives the same data, another seed other data.
    first = _checksum()
    with pytest.raises(CommandError) as refused:
        _generate(capsys, "--seed", "7")
    assert refused.value.returncode == 1
    assert "--replace" in str(refused.value)
    _generate(capsys, "--seed", "7", "--replace")
    assert _checksum() == first
    assert national.count_rows() == counts
    out = _generate(capsys, "--seed", "8", "--replace")
    assert "Menghapus 13 pemda sintetis sebelumnya" in out
    assert _checksum() != first
    assert national.count_rows()["reports"] == _expected(seed=8)["reports"]
    assert Government.objects.filter(region_id="18.72", name="Pemerintah Kota Metro").exists()
    call_command("rollups", "--verify")
    assert "sesuai" in capsys.readouterr().out


def test_remove_leaves_the_other_governments_alone(db, capsys):
    before = (Report.objects.count(), Event.objects.count(), Government.objects.count())
    _generate(capsys, "--governments", "2")
    assert national.synthetic_governments().count() == 2
    assert national.remove() == 2
    assert (Report.objects.count(), Event.objects.count(), Government.objects.count()) == before
    call_command("rollups", "--rebuild", "--verify")
    assert "sesuai" in capsys.readouterr().out
