from django.urls import path

from sinergi.programmes.views import assessments, bersinar, events, recaps, volunteers

app_name = "programmes"
urlpatterns = [
    path("kegiatan/", events.event_list, name="event_list"),
    path("kegiatan/baru/", events.event_create, name="event_create"),
    path("kegiatan/<int:pk>/", events.event_detail, name="event_detail"),
    path("kegiatan/<int:pk>/ubah/", events.event_edit, name="event_edit"),
    path("kegiatan/bukti/<uuid:pk>/", events.event_evidence_download, name="event_evidence_download"),
    path("kegiatan/bukti/<uuid:pk>/hapus/", events.event_evidence_delete, name="event_evidence_delete"),
    path("tes-urine/", events.urine_test_list, name="urine_test_list"),
    path("tes-urine/baru/", events.urine_test_create, name="urine_test_create"),
    path("tes-urine/<int:pk>/ubah/", events.urine_test_edit, name="urine_test_edit"),
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
    # volunteer groups, members and their trainings
    path("relawan/", volunteers.group_list, name="volunteer_group_list"),
    path("relawan/baru/", volunteers.group_create, name="volunteer_group_create"),
    path("relawan/<int:pk>/", volunteers.group_detail, name="volunteer_group_detail"),
    path("relawan/<int:pk>/ubah/", volunteers.group_edit, name="volunteer_group_edit"),
    path("relawan/<int:pk>/aktif/", volunteers.group_toggle, name="volunteer_group_toggle"),
    path("relawan/<int:pk>/sk/", volunteers.group_sk_download, name="volunteer_group_sk"),
    path("relawan/<int:pk>/anggota/baru/", volunteers.volunteer_create, name="volunteer_create"),
    path("relawan/anggota/", volunteers.volunteer_list, name="volunteer_list"),
    path("relawan/anggota/<int:pk>/", volunteers.volunteer_detail, name="volunteer_detail"),
    path("relawan/anggota/<int:pk>/ubah/", volunteers.volunteer_edit, name="volunteer_edit"),
    path("relawan/anggota/<int:pk>/aktif/", volunteers.volunteer_toggle, name="volunteer_toggle"),
    path("relawan/pelatihan/<int:pk>/hapus/", volunteers.training_delete, name="training_delete"),
    # vulnerability assessments
    path("kerawanan/", assessments.assessment_list, name="assessment_list"),
    path("kerawanan/catat/", assessments.assessment_record, name="assessment_record"),
    path("kerawanan/<int:pk>/ubah/", assessments.assessment_edit, name="assessment_edit"),
    path("kerawanan/wilayah/<str:code>/", assessments.assessment_region, name="assessment_region"),
    path("kerawanan/ambang/", assessments.thresholds_edit, name="assessment_thresholds"),
    path("rekap-program/", recaps.recap_page, name="recap"),
    path("rekap-program/dokumen.<str:fmt>", recaps.recap_download, name="recap_download"),
]
