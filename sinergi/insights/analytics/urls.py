from django.urls import path

from sinergi.insights.analytics import views

app_name = "analytics"
urlpatterns = [path("analitik/", views.analytics_page, name="export")]
