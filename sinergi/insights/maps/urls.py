"""The kelurahan map, its boundaries, and the public transparency pages (issue 7 §3-map, §4): one URL namespace,
``maps``, for both (the public pages' own patterns are in ``insights/public/urls.py``)."""

from django.urls import path

from sinergi.insights.maps import views
from sinergi.insights.public import urls as public_urls

app_name = "maps"
urlpatterns = [
    path("peta/", views.map_current, name="map_current"),
    path("peta/<int:pk>/", views.map_page, name="map"),
    path("peta/<int:pk>/batas/", views.boundaries_page, name="boundaries"),
    path("peta/<int:pk>/batas/hapus/", views.boundaries_delete, name="boundaries_delete"),
    path("peta/<int:pk>/batas.geojson", views.boundaries_download, name="boundaries_download"),
    *public_urls.urlpatterns,
]
