"""The programme's records, one module per thing they hold; every name is importable from here as before.

- ``common``: target groups and the storage path of uploaded files
- ``events``: events (kegiatan) and their evidence
- ``urine_tests``: urine-test campaigns (counts only)
- ``volunteers``: volunteer groups, volunteers and their trainings
- ``vulnerability``: BNN's indicators, thresholds and yearly assessments of kelurahan/desa
- ``bersinar``: Kelurahan/Desa Bersinar programmes, their steps, documents and pokja
"""

from sinergi.programmes.models.bersinar import (
    BersinarDocument,
    BersinarProgramme,
    BersinarStage,
    BersinarStep,
    PokjaMember,
)
from sinergi.programmes.models.common import TargetGroup, programme_file_path
from sinergi.programmes.models.events import Event, EventEvidence
from sinergi.programmes.models.urine_tests import UrineTestCampaign
from sinergi.programmes.models.volunteers import TrainingRecord, Volunteer, VolunteerGroup
from sinergi.programmes.models.vulnerability import (
    MAIN_INDICATORS,
    MAIN_WEIGHT,
    MAX_RATING,
    MAX_SCORE,
    SUPPORTING_INDICATORS,
    VulnerabilityAssessment,
    VulnerabilityStatus,
    VulnerabilityThresholds,
)

__all__ = [
    "MAIN_INDICATORS",
    "MAIN_WEIGHT",
    "MAX_RATING",
    "MAX_SCORE",
    "SUPPORTING_INDICATORS",
    "BersinarDocument",
    "BersinarProgramme",
    "BersinarStage",
    "BersinarStep",
    "Event",
    "EventEvidence",
    "PokjaMember",
    "TargetGroup",
    "TrainingRecord",
    "UrineTestCampaign",
    "Volunteer",
    "VolunteerGroup",
    "VulnerabilityAssessment",
    "VulnerabilityStatus",
    "VulnerabilityThresholds",
    "programme_file_path",
]
