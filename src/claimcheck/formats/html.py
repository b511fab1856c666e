"""HTML: one self-contained page (inline style and script, nothing fetched) for people."""

from __future__ import annotations

import base64
import hashlib
from collections import Counter
from collections.abc import Iterator, Sequence
from urllib.parse import urlsplit

from .. import __version__
from ..report import ClaimCheck, Evidence, Output, Related
from ..sanitize import for_terminal
from .table import basis_note, counted, flags

VERDICTS = ("supported", "contradicted", "mixed", "absent")
STATUSES = ("ok", "drift", "fail", "unrecorded")
STATUS_TEXT = {
    "ok": "as expected",
    "drift": "drifted",
    "fail": "fails",
    "unrecorded": "no expect",
}

# Everything the page shows is in the markup; the script only filters (and opens every row
# for printing), so the page reads the same with scripts off.
STYLE = """
:root{--ok:#1a7f37;--no:#cf222e;--mix:#9a6700;--abs:#6e7781;--fg:#1f2328;--mute:#59636e;
--bg:#fff;--line:#d1d9e0;--hl:#fff3b0;font-family:system-ui,-apple-system,"Segoe UI",Roboto,
sans-serif;color:var(--fg);background:var(--bg);line-height:1.45}
body{margin:0 auto;max-width:72rem;padding:1rem}
h1{font-size:1.4rem;margin:.2rem 0 .6rem}
[hidden]{display:none!important}
.meta{display:flex;flex-wrap:wrap;gap:.2rem 1.4rem;margin:0 0 .8rem;color:var(--mute)}
.meta div{display:flex;gap:.4rem}.meta dt{font-weight:600}.meta dd{margin:0}
.counts{display:flex;flex-wrap:wrap;gap:.5rem;list-style:none;padding:0;margin:.4rem 0}
.chart{width:100%;height:1.2rem;display:block;margin:.3rem 0 1rem}
.b{display:inline-block;min-width:6.5rem;padding:.05rem .45rem;border-radius:1rem;color:#fff;
font-size:.85rem;font-weight:600;text-align:center}
.para{display:block;font-size:.75rem;color:var(--mute);text-align:center}
.supported{background:var(--ok);fill:var(--ok)}.contradicted{background:var(--no);fill:var(--no)}
.mixed{background:var(--mix);fill:var(--mix)}.absent{background:var(--abs);fill:var(--abs)}
form{display:flex;flex-wrap:wrap;gap:.6rem 1rem;align-items:end;margin:0 0 .8rem;
padding:.6rem;border:1px solid var(--line);border-radius:.4rem}
label{display:flex;flex-direction:column;font-size:.85rem;color:var(--mute)}
select,input{font:inherit;padding:.2rem .3rem;min-height:2rem}
input[type=search]{min-width:14rem}
output{margin-left:auto;color:var(--mute)}
.head,summary{display:grid;grid-template-columns:1fr 8rem 4.5rem 4.5rem 7rem;gap:.6rem;
align-items:center}
.head{font-size:.8rem;font-weight:600;color:var(--mute);padding:.2rem .6rem .2rem 1.8rem;
border-bottom:2px solid var(--line)}
details{border-bottom:1px solid var(--line)}
summary{cursor:pointer;padding:.45rem .6rem .45rem 1.8rem;position:relative;list-style:none}
summary::-webkit-details-marker{display:none}
summary::before{content:"\\25B8";position:absolute;left:.5rem;top:.45rem;color:var(--mute)}
details[open]>summary::before{content:"\\25BE"}
summary:focus-visible{outline:3px solid #0969da;outline-offset:-3px}
.claim{min-width:0;overflow-wrap:anywhere}
.id{display:inline-block;font-family:ui-monospace,SFMono-Regular,Menlo,monospace;font-size:.8rem;color:var(--mute)}
.num{text-align:right;font-variant-numeric:tabular-nums}
.st-drift,.st-fail{color:var(--no);font-weight:600}.st-ok{color:var(--ok)}
.body{padding:.2rem .8rem .8rem 1.8rem}
.body ol{padding-left:1.2rem;margin:.4rem 0}
.body li{margin:.6rem 0}
blockquote{margin:.2rem 0;padding:.1rem .6rem;border-left:4px solid var(--line)}
li.supports blockquote{border-color:var(--ok)}li.contradicts blockquote{border-color:var(--no)}
mark{background:var(--hl);color:inherit;font-weight:600}
.k{font-weight:600}.supports .k{color:var(--ok)}.contradicts .k{color:var(--no)}
.why,.loc{color:var(--mute);font-size:.85rem}
code{font-family:ui-monospace,SFMono-Regular,Menlo,monospace;font-size:.85rem;
overflow-wrap:anywhere}
.note{color:var(--mute);font-style:italic}
@media (max-width:40rem){
.head{display:none}
summary{display:flex;flex-wrap:wrap;gap:.3rem .8rem}
summary .claim{flex-basis:100%}
.b{min-width:0}
.num{text-align:left;color:var(--mute);font-size:.85rem}
.conf::before{content:"confidence "}.src::before{content:"sources "}
output{margin-left:0}
}
@media print{
form{display:none}
details{break-inside:avoid}
summary::before{content:none}
}
"""

SCRIPT = """
(function(){
var form=document.getElementById("filters");
form.hidden=false;
form.addEventListener("submit",function(e){e.preventDefault();});
var rows=Array.prototype.slice.call(document.querySelectorAll("details.row"));
var words=rows.map(function(r){return r.textContent.toLowerCase();});
var v=document.getElementById("f-verdict"),s=document.getElementById("f-status");
var q=document.getElementById("f-search"),n=document.getElementById("shown");
function apply(){
var wv=v.value,ws=s.value,wq=q.value.trim().toLowerCase(),k=0;
rows.forEach(function(r,i){
var on=(!wv||r.dataset.verdict===wv)&&(!ws||r.dataset.status===ws)&&
(!wq||words[i].indexOf(wq)>=0);
r.hidden=!on;if(on){k++;}
});
n.textContent=k+" of "+rows.length+" claims shown";
}
[v,s].forEach(function(x){x.addEventListener("change",apply);});
q.addEventListener("input",apply);
var was=[];
window.addEventListener("beforeprint",function(){
was=rows.map(function(r){return r.open;});rows.forEach(function(r){r.open=true;});});
window.addEventListener("afterprint",function(){
rows.forEach(function(r,i){r.open=was[i];});});
apply();
})();
"""


def _hash(text: str) -> str:
    return "sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode()


# Nothing but the inline style and script above may run or load: no network, no plugin,
# no form sent anywhere, no <base> rewriting the page's links.
CSP = (
    f"default-src 'none'; style-src '{_hash(STYLE)}'; script-src '{_hash(SCRIPT)}'; "
    "img-src 'none'; base-uri 'none'; form-action 'none'"
)


def esc(text: str) -> str:
    """Untrusted text as inert HTML (an element's text or a quoted attribute value): markup
    escaped, control characters shown as escapes."""
    return (
        for_terminal(text)
        .replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace('"', "&quot;")
    )


def _joined(quote: str, spans: Sequence[tuple[int, int]]) -> list[tuple[int, int]]:
    """Spans separated only by spaces become one: "<mark>liste noire</mark>"."""
    out: list[tuple[int, int]] = []
    for a, b in spans:
        if out and out[-1][1] <= a and not quote[out[-1][1] : a].strip(" "):
            out[-1] = (out[-1][0], b)
        else:
            out.append((a, b))
    return out


def marked(quote: str, spans: Sequence[tuple[int, int]]) -> str:
    """The quote with the matched words in <mark>."""
    parts, pos = [], 0
    for a, b in _joined(quote, spans):
        if a < pos or b > len(quote):
            continue
        parts.append(esc(quote[pos:a]))
        parts.append(f"<mark>{esc(quote[a:b])}</mark>")
        pos = b
    parts.append(esc(quote[pos:]))
    return "".join(parts)


def web_url(url: str | None) -> str | None:
    """An article's address only when it is an http(s) one: never javascript: or data:."""
    if not url:
        return None
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        return None
    return url.strip()


def anchor(claim_id: str) -> str:
    """The id of a claim's row: `#claim-<id>` links to it."""
    return "claim-" + "".join(c if c.isalnum() or c in "-_" else "_" for c in claim_id)


def _evidence(e: Evidence, out: Output, waived: str | None = None) -> str:
    why = "; ".join(x for x in (waived, flags(e)) if x)
    meta = out.meta.get(e.article)
    url = web_url(meta.url) if meta is not None else None
    place = f"<code>{esc(e.location)}</code>"
    if url is not None:
        place = f'<a href="{esc(url)}" rel="noopener noreferrer nofollow">{place}</a>'
    return (
        f'<li class="{e.stance}"><span class="k">{e.stance}</span> '
        f"<span class=why>score {e.score:.0f}, weight {e.weight:.0f}"
        f"{'; ' + esc(why) if why else ''}</span>"
        f"<blockquote>{marked(e.quote, e.highlights)}</blockquote>"
        f"<div class=loc>{place} · phrasing: {esc(e.phrasing)}</div></li>"
    )


def _related(x: Related) -> str:
    missing = ", ".join(x.missing)
    return (
        f"<li><span class=why>{_why(x)}; lacks: {esc(missing)}</span>"
        f"<blockquote>{esc(x.quote)}</blockquote>"
        f"<div class=loc><code>{esc(x.article)}:{x.line}:{x.column}</code></div></li>"
    )


def _row(c: ClaimCheck, out: Output) -> str:
    r = c.result
    parts = [
        f'<details class=row id="{anchor(r.id)}" data-verdict="{r.verdict}" '
        f'data-status="{c.status}"><summary>'
        f"<span class=claim>{esc(r.claim)} <span class=id>{esc(r.id)}</span></span>"
        f'<span><span class="b {r.verdict}">{esc(r.verdict)}</span>'
        + ("<span class=para>paraphrase</span>" if r.paraphrase else "")
        + "</span>"
        f'<span class="num conf">{r.confidence:.0f}</span>'
        f'<span class="num src">{r.sources}</span>'
        f'<span class="st-{c.status}">{STATUS_TEXT[c.status]}</span>'
        "</summary><div class=body>",
        f"<p>{esc(r.verdict_text)} (confidence {r.confidence:.0f}"
        f"{esc(basis_note(r))})"
        + (f"; {esc(c.reason)}" if c.status != "ok" else "; as expected")
        + ".</p>",
    ]
    if r.evidence:
        parts.append(f"<p class=why>{esc(counted(r))}</p><ol>")
        parts.extend(_evidence(e, out) for e in r.evidence)
        parts.append("</ol>")
        if r.unlisted > 0:
            parts.append(
                f"<p class=note>{r.unlisted} more not listed (--max-evidence 0 lists every "
                "quote).</p>"
            )
    elif r.related:
        parts.append(
            "<p class=note>No evidence. Closest passages (not evidence: they hold the claim's "
            "words, not its statement):</p><ol>"
        )
        parts.extend(_related(x) for x in r.related)
        parts.append("</ol>")
    else:
        parts.append("<p class=note>No passage holds the claim's words.</p>")
    if r.waived:
        parts.append(
            f"<p class=note>Waived in the claims file ({len(r.waived)}: shown, not counted):"
            "</p><ol class=waived>"
        )
        parts.extend(_evidence(w.evidence, out, f"waived: {w.reason}") for w in r.waived)
        parts.append("</ol>")
    parts.append("</div></details>\n")
    return "".join(parts)


def _chart(tally: Counter[str], total: int) -> str:
    """A bar of the verdicts' shares; its label says the same in words."""
    label = ", ".join(f"{tally[v]} {v}" for v in VERDICTS)
    rects, x = [], 0.0
    for v in VERDICTS:
        if not tally[v]:
            continue
        w = 1000 * tally[v] / max(total, 1)
        rects.append(
            f'<rect class="{v}" x="{x:.1f}" y="0" width="{w:.1f}" height="20">'
            f"<title>{tally[v]} {v}</title></rect>"
        )
        x += w
    return (
        f'<svg class=chart viewBox="0 0 1000 20" preserveAspectRatio="none" role="img" '
        f'aria-label="verdicts: {label}">{"".join(rects)}</svg>'
    )


def _head(out: Output) -> str:
    checks = out.checks
    tally: Counter[str] = Counter(c.result.verdict for c in checks)
    statuses: Counter[str] = Counter(c.status for c in checks)
    title = f"claimcheck {out.command}: {len(checks)} claims"
    meta = [
        ("claims file", out.claims_file or "-"),
        ("articles", f"{out.articles} ({out.passages} passages)"),
        ("run", out.run_date or "-"),
        ("claimcheck", __version__),
    ]
    if out.as_of:
        meta.append(("as of", out.as_of))
    if out.command == "check":
        meta.append(("failing", str(sum(out.failed(c) for c in checks))))
    verdict_options = "".join(
        f'<option value="{v}">{v} ({tally[v]})</option>' for v in VERDICTS if tally[v]
    )
    status_options = "".join(
        f'<option value="{s}">{STATUS_TEXT[s]} ({statuses[s]})</option>'
        for s in STATUSES
        if statuses[s]
    )
    return (
        "<!DOCTYPE html>\n<html lang=en>\n<head>\n<meta charset=utf-8>\n"
        f'<meta http-equiv="Content-Security-Policy" content="{CSP}">\n'
        '<meta name=viewport content="width=device-width, initial-scale=1">\n'
        '<meta name=referrer content="no-referrer">\n'
        f"<title>{esc(title)}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n"
        f"<header><h1>{esc(title)}</h1>\n<dl class=meta>"
        + " ".join(f"<div><dt>{k}</dt> <dd>{esc(v)}</dd></div>" for k, v in meta)
        + "</dl>\n<ul class=counts>"
        + " ".join(f'<li><span class="b {v}">{tally[v]} {v}</span></li>' for v in VERDICTS)
        + "</ul>\n"
        + _chart(tally, len(checks))
        + "</header>\n<main>\n"
        '<form id=filters role=search hidden aria-label="filter the claims">'
        '<label>Verdict <select id=f-verdict><option value="">all</option>'
        f"{verdict_options}</select></label>"
        '<label>Status <select id=f-status><option value="">all</option>'
        f"{status_options}</select></label>"
        '<label>Search <input id=f-search type=search placeholder="words, id, quote" '
        "autocomplete=off></label>"
        f"<output id=shown aria-live=polite>{len(checks)} claims</output></form>\n"
        "<div class=head aria-hidden=true><span>claim</span><span>verdict</span>"
        "<span class=num>conf.</span><span class=num>sources</span><span>status</span>"
        "</div>\n"
    )


def stream(out: Output) -> Iterator[str]:
    yield _head(out)
    for c in out.checks:
        yield _row(c, out)
    yield (
        "</main>\n<footer class=note><p>Quotes are the articles' words; a verdict is "
        "claimcheck's reading of them, reproducible with the same claims file and articles."
        f"</p></footer>\n<script>{SCRIPT}</script>\n</body>\n</html>\n"
    )


def render(out: Output) -> str:
    return "".join(stream(out))


def _why(x: Related) -> str:
    """How close a related passage is: by its words, or by its meaning (--semantic)."""
    if x.by_meaning:
        return f"{x.score:.0f}% similar in meaning"
    return f"{x.score:.0f}% of the claim's words"
