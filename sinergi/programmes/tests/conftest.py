import pytest

from sinergi.programmes.tests.recap_world import World


@pytest.fixture
def world(db):
    """A government of the recap tests' own, with two kecamatan, three kelurahan, agencies and users."""
    return World()
