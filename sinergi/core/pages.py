"""Page helpers every app shares."""

from django.shortcuts import render


def form_page(request, form, *, title, cancel_url, nav: str, crumbs: list, **extra):
    """The one page every create and edit form uses: a card with the form, Save and Cancel."""
    context = {"form": form, "title": title, "cancel_url": cancel_url, "active_nav": nav, "breadcrumbs": crumbs}
    return render(request, "core/form.html", {**context, **extra})


def apply_errors(form, exc) -> None:
    """Show a service's validation errors on the form, on the field they name where it has one."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc)


def current_government(request):
    """The government the user works in (the switcher's choice), or 404 when they have none."""
    from django.http import Http404

    if request.government is None:
        raise Http404
    return request.government


def flash_errors(request, exc) -> None:
    """A refused workflow step's reasons, as messages on the page the user returns to."""
    from django.contrib import messages

    for message in getattr(exc, "messages", None) or [getattr(exc, "message", str(exc))]:
        messages.error(request, message)
