from django.urls import path

from sinergi.planning.views import actions, catalogue, indicators, plans

app_name = "planning"
urlpatterns = [
    path("rencana/", plans.plan_list, name="plan_list"),
    path("rencana/baru/", plans.plan_create, name="plan_create"),
    path("rencana/<int:pk>/", plans.plan_detail, name="plan_detail"),
    path("rencana/<int:pk>/langkah/<str:step>/", plans.plan_step, name="plan_step"),
    path("rencana/<int:pk>/revisi/", plans.plan_revise, name="plan_revise"),
    path("rencana/<int:pk>/tetapkan/", plans.plan_adopt, name="plan_adopt"),
    path("rencana/<int:pk>/terima-aksi/", actions.plan_accept_actions, name="plan_accept_actions"),
    path("rencana/<int:pk>/dasar-hukum/", plans.plan_legal_basis, name="plan_legal_basis"),
    path("rencana/<int:pk>/setujui/<int:agency_id>/", plans.plan_signoff, name="plan_signoff"),
    path("rencana/<int:pk>/komentar/", plans.plan_comment, name="plan_comment"),
    path("rencana/<int:pk>/cakupan/", plans.plan_coverage, name="plan_coverage"),
    path("rencana/<int:pk>/bandingkan/", plans.plan_compare, name="plan_compare"),
    path("rencana/<int:pk>/aksi/baru/", actions.action_create, name="action_create"),
    path("aksi/<int:pk>/", actions.action_detail, name="action_detail"),
    path("aksi/<int:pk>/ubah/", actions.action_edit, name="action_edit"),
    path("aksi/<int:pk>/hapus/", actions.action_delete, name="action_delete"),
    path("aksi/<int:pk>/telaah/<str:step>/", actions.action_review, name="action_review"),
    path("aksi/<int:pk>/indikator/baru/", indicators.indicator_create, name="indicator_create"),
    path("indikator/<int:pk>/ubah/", indicators.indicator_edit, name="indicator_edit"),
    path("indikator/<int:pk>/hapus/", indicators.indicator_delete, name="indicator_delete"),
    path("ran/", catalogue.catalogue_list, name="catalogue_list"),
    path("ran/<int:pk>/", catalogue.catalogue_detail, name="catalogue_detail"),
]
