"""How big the HTML report of a 1,000-claim run is, and how long Chromium takes to open it.

    python benchmarks/html_open.py                       # topical, 1,000 articles x 1,000 claims
    python benchmarks/html_open.py --profile sparse --articles 10000

Needs Debian's chromium and chromium-driver (sh tests/setup-browser.sh) and selenium (the
test extras). Prints one table: report size, Chromium's time to DOMContentLoaded and to the
load event (from the page's own navigation timing), the wall time of the whole open as the
driver sees it, and the time the filter script takes to apply a search over every row.
"""

from __future__ import annotations

import argparse
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))

from generate import generate, write  # noqa: E402
from tests import browser  # noqa: E402
from topical import generate_topical  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--profile", choices=("topical", "sparse"), default="topical")
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--claims", type=int, default=1000)
    parser.add_argument("--max-evidence", type=int, default=10)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    why = browser.missing()
    if why is not None:
        sys.exit(f"html_open: {why}")
    folder = Path(tempfile.mkdtemp(prefix="claimcheck-html-"))
    maker = generate_topical if args.profile == "topical" else generate
    claims, articles = write(maker(args.articles, args.claims, seed=args.seed), folder)
    page = folder / "report.html"
    t0 = time.perf_counter()
    subprocess.run(
        [
            sys.executable,
            "-m",
            "claimcheck",
            "report",
            "--claims",
            str(claims),
            "--articles",
            str(articles),
            "--jobs",
            "2",
            "--quiet",
            "--format",
            "html",
            "--max-evidence",
            str(args.max_evidence),
            "-o",
            str(page),
        ],
        check=True,
    )
    run_s = time.perf_counter() - t0
    loaded, ready, wall, search = [], [], [], []
    with browser.chromium() as driver:
        for _ in range(args.repeat):
            t = time.perf_counter()
            driver.get(browser.file_url(page))
            wall.append(time.perf_counter() - t)
            timing = driver.execute_script(
                "const n = performance.getEntriesByType('navigation')[0];"
                "return [n.domContentLoadedEventEnd, n.loadEventEnd];"
            )
            ready.append(timing[0] / 1000)
            loaded.append(timing[1] / 1000)
            search.append(
                driver.execute_script(
                    "const q = document.getElementById('f-search'); const t = performance.now();"
                    "q.value = 'xiaomi'; q.dispatchEvent(new Event('input'));"
                    "document.body.offsetHeight; return (performance.now() - t) / 1000;"
                )
            )
        rows = driver.execute_script("return document.querySelectorAll('details.row').length")
        requests = browser.requests(driver)
    fetched = {u for u in requests if u != browser.file_url(page)}
    print(
        f"claimcheck html_open: {platform.python_implementation()} {platform.python_version()}, "
        f"{platform.machine()}, profile={args.profile}, {args.articles:,} articles x "
        f"{args.claims:,} claims, --max-evidence {args.max_evidence}, median of {args.repeat}"
    )
    print("| rows | report MB | DOMContentLoaded s | load event s | open (driver) s | search s |")
    print("| ---: | ---: | ---: | ---: | ---: | ---: |")
    print(
        f"| {rows:,} | {page.stat().st_size / 1e6:.2f} | {statistics.median(ready):.2f} "
        f"| {statistics.median(loaded):.2f} | {statistics.median(wall):.2f} "
        f"| {statistics.median(search):.3f} |"
    )
    print(f"# report written in {run_s:.1f} s; requests other than the page: {len(fetched)}")


if __name__ == "__main__":
    main()
