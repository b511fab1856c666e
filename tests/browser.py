"""Headless Chromium (Debian's chromium and chromium-driver) for tests and screenshots."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

CHROMIUM = ("/usr/bin/chromium", "chromium", "chromium-browser")
DRIVER = ("/usr/bin/chromedriver", "chromedriver")


def _which(names: tuple[str, ...]) -> str | None:
    for name in names:
        found = shutil.which(name)
        if found:
            return found
    return None


def missing() -> str | None:
    """Why no browser can run here, or None."""
    try:
        import selenium  # noqa: F401
    except ImportError:
        return "selenium is not installed (pip install -e '.[test]')"
    if _which(CHROMIUM) is None or _which(DRIVER) is None:
        return "Debian's chromium and chromium-driver are not installed"
    return None


@contextmanager
def chromium(width: int = 1200, height: int = 900, scripts: bool = True) -> Iterator[Any]:
    """A headless Chromium driven by chromedriver; every network request is logged."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    # the local driver, never one Selenium Manager would download
    os.environ.setdefault("SE_OFFLINE", "true")
    options = webdriver.ChromeOptions()
    options.binary_location = _which(CHROMIUM) or CHROMIUM[0]
    for arg in (
        "--headless=new",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-extensions",
        f"--window-size={width},{height}",
        "--hide-scrollbars",
    ):
        options.add_argument(arg)
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        options.add_argument("--no-sandbox")  # Chromium refuses to run as root otherwise
    if not scripts:
        options.add_experimental_option(
            "prefs", {"profile.managed_default_content_settings.javascript": 2}
        )
    options.set_capability("goog:loggingPrefs", {"performance": "ALL", "browser": "ALL"})
    driver = webdriver.Chrome(service=Service(_which(DRIVER) or DRIVER[0]), options=options)
    try:
        yield driver
    finally:
        driver.quit()


def requests(driver: Any) -> list[str]:
    """The URLs the page asked for since the last call (Chrome's performance log)."""
    import json

    urls = []
    for entry in driver.get_log("performance"):
        message = json.loads(entry["message"])["message"]
        if message.get("method") == "Network.requestWillBeSent":
            urls.append(message["params"]["request"]["url"])
    return urls


def file_url(path: Path) -> str:
    return path.resolve().as_uri()
