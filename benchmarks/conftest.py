# The benchmarks use the test suite's fixtures (the demo world, login_as).
from tests.conftest import api_client, login_as, token_for, world  # noqa: F401
