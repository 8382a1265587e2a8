"""`--format checkstyle`: Checkstyle XML, read by Jenkins warnings-ng, reviewdog and others.

Every linted file gets a `<file>` element (files without findings too, so a
consumer can tell "checked, clean" from "not checked"); style findings are
reported as `info`, the lowest level Checkstyle knows.
"""

from __future__ import annotations

from .xmltext import xml_attr

SEVERITIES = {"error": "error", "warning": "warning", "info": "info", "style": "info"}


def render(results, out, **_) -> None:
    out.write('<?xml version="1.0" encoding="UTF-8"?>\n<checkstyle version="4.3">\n')
    for path, _text, findings in results:
        out.write(f"  <file name={xml_attr(path)}>\n")
        for f in findings:
            out.write(
                f"    <error line=\"{f.span.line}\" column=\"{f.span.column}\""
                f" severity=\"{SEVERITIES[f.severity]}\" message={xml_attr(f.message)}"
                f" source={xml_attr(f'dflint.{f.rule}.{f.name}')}/>\n"
            )
        out.write("  </file>\n")
    out.write("</checkstyle>\n")
