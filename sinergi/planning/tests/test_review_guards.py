"""Issue 14 §3: adoption is guarded by the actions still under review; review walks action by action and accepts
in bulk."""

import json

from sinergi.core.models import AuditEntry
from sinergi.planning.models import Action, PlanStatus, RegionalPlan, ReviewState


def _plan_in_review():
    return RegionalPlan.objects.get(start_year=2024, government__region_id="18.72", status="in_review")


def _open_counts(plan):
    proposed = plan.actions.filter(review_state=ReviewState.PROPOSED).count()
    returned = plan.actions.filter(review_state=ReviewState.RETURNED).count()
    return proposed, returned


def _adopt(client, plan, **extra):
    body = {"kind": "perwali", "number": "9 Tahun 2024", "date": "2024-10-15", **extra}
    return client.post(f"/api/v1/plans/{plan.pk}/adopt", json.dumps(body), content_type="application/json")


def test_the_api_refuses_to_adopt_with_open_actions_unless_a_reason_is_given(api):
    plan = _plan_in_review()
    proposed, returned = _open_counts(plan)
    assert proposed and returned
    client = api("sekretariat")
    refused = _adopt(client, plan)
    assert refused.status_code == 422
    error = refused.json()["error"]
    assert f"{proposed} aksi masih diusulkan dan {returned} dikembalikan" in error["fields"]["confirm_reason"][0]
    plan.refresh_from_db()
    assert plan.status == PlanStatus.IN_REVIEW
    adopted = _adopt(client, plan, confirm_reason="Diputuskan dalam rakor 10 Oktober 2024")
    assert adopted.status_code == 200 and adopted.json()["status"] == "adopted"
    entry = AuditEntry.objects.filter(
        content_type__model="regionalplan", object_id=str(plan.pk), action="transition"
    ).latest("at")
    assert entry.after["status"] == "adopted"
    assert "Diputuskan dalam rakor 10 Oktober 2024" in entry.reason
    assert f"{proposed} diusulkan dan {returned} dikembalikan" in entry.reason


def test_the_adoption_page_shows_the_counts_and_asks_for_the_reason(login):
    plan = _plan_in_review()
    proposed, returned = _open_counts(plan)
    client = login("sekretariat")
    page = client.get(f"/rencana/{plan.pk}/tetapkan/").content.decode()
    assert f"{proposed} aksi masih diusulkan dan {returned} dikembalikan" in page
    assert 'name="confirm_reason"' in page
    form = {"kind": "perwali", "number": "9 Tahun 2024", "on": "2024-10-15"}
    response = client.post(f"/rencana/{plan.pk}/tetapkan/", form)
    assert response.status_code == 200
    plan.refresh_from_db()
    assert plan.status == PlanStatus.IN_REVIEW
    response = client.post(f"/rencana/{plan.pk}/tetapkan/", {**form, "confirm_reason": "Sesuai arahan Wali Kota"})
    assert response.status_code == 302
    plan.refresh_from_db()
    assert plan.status == PlanStatus.ADOPTED


def test_bulk_accept_from_the_plan_page_accepts_the_proposed_actions_only(login):
    plan = _plan_in_review()
    returned = list(plan.actions.filter(review_state=ReviewState.RETURNED))
    proposed = plan.actions.filter(review_state=ReviewState.PROPOSED).count()
    assert login("disdik").post(f"/rencana/{plan.pk}/terima-aksi/").status_code == 403
    response = login("sekretariat").post(f"/rencana/{plan.pk}/terima-aksi/", follow=True)
    assert f"{proposed} aksi diterima." in response.content.decode()
    assert not plan.actions.filter(review_state=ReviewState.PROPOSED).exists()
    assert [a.review_state for a in Action.objects.filter(pk__in=[a.pk for a in returned])] == ["returned"]
    accepted_entries = AuditEntry.objects.filter(
        content_type__model="action", action="transition", after__review_state="accepted",
        object_id__in=[str(pk) for pk in plan.actions.values_list("pk", flat=True)],
    )  # fmt: skip
    assert accepted_entries.count() >= proposed


def test_the_api_accepts_the_listed_actions_even_a_returned_one(api):
    plan = _plan_in_review()
    returned = plan.actions.filter(review_state=ReviewState.RETURNED).first()
    response = api("sekretariat").post(
        f"/api/v1/plans/{plan.pk}/accept-actions",
        json.dumps({"actions": [returned.pk]}),
        content_type="application/json",
    )
    assert response.status_code == 200
    assert response.json()["accepted"] == 1 and response.json()["returned"] == 0
    returned.refresh_from_db()
    assert returned.review_state == ReviewState.ACCEPTED
    refused = api("disdik").post(f"/api/v1/plans/{plan.pk}/accept-actions", "{}", content_type="application/json")
    assert refused.status_code == 403


def test_the_action_page_walks_through_the_review(login):
    plan = _plan_in_review()
    order = list(plan.actions.order_by("field__order", "order", "pk").values_list("pk", flat=True))
    client = login("sekretariat")
    first = client.get(f"/aksi/{order[0]}/").content.decode()
    assert f"Aksi 1 dari {len(order)}" in first
    assert f'href="/aksi/{order[1]}/"' in first and 'rel="prev"' not in first
    second = client.get(f"/aksi/{order[1]}/").content.decode()
    assert f'rel="prev" href="/aksi/{order[0]}/"' in second
    # "Accept and open the next action" accepts and lands on the next one.
    states = dict(plan.actions.values_list("pk", "review_state"))
    at = next(i for i, pk in enumerate(order[:-1]) if states[pk] == ReviewState.PROPOSED)
    page = client.get(f"/aksi/{order[at]}/").content.decode()
    assert "Terima lalu buka aksi berikutnya" in page
    response = client.post(f"/aksi/{order[at]}/telaah/accept/", {"next": f"/aksi/{order[at + 1]}/"})
    assert response.status_code == 302 and response["Location"] == f"/aksi/{order[at + 1]}/"
    assert Action.objects.get(pk=order[at]).review_state == ReviewState.ACCEPTED
