"""Every exercises test starts and ends in English (a test of Korean messages sets Korean itself)."""
import pytest

from workbench.i18n import set_language


@pytest.fixture(autouse=True)
def english():
    set_language("en")
    yield
    set_language("en")
