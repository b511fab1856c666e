"""The bad-input matrix: every row runs the real CLI and checks status and the one-line message.

| input | expected |
| --- | --- |
| claims file missing, empty, not YAML, a list, wrong types, unknown keys, duplicate ids, empty phrasings, threshold out of range, bad expect, anchors, too large | exit 2, `claims.yaml[:line:col]: message` |
| articles folder missing or empty | exit 2 |
| unreadable, binary or NUL article | warning naming the file, run goes on, summary counts skipped files |
| UTF-8, UTF-8 BOM, UTF-16 BOM, cp1252, latin-1 | read correctly |
| invalid UTF-8 with no legacy fit | warning, read with replacement |
| huge article, multi-megabyte line | read; passages stay bounded |
| symlink loop, link leaving the folder | not followed |
| front matter that is not YAML | warning, body read |
| unknown format, bad --min-score, empty claim, output folder missing | exit 2 |
"""

from __future__ import annotations

import codecs
import json
import os
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner

from claimcheck.cli.app import app

runner = CliRunner()
GOOD_CLAIMS = "claims:\n  - id: ban\n    claim: Xiaomi est interdite aux Etats-Unis\n"
ARTICLE = "Xiaomi est interdite aux Etats-Unis depuis janvier.\n"


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / "data" / "articles").mkdir(parents=True)
    (tmp_path / "data" / "articles" / "a.txt").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "data" / "claims.yaml").write_text(GOOD_CLAIMS, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def claims_text(text: str | bytes) -> Callable[[Path], None]:
    def setup(root: Path) -> None:
        path = root / "data" / "claims.yaml"
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(text, encoding="utf-8")

    return setup


def remove(rel: str) -> Callable[[Path], None]:
    def setup(root: Path) -> None:
        target = root / rel
        if target.is_dir():
            for child in target.iterdir():
                child.unlink()
            target.rmdir()
        else:
            target.unlink()

    return setup


def bomb() -> str:
    lines = ['a: &a ["x","x","x","x","x","x","x","x","x"]']
    for i in range(1, 9):
        lines.append(f"{chr(97 + i)}: &{chr(97 + i)} [*{chr(96 + i)}, *{chr(96 + i)}]")
    return "\n".join(lines) + "\nclaims: []\n"


MATRIX = [
    # (name, setup, arguments, message pattern on the one stderr line)
    (
        "claims missing",
        remove("data/claims.yaml"),
        ["report"],
        r"^data/claims\.yaml: claims file not found$",
    ),
    ("claims empty", claims_text(""), ["report"], r"^data/claims\.yaml: the claims file is empty"),
    (
        "claims not YAML",
        claims_text("claims:\n  - id: [a\n"),
        ["report"],
        r"^data/claims\.yaml:3:1: not valid YAML",
    ),
    (
        "claims a list",
        claims_text("- id: a\n"),
        ["report"],
        r"^data/claims\.yaml:1:1: the claims file must be a mapping, not a list",
    ),
    (
        "wrong type",
        claims_text("claims:\n  - id: a\n    claim: 42\n"),
        ["report"],
        r"^data/claims\.yaml:3:12: 'claim' must be a string, not a number",
    ),
    (
        "unknown key",
        claims_text("claims:\n  - id: a\n    claim: b\n    abuot: [x]\n"),
        ["report"],
        r"^data/claims\.yaml:4:5: unknown key 'abuot' in a claim \(did you mean 'about'\?\)",
    ),
    (
        "duplicate ids",
        claims_text("claims:\n  - {id: a, claim: b}\n  - {id: a, claim: c}\n"),
        ["report"],
        r"^data/claims\.yaml:3:5: duplicate claim id 'a'",
    ),
    (
        "empty phrasing",
        claims_text("claims:\n  - id: a\n    claim: b\n    supports: ['']\n"),
        ["report"],
        r"^data/claims\.yaml:4:16: 'supports\[0\]' must not be empty",
    ),
    (
        "blank phrasing",
        claims_text("claims:\n  - id: a\n    claim: '   '\n"),
        ["report"],
        r"^data/claims\.yaml:3:12: 'claim' must not be empty",
    ),
    (
        "threshold out of range",
        claims_text("settings: {min_score: -5}\nclaims: []\n"),
        ["report"],
        r"^data/claims\.yaml:1:23: 'min_score' must be from 0 to 100",
    ),
    (
        "expect not a verdict",
        claims_text("claims:\n  - {id: a, claim: b, expect: true}\n"),
        ["report"],
        r"^data/claims\.yaml:2:31: 'expect' must be a string, not a boolean",
    ),
    (
        "anchors bomb",
        claims_text(bomb()),
        ["report"],
        r"^data/claims\.yaml:1:4: not valid YAML: anchors and aliases are not allowed",
    ),
    (
        "claims not UTF-8",
        claims_text(b"claims:\n  - id: a\n    claim: \xff\n"),
        ["report"],
        r"^data/claims\.yaml:3: claims file is not valid UTF-8",
    ),
    (
        "claims too large",
        claims_text("# " + "x" * (21 * 2**20) + "\nclaims: []\n"),
        ["report"],
        r"^data/claims\.yaml: claims file is 21 MiB; the limit is 20 MiB",
    ),
    (
        "articles missing",
        remove("data/articles"),
        ["report"],
        r"^data/articles: articles folder not found$",
    ),
    (
        "articles empty",
        remove("data/articles/a.txt"),
        ["report"],
        r"^data/articles: no readable \.txt or \.md article in this folder$",
    ),
    (
        "unknown format",
        None,
        ["report", "--format", "pdf"],
        r"^claimcheck: error: Invalid value for '--format'",
    ),
    (
        "absurd min-score",
        None,
        ["report", "--min-score", "1e9"],
        r"^claimcheck: error: Invalid value for '--min-score'",
    ),
    (
        "negative min-score",
        None,
        ["verify", "x", "--min-score", "-3"],
        r"^claimcheck: error: Invalid value for '--min-score'",
    ),
    ("empty claim", None, ["verify", ""], r"^claimcheck: the claim has no words to match$"),
    (
        "punctuation claim",
        None,
        ["verify", "?!…"],
        r"^claimcheck: the claim has no words to match$",
    ),
    (
        "output folder missing",
        None,
        ["report", "-o", "nowhere/out.json"],
        r"^nowhere/out\.json: cannot write: folder nowhere does not exist$",
    ),
    ("unknown option", None, ["report", "--colour"], r"^claimcheck: error: No such option"),
    ("missing argument", None, ["verify"], r"^claimcheck: error: Missing argument"),
]


@pytest.mark.parametrize(("name", "setup", "args", "pattern"), MATRIX, ids=[m[0] for m in MATRIX])
def test_bad_input_matrix(
    project: Path, name: str, setup: Callable[[Path], None] | None, args: list[str], pattern: str
) -> None:
    if setup is not None:
        setup(project)
    result = runner.invoke(app, args)
    assert result.exit_code == 2, (name, result.stdout, result.stderr)
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert re.search(pattern, lines[0]), lines[0]
    assert "Traceback" not in result.stderr and result.stdout == ""


def run_report(root: Path) -> tuple[int, dict[str, object], list[str]]:
    result = runner.invoke(app, ["report", "-f", "json", "--no-cache", "-v"])
    return result.exit_code, json.loads(result.stdout or "{}"), result.stderr.splitlines()


def test_binary_and_nul_files_are_skipped_and_counted(project: Path) -> None:
    (project / "data/articles/image.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00")
    (project / "data/articles/nul.md").write_bytes(b"Xiaomi est\x00 interdite.\n")
    code, doc, err = run_report(project)
    assert code == 0 and doc["articles"] == 1
    warnings = [e for e in err if "warning" in e]
    assert len(warnings) == 2 and all("looks binary" in w for w in warnings)
    assert "2 files skipped" in err[-1]


def test_unreadable_file_is_skipped(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (project / "data/articles/locked.txt").write_text(ARTICLE)
    real = Path.read_bytes

    def read_bytes(self: Path) -> bytes:
        if self.name == "locked.txt":
            raise PermissionError(13, "Permission denied")
        return real(self)

    monkeypatch.setattr(Path, "read_bytes", read_bytes)
    code, doc, err = run_report(project)
    assert code == 0 and doc["articles"] == 1
    assert any("locked.txt: cannot read (Permission denied); skipped" in e for e in err)


@pytest.mark.parametrize(
    "encode",
    [
        lambda t: t.encode("utf-8"),
        lambda t: codecs.BOM_UTF8 + t.encode("utf-8"),
        lambda t: t.encode("utf-16"),
        lambda t: t.encode("cp1252"),
        lambda t: t.encode("latin-1"),
    ],
    ids=["utf-8", "utf-8-bom", "utf-16-bom", "cp1252", "latin-1"],
)
def test_encodings_are_read(project: Path, encode: Callable[[str], bytes]) -> None:
    text = "La société chinoise Xiaomi est interdite aux Etats-Unis, dit-on à Pékin.\n"
    (project / "data/articles/a.txt").write_bytes(encode(text))
    code, doc, err = run_report(project)
    assert code == 0 and not [e for e in err if "warning" in e]
    quote = doc["claims"][0]["evidence"][0]["quote"]  # type: ignore[index]
    assert quote == text.strip()


def test_undecodable_text_is_read_with_replacement(project: Path) -> None:
    (project / "data/articles/a.txt").write_bytes(
        b"Xiaomi est interdite aux Etats-Unis \x81\x8d\x8f\x90\x9d.\n"
    )
    code, doc, err = run_report(project)
    assert code == 0
    assert any(
        "not valid UTF-8 and no legacy encoding fits; read with replacement" in e for e in err
    )
    assert "\ufffd" in doc["claims"][0]["evidence"][0]["quote"]  # type: ignore[index]


def test_huge_article_and_huge_line(project: Path) -> None:
    filler = "Le marché évolue chaque jour selon les analystes. " * 200_000  # ~10 MB
    (project / "data/articles/huge.txt").write_text(filler + "\n" + ARTICLE)
    (project / "data/articles/line.txt").write_text("mot " * 1_000_000 + "\n")  # one 4 MB line
    code, doc, err = run_report(project)
    assert code == 0 and doc["articles"] == 3
    assert doc["claims"][0]["verdict"] == "supported"  # type: ignore[index]


def test_links_that_loop_or_leave_are_not_followed(
    project: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    outside = tmp_path_factory.mktemp("outside")
    (outside / "secret.txt").write_text("Xiaomi n'est pas interdite aux Etats-Unis.\n")
    articles = project / "data/articles"
    os.symlink(outside, articles / "escape")
    os.symlink(outside / "secret.txt", articles / "secret.txt")
    (articles / "sub").mkdir()
    os.symlink(articles, articles / "sub" / "loop")
    os.symlink(articles / "nowhere.txt", articles / "dangling.txt")
    code, doc, err = run_report(project)
    assert code == 0 and doc["articles"] == 1
    assert doc["claims"][0]["verdict"] == "supported"  # type: ignore[index]


def test_bad_front_matter_warns_and_reads_the_body(project: Path) -> None:
    (project / "data/articles/a.md").write_text("---\ntitle: [oops\n---\n" + ARTICLE)
    (project / "data/articles/a.txt").unlink()
    code, doc, err = run_report(project)
    assert code == 0
    assert any(
        e.startswith("claimcheck: warning: data/articles/a.md:") and "front matter" in e
        for e in err
    )
    assert doc["claims"][0]["evidence"][0]["line"] == 4  # type: ignore[index]


def test_mixed_folder_gives_the_verdicts_of_the_good_articles_alone(project: Path) -> None:
    good = {
        "g1.txt": "Xiaomi est interdite aux Etats-Unis depuis janvier.\n",
        "g2.txt": "Xiaomi n'est pas interdite aux Etats-Unis, selon Reuters.\n",
    }
    articles = project / "data/articles"
    (articles / "a.txt").unlink()
    for name, text in good.items():
        (articles / name).write_text(text)
    _, alone, _ = run_report(project)
    (articles / "bin.txt").write_bytes(bytes(range(256)) * 10)
    (articles / "cp.txt").write_bytes("Une phrase en cp1252 : déjà.\n".encode("cp1252"))
    (articles / "bad.txt").write_bytes(b"\xff\xfe\xfa garbage \x81\n")
    (articles / "huge.txt").write_text("Rien à signaler ici. " * 300_000)
    code, mixed, err = run_report(project)
    assert code == 0 and "1 files skipped" in err[-1]
    assert mixed["claims"] == alone["claims"]


def test_every_claims_file_error_is_reported_in_file_order(project: Path) -> None:
    """#32, bug 5: all the errors, in the order of the file (settings written after the
    claims come last), as ruff and Vale report them; the run does not start."""
    (project / "data" / "claims.yaml").write_text(
        "claims:\n"
        "  - id: a\n"
        "    claim: Xiaomi\n"
        "    suports: [x]\n"
        "  - id: Bad Id\n"
        "    claim: b\n"
        "  - id: a\n"
        "    claim: c\n"
        "    min_score: 120\n"
        "settings:\n"
        "  min_scor: 3\n",
        encoding="utf-8",
    )
    result = runner.invoke(app, ["report"])
    assert result.exit_code == 2 and result.stdout == ""
    assert result.stderr == (
        "data/claims.yaml:4:5: unknown key 'suports' in a claim (did you mean 'supports'?)\n"
        "data/claims.yaml:5:5: claim id 'Bad Id' must be a lowercase slug (a-z, 0-9, '-')\n"
        "data/claims.yaml:7:5: duplicate claim id 'a' (first at line 2)\n"
        "data/claims.yaml:9:16: 'min_score' must be from 0 to 100, not 120\n"
        "data/claims.yaml:11:3: unknown key 'min_scor' in settings (did you mean 'min_score'?)\n"
    )


def test_claims_file_errors_stop_at_a_limit_and_say_how_many_more(project: Path) -> None:
    bad = "".join(f"  - id: c{i}\n    claim: x\n    expect: maybe\n" for i in range(25))
    (project / "data" / "claims.yaml").write_text("claims:\n" + bad, encoding="utf-8")
    result = runner.invoke(app, ["check"])
    lines = result.stderr.splitlines()
    assert result.exit_code == 2 and len(lines) == 21
    assert [int(line.split(":")[1]) for line in lines[:20]] == [4 + 3 * i for i in range(20)]
    assert lines[-1] == "data/claims.yaml: 5 more errors not shown (25 in all)"
