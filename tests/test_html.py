"""The HTML report: structure, escaping and its security policy, then in a real Chromium."""

from __future__ import annotations

import base64
import hashlib
import json
import os
import re
import shutil
from html import unescape
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from typer.testing import CliRunner

from claimcheck.cli.app import app
from claimcheck.formats.html import marked, web_url
from claimcheck.sanitize import for_terminal

from . import browser
from .conftest import ROOT, Page

runner = CliRunner()
EPOCH = {"SOURCE_DATE_EPOCH": "1700000000"}  # 2023-11-14


@pytest.fixture
def bundled(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    shutil.copytree(ROOT / "data", tmp_path / "data")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def report(*args: str) -> tuple[str, dict[str, object]]:
    """The HTML report and the JSON one of the same run."""
    page = runner.invoke(app, ["report", "-f", "html", *args], env=EPOCH)
    assert page.exit_code == 0, page.stderr
    doc = runner.invoke(app, ["report", "-f", "json", *args])
    return page.stdout, json.loads(doc.stdout)


def sha(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode() + "'"


def test_one_row_per_claim_with_its_verdict_and_quotes(bundled: Path) -> None:
    html, doc = report()
    page = Page(html)
    claims = doc["claims"]  # type: ignore[index]
    rows = [a for t, a in page.tags if t == "details"]
    assert [(a["id"], a["data-verdict"]) for a in rows] == [
        (f"claim-{c['id']}", c["verdict"]) for c in claims
    ]
    assert all(a["data-status"] == "ok" for a in rows)  # every bundled claim as expected
    tally = {v: sum(c["verdict"] == v for c in claims) for v in ("supported", "contradicted")}
    text = page.text
    assert f"{tally['supported']} supported" in text
    assert f"{tally['contradicted']} contradicted" in text
    assert "claims file data/claims.yaml" in text and "run 2023-11-14" in text
    assert "articles 5 (106 passages)" in text
    # every listed quote is in the page, with its place
    for c in claims:
        for e in c["evidence"]:
            assert " ".join(e["quote"].split()) in text
            assert f"{e['article']}:{e['line']}:{e['column']}" in text
    # the matched words are marked
    marks = re.findall(r"<mark>(.*?)</mark>", html)
    assert sum(len(unescape(m)) for m in marks) >= sum(
        b - a for c in claims for e in c["evidence"] for a, b in e["highlights"]
    )
    assert "Closest passages (not evidence" in text  # absent claims show where to look


def test_the_page_loads_nothing_and_runs_only_its_own_script(bundled: Path) -> None:
    html, _ = report()
    page = Page(html)
    (csp,) = [
        a["content"] for t, a in page.tags if a.get("http-equiv") == "Content-Security-Policy"
    ]
    assert csp is not None and "default-src 'none'" in csp and "base-uri 'none'" in csp
    (style,) = re.findall(r"<style>(.*?)</style>", html, re.S)
    (script,) = re.findall(r"<script>(.*?)</script>", html, re.S)
    assert sha(style) in csp and sha(script) in csp  # the policy lets these two, nothing else
    assert "unsafe" not in csp
    # nothing to fetch: no external resource, no inline handler, no style attribute
    for tag, attrs in page.tags:
        assert tag not in ("link", "img", "iframe", "object", "embed", "base"), tag
        assert "src" not in attrs and "style" not in attrs
        assert not any(k.startswith("on") for k in attrs), (tag, attrs)
    assert "@import" not in style and "url(" not in style


def test_article_addresses_become_links_only_when_they_are_web_addresses(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    articles = tmp_path / "articles"
    articles.mkdir()
    for name, url in (("a.md", 'https://example.org/a?x=1&y="2"'), ("b.md", "javascript:alert(1)")):
        (articles / name).write_text(
            f"---\nurl: '{url}'\n---\nXiaomi est interdite aux États-Unis.\n", encoding="utf-8"
        )
    (tmp_path / "claims.yaml").write_text(
        "claims:\n  - id: ban\n    claim: Xiaomi est interdite aux États-Unis\n", encoding="utf-8"
    )
    monkeypatch.chdir(tmp_path)
    html, _ = report("--claims", "claims.yaml", "--articles", "articles")
    hrefs = [a["href"] for t, a in Page(html).tags if t == "a"]
    assert hrefs == ['https://example.org/a?x=1&y="2"']
    assert "javascript:" not in html


@pytest.mark.parametrize(
    ("url", "ok"),
    [
        ("https://example.org/x", True),
        ("http://example.org", True),
        ("javascript:alert(1)", False),
        ("JAVASCRIPT:alert(1)", False),
        ("data:text/html,<script>", False),
        ("//example.org/x", False),
        ("https:///nohost", False),
        ("", False),
    ],
)
def test_web_url(url: str, ok: bool) -> None:
    assert (web_url(url) is not None) == ok


@given(
    st.text(max_size=60),
    st.lists(st.tuples(st.integers(0, 70), st.integers(0, 70)), max_size=4),
)
def test_marked_text_reads_as_the_quote(quote: str, raw: list[tuple[int, int]]) -> None:
    spans = sorted((min(a, b), max(a, b)) for a, b in raw)
    out = marked(quote, spans)
    page = Page(f"<p>{out}</p>")
    # whatever the quote holds, the page shows it (control characters as escapes) and
    # makes no tag of it but <mark>
    assert "".join(page.chunks) == for_terminal(quote)
    assert {t for t, _ in page.tags} <= {"p", "mark"}


# -- in a real browser ---------------------------------------------------------------------


@pytest.fixture
def chromium_ready() -> None:
    why = browser.missing()
    if why is not None:
        if os.environ.get("CLAIMCHECK_BROWSER") == "require":
            pytest.fail(f"CLAIMCHECK_BROWSER=require but {why}")
        pytest.skip(why)


def visible_ids(driver: object) -> list[str]:
    return driver.execute_script(  # type: ignore[attr-defined, no-any-return]
        "return Array.from(document.querySelectorAll('details.row'))"
        ".filter(r => r.offsetParent !== null).map(r => r.id)"
    )


def test_in_chromium_rows_filters_search_and_no_request(
    bundled: Path, tmp_path: Path, chromium_ready: None
) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys
    from selenium.webdriver.support.ui import Select

    html, doc = report()
    path = tmp_path / "report.html"
    path.write_text(html, encoding="utf-8")
    claims = doc["claims"]  # type: ignore[index]
    every = [f"claim-{c['id']}" for c in claims]
    with browser.chromium() as driver:
        driver.get(browser.file_url(path))
        assert visible_ids(driver) == every
        assert driver.find_element(By.ID, "filters").is_displayed()  # the script ran
        shown = driver.find_element(By.ID, "shown")
        assert shown.text == f"{len(every)} of {len(every)} claims shown"
        driver.save_screenshot(str(tmp_path / "report.png"))

        Select(driver.find_element(By.ID, "f-verdict")).select_by_value("absent")
        absent = [f"claim-{c['id']}" for c in claims if c["verdict"] == "absent"]
        assert absent and visible_ids(driver) == absent
        assert shown.text == f"{len(absent)} of {len(every)} claims shown"
        Select(driver.find_element(By.ID, "f-status")).select_by_value("ok")
        assert visible_ids(driver) == absent
        Select(driver.find_element(By.ID, "f-verdict")).select_by_value("")

        search = driver.find_element(By.ID, "f-search")
        search.send_keys("Huawei")
        huawei = [
            f"claim-{c['id']}"
            for c in claims
            if "huawei" in json.dumps([c["claim"], c["evidence"], c["related"]]).lower()
        ]
        assert huawei and visible_ids(driver) == huawei
        search.send_keys(Keys.CONTROL, "a", Keys.DELETE)
        assert visible_ids(driver) == every

        # keyboard: a row opens with Enter and shows its quotes with their places
        first = claims[0]
        summary = driver.find_element(By.CSS_SELECTOR, f"#claim-{first['id']} > summary")
        summary.send_keys(Keys.ENTER)
        body = driver.find_element(By.CSS_SELECTOR, f"#claim-{first['id']} .body")
        e = first["evidence"][0]
        assert body.is_displayed() and f"{e['article']}:{e['line']}:{e['column']}" in body.text
        driver.save_screenshot(str(tmp_path / "report-open.png"))

        assert browser.requests(driver) == [browser.file_url(path)]  # nothing else was fetched
        errors = [m for m in driver.get_log("browser") if m["level"] == "SEVERE"]
        assert errors == []  # no script error, no Content-Security-Policy violation
    assert (tmp_path / "report.png").stat().st_size > 10_000


def test_in_chromium_closest_passages_read_as_percentages(
    bundled: Path, tmp_path: Path, chromium_ready: None
) -> None:
    """#32, bug 2: a closest passage's score is a share out of 100 ("83% of the claim's
    words"), as the terminal and the JSON give it, not formatted again as a fraction
    ("8330%")."""
    from selenium.webdriver.common.by import By

    html, doc = report()
    path = tmp_path / "report.html"
    path.write_text(html, encoding="utf-8")
    claims = [c for c in doc["claims"] if c["related"]]  # type: ignore[attr-defined]
    assert claims
    with browser.chromium() as driver:
        driver.get(browser.file_url(path))
        for c in claims:
            driver.find_element(By.CSS_SELECTOR, f"#claim-{c['id']} > summary").click()
            body = driver.find_element(By.CSS_SELECTOR, f"#claim-{c['id']} .body")
            shares = [int(m) for m in re.findall(r"(\d+)% of the claim's words", body.text)]
            assert shares == [round(x["score"]) for x in c["related"]], body.text
            assert all(0 < s <= 100 for s in shares)
        driver.save_screenshot(str(tmp_path / "closest.png"))
        print(f"screenshot: {tmp_path / 'closest.png'}")


def test_in_chromium_without_script_and_on_a_phone(
    bundled: Path, tmp_path: Path, chromium_ready: None
) -> None:
    from selenium.webdriver.common.by import By

    html, doc = report()
    path = tmp_path / "report.html"
    path.write_text(html, encoding="utf-8")
    every = [f"claim-{c['id']}" for c in doc["claims"]]  # type: ignore[index]
    with browser.chromium(scripts=False) as driver:
        driver.get(browser.file_url(path))
        assert visible_ids(driver) == every  # everything is in the page
        assert not driver.find_element(By.ID, "filters").is_displayed()  # filters need script
    with browser.chromium() as driver:
        driver.execute_cdp_cmd(
            "Emulation.setDeviceMetricsOverride",
            {"width": 390, "height": 844, "deviceScaleFactor": 1, "mobile": True},
        )
        driver.get(browser.file_url(path))
        assert driver.execute_script("return window.innerWidth") == 390
        assert visible_ids(driver) == every
        wide = driver.execute_script(
            "return document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert wide <= 0  # no sideways scrolling at phone width
        driver.save_screenshot(str(tmp_path / "phone.png"))


HOSTILE = (
    "Xiaomi est interdite aux Etats-Unis <script>window.pwned=1;alert(1)</script> "
    '<img src=x onerror="window.pwned=2"> <a href="javascript:window.pwned=3">x</a> '
    "</textarea></style></details><script>window.pwned=4</script>.\n"
)


def test_in_chromium_a_hostile_article_runs_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, chromium_ready: None
) -> None:
    from selenium.common.exceptions import NoAlertPresentException

    (tmp_path / "articles").mkdir()
    (tmp_path / "articles" / "evil.txt").write_text(HOSTILE, encoding="utf-8")
    (tmp_path / "claims.yaml").write_text(
        "claims:\n  - id: ban\n    claim: Xiaomi est interdite aux Etats-Unis\n", encoding="utf-8"
    )
    monkeypatch.chdir(tmp_path)
    html, _ = report("--claims", "claims.yaml", "--articles", "articles")
    path = tmp_path / "evil.html"
    path.write_text(html, encoding="utf-8")
    with browser.chromium() as driver:
        driver.get(browser.file_url(path))
        driver.execute_script("document.querySelector('details.row').open = true")
        assert driver.execute_script("return window.pwned === undefined")
        assert driver.execute_script("return document.scripts.length") == 1
        assert driver.execute_script("return document.querySelectorAll('img').length") == 0
        with pytest.raises(NoAlertPresentException):
            driver.switch_to.alert.text  # noqa: B018
        body = driver.execute_script("return document.querySelector('details.row').innerText")
        assert "<script>window.pwned=1;alert(1)</script>" in body  # shown as text
        assert browser.requests(driver) == [browser.file_url(path)]
