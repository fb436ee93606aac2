"""Who may do what with periods and reports."""

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from sinergi.core.scope import scope_for
from sinergi.reporting.models import PeriodStatus, Report, ReportStatus


def can_manage_periods(user, government_id: int) -> bool:
    return scope_for(user).can_manage(government_id)


def can_edit_report(user, report: Report) -> bool:
    """The agency's operators (and the secretariat, helping them) write drafts and returned reports."""
    if report.status not in (ReportStatus.DRAFT, ReportStatus.RETURNED) or report.period.status != PeriodStatus.OPEN:
        return False
    scope = scope_for(user)
    return scope.can_manage(report.government_id) or scope.has_agency_role(report.agency_id, "agency_operator")


def can_head_approve(user, report: Report) -> bool:
    return report.status == ReportStatus.SUBMITTED and scope_for(user).has_agency_role(report.agency_id, "agency_head")


def can_review(user, report_or_government_id) -> bool:
    """Reviewers (Kesbangpol or BNN verifiers) and the secretariat return and approve reports."""
    government_id = getattr(report_or_government_id, "government_id", report_or_government_id)
    scope = scope_for(user)
    return scope.is_admin or bool({"reviewer", "secretariat"} & scope.roles_in(government_id))


def can_generate_documents(user, government_id: int) -> bool:
    """The secretariat, reviewers and leaders generate the consolidated report (official or draft)."""
    return can_review(user, government_id) or "leader" in scope_for(user).roles_in(government_id)


def can_download_document(user, document) -> bool:
    """An official document is for everyone who sees its period; a draft only for those who may generate it."""
    return not document.draft or can_generate_documents(user, document.period.government_id)


def require(allowed: bool, message: str | None = None) -> None:
    if not allowed:
        raise PermissionDenied(message or _("Your role does not allow this."))
