from django.contrib import admin
from django.urls import include, path

from config.api import api
from sinergi.core import urls as core_urls
from sinergi.workspace.views import home

# core's pages, with the home page (workspace's to-do list) first under the same "core:" names as always.
core_patterns = [path("", home, name="home"), *core_urls.urlpatterns]

urlpatterns = [
    path("", include((core_patterns, core_urls.app_name))),
    path("", include("sinergi.workspace.urls")),
    path("akun/", include("sinergi.accounts.urls")),
    path("wilayah/", include("sinergi.regions.urls")),
    path("", include("sinergi.organizations.urls")),
    path("", include("sinergi.planning.urls")),
    path("", include("sinergi.planning.imports.urls")),
    path("", include("sinergi.reporting.urls")),
    path("", include("sinergi.programmes.urls")),
    path("", include("sinergi.notifications.urls")),
    path("", include("sinergi.documents.urls")),
    path("", include("sinergi.coordination.urls")),
    path("", include("sinergi.insights.analytics.urls")),
    path("", include("sinergi.insights.maps.urls")),
    path("", include("sinergi.exchange.urls")),
    path("", include("sinergi.insights.urls")),
    path("api/v1/", api.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
]
