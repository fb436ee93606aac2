from django.urls import path

from sinergi.planning import import_views as views

app_name = "planning_import"
urlpatterns = [
    path("rad/<int:pk>/impor/", views.upload, name="upload"),
    path("rad/<int:pk>/impor/templat/", views.template, name="template"),
    path("rad/<int:pk>/impor/selesai/", views.done, name="done"),
    path("rad/<int:pk>/impor/<slug:token>/", views.preview, name="preview"),
    path("rad/<int:pk>/impor/<slug:token>/kolom/", views.mapping, name="mapping"),
    path("rad/<int:pk>/impor/<slug:token>/batal/", views.cancel, name="cancel"),
]
