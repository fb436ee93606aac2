"""Which dashboard a user's roles open on /dasbor/."""

from dataclasses import dataclass, field

from sinergi.core.scope import scope_for
from sinergi.insights.models import NATION

GOVERNMENT_WIDE = {"secretariat", "reviewer", "leader"}
AGENCY = {"agency_operator", "agency_head"}


@dataclass
class Landing:
    """Which dashboard a user's roles open on /dasbor/."""

    kind: str  # "government", "agency", "region" or "none"
    government: object | None = None
    agency_ids: list[int] = field(default_factory=list)
    code: str | None = None  # the region of a "region" dashboard
    other_codes: list[str] = field(default_factory=list)  # further areas or observed regions


def landing_for(user, government) -> Landing:
    """Government-wide roles open their government's dashboard; agency roles their agency's; area operators their
    area; observers the region they observe; administrators the nation."""
    scope = scope_for(user)
    roles = scope.roles_in(government.pk) if government is not None else set()
    if roles & GOVERNMENT_WIDE:
        return Landing("government", government=government)
    if roles & AGENCY:
        ids = [pk for pk, agency_roles in scope.roles_by_agency.items() if agency_roles & AGENCY]
        return Landing("agency", government=government, agency_ids=ids)
    areas = [code for gid, code in scope.areas if government is not None and gid == government.pk]
    if areas:
        return Landing("region", government=government, code=areas[0], other_codes=areas[1:])
    if scope.observed_regions:
        observed = list(dict.fromkeys(scope.observed_regions))
        return Landing("region", code=observed[0], other_codes=observed[1:])
    if scope.is_admin:
        return Landing("region", code=NATION)
    return Landing("none", government=government)
