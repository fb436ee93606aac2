"""The official documents of a meeting: the invitation letter (surat undangan), the sign-in sheet (daftar hadir)
and the minutes (notulen).

``selectors`` reads a meeting into one plain data structure per document, ``builders`` turns each into a
:class:`sinergi.documents.engine.Document`, ``downloads`` serves them in the formats offered (PDF, DOCX), for the
pages (``sinergi.coordination.views.documents``) and the API (``api``).
"""
