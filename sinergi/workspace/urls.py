from django.urls import path

from sinergi.workspace import views

app_name = "workspace"
urlpatterns = [
    path("beranda/pengingat/", views.remind, name="remind"),
]
