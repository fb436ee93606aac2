from django.urls import path

from sinergi.exchange import views

app_name = "exchange"
urlpatterns = [
    path("pertukaran/", views.home, name="home"),
    path("pertukaran/kunci/", views.key_generate, name="key_generate"),
    path("pertukaran/ekspor/", views.export, name="export"),
    path("pertukaran/impor/", views.import_upload, name="import"),
    path("pertukaran/impor/konfirmasi/", views.import_confirm, name="import_confirm"),
    path("pertukaran/pengirim/", views.senders, name="senders"),
    path("pertukaran/pengirim/<int:pk>/hapus/", views.sender_delete, name="sender_delete"),
    path("pertukaran/paket/<int:pk>/", views.package_detail, name="package_detail"),
    path("pertukaran/paket/<int:pk>/dokumen/<int:document>/", views.document_download, name="document_download"),
]
