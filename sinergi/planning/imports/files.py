"""The uploaded file: size and content checks, the temporary upload store, and opening the workbook."""

import io
import re
import secrets
import time
import warnings
import zipfile
from pathlib import Path

from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

# --- the uploaded file ---------------------------------------------------------------------------------------

MAX_UNPACKED_BYTES = 100 * 1024 * 1024


class ImportFileError(Exception):
    """The uploaded file cannot be read as an Excel workbook; the message says why and what to do."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def max_upload_bytes() -> int:
    return getattr(settings, "SINERGI_IMPORT_MAX_BYTES", 10 * 1024 * 1024)


def check_size(size: int) -> None:
    if size == 0:
        raise ImportFileError(_("The file is empty."))
    if size > max_upload_bytes():
        raise ImportFileError(
            _("The file is larger than %(limit)s. Remove what is not part of the matrix, or split it.")
            % {"limit": filesizeformat(max_upload_bytes())}
        )


def check_xlsx(content: bytes) -> None:
    """Recognise an .xlsx by its content (a ZIP holding a spreadsheet's [Content_Types].xml), not by its name."""
    check_size(len(content))
    if content.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        # An OLE compound file: either an old .xls, or an .xlsx encrypted with a password to open it.
        if "EncryptedPackage".encode("utf-16-le") in content or "EncryptionInfo".encode("utf-16-le") in content:
            raise ImportFileError(
                _(
                    "This file is protected with a password. Open it in Excel, remove the password "
                    "(File › Info › Protect Workbook), save it and upload it again."
                )
            )
        raise ImportFileError(
            _("This is an old Excel .xls file. Open it in Excel, save it as .xlsx (Excel Workbook) and upload that.")
        )
    if not content.startswith(b"PK"):
        raise ImportFileError(_("This is not an Excel .xlsx file. Save the matrix from Excel as .xlsx and upload it."))
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            names = set(archive.namelist())
            if sum(info.file_size for info in archive.infolist()) > MAX_UNPACKED_BYTES:
                raise ImportFileError(_("The file is too large once unpacked. Split the matrix into several files."))
            if "[Content_Types].xml" not in names:
                if "mimetype" in names and b"spreadsheet" in archive.read("mimetype"):
                    raise ImportFileError(
                        _("This is an OpenDocument spreadsheet (.ods). Save it as .xlsx and upload that.")
                    )
                raise ImportFileError(_("This is not an Excel .xlsx file."))
            if b"spreadsheetml" not in archive.read("[Content_Types].xml") or archive.testzip() is not None:
                raise ImportFileError(_("This is not an Excel .xlsx file."))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, OSError, KeyError) as exc:
        raise ImportFileError(
            _("The file is damaged (not a complete .xlsx). Save it again from Excel and upload the new file.")
        ) from exc


def _upload_dir() -> Path:
    path = Path(settings.DATA_DIR) / "imports"
    path.mkdir(parents=True, exist_ok=True)
    return path


def upload_store(content: bytes) -> str:
    """Keep an upload under a random name until it is imported or abandoned; sweep uploads older than a day."""
    folder = _upload_dir()
    for old in folder.glob("*.xlsx"):
        if old.stat().st_mtime < time.time() - 86400:
            old.unlink(missing_ok=True)
    token = secrets.token_hex(16)
    (folder / f"{token}.xlsx").write_bytes(content)
    return token


def upload_path(token: str) -> Path | None:
    if not re.fullmatch(r"[0-9a-f]{32}", token or ""):
        return None
    path = _upload_dir() / f"{token}.xlsx"
    return path if path.exists() else None


def upload_delete(token: str) -> None:
    path = upload_path(token)
    if path:
        path.unlink(missing_ok=True)


def check_bounds(source) -> None:
    """Stream every sheet once (read-only, constant memory) and refuse a workbook over the row or column cap
    (``SINERGI_IMPORT_MAX_ROWS``, ``SINERGI_IMPORT_MAX_COLUMNS``) before it is loaded whole."""
    from django.conf import settings
    from openpyxl import load_workbook

    max_rows, max_columns = settings.SINERGI_IMPORT_MAX_ROWS, settings.SINERGI_IMPORT_MAX_COLUMNS
    workbook = load_workbook(source, read_only=True, data_only=False, keep_links=False)
    try:
        for worksheet in workbook.worksheets:
            rows = 0
            for cells in worksheet.iter_rows(values_only=True):
                filled = [index for index, value in enumerate(cells) if value is not None and value != ""]
                if not filled:
                    continue
                rows += 1
                if rows > max_rows + 30:  # the header may sit anywhere in the first 30 rows
                    raise ImportFileError(
                        _("The sheet %(sheet)s has more than %(count)s rows; the limit is %(count)s rows. "
                          "Split the file and upload it in parts.") % {"sheet": worksheet.title, "count": max_rows}
                    )  # fmt: skip
                if filled[-1] >= max_columns:
                    raise ImportFileError(
                        _("The sheet %(sheet)s uses more than %(count)s columns; the limit is %(count)s columns. "
                          "Delete the columns that are not needed.") % {"sheet": worksheet.title, "count": max_columns}
                    )  # fmt: skip
    finally:
        workbook.close()


def open_workbook(source):
    """The workbook with formulas as written (not evaluated), so that formulas can be reported; a workbook over
    the caps is refused after one streaming pass, so memory stays bounded whatever the file holds."""
    from openpyxl import load_workbook

    if isinstance(source, bytes):
        source = io.BytesIO(source)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            check_bounds(source)
            if hasattr(source, "seek"):
                source.seek(0)
            return load_workbook(source, data_only=False, keep_links=False)
    except ImportFileError:
        raise
    except Exception as exc:  # openpyxl raises many kinds for a broken package; the answer is the same
        raise ImportFileError(
            _("The file is damaged (not a complete .xlsx). Save it again from Excel and upload the new file.")
        ) from exc
