from django.urls import path

from sinergi.coordination import views_documents as views

app_name = "coordination_documents"
urlpatterns = [
    path("rapat/<int:pk>/undangan.<str:fmt>", views.invitation, name="invitation"),
    path("rapat/<int:pk>/daftar-hadir.<str:fmt>", views.sign_in_sheet, name="sign_in_sheet"),
    path("rapat/<int:pk>/notulen.<str:fmt>", views.minutes, name="minutes"),
]
