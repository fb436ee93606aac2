import pytest
from django.utils import translation


@pytest.fixture(autouse=True)
def english():
    """Messages are asserted in English, the msgids: the Indonesian catalogue may word them differently."""
    with translation.override("en"):
        yield
