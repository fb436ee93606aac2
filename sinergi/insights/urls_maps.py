"""The kelurahan map, its boundaries, and the public transparency pages (issue 7 §3-map, §4)."""

from django.urls import path

from sinergi.insights import views_maps as views

app_name = "maps"
urlpatterns = [
    path("peta/", views.map_current, name="map_current"),
    path("peta/<int:pk>/", views.map_page, name="map"),
    path("peta/<int:pk>/batas/", views.boundaries_page, name="boundaries"),
    path("peta/<int:pk>/batas/hapus/", views.boundaries_delete, name="boundaries_delete"),
    path("peta/<int:pk>/batas.geojson", views.boundaries_download, name="boundaries_download"),
    path("peta/<int:pk>/halaman-publik/", views.public_settings, name="public_settings"),
    path("publik/", views.public_index, name="public_index"),
    path("publik/<str:code>/", views.public_page, name="public_page"),
]
