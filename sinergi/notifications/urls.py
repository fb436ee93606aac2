from django.urls import path

from sinergi.notifications import views

app_name = "notifications"
urlpatterns = [
    path("kotak-masuk/", views.inbox, name="inbox"),
    path("kotak-masuk/baca-semua/", views.notification_read_all, name="read_all"),
    path("kotak-masuk/<int:pk>/", views.notification_detail, name="detail"),
    path("kotak-masuk/<int:pk>/baca/", views.notification_read, name="read"),
]
