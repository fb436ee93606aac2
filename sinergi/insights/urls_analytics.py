from django.urls import path

from sinergi.insights import views_analytics

app_name = "analytics"
urlpatterns = [path("analitik/", views_analytics.analytics_page, name="export")]
