"""``sinergi cleanup_files [--dry-run]``: delete stored files that no row references.

The database part of every write is all or nothing, but a file saved inside a transaction that then fails or is
killed (an exchange import stopped half-way, a crash after an upload) stays in storage with no row pointing at it.
This lists every file under the storage root, compares it with every FileField value of every model, and deletes
(or, with ``--dry-run``, only lists) the orphans. Files younger than ``--min-age`` minutes are left alone, so an
upload being written at this moment is never taken.
"""

import time
from pathlib import Path

from django.apps import apps
from django.core.files.storage import default_storage
from django.core.management.base import BaseCommand
from django.db import models


def referenced_names() -> set[str]:
    names: set[str] = set()
    for model in apps.get_models():
        for field in model._meta.fields:
            if isinstance(field, models.FileField):
                values = model._default_manager.exclude(**{field.name: ""}).values_list(field.name, flat=True)
                names.update(name for name in values if name)
    return names


def stored_names(root: Path) -> list[str]:
    return sorted(str(path.relative_to(root)) for path in root.rglob("*") if path.is_file())


class Command(BaseCommand):
    help = "Delete stored files that no database row references (--dry-run only lists them)."

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="list the orphan files, delete nothing")
        parser.add_argument("--min-age", type=int, default=60, help="leave files younger than this many minutes")

    def handle(self, *args, dry_run=False, min_age=60, **options):
        root = Path(default_storage.location)
        if not root.is_dir():
            self.stdout.write("0 orphan files.")
            return
        referenced = referenced_names()
        cutoff = time.time() - min_age * 60
        orphans = [
            name for name in stored_names(root)
            if name not in referenced and (root / name).stat().st_mtime <= cutoff
        ]  # fmt: skip
        size = 0
        for name in orphans:
            size += (root / name).stat().st_size
            self.stdout.write(name)
            if not dry_run:
                default_storage.delete(name)
        verb = "would be deleted" if dry_run else "deleted"
        self.stdout.write(f"{len(orphans)} orphan files ({size} bytes) {verb}.")
