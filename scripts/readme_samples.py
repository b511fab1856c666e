"""Regenerate the README's sample outputs from the current code (run after a change that
moves a verdict, a quote or a line of output; then paste each block over its old one).

    python scripts/readme_samples.py            # prints every block, each under its command

Each command runs on a fresh copy of the bundled data, without a cache, 100 columns wide,
without a terminal (as the README shows them: a terminal adds colours)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FLIP = ("001-xiaomi-liste-noire-raison.txt", "n’a pas été interdite", "a été interdite")

SAMPLES = [
    ["verify", "Xiaomi is barred from trading with US firms"],
    ["report"],
    ["check"],
    ["check", "--flip"],
    ["check", "-f", "concise", "--flip"],
    ["verify", "Xiaomi a porté plainte contre le Pentagone"],
    ["suggest", "Xiaomi a porté plainte contre le Pentagone"],
    ["eval", "data/gold.yaml"],
]


def run(args: list[str], folder: Path) -> str:
    env = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "FORCE_COLOR")}
    env.update(COLUMNS="100", PYTHONIOENCODING="utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "claimcheck", *args, "--no-cache"],
        cwd=folder,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    return done.stderr + done.stdout


def main() -> None:
    for args in SAMPLES:
        with tempfile.TemporaryDirectory() as tmp:
            folder = Path(tmp)
            shutil.copytree(ROOT / "data", folder / "data")
            shown = [a for a in args if a != "--flip"]
            if "--flip" in args:
                name, old, new = FLIP
                article = folder / "data" / "articles" / name
                article.write_text(article.read_text(encoding="utf-8").replace(old, new))
            quoted = " ".join(a if " " not in a else f'"{a}"' for a in shown)
            print(f"```console\n$ claimcheck {quoted}")
            print(run(shown, folder).rstrip("\n"))
            print("```\n")


if __name__ == "__main__":
    main()
