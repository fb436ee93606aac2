import html

from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from sinergi.core.scope import governments_in_scope, scope_for


def navigation(request):
    """The menu for the signed-in user's roles in the current government, and the government switcher."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    scope = scope_for(user)
    government = request.government
    government_id = government.pk if government else None
    roles = scope.roles_in(government_id)
    items = [(_("Home"), reverse("core:home"), "home"), (_("Dashboard"), reverse("insights:dashboard"), "dashboard")]
    if government is not None:
        items.append((_("Action plans"), reverse("planning:plan_list"), "plans"))
        items.append((_("Reports"), reverse("reporting:period_list"), "reports"))
        # One entry for the programme records; their pages share a tab bar (programmes/_tabs.html).
        items.append((_("Programmes"), reverse("programmes:event_list"), "programmes"))
        # One entry for meetings, follow-ups and the task force; their pages share a tab bar (coordination/_tabs.html).
        items.append((_("Coordination"), reverse("coordination:meeting_list"), "coordination"))
        items.append((_("Government"), reverse("organizations:government_detail", args=[government.pk]), "government"))
        items.append((_("Agencies"), reverse("organizations:agency_list"), "agencies"))
    if scope.can_manage(government_id) and government is not None:
        items.append((_("People"), reverse("organizations:user_list"), "people"))
    if scope.is_admin or scope.observed_regions or scope.read_government_ids:
        items.append((_("Analytics"), reverse("analytics:export"), "analytics"))
    items.append((_("RAN"), reverse("planning:catalogue_list"), "catalogue"))
    items.append((_("Regions"), reverse("regions:search"), "regions"))
    if scope.is_admin or scope.observed_regions or {"secretariat", "leader"} & roles:
        items.append((_("Exchange"), reverse("exchange:home"), "exchange"))
    if user.is_superuser:
        items.append((_("Administration"), reverse("admin:index"), "admin"))
    return {
        "nav_items": items,
        "nav_roles": sorted(roles),
        "can_manage_government": scope.can_manage(government_id),
        "switchable_governments": _switchable(request, scope),
    }


def _switchable(request, scope):
    if not (scope.is_admin or scope.observed_regions or len(scope.member_government_ids) > 1):
        return []
    # Lazy: evaluated only where the switcher is drawn, and capped so a national observer's page stays light.
    governments = governments_in_scope(request.user).select_related(None).values_list("pk", "name")[:600]
    return SwitcherOptions(request, governments)


class SwitcherOptions:
    """The switcher's ``<option>`` elements, written here: a national observer's 548 governments cost some 20 ms
    on every page as a template loop, and under 1 ms this way. True when there is anything to switch to."""

    def __init__(self, request, governments):
        self.request = request
        self.governments = governments

    @cached_property
    def rows(self) -> list:
        return list(self.governments)

    def __bool__(self) -> bool:
        return bool(self.rows)

    def __html__(self) -> str:
        government = self.request.government
        current = government.pk if government is not None else None
        # Plain escaping, not format_html per row: format_html costs ~20 µs a row, 11 ms for the nation's 548.
        return mark_safe(
            "".join(
                f'<option value="{int(pk)}"{" selected" if pk == current else ""}>{html.escape(name)}</option>'
                for pk, name in self.rows
            )
        )

    __str__ = __html__  # templates call str() before escaping
