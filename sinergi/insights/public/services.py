"""Writes of the public page: its settings, keyword-only, atomic and audited like every other write."""

from django.db import transaction

from sinergi.core.services import model_create, model_update
from sinergi.insights.public.models import PublicPage


@transaction.atomic
def public_page_save(*, government, enabled: bool, intro: str, by) -> PublicPage:
    """Switch a government's public page on or off and set its introduction (created on first save)."""
    page = PublicPage.objects.select_for_update().filter(government=government).first()
    if page is None:
        return model_create(
            instance=PublicPage(government=government, enabled=enabled, intro=intro.strip(), updated_by=by), by=by
        )
    model_update(instance=page, data={"enabled": enabled, "intro": intro.strip(), "updated_by": by}, by=by)
    return page
