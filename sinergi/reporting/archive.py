"""Writes of the document archive: consolidated reports generated at once or as background jobs, and kept.

Every generated file is a new ``GeneratedDocument`` row with its own randomly named file, never overwritten, so
what was sent upward can always be shown again. Small periods are generated during the request; larger ones are
queued for ``sinergi generate_documents``, which claims each job by compare-and-set on its status, so two workers
never build the same job.
"""

import logging

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from sinergi.core.services import model_update
from sinergi.documents.engine import FORMATS, render
from sinergi.reporting.consolidated import build_consolidated
from sinergi.reporting.models import GeneratedDocument, Period
from sinergi.reporting.semester_report import semester_report_document

logger = logging.getLogger(__name__)
Status = GeneratedDocument.Status
# Share of the progress bar for building the data; rendering and storing the file take the rest.
BUILD_SHARE = 60


def period_introduction_update(*, period: Period, introduction: str, by) -> list[str]:
    """Set the introduction of the period's consolidated report (blank: the default paragraph); audited."""
    return model_update(instance=period, data={"introduction": introduction.strip()}, by=by)


def document_request(*, period: Period, fmt: str, draft: bool, by, sync: bool | None = None) -> GeneratedDocument:
    """Ask for the consolidated report of ``period``: generated now for a small period (or ``sync``), else queued."""
    if fmt not in FORMATS:
        raise ValueError(f"Unknown document format {fmt!r}")
    document = GeneratedDocument.objects.create(period=period, format=fmt, draft=draft, requested_by=by)
    if sync is None:
        sync = period.reports.count() <= settings.SINERGI_SYNC_DOCUMENT_REPORTS
    if sync:
        document_generate(document=document)
    return document


def _set_progress(document: GeneratedDocument, progress: int) -> None:
    document.progress = progress
    GeneratedDocument.objects.filter(pk=document.pk).update(progress=progress)


def document_generate(*, document: GeneratedDocument) -> GeneratedDocument:
    """Build, render and store one document, keeping its progress up to date; a failure is recorded, not raised."""
    GeneratedDocument.objects.filter(pk=document.pk).update(status=Status.RUNNING, progress=0)
    document.status = Status.RUNNING
    try:
        period = Period.objects.select_related("government__region", "plan").get(pk=document.period_id)
        report = build_consolidated(
            period,
            draft=document.draft,
            progress=lambda percent: _set_progress(document, percent * BUILD_SHARE // 100),
        )
        document_format = FORMATS[document.format]
        content = render(semester_report_document(report), document.format)
        _set_progress(document, 95)
        stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
        document.filename = f"{report.filename_stem}-{stamp}.{document_format.extension}"
        document.file.save(document.filename, ContentFile(content), save=False)
    except Exception as exc:  # noqa: BLE001 — any failure must end the job visibly, with its reason
        logger.exception("Generating document %s failed", document.pk)
        document.status = Status.FAILED
        document.error = f"{type(exc).__name__}: {exc}"[:2000]
        document.finished_at = timezone.now()
        document.save(update_fields=["status", "error", "finished_at"])
        return document
    document.size = len(content)
    document.status = Status.DONE
    document.progress = 100
    document.finished_at = timezone.now()
    document.save(update_fields=["file", "filename", "size", "status", "progress", "finished_at"])
    return document


def _claim_next() -> GeneratedDocument | None:
    """The oldest queued job, now marked running by this worker; None when there is none left."""
    while True:
        with transaction.atomic():
            candidate = GeneratedDocument.objects.filter(status=Status.QUEUED).order_by("requested_at", "pk").first()
            if candidate is None:
                return None
            # Compare-and-set: only one worker moves the row out of "queued".
            if GeneratedDocument.objects.filter(pk=candidate.pk, status=Status.QUEUED).update(status=Status.RUNNING):
                candidate.status = Status.RUNNING
                return candidate


def documents_process(*, limit: int | None = None) -> int:
    """Generate queued documents, oldest first, at most ``limit``; returns how many were processed."""
    processed = 0
    while limit is None or processed < limit:
        document = _claim_next()
        if document is None:
            break
        document_generate(document=document)
        processed += 1
    return processed
