from django.urls import path

from sinergi.programmes.views import bersinar, events

app_name = "programmes"
urlpatterns = [
    path("kegiatan/", events.event_list, name="event_list"),
    path("kegiatan/baru/", events.event_create, name="event_create"),
    path("kegiatan/<int:pk>/", events.event_detail, name="event_detail"),
    path("kegiatan/<int:pk>/ubah/", events.event_edit, name="event_edit"),
    path("tes-urine/", events.urine_test_list, name="urine_test_list"),
    # Kelurahan Bersinar
    path("bersinar/", bersinar.bersinar_board, name="bersinar_board"),
    path("bersinar/baru/", bersinar.bersinar_create, name="bersinar_create"),
    path("bersinar/<int:pk>/", bersinar.bersinar_detail, name="bersinar_detail"),
    path("bersinar/<int:pk>/ubah/", bersinar.bersinar_edit, name="bersinar_edit"),
    path("bersinar/<int:pk>/tahap/", bersinar.bersinar_step, name="bersinar_step"),
    path("bersinar/<int:pk>/tahap/<str:stage>/hapus/", bersinar.bersinar_step_remove, name="bersinar_step_remove"),
    path("bersinar/<int:pk>/dokumen/", bersinar.bersinar_document_add, name="bersinar_document_add"),
    path("bersinar/<int:pk>/pokja/", bersinar.pokja_add, name="bersinar_pokja_add"),
    path("bersinar/<int:pk>/tautan/", bersinar.bersinar_links, name="bersinar_links"),
    path("bersinar/pokja/<int:pk>/ubah/", bersinar.pokja_edit, name="bersinar_pokja_edit"),
    path("bersinar/pokja/<int:pk>/hapus/", bersinar.pokja_remove, name="bersinar_pokja_remove"),
    path("bersinar/dokumen/<uuid:pk>/", bersinar.bersinar_document_download, name="bersinar_document_download"),
    path("bersinar/dokumen/<uuid:pk>/hapus/", bersinar.bersinar_document_delete, name="bersinar_document_delete"),
]
