"""Who reads which dashboard (the same rules for pages and API); see the package's docstring."""

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from sinergi.core.scope import scope_for
from sinergi.insights.dashboards.common import NATION_URL_CODE
from sinergi.insights.models import NATION
from sinergi.organizations.models import Government
from sinergi.organizations.selectors import government_get


def readable_roots(user) -> list[str]:
    """The region codes whose subtrees ``user`` may read roll-ups of (see the module's docstring)."""
    scope = scope_for(user)
    cached = getattr(scope, "_dashboard_roots", None)
    if cached is not None:
        return cached
    if scope.is_admin:
        roots = [NATION]
    else:
        roots = list(dict.fromkeys(scope.observed_regions))
        if scope.member_government_ids:
            own = Government.objects.filter(pk__in=scope.member_government_ids, region__level=2)
            roots += [code for code in own.values_list("region_id", flat=True) if code not in roots]
    scope._dashboard_roots = roots
    return roots


def covers(root: str, code: str) -> bool:
    return root == NATION or code == root or code.startswith(root + ".")


def region_readable(user, code: str) -> bool:
    return any(covers(root, code) for root in readable_roots(user))


def government_for(*, user, pk):
    """A government whose dashboard ``user`` may read (its government-wide roles and the observers of its region),
    404 outside the user's scope, 403 for its agency and area roles."""
    government = government_get(user=user, pk=pk)
    if not scope_for(user).reads_government(government):
        # An agency or area role reads only part of it; the dashboard shows every agency's numbers and budget.
        raise PermissionDenied(_("This dashboard shows every agency's numbers; open your own dashboard instead."))
    return government


def url_code(code: str) -> str:
    return code or NATION_URL_CODE


def stored_code(text: str) -> str:
    """A region code from a URL or the API: "" or "ID" is the nation."""
    text = (text or "").strip()
    return NATION if text.upper() in ("", NATION_URL_CODE) else text
