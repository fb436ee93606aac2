"""Schemathesis against the in-process API (WSGI), one persona at a time: used by ``test_api_fuzz.py`` (a short,
fixed-seed run) and ``benchmarks/fuzz_api.py`` (longer sweeps).

Every operation of ``/api/v1/openapi.json`` is tested with the chosen phases (coverage, fuzzing, examples); each
answer is checked and every failure is counted by kind instead of stopping the run, so one sweep reports all.
"""

import logging
from collections import Counter
from dataclasses import dataclass, field

import hypothesis
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from schemathesis.checks import not_a_server_error
from schemathesis.core.failures import Failure, FailureGroup
from schemathesis.generation import derive_operation_seed
from schemathesis.generation.hypothesis.builder import HypothesisTestConfig, HypothesisTestMode, create_test
from schemathesis.specs.openapi.checks import response_schema_conformance, status_code_conformance

MODES = {
    "coverage": HypothesisTestMode.COVERAGE,
    "fuzzing": HypothesisTestMode.FUZZING,
    "examples": HypothesisTestMode.EXAMPLES,
}
STRICT_CHECKS = [not_a_server_error, response_schema_conformance]
ALL_CHECKS = [*STRICT_CHECKS, status_code_conformance]


@dataclass
class FuzzResult:
    operations: int = 0
    requests: int = 0
    failures: Counter = field(default_factory=Counter)  # kind → count
    examples: dict = field(default_factory=dict)  # (kind, operation) → first message

    def add(self, kind: str, operation: str, message: str) -> None:
        self.failures[kind] += 1
        self.examples.setdefault((kind, operation), message)


def _kind(failure: Failure) -> str:
    return type(failure).__name__


def _checker(result: FuzzResult, label: str, headers: dict, checks):
    def test(case):
        result.requests += 1
        response = case.call(headers=headers)
        try:
            case.validate_response(response, checks=checks)
        except FailureGroup as group:
            for failure in group.exceptions:
                result.add(_kind(failure), label, f"{case.method} {case.formatted_path}: {failure}")
        except Failure as failure:
            result.add(_kind(failure), label, f"{case.method} {case.formatted_path}: {failure}")

    return test


def run(**options) -> FuzzResult:
    """As Django's test client does, keep the test's connection (and its transaction) open between requests: the end
    of the first request (the schema's own) would close it on PostgreSQL; SQLite's in-memory test database is never
    closed. See ``_run`` for the options."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        return _run(**options)
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


def _run(*, app, headers: dict, examples: int, seed: int, phases=("coverage", "fuzzing"), checks=STRICT_CHECKS,
        result: FuzzResult | None = None, only: str = "", unexpected_methods: bool = True) -> FuzzResult:  # fmt: skip
    """Test every operation (whose label contains ``only``) as the client sending ``headers``.
    ``unexpected_methods=False`` skips the coverage phase's requests with methods an operation does not have."""
    logging.getLogger("django.request").setLevel(logging.ERROR)  # 4xx answers are expected by the thousand
    coverage = {} if unexpected_methods else {"unexpected-methods": []}
    config = schemathesis.Config.from_dict({"seed": seed, "phases": {"coverage": coverage}})
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app, config=config)
    project = schema.config
    result = result or FuzzResult()
    settings = hypothesis.settings(
        max_examples=examples,
        derandomize=True,
        database=None,
        deadline=None,
        phases=[hypothesis.Phase.explicit, hypothesis.Phase.generate],
        suppress_health_check=list(hypothesis.HealthCheck),
    )
    _run_operations(schema, project, result, settings, headers, checks, seed, phases, only)
    return result


def _run_operations(schema, project, result, settings, headers, checks, seed, phases, only) -> None:
    for item in schema.get_all_operations():
        operation = item.ok()
        if only and only not in operation.label:
            continue
        result.operations += 1

        hypothesis_test = create_test(
            operation=operation,
            test_func=_checker(result, operation.label, headers, checks),
            config=HypothesisTestConfig(
                project=project,
                modes=[MODES[phase] for phase in phases],
                settings=settings,
                explicit_settings=settings,
                seed=derive_operation_seed(seed, operation.label),
                apply_ci_profile=False,
            ),
        )
        hypothesis_test()
