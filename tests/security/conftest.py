"""The security suite reuses the populated organisation of the API tests."""

from tests.api.conftest import populated, spec

__all__ = ["populated", "spec"]
