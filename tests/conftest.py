"""Shared test set-up: the helpers beside this file (``trace_graphs``, ``notebooks_run``)
are importable from the test folders that mirror the packages. Only ``helpers/``
is put on the path: a test folder such as ``tests/nn`` must not stand in for the package."""

from __future__ import annotations

import os
import shutil
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

HERE = str(Path(__file__).resolve().parent / "helpers")
if HERE not in sys.path:
    sys.path.insert(0, HERE)

# The benchmark is a script run by `make bench`, not a test module (it never times in a test).
collect_ignore = ["benchmarks"]

# The browser the page tests (tests/browser/) share: headless Chromium at 1400 x 900,
# driven by selenium; skipped when Chromium or its driver is missing, except under CI.
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
DRIVER = shutil.which("chromedriver")


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    if CHROMIUM is None or DRIVER is None:
        message = (
            "headless Chromium and chromedriver are needed "
            "(apt-get install chromium chromium-driver)"
        )
        if os.environ.get("CI"):
            pytest.fail(message + "; CI must run the browser tests")
        pytest.skip(message)
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--window-size=1400,900"):
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(options=options, service=Service(DRIVER))
    driver.set_window_size(1400, 900)
    try:
        yield driver
    finally:
        driver.quit()
