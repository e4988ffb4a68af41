# The benchmarks use the test suite's fixtures (the demo world, login_as).
# The browser benchmarks (benchmarks/test_flows.py) use the browser tests' fixtures: Chromium, a page, the
# live server with the demo world committed, a person logged in through the form.
from tests.browser.conftest import (  # noqa: F401
    browser,
    live_world,
    page,
    page_problems,
    person,
    playwright_instance,
)
from tests.conftest import api_client, login_as, token_for, world  # noqa: F401
