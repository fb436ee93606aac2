"""What the programme's records share: the groups it reaches and where its uploaded files are stored."""

import uuid

from django.db import models
from django.utils.translation import gettext_lazy as _


class TargetGroup(models.TextChoices):
    PELAJAR = "pelajar", _("School students (pelajar)")
    MAHASISWA = "mahasiswa", _("University students (mahasiswa)")
    ASN = "asn", _("Civil servants (ASN)")
    PEKERJA = "pekerja", _("Workers")
    KELUARGA = "keluarga", _("Families")
    MASYARAKAT = "masyarakat_umum", _("General public")
    TOKOH = "tokoh_masyarakat", _("Community leaders")
    LAINNYA = "lainnya", _("Other")


def programme_file_path(instance, filename):
    return f"programmes/{instance.government_region_code()}/{uuid.uuid4().hex}"
