"""JUnit XML: one test case per claim; a drifted or failing claim is a failure."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from ..report import Output
from .lines import message

# characters XML 1.0 cannot hold at all, even escaped
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def x(text: str) -> str:
    return _NOT_XML.sub(lambda m: f"\\x{ord(m.group()):02x}", text)


def render(out: Output) -> str:
    failures = sum(out.failed(c) for c in out.checks)
    suites = ET.Element(
        "testsuites",
        name="claimcheck",
        tests=str(len(out.checks)),
        failures=str(failures),
        errors="0",
    )
    suite = ET.SubElement(
        suites,
        "testsuite",
        name=f"claimcheck {out.command}",
        tests=str(len(out.checks)),
        failures=str(failures),
        errors="0",
        time="0",
    )
    for check in out.checks:
        r = check.result
        case = ET.SubElement(suite, "testcase", classname="claimcheck", name=x(r.id), time="0")
        if out.failed(check):
            failure = ET.SubElement(case, "failure", message=x(check.reason), type=check.status)
            failure.text = x(message(check))
        else:
            out_el = ET.SubElement(case, "system-out")
            out_el.text = x(message(check))
    ET.indent(suites)
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(suites, encoding="unicode") + "\n"
    )
