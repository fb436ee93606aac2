from django.urls import path

from sinergi.organizations import views

app_name = "organizations"
urlpatterns = [
    path("pemda/", views.government_list, name="government_list"),
    path("pemda/baru/", views.government_create, name="government_create"),
    path("pemda/<int:pk>/", views.government_detail, name="government_detail"),
    path("pemda/<int:pk>/pengaturan/", views.government_settings, name="government_settings"),
    path("pemda/<int:pk>/ubah/", views.government_edit, name="government_edit"),
    path("pemda/<int:pk>/logo/", views.government_logo, name="government_logo"),
    path("perangkat-daerah/", views.agency_list, name="agency_list"),
    path("perangkat-daerah/baru/", views.agency_create, name="agency_create"),
    path("perangkat-daerah/<int:pk>/", views.agency_detail, name="agency_detail"),
    path("perangkat-daerah/<int:pk>/ubah/", views.agency_edit, name="agency_edit"),
    path("perangkat-daerah/<int:pk>/ganti/", views.agency_succeed, name="agency_succeed"),
    path("pengguna/", views.user_list, name="user_list"),
    path("pengguna/baru/", views.user_create, name="user_create"),
    path("pengguna/<int:pk>/", views.user_detail, name="user_detail"),
    path("pengguna/<int:pk>/ubah/", views.user_edit, name="user_edit"),
    path("pengguna/<int:pk>/sandi/", views.user_password, name="user_password"),
    path("pengguna/<int:pk>/aktif/", views.user_toggle_active, name="user_toggle_active"),
    path("peran/<int:pk>/hapus/", views.membership_delete, name="membership_delete"),
]
