"""Import of a RAD matrix from Excel into a draft plan: the template, file checks, column mapping, row validation
and the all-or-nothing commit through the planning services.

The template has one row per indicator. An action with several indicators fills its action columns (Bidang …
Kode SIPD) on its first row only; the following rows leave them empty and belong to the action above. That is
exactly what Excel leaves behind when merged action cells are unmerged.
"""

from sinergi.planning.imports.commit import can_import, plan_import, require_import
from sinergi.planning.imports.files import (
    ImportFileError,
    check_size,
    check_xlsx,
    max_upload_bytes,
    open_workbook,
    upload_delete,
    upload_path,
    upload_store,
)
from sinergi.planning.imports.mapping import (
    Mapping,
    detect_header_row,
    exact_mapping,
    guess_columns,
    headings,
    sheet_sample,
)
from sinergi.planning.imports.reading import ImportPreview, import_preview
from sinergi.planning.imports.template import (
    REQUIRED,
    parse_months,
    plan_export_template,
    target_columns,
    template_columns,
)

__all__ = [
    "REQUIRED",
    "ImportFileError",
    "ImportPreview",
    "Mapping",
    "can_import",
    "check_size",
    "check_xlsx",
    "detect_header_row",
    "exact_mapping",
    "guess_columns",
    "headings",
    "import_preview",
    "max_upload_bytes",
    "open_workbook",
    "parse_months",
    "plan_export_template",
    "plan_import",
    "require_import",
    "sheet_sample",
    "target_columns",
    "template_columns",
    "upload_delete",
    "upload_path",
    "upload_store",
]
