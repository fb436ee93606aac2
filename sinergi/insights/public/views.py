"""The public page's settings (the secretariat, a tab of the kelurahan map) and the public transparency pages
(anyone, no sign-in)."""

import hashlib

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.utils.http import quote_etag
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET

from sinergi.core.forms import ControlCharactersMixin
from sinergi.core.pages import apply_errors
from sinergi.insights.maps import selectors as maps
from sinergi.insights.maps.views import TAB, crumbs, managed_government
from sinergi.insights.public import selectors
from sinergi.insights.public.models import PublicPage
from sinergi.insights.public.services import public_page_save
from sinergi.regions.models import Region

PUBLIC_MAX_AGE = 300  # seconds a browser or proxy may keep a public page


class PublicPageForm(ControlCharactersMixin, forms.ModelForm):
    class Meta:
        model = PublicPage
        fields = ["enabled", "intro"]
        widgets = {"intro": forms.Textarea(attrs={"rows": 4})}
        help_texts = {"enabled": gettext_lazy("Anyone can read the page without signing in.")}


@login_required
def public_settings(request, pk: int):
    government = managed_government(request, pk)
    page = PublicPage.objects.filter(government=government).first() or PublicPage(government=government)
    form = PublicPageForm(request.POST or None, instance=page)
    if request.method == "POST" and form.is_valid():
        try:
            public_page_save(
                government=government,
                enabled=form.cleaned_data["enabled"],
                intro=form.cleaned_data["intro"],
                by=request.user,
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(
                request,
                _("The public page is published.")
                if form.cleaned_data["enabled"]
                else _("The public page is switched off."),
            )
            return redirect("maps:public_settings", pk=government.pk)
    return render(
        request,
        "insights/maps/public_settings.html",
        {
            "government": government,
            "form": form,
            "page": page,
            "public_url": reverse("maps:public_page", args=[government.region_id]),
            "history": maps.map_history(government=government, model=PublicPage),
            "active_nav": "programmes",
            "active_tab": TAB,
            "breadcrumbs": crumbs(government, (_("Public page"), None)),
        },
    )


# --- the public pages: no sign-in, no cookie, cacheable -------------------------------------------------------


def _public_response(request, template: str, context: dict):
    """A public page: the same bytes for everyone, so it carries an ETag, answers 304 to a browser that has it,
    and may be kept by browsers and proxies for a few minutes."""
    response = render(request, template, context)
    etag = quote_etag(hashlib.sha256(response.content).hexdigest()[:32])
    if etag in [tag.strip() for tag in request.headers.get("If-None-Match", "").split(",")]:
        response.status_code = 304
        response.content = b""
    response["ETag"] = etag
    patch_cache_control(response, public=True, max_age=PUBLIC_MAX_AGE)
    return response


@require_GET
def public_index(request):
    return _public_response(request, "insights/public/index.html", {"pages": list(selectors.published_pages())})


@require_GET
def public_page(request, code: str):
    page = selectors.published_page(code)
    if page is None:
        raise Http404
    government = page.government
    semesters = maps.semesters_of(government)
    numbers = selectors.public_semesters(semesters)
    kmap = None
    if government.region.level == Region.Level.REGENCY:
        year, semester = maps.choose_semester(semesters, maps.STATUS)
        kmap = maps.kelurahan_map(government=government, year=year, semester=semester, layer=maps.STATUS, links=False)
    return _public_response(
        request,
        "insights/public/page.html",
        {
            "page": page,
            "government": government,
            "semesters": numbers,
            "rows": selectors.public_rows(numbers),
            "kmap": kmap,
        },
    )
