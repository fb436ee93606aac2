"""Schemathesis over every API operation as four personas — a secretariat, an agency operator, another
government's secretariat and an observer — with coverage and fuzzing phases, a few examples per operation and a
fixed seed: zero server errors and zero answers that break their own documented schema (issue #13, part 3).
``benchmarks/fuzz_api.py`` runs the longer sweeps."""

import pytest
from django.core.wsgi import get_wsgi_application

from sinergi.accounts.models import User
from sinergi.accounts.services import token_create
from sinergi.core.tests import fuzzing

EXAMPLES = 5
SEED = 13


@pytest.mark.fuzz
@pytest.mark.django_db(transaction=False)
@pytest.mark.parametrize("persona", ["sekretariat", "disdik", "lamtim", "provinsi"])
def test_no_server_error_and_no_schema_violation(persona):
    _token, key = token_create(user=User.objects.get(username=persona), name="fuzz")
    result = fuzzing.run(
        app=get_wsgi_application(),
        headers={"Authorization": f"Bearer {key}"},
        examples=EXAMPLES,
        seed=SEED,
        unexpected_methods=False,
    )
    assert result.operations > 100
    assert result.requests > 10 * result.operations
    assert not result.failures, "\n".join(f"{kind} {op}: {msg[:300]}" for (kind, op), msg in result.examples.items())
