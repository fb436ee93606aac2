"""The public page's settings and the public pages. Mounted by ``insights/maps/urls.py`` in its ``maps`` namespace
(``maps:public_page`` and the rest keep their names), not on their own."""

from django.urls import path

from sinergi.insights.public import views

urlpatterns = [
    path("peta/<int:pk>/halaman-publik/", views.public_settings, name="public_settings"),
    path("publik/", views.public_index, name="public_index"),
    path("publik/<str:code>/", views.public_page, name="public_page"),
]
