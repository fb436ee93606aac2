from django.urls import path

from sinergi.planning import views

app_name = "planning"
urlpatterns = [
    path("rencana/", views.plan_list, name="plan_list"),
    path("rencana/baru/", views.plan_create, name="plan_create"),
    path("rencana/<int:pk>/", views.plan_detail, name="plan_detail"),
    path("rencana/<int:pk>/langkah/<str:step>/", views.plan_step, name="plan_step"),
    path("rencana/<int:pk>/revisi/", views.plan_revise, name="plan_revise"),
    path("rencana/<int:pk>/tetapkan/", views.plan_adopt, name="plan_adopt"),
    path("rencana/<int:pk>/terima-aksi/", views.plan_accept_actions, name="plan_accept_actions"),
    path("rencana/<int:pk>/dasar-hukum/", views.plan_legal_basis, name="plan_legal_basis"),
    path("rencana/<int:pk>/setujui/<int:agency_id>/", views.plan_signoff, name="plan_signoff"),
    path("rencana/<int:pk>/komentar/", views.plan_comment, name="plan_comment"),
    path("rencana/<int:pk>/cakupan/", views.plan_coverage, name="plan_coverage"),
    path("rencana/<int:pk>/bandingkan/", views.plan_compare, name="plan_compare"),
    path("rencana/<int:pk>/aksi/baru/", views.action_create, name="action_create"),
    path("aksi/<int:pk>/", views.action_detail, name="action_detail"),
    path("aksi/<int:pk>/ubah/", views.action_edit, name="action_edit"),
    path("aksi/<int:pk>/hapus/", views.action_delete, name="action_delete"),
    path("aksi/<int:pk>/telaah/<str:step>/", views.action_review, name="action_review"),
    path("aksi/<int:pk>/indikator/baru/", views.indicator_create, name="indicator_create"),
    path("indikator/<int:pk>/ubah/", views.indicator_edit, name="indicator_edit"),
    path("indikator/<int:pk>/hapus/", views.indicator_delete, name="indicator_delete"),
    path("ran/", views.catalogue_list, name="catalogue_list"),
    path("ran/<int:pk>/", views.catalogue_detail, name="catalogue_detail"),
]
