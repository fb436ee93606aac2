from django.urls import path

from sinergi.coordination.views import documents, follow_ups, meetings, task_forces

app_name = "coordination"
urlpatterns = [
    path("rapat/", meetings.meeting_list, name="meeting_list"),
    path("rapat/baru/", meetings.meeting_create, name="meeting_create"),
    path("rapat/<int:pk>/", meetings.meeting_detail, name="meeting_detail"),
    path("rapat/<int:pk>/ubah/", meetings.meeting_edit, name="meeting_edit"),
    path("rapat/<int:pk>/langkah/<str:step>/", meetings.meeting_step, name="meeting_step"),
    path("rapat/<int:pk>/agenda/", meetings.agenda_add, name="agenda_add"),
    path("rapat/<int:pk>/hadir/", meetings.attendance_add, name="attendance_add"),
    path("rapat/<int:pk>/keputusan/", meetings.decision_add, name="decision_add"),
    path("rapat/<int:pk>/undangan.<str:fmt>", documents.invitation, name="meeting_invitation"),
    path("rapat/<int:pk>/daftar-hadir.<str:fmt>", documents.sign_in_sheet, name="meeting_sign_in_sheet"),
    path("rapat/<int:pk>/notulen.<str:fmt>", documents.minutes, name="meeting_minutes"),
    path("rapat/agenda/<int:pk>/", meetings.agenda_edit, name="agenda_edit"),
    path("rapat/agenda/<int:pk>/hapus/", meetings.agenda_remove, name="agenda_remove"),
    path("rapat/hadir/<int:pk>/hapus/", meetings.attendance_remove, name="attendance_remove"),
    path("rapat/keputusan/<int:pk>/hapus/", meetings.decision_remove, name="decision_remove"),
    path("rapat/keputusan/<int:pk>/tindak-lanjut/", meetings.follow_up_add, name="follow_up_add"),
    path("tindak-lanjut/", follow_ups.follow_up_list, name="follow_up_list"),
    path("tindak-lanjut/<int:pk>/", follow_ups.follow_up_detail, name="follow_up_detail"),
    path("tindak-lanjut/<int:pk>/ubah/", follow_ups.follow_up_edit, name="follow_up_edit"),
    path("tindak-lanjut/<int:pk>/bukti/", follow_ups.evidence_add, name="evidence_add"),
    path("tindak-lanjut/bukti/<uuid:pk>/", follow_ups.evidence_download, name="evidence_download"),
    path("tindak-lanjut/bukti/<uuid:pk>/hapus/", follow_ups.evidence_remove, name="evidence_remove"),
    path("tim-terpadu/", task_forces.task_force_home, name="task_force_home"),
    path("tim-terpadu/baru/", task_forces.task_force_create, name="task_force_create"),
    path("tim-terpadu/<int:pk>/", task_forces.task_force_detail, name="task_force_detail"),
    path("tim-terpadu/<int:pk>/susunan/baru/", task_forces.composition_create, name="composition_create"),
    path("tim-terpadu/susunan/<int:pk>/", task_forces.composition_detail, name="composition_detail"),
    path("tim-terpadu/susunan/<int:pk>/ubah/", task_forces.composition_edit, name="composition_edit"),
    path("tim-terpadu/susunan/<int:pk>/sk/", task_forces.composition_sk_file, name="composition_sk_file"),
    path("tim-terpadu/susunan/<int:pk>/anggota/", task_forces.member_add, name="member_add"),
    path("tim-terpadu/anggota/<int:pk>/", task_forces.member_edit, name="member_edit"),
    path("tim-terpadu/anggota/<int:pk>/hapus/", task_forces.member_remove, name="member_remove"),
]
