"""The role matrix machinery shared by every ``test_role_matrix*.py``: what a demo persona can and cannot do.

A matrix is a list of rows (method, url template, body, {persona: expected status}). ``cases`` turns it into one
pytest case per row and persona, ``check`` sends one case (API paths with the persona's Bearer token and a JSON
body, pages signed in with a form body) and asserts its status, and a refusal (403/404) must never carry the
names of what was refused.
"""

import json

import pytest

from conftest import PERSONAS

ALL = set(PERSONAS)
# The demo personas by what they may do in Kota Metro (18.72) and Lampung Timur (18.07).
METRO_GOVERNMENT_READERS = {"sekretariat", "bnn", "walikota", "provinsi", "admin"}
METRO_MEMBERS = {"sekretariat", "bnn", "disdik", "kepala.disdik", "dinkes", "kel.iringmulyo", "walikota"}
METRO_MANAGERS = {"sekretariat", "admin"}
# Who reads Disdikbud: the government-wide roles, its own agency roles, the observer and the admin.
DISDIK_READERS = METRO_GOVERNMENT_READERS | {"disdik", "kepala.disdik"}
IRINGMULYO_READERS = METRO_GOVERNMENT_READERS | {"kel.iringmulyo"}
LAMTIM_READERS = {"lamtim", "provinsi", "admin"}


def demo_ids() -> dict:
    """The primary keys the matrices' url templates and bodies name, from the Kota Metro demo."""
    from sinergi.accounts.models import User
    from sinergi.organizations.models import Agency, Government, Membership
    from sinergi.planning.models import RegionalPlan
    from sinergi.reporting.models import Period

    metro = Government.objects.get(region_id="18.72")
    lamtim = Government.objects.get(region_id="18.07")
    plan_2024 = RegionalPlan.objects.get(government=metro, start_year=2024, status="in_review")
    period = Period.objects.get(government=metro, year=2024, number=1)
    return {
        "metro": metro.pk,
        "lamtim": lamtim.pk,
        "disdik": Agency.objects.get(government=metro, acronym="Disdikbud").pk,
        "dinkes": Agency.objects.get(government=metro, acronym="Dinkes").pk,
        "kel_iringmulyo": Agency.objects.get(government=metro, region_id="18.72.04.1003").pk,
        "kel_metro": Agency.objects.get(government=metro, region_id="18.72.01.1001").pk,
        "kesbangpol_lamtim": Agency.objects.get(government=lamtim, acronym="Kesbangpol").pk,
        "user_dinkes": User.objects.get(username="dinkes").pk,
        "user_lamtim": User.objects.get(username="lamtim").pk,
        "membership_dinkes": Membership.objects.get(user__username="dinkes").pk,
        "plan2024": plan_2024.pk,
        "action_disdik": plan_2024.actions.filter(responsible_agency__acronym="Disdikbud").first().pk,
        "action_dinkes": plan_2024.actions.filter(responsible_agency__acronym="Dinkes").first().pk,
        "action_returned": plan_2024.actions.get(review_state="returned").pk,
        "period2024": period.pk,
        "report_disdik_draft": period.reports.get(agency__acronym="Disdikbud", status="draft").pk,
        "report_submitted": period.reports.filter(agency__acronym="Kesbangpol", status="submitted").first().pk,
    }


def expect(ok: int, allowed: set[str], *, otherwise: int = 404, **overrides: int) -> dict[str, int]:
    """``ok`` for the ``allowed`` personas, ``otherwise`` for the rest; ``kepala_disdik=403`` overrides one."""
    table = {p: (ok if p in allowed else otherwise) for p in PERSONAS}
    table.update({k.replace("_", "."): v for k, v in overrides.items()})
    return table


def cases(matrix, *, body_key: str | None = None) -> list:
    """One case per row and persona, named ``persona-METHOD-url`` (plus ``-<body[body_key]>`` when given)."""
    return [
        pytest.param(
            method,
            url,
            body,
            persona,
            status,
            id=f"{persona}-{method}-{url}" + (f"-{(body or {}).get(body_key)}" if body_key else ""),
        )
        for method, url, body, table in matrix
        for persona, status in table.items()
    ]


def fill(value, ids: dict):
    """``value`` with its "{placeholders}" filled from ``ids``; a callable body is called afresh (an upload is read
    once), and a body's all-digit values become numbers."""
    if callable(value):
        return fill(value(), ids)
    if isinstance(value, str):
        return value.format(**ids)
    if isinstance(value, dict):
        filled = {k: fill(v, ids) for k, v in value.items()}
        return {k: int(v) if isinstance(v, str) and v.isdigit() else v for k, v in filled.items()}
    return value


def check(login, api, method, url, body, persona, status, ids, *, secrets=()):
    """Send one case and assert its status; the response.

    ``secrets`` are the names a refusal (403/404) must not carry: a plain name for every row and persona, or
    (name, url part, personas who know it anyway) for the rows whose url template holds that part.
    """
    path = fill(url, ids)
    data = fill(body, ids)
    if path.startswith("/api/"):
        payload = json.dumps(data) if data is not None else ""
        response = api(persona).generic(method, path, payload, content_type="application/json")
    elif method == "POST":
        response = login(persona).post(path, data or {})
    else:
        response = login(persona).get(path)
    assert response.status_code == status, f"{response.status_code}, not {status}: {response.content[:500]!r}"
    if status in (403, 404):
        for secret in secrets:
            name, url_part, known_to = (secret, "", ()) if isinstance(secret, str) else secret
            if url_part in url and persona not in known_to:
                assert name.encode() not in response.content, f"{name!r} in a refusal"
    return response


def assert_covers_every_persona(matrix) -> None:
    """Every row expects a status of every persona, so no persona goes unasserted."""
    for *row, table in matrix:
        assert set(table) == ALL, f"{row}: {set(table) ^ ALL}"
