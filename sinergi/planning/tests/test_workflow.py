from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from conftest import metro_agency
from sinergi.accounts.models import User
from sinergi.core.models import AuditEntry
from sinergi.planning import services
from sinergi.planning.models import Action, PlanStatus, RegionalPlan, ReviewState


def test_a_plan_goes_from_draft_through_review_to_adoption(draft_plan, secretariat):
    services.plan_submit_for_review(plan=draft_plan, by=secretariat)
    services.actions_accept(plan=draft_plan, by=secretariat)
    assert draft_plan.status == PlanStatus.IN_REVIEW
    with pytest.raises(ValidationError) as missing:
        services.plan_adopt(plan=draft_plan, by=secretariat, kind="perwali", number=" ", on=date(2022, 2, 1))
    assert "number" in missing.value.message_dict
    services.plan_adopt(plan=draft_plan, by=secretariat, kind="perwali", number="12 Tahun 2022", on=date(2022, 2, 1))
    draft_plan.refresh_from_db()
    assert draft_plan.status == PlanStatus.ADOPTED
    assert draft_plan.adopted_by == secretariat
    steps = AuditEntry.objects.filter(
        content_type__model="regionalplan", object_id=str(draft_plan.pk), action="transition"
    )
    assert steps.count() == 2


def test_an_adopted_plan_is_read_only(draft_plan, secretariat):
    services.plan_submit_for_review(plan=draft_plan, by=secretariat)
    services.actions_accept(plan=draft_plan, by=secretariat)
    services.plan_adopt(plan=draft_plan, by=secretariat, kind="sk", number="1", on=date(2022, 1, 3))
    action = draft_plan.actions.first()
    with pytest.raises(ValidationError):
        services.action_update(action=action, by=secretariat, title="Diubah setelah penetapan")
    with pytest.raises(ValidationError):
        services.action_create(
            plan=draft_plan,
            by=secretariat,
            field=action.field,
            title="Baru",
            responsible_agency=action.responsible_agency,
            local_justification="x",
        )
    with pytest.raises(ValidationError):
        services.targets_set(indicator=action.indicators.first(), values={(2022, 0): Decimal(1)}, by=secretariat)
    action.refresh_from_db()
    assert action.title.startswith("Sosialisasi")


def test_a_revision_copies_the_plan_and_supersedes_it_when_adopted(draft_plan, secretariat):
    services.plan_submit_for_review(plan=draft_plan, by=secretariat)
    services.actions_accept(plan=draft_plan, by=secretariat)
    services.plan_adopt(plan=draft_plan, by=secretariat, kind="sk", number="1", on=date(2022, 1, 3))
    revision = services.plan_revise(plan=draft_plan, by=secretariat)
    assert (revision.version, revision.status, revision.revision_of) == (2, PlanStatus.DRAFT, draft_plan)
    assert revision.actions.count() == 2
    assert {a.lineage for a in revision.actions.all()} == {a.lineage for a in draft_plan.actions.all()}
    with pytest.raises(ValidationError):
        services.plan_revise(plan=draft_plan, by=secretariat)  # one revision at a time
    services.plan_submit_for_review(plan=revision, by=secretariat)
    services.actions_accept(plan=revision, by=secretariat)
    services.plan_adopt(plan=revision, by=secretariat, kind="sk", number="2", on=date(2022, 6, 1))
    draft_plan.refresh_from_db()
    assert draft_plan.status == PlanStatus.SUPERSEDED


def test_returning_an_action_needs_a_reason_and_an_edit_marks_it_changed_until_resubmitted(draft_plan, secretariat):
    action = draft_plan.actions.get(responsible_agency=metro_agency("Disdikbud"))
    with pytest.raises(ValidationError):
        services.action_return(action=action, by=secretariat, reason="  ")
    services.action_return(action=action, by=secretariat, reason="Target terlalu rendah")
    action.refresh_from_db()
    assert action.review_state == ReviewState.RETURNED
    assert action.comments.get().text == "Target terlalu rendah"
    services.action_update(action=action, by=User.objects.get(username="disdik"), budget=Decimal(35_000_000))
    action.refresh_from_db()
    assert action.review_state == ReviewState.RETURNED and action.changed_since_return
    services.action_resubmit(action=action, by=User.objects.get(username="disdik"))
    action.refresh_from_db()
    assert action.review_state == ReviewState.PROPOSED and not action.changed_since_return


def test_a_stale_version_is_refused_with_who_and_when(draft_plan, secretariat):
    action = draft_plan.actions.first()
    opened_at = action.version
    services.action_update(action=action, by=secretariat, title="Judul dari sekretariat")
    with pytest.raises(services.ConflictError) as conflict:
        services.action_update(
            action=action, by=User.objects.get(username="disdik"), expected_version=opened_at, title="Judul lama"
        )
    assert "Sekretariat Tim Terpadu" in conflict.value.message
    action.refresh_from_db()
    assert action.title == "Judul dari sekretariat"


def test_head_signoff_blocks_adoption_until_every_agency_signed(draft_plan, secretariat):
    services.plan_update(plan=draft_plan, by=secretariat, head_signoff_required=True)
    services.plan_submit_for_review(plan=draft_plan, by=secretariat)
    services.actions_accept(plan=draft_plan, by=secretariat)
    with pytest.raises(ValidationError) as waiting:
        services.plan_adopt(plan=draft_plan, by=secretariat, kind="sk", number="1", on=date(2022, 1, 3))
    assert "Dinas Pendidikan" in str(waiting.value)
    head = User.objects.get(username="kepala.disdik")
    services.agency_signoff(plan=draft_plan, agency=metro_agency("Disdikbud"), by=head)
    services.agency_signoff(plan=draft_plan, agency=metro_agency("Dinkes"), by=secretariat)
    services.plan_adopt(plan=draft_plan, by=secretariat, kind="sk", number="1", on=date(2022, 1, 3))


def test_the_generic_actions_are_added_once_to_every_regional_agency(draft_plan, secretariat):
    added = services.plan_add_generic_actions(plan=draft_plan, by=secretariat)
    assert added > 0
    assert services.plan_add_generic_actions(plan=draft_plan, by=secretariat) == 0
    bkpsdm = draft_plan.actions.filter(responsible_agency=metro_agency("BKPSDM"))
    assert set(bkpsdm.values_list("national_action__code", flat=True)) == {"1.1", "1.2", "1.3", "1.4"}
    # Vertical offices and kelurahan are not regional agencies and get none.
    assert not draft_plan.actions.filter(responsible_agency=metro_agency("BNN Kota Metro")).exists()
    # Disdikbud already had 1.2 and did not get it twice.
    assert (
        draft_plan.actions.filter(responsible_agency=metro_agency("Disdikbud"), national_action__code="1.2").count()
        == 1
    )


def test_a_local_action_needs_a_justification(draft_plan, secretariat):
    action = draft_plan.actions.first()
    with pytest.raises(ValidationError) as error:
        services.action_create(
            plan=draft_plan,
            by=secretariat,
            field=action.field,
            title="Aksi lokal",
            responsible_agency=action.responsible_agency,
        )
    assert "local_justification" in error.value.message_dict


def test_carry_forward_shifts_targets_into_the_new_years(draft_plan, secretariat):
    new = services.plan_carry_forward(plan=draft_plan, start_year=2023, end_year=2023, title="RAD 2023", by=secretariat)
    target_years = set(new.actions.values_list("indicators__targets__year", flat=True))
    assert target_years == {2023}
    assert RegionalPlan.objects.get(pk=new.pk).actions.count() == Action.objects.filter(plan=draft_plan).count()
