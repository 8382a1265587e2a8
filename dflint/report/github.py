"""`--format github`: GitHub Actions workflow commands, shown as annotations on the diff.

`::error file=F,line=L,col=C,endLine=…,endColumn=…,title=DF006 invalid-mount::message`;
info and style findings become `notice`. Values are escaped as the Actions
runner expects: `%`, CR and LF everywhere, and also `:` and `,` in properties.
"""

from __future__ import annotations

COMMANDS = {"error": "error", "warning": "warning", "info": "notice", "style": "notice"}


def escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def render(results, out, **_) -> None:
    for path, _text, findings in results:
        for f in findings:
            props = {
                "file": path,
                "line": f.span.line,
                "col": f.span.column,
                "endLine": f.span.end_line,
                "endColumn": f.span.end_column,
                "title": f"{f.rule} {f.name}",
            }
            joined = ",".join(f"{key}={escape_property(str(value))}" for key, value in props.items())
            out.write(f"::{COMMANDS[f.severity]} {joined}::{escape_data(f.message)}\n")
