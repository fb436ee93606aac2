from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from sinergi.accounts.forms import LoginForm, TokenForm
from sinergi.accounts.models import ApiToken
from sinergi.accounts.services import token_create, token_revoke
from sinergi.accounts.throttle import login_throttle


def throttled_response(request, retry_after: int):
    """Too many sign-in attempts from one address: 429 with Retry-After, as a page or the API's error shape."""
    message = _("Too many sign-in attempts from your address. Wait %(seconds)d seconds and try again.") % {
        "seconds": retry_after
    }
    if request.path.startswith("/api/"):
        response = JsonResponse({"error": {"code": "rate_limited", "message": message, "fields": {}}}, status=429)
    else:
        response = render(request, "accounts/locked.html", {"message": message}, status=429)
    response["Retry-After"] = str(retry_after)
    return response


def lockout_response(request, original_response=None, credentials=None):
    """What a locked-out sign-in sees: a clear message in the page, or the API's error shape."""
    from django.conf import settings

    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    message = _(
        "Too many failed sign-ins for this username from your address. Try again in %(minutes)d minutes, "
        "or ask the secretariat to reset your password."
    ) % {"minutes": minutes}
    if request.path.startswith("/api/"):
        return JsonResponse({"error": {"code": "locked_out", "message": message, "fields": {}}}, status=429)
    return render(request, "accounts/locked.html", {"message": message, "minutes": minutes}, status=429)


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True

    def post(self, request, *args, **kwargs):
        retry_after = login_throttle(request)
        if retry_after is not None:
            return throttled_response(request, retry_after)
        return super().post(request, *args, **kwargs)


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("accounts:profile")

    def form_valid(self, form):
        response = super().form_valid(form)
        messages.success(self.request, _("Your password has been changed."))
        return response


class PasswordResetView(auth_views.PasswordResetView):
    template_name = "accounts/password_reset.html"
    email_template_name = "accounts/email/password_reset.txt"
    subject_template_name = "accounts/email/password_reset_subject.txt"
    success_url = reverse_lazy("accounts:password_reset_done")


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("accounts:password_reset_complete")


@login_required
def profile(request):
    form = TokenForm(request.POST or None)
    new_key = None
    if request.method == "POST" and form.is_valid():
        _token, new_key = token_create(user=request.user, name=form.cleaned_data["name"])
        messages.success(request, _("Token created. Copy it now: it will not be shown again."))
        form = TokenForm()
    tokens = ApiToken.objects.filter(user=request.user)
    memberships = request.user.memberships.select_related("agency", "government", "region")
    return render(
        request,
        "accounts/profile.html",
        {"form": form, "tokens": tokens, "new_key": new_key, "memberships": memberships, "active_nav": "profile"},
    )


@login_required
@require_POST
def token_revoke_view(request, token_id: int):
    token = get_object_or_404(ApiToken, pk=token_id, user=request.user)
    token_revoke(token=token, by=request.user)
    messages.success(request, _("Token %(name)s revoked.") % {"name": token.name})
    return redirect("accounts:profile")
