from django.urls import path

from sinergi.programmes import views

app_name = "programmes"
urlpatterns = [
    path("kegiatan/", views.event_list, name="event_list"),
    path("kegiatan/baru/", views.event_create, name="event_create"),
    path("kegiatan/<int:pk>/", views.event_detail, name="event_detail"),
    path("kegiatan/<int:pk>/ubah/", views.event_edit, name="event_edit"),
    path("tes-urine/", views.urine_test_list, name="urine_test_list"),
]
