"""`--format junit`: JUnit XML, for CI systems that show test reports (GitLab, Jenkins, Azure).

One testcase per linted file; each finding is a `<failure>` of that testcase
(its type is the rule id), so a clean file is a passing test. `failures` counts
the failing testcases (files), `tests` all of them, as JUnit consumers expect.
"""

from __future__ import annotations

from .xmltext import xml_attr, xml_text


def render(results, out, **_) -> None:
    files = len(results)
    failing = sum(1 for _, _, findings in results if findings)
    head = f'name="dflint" tests="{files}" failures="{failing}" errors="0"'
    out.write(f'<?xml version="1.0" encoding="UTF-8"?>\n<testsuites {head}>\n  <testsuite {head} skipped="0">\n')
    for path, _text, findings in results:
        out.write(f"    <testcase name={xml_attr(path)} classname=\"dflint\" file={xml_attr(path)}")
        if not findings:
            out.write("/>\n")
            continue
        out.write(">\n")
        for f in findings:
            where = f"{path}:{f.span.line}:{f.span.column}"
            message = f"{f.rule} {f.message}"
            out.write(
                f"      <failure type={xml_attr(f.rule)} message={xml_attr(message)}>"
                f"{xml_text(f'{where} {f.severity} {f.rule} {f.message} ({f.name})')}</failure>\n"
            )
        out.write("    </testcase>\n")
    out.write("  </testsuite>\n</testsuites>\n")
