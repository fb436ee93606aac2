from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import translation

from sinergi.notifications.services import flush_outbox, reminders_send_all


class Command(BaseCommand):
    help = (
        "Kirim pengingat laporan (periode dibuka, jatuh tempo, terlambat, eskalasi) dan tindak lanjut rapat, lalu "
        "kirim antrean surel dan "
        "webhook. Untuk cron, mis. setiap hari pukul 07.00; aman dijalankan ulang: tidak ada yang terkirim dua kali."
    )

    def handle(self, *args, **options):
        with translation.override(settings.LANGUAGE_CODE):
            notified = reminders_send_all()  # reporting's, then coordination's follow-ups
            outbox = flush_outbox()
        failed = outbox["emails_failed"] + outbox["webhooks_failed"]
        self.stdout.write(
            f"{notified} notifikasi baru, {outbox['emails_sent']} surel terkirim, {failed} gagal dan diantrikan ulang."
        )
        if outbox["webhooks_delivered"]:
            self.stdout.write(f"{outbox['webhooks_delivered']} webhook terkirim.")
