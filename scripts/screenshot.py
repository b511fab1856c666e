"""The README's screenshot: the bundled report in headless Chromium, one row open.

python scripts/screenshot.py            # writes docs/report.png
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests import browser  # noqa: E402


def main() -> int:
    why = browser.missing()
    if why is not None:
        print(f"screenshot: {why}", file=sys.stderr)
        return 2
    page = Path(tempfile.mkdtemp(prefix="claimcheck-shot-")) / "report.html"
    env = {**os.environ, "SOURCE_DATE_EPOCH": os.environ.get("SOURCE_DATE_EPOCH", "1700000000")}
    subprocess.run(
        [sys.executable, "-m", "claimcheck", "report", "-q", "-f", "html", "-o", str(page)],
        cwd=ROOT,
        env=env,
        check=True,
    )
    with browser.chromium(1100, 1000) as driver:
        driver.get(browser.file_url(page))
        # the contradicted claims, one of them open on its quotes
        driver.execute_script(
            "const v = document.getElementById('f-verdict'); v.value = 'contradicted';"
            "v.dispatchEvent(new Event('change'));"
            "document.getElementById('claim-trade-ban').open = true;"
        )
        out = ROOT / "docs" / "report.png"
        driver.save_screenshot(str(out))
    print(out.relative_to(ROOT))
    return 0


if __name__ == "__main__":
    sys.exit(main())
