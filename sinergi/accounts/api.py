from datetime import datetime

from django.contrib.auth import authenticate
from django.utils.translation import gettext as _
from ninja import Router, Schema, Status
from ninja.pagination import paginate
from pydantic import Field

from sinergi.accounts.models import ApiToken
from sinergi.accounts.services import token_create, token_revoke
from sinergi.accounts.throttle import login_throttle
from sinergi.accounts.views import throttled_response
from sinergi.core.api import error_response
from sinergi.core.apitypes import Id, LimitOffset, Line, Text
from sinergi.core.scope import scope_for

router = Router(tags=["akun"])


class TokenRequest(Schema):
    username: Line = Field(min_length=1, max_length=150)
    password: Text = Field(min_length=1, max_length=4096)
    name: Line = Field("API", max_length=100, description="A label to recognise the token by later.")


class TokenCreated(Schema):
    token: str
    id: int
    name: str
    expires_at: datetime


class TokenOut(Schema):
    id: int
    name: str
    prefix: str
    created_at: datetime
    last_used_at: datetime | None
    revoked_at: datetime | None
    expires_at: datetime


class MembershipBrief(Schema):
    id: int
    role: str
    role_label: str
    government_id: int
    government: str
    agency_id: int
    agency: str
    region_code: str | None


class MeOut(Schema):
    id: int
    username: str
    full_name: str
    email: str
    is_platform_admin: bool
    memberships: list[MembershipBrief]
    managed_government_ids: list[int]


@router.post("/auth/token", auth=None, response={200: TokenCreated}, summary="Get an API token")
def obtain_token(request, payload: TokenRequest):
    retry_after = login_throttle(request)
    if retry_after is not None:
        return throttled_response(request, retry_after)
    user = authenticate(request, username=payload.username, password=payload.password)
    if getattr(request, "axes_locked_out", False):
        return error_response(
            request,
            429,
            "locked_out",
            _("Too many failed sign-ins. This account is locked for a while from your address."),
        )
    if user is None or not user.is_active:
        return error_response(request, 401, "invalid_credentials", _("Wrong username or password."))
    token, key = token_create(user=user, name=payload.name)
    return {"token": key, "id": token.pk, "name": token.name, "expires_at": token.expires_at}


@router.get("/auth/tokens", response=list[TokenOut], summary="My API tokens")
@paginate(LimitOffset)
def list_tokens(request):
    return ApiToken.objects.filter(user=request.auth)


@router.delete("/auth/tokens/{token_id}", response={204: None}, summary="Revoke one of my API tokens")
def revoke_token(request, token_id: Id):
    from django.shortcuts import get_object_or_404

    token = get_object_or_404(ApiToken, pk=token_id, user=request.auth)
    token_revoke(token=token, by=request.auth)
    return Status(204, None)


@router.get("/me", response=MeOut, summary="Who I am and what I may see")
def me(request):
    user = request.auth
    scope = scope_for(user)
    memberships = user.memberships.select_related("agency", "government").order_by("government_id", "pk")
    return {
        "id": user.pk,
        "username": user.username,
        "full_name": user.get_full_name(),
        "email": user.email,
        "is_platform_admin": user.is_superuser,
        "memberships": [
            {
                "id": m.pk,
                "role": m.role,
                "role_label": m.get_role_display(),
                "government_id": m.government_id,
                "government": m.government.name,
                "agency_id": m.agency_id,
                "agency": m.agency.name,
                "region_code": m.scope_region_id,
            }
            for m in memberships
        ],
        "managed_government_ids": sorted(scope.managed_government_ids),
    }
