"""Downloads of a meeting's documents: the invitation letter, the sign-in sheet and the minutes."""

from django.contrib.auth.decorators import login_required
from django.views.decorators.http import require_GET

from sinergi.coordination.documents.downloads import meeting_document_response


def _view(document: str):
    @login_required
    @require_GET
    def view(request, pk: int, fmt: str):
        return meeting_document_response(user=request.user, pk=pk, document=document, fmt=fmt)

    view.__name__ = f"meeting_{document}"
    view.__doc__ = f"GET /rapat/<pk>/…: the meeting's {document.replace('_', ' ')} as PDF or DOCX."
    return view


invitation = _view("invitation")
sign_in_sheet = _view("sign_in_sheet")
minutes = _view("minutes")
