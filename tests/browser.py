"""A real browser for tests: headless Chromium (Debian's) driven by selenium's chromedriver.

Import the ``chromium`` fixture into a test module (``from ..browser import chromium``) and open
pages with ``open_page``: it can fix the page's clock before any script runs, and it records
every request the page makes, so a test can assert that a page fetches nothing.
"""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest
from selenium import webdriver
from selenium.webdriver.chrome.service import Service

CHROMIUM = os.environ.get("FMFLASH_CHROMIUM", "/usr/bin/chromium")
CHROMEDRIVER = os.environ.get("FMFLASH_CHROMEDRIVER", "/usr/bin/chromedriver")
DAY_MS = 86_400_000


@dataclass(frozen=True, slots=True)
class Browser:
    """A running headless Chromium and a folder to write its pages into."""

    driver: webdriver.Chrome
    folder: Path


def _driver() -> webdriver.Chrome:
    for program in (CHROMIUM, CHROMEDRIVER):
        if not shutil.which(program):
            pytest.fail(f"{program} is missing: install Debian's chromium and chromium-driver")
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for argument in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage",
                     "--disable-gpu", "--no-first-run", "--disable-extensions"):  # fmt: skip
        options.add_argument(argument)
    options.set_capability("goog:loggingPrefs", {"performance": "ALL"})
    return webdriver.Chrome(options=options, service=Service(CHROMEDRIVER))


@pytest.fixture(scope="session")
def chromium(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Browser]:
    """Start one headless Chromium for the test session (scripts on; see ``scripts_off``)."""
    driver = _driver()
    try:
        yield Browser(driver, tmp_path_factory.mktemp("pages"))
    finally:
        driver.quit()


def open_page(browser: Browser, html: str, *, name: str, now_ms: int | None = None) -> list[str]:
    """Load ``html`` from a file; return the URLs of the requests it made beyond itself.

    ``now_ms`` fixes ``Date.now()`` and ``new Date()`` for the page's scripts.
    """
    driver = browser.driver
    fake_clock = None
    if now_ms is not None:
        source = f"""
        (function () {{
          var fixed = {now_ms}, RealDate = Date;
          function FakeDate() {{
            var args = [null].concat([].slice.call(arguments));
            return args.length > 1 ? new (Function.prototype.bind.apply(RealDate, args))()
                                   : new RealDate(fixed);
          }}
          FakeDate.prototype = RealDate.prototype;
          FakeDate.now = function () {{ return fixed; }};
          FakeDate.UTC = RealDate.UTC;
          FakeDate.parse = RealDate.parse;
          window.Date = FakeDate;
        }})();
        """
        fake_clock = driver.execute_cdp_cmd(
            "Page.addScriptToEvaluateOnNewDocument", {"source": source}
        )["identifier"]
    page = browser.folder / f"{name}.html"
    page.write_text(html, encoding="utf-8")
    driver.get_log("performance")  # forget the requests of earlier pages
    try:
        driver.get(page.as_uri())
    finally:
        if fake_clock is not None:
            driver.execute_cdp_cmd(
                "Page.removeScriptToEvaluateOnNewDocument", {"identifier": fake_clock}
            )
    requests = []
    for entry in driver.get_log("performance"):
        message = json.loads(entry["message"])["message"]
        if message["method"] == "Network.requestWillBeSent":
            url = message["params"]["request"]["url"]
            if url != page.as_uri():
                requests.append(url)
    return requests


@contextmanager
def time_zone(browser: Browser, zone: str) -> Iterator[None]:
    """Show pages as in time zone ``zone`` (an IANA name), then in the machine's zone again."""
    emulate = browser.driver.execute_cdp_cmd
    emulate("Emulation.setTimezoneOverride", {"timezoneId": zone})
    try:
        yield
    finally:
        emulate("Emulation.setTimezoneOverride", {"timezoneId": ""})


@contextmanager
def scripts_off(browser: Browser) -> Iterator[None]:
    """Show pages with JavaScript turned off, then with it on again.

    The same browser does, rather than a second one started for a single test.
    """
    emulate = browser.driver.execute_cdp_cmd
    emulate("Emulation.setScriptExecutionDisabled", {"value": True})
    try:
        yield
    finally:
        emulate("Emulation.setScriptExecutionDisabled", {"value": False})


def text_of(browser: Browser, selector: str) -> str:
    """Return the visible text of the first element a CSS selector finds."""
    from selenium.webdriver.common.by import By

    return str(browser.driver.find_element(By.CSS_SELECTOR, selector).text)
