from django.urls import path

from sinergi.documents import views

app_name = "documents"
urlpatterns = [
    path("rencana/<int:plan_id>/dokumen.<str:fmt>", views.rad_document, name="rad_document"),
    path("rencana/<uuid:plan_id>/dokumen.<str:fmt>", views.rad_document, name="rad_document_by_code"),
]
