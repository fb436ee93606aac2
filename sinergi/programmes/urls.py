from django.urls import path

from sinergi.programmes.views import events, recaps

app_name = "programmes"
urlpatterns = [
    path("kegiatan/", events.event_list, name="event_list"),
    path("kegiatan/baru/", events.event_create, name="event_create"),
    path("kegiatan/<int:pk>/", events.event_detail, name="event_detail"),
    path("kegiatan/<int:pk>/ubah/", events.event_edit, name="event_edit"),
    path("tes-urine/", events.urine_test_list, name="urine_test_list"),
    path("rekap-program/", recaps.recap_page, name="recap"),
    path("rekap-program/dokumen.<str:fmt>", recaps.recap_download, name="recap_download"),
]
