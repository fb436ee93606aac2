from django.urls import path

from sinergi.reporting import views

app_name = "reporting"
urlpatterns = [
    path("laporan/", views.period_list, name="period_list"),
    path("laporan/periode/baru/", views.period_open, name="period_open"),
    path("laporan/periode/<int:pk>/", views.period_detail, name="period_detail"),
    path("laporan/periode/<int:pk>/langkah/<str:step>/", views.period_step, name="period_step"),
    path("laporan/periode/<int:pk>/setujui/", views.approve_many, name="approve_many"),
    path("laporan/periode/<int:pk>/pendahuluan/", views.period_introduction, name="period_introduction"),
    path("laporan/periode/<int:pk>/dokumen/", views.document_request, name="document_request"),
    path("laporan/dokumen/<uuid:pk>/", views.document_download, name="document_download"),
    path("laporan/<int:pk>/", views.report_detail, name="report_detail"),
    path("laporan/<int:pk>/langkah/<str:step>/", views.report_step, name="report_step"),
    path("bukti/<uuid:pk>/", views.evidence_download, name="evidence_download"),
    path("bukti/<uuid:pk>/hapus/", views.evidence_delete, name="evidence_delete"),
]
