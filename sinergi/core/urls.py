from django.urls import path

from sinergi.core import views
from sinergi.workspace.views import home

app_name = "core"
urlpatterns = [
    path("", home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("pemda/pilih/", views.switch_government, name="switch_government"),
]
