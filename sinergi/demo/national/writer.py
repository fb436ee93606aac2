"""Writing rows fast: plain multi-row inserts (``COPY`` on PostgreSQL) with ids assigned here, no ORM per row."""

import json
from datetime import UTC

from django.core.management.color import no_style
from django.db import connection, models

_MISSING = object()


class Table:
    """Rows of one model, as tuples in column order, with ids assigned here; written by `Writer.flush`."""

    def __init__(self, writer: "Writer", model, **constants):
        self.writer, self.model = writer, model
        fields = model._meta.concrete_fields
        self.columns = [f.column for f in fields]
        self.names = [f.attname for f in fields]
        self.defaults = []
        self.adapters = []
        for index, f in enumerate(fields):
            if f.attname in constants:
                default = constants[f.attname]
            elif f.has_default() and not callable(f.default):
                default = f.default
            elif f.null:
                default = None
            elif f.empty_strings_allowed and f.blank:
                default = ""
            else:
                default = _MISSING
            self.defaults.append(default)
            adapter = writer.adapter(f)
            if adapter is not None:
                self.adapters.append((index, adapter))
        self.pk_name = model._meta.pk.attname
        self.auto_pk = isinstance(model._meta.pk, models.AutoField)
        self.next_id = None
        self.rows: list = []
        self.written = 0
        self.checked = False

    def add(self, **values) -> int | None:
        pk = values.get(self.pk_name)
        if pk is None and self.auto_pk:
            if self.next_id is None:
                self.next_id = (self.model.objects.aggregate(m=models.Max("pk"))["m"] or 0) + 1
            pk = values[self.pk_name] = self.next_id
            self.next_id += 1
        row = [values.get(name, default) for name, default in zip(self.names, self.defaults, strict=True)]
        if not self.checked:
            missing = [n for n, v in zip(self.names, row, strict=True) if v is _MISSING]
            if missing:
                raise ValueError(f"{self.model.__name__}: no value for {', '.join(missing)}")
            self.checked = True
        for index, adapter in self.adapters:
            row[index] = adapter(row[index])
        self.rows.append(row)
        if len(self.rows) >= 20_000:
            self.flush()
        return pk

    def flush(self) -> None:
        if not self.rows:
            return
        self.writer.insert(self.model._meta.db_table, self.columns, self.rows)
        self.written += len(self.rows)
        self.rows = []


class Writer:
    """Inserts rows without the ORM: ``COPY`` on PostgreSQL, ``executemany`` on SQLite."""

    def __init__(self):
        self.vendor = connection.vendor
        self.tables: dict = {}

    def table(self, model, **constants) -> Table:
        if model not in self.tables:
            self.tables[model] = Table(self, model, **constants)
        return self.tables[model]

    def adapter(self, f):
        kind = f.get_internal_type()
        if kind == "JSONField":
            return lambda value: None if value is None else json.dumps(value)
        if kind == "UUIDField" and self.vendor != "postgresql":
            return lambda value: None if value is None else value.hex
        if kind == "DateTimeField" and self.vendor == "sqlite":
            # What Django stores on SQLite: the UTC time without its zone.
            return lambda value: None if value is None else value.astimezone(UTC).replace(tzinfo=None).isoformat(" ")
        return None

    def insert(self, db_table: str, columns: list[str], rows: list) -> None:
        quote = connection.ops.quote_name
        names = ", ".join(quote(c) for c in columns)
        with connection.cursor() as cursor:
            if self.vendor == "postgresql":
                with cursor.cursor.copy(f"COPY {quote(db_table)} ({names}) FROM STDIN") as copy:
                    for row in rows:
                        copy.write_row(row)
                return
            placeholders = ", ".join(["%s"] * len(columns))
            cursor.executemany(f"INSERT INTO {quote(db_table)} ({names}) VALUES ({placeholders})", rows)

    def flush(self) -> None:
        for table in self.tables.values():
            table.flush()
        if self.vendor == "postgresql":
            # Ids were assigned here: move the sequences past them.
            with connection.cursor() as cursor:
                for sql in connection.ops.sequence_reset_sql(no_style(), list(self.tables)):
                    cursor.execute(sql)

    def counts(self) -> dict[str, int]:
        return {model.__name__: table.written for model, table in self.tables.items()}
