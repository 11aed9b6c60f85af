import pytest


@pytest.fixture(autouse=True)
def _letters_in_tmp(media_root):  # type: ignore[no-untyped-def]
    """Verifying an email sends a welcome letter, whose PDF must not land in var/media."""
    return media_root
