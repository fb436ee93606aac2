from django.urls import path

from sinergi.planning.imports import views

app_name = "planning_import"
urlpatterns = [
    path("rencana/<int:pk>/impor/", views.upload, name="upload"),
    path("rencana/<int:pk>/impor/templat/", views.template, name="template"),
    path("rencana/<int:pk>/impor/selesai/", views.done, name="done"),
    path("rencana/<int:pk>/impor/<slug:token>/", views.preview, name="preview"),
    path("rencana/<int:pk>/impor/<slug:token>/kolom/", views.mapping, name="mapping"),
    path("rencana/<int:pk>/impor/<slug:token>/batal/", views.cancel, name="cancel"),
]
