from django.urls import path

from sinergi.insights import views

app_name = "insights"
urlpatterns = [
    path("dasbor/", views.dashboard, name="dashboard"),
    path("dasbor/pemda/<int:pk>/", views.government, name="government"),
    path("dasbor/wilayah/<str:code>/", views.region, name="region"),
]
