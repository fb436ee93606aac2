from django.urls import path

from sinergi.core import views

# The home page ("core:home", the to-do list) belongs to workspace; config/urls.py adds it to this namespace.
app_name = "core"
urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    path("pemda/pilih/", views.switch_government, name="switch_government"),
]
