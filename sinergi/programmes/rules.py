"""Who records programme data: the secretariat, an agency's operators for their agency, area operators in their area."""

from sinergi.core.scope import scope_for


def can_record_for(user, *, government_id: int, agency, region_code: str | None) -> bool:
    scope = scope_for(user)
    if scope.can_manage(government_id):
        return True
    if agency is not None and scope.has_agency_role(agency.pk, "agency_operator"):
        return True
    return _in_area(scope, government_id, region_code)


def can_record_tests(user, *, government_id: int, agency) -> bool:
    """Urine tests are recorded by the secretariat, reviewers (BNN verifiers), the testing agency's operators and the
    area operators of the area where the testing office lies (a kelurahan or kecamatan office)."""
    scope = scope_for(user)
    return (
        scope.can_manage(government_id)
        or "reviewer" in scope.roles_in(government_id)
        or (agency is not None and scope.has_agency_role(agency.pk, "agency_operator"))
        or (agency is not None and _in_area(scope, government_id, agency.region_id))
    )


def can_edit_test(user, campaign) -> bool:
    return can_record_tests(user, government_id=campaign.government_id, agency=campaign.agency)


def _in_area(scope, government_id: int, region_code: str | None) -> bool:
    if not region_code:
        return False
    return any(
        g == government_id and (region_code == area or region_code.startswith(area + ".")) for g, area in scope.areas
    )


def can_edit_event(user, event) -> bool:
    return can_record_for(user, government_id=event.government_id, agency=event.agency, region_code=event.region_id)


def can_assess(user, *, government_id: int, region_code: str) -> bool:
    """Assessments are recorded by the secretariat, reviewers (BNN verifiers) and area operators in their area."""
    scope = scope_for(user)
    if scope.can_manage(government_id) or "reviewer" in scope.roles_in(government_id):
        return True
    return can_record_for(user, government_id=government_id, agency=None, region_code=region_code)


def can_record_bersinar(user, *, government_id: int, region_code: str) -> bool:
    """Kelurahan Bersinar is recorded by the secretariat, reviewers (BNN) and area operators in their area."""
    return can_assess(user, government_id=government_id, region_code=region_code)


def can_edit_bersinar(user, programme) -> bool:
    return can_record_bersinar(user, government_id=programme.government_id, region_code=programme.region_id)


def can_see_phones(user, government_id: int) -> bool:
    """Volunteers' phone numbers are shown in full only to the secretariat (and platform administrators)."""
    return scope_for(user).can_manage(government_id)


def can_edit_group(user, group) -> bool:
    return can_record_for(user, government_id=group.government_id, agency=group.agency, region_code=group.region_id)


def can_edit_volunteer(user, volunteer) -> bool:
    """A member is changed by those who may record for their group's agency or for the kelurahan they live in."""
    return can_record_for(
        user, government_id=volunteer.government_id, agency=volunteer.group.agency, region_code=volunteer.region_id
    )


def can_assess_somewhere(user, government) -> bool:
    scope = scope_for(user)
    if scope.can_manage(government.pk) or "reviewer" in scope.roles_in(government.pk):
        return True
    return any(area_government == government.pk for area_government, _area in scope.areas)
