"""`--format text`: `file:line:col severity rule message` and the source line.

Coloured (through rich, imported only then) on a terminal; plain when piped,
with NO_COLOR set, or with --no-color.
"""

from __future__ import annotations

_STYLE = {"error": "bold red", "warning": "yellow", "info": "cyan", "style": "magenta"}


def _caret(line: str, f) -> str:
    start = max(f.span.column - 1, 0)
    end = f.span.end_column - 1 if f.span.end_line == f.span.line else len(line)
    end = max(min(end, len(line)), start + 1)
    prefix = "".join(c if c == "\t" else " " for c in line[:start])
    return prefix + "^" * (end - start)


def render(results, out, *, color: bool = False, show_source: bool = True, **_) -> None:
    console = None
    if color:
        from rich.console import Console
        from rich.markup import escape

        console = Console(file=out, highlight=False, soft_wrap=True)
    total = 0
    for path, text, findings in results:
        lines = text.splitlines() if show_source else []
        for f in findings:
            total += 1
            target = f" [{f.data['target']}]" if f.data.get("target") else ""
            head = f"{path}:{f.span.line}:{f.span.column}"
            if console is None:
                out.write(f"{head} {f.severity} {f.rule}{target} {f.message} ({f.name})\n")
            else:
                console.print(
                    f"[bold]{escape(head)}[/] [{_STYLE[f.severity]}]{f.severity}[/] "
                    f"[bold]{f.rule}[/]{escape(target)} {escape(f.message)} [dim]({f.name})[/]"
                )
            if show_source and 0 < f.span.line <= len(lines):
                source = lines[f.span.line - 1]
                gutter = f"{f.span.line:>5} | "
                caret = " " * (len(gutter) - 2) + "| " + _caret(source, f)
                if console is None:
                    out.write(f"{gutter}{source}\n{caret}\n")
                else:
                    console.print(f"[dim]{escape(gutter)}[/]{escape(source)}")
                    console.print(f"[{_STYLE[f.severity]}]{escape(caret)}[/]")
    if total and console is None and show_source:
        out.write(f"{total} finding{'s' if total != 1 else ''}\n")
    elif total and console is not None:
        console.print(f"[bold]{total} finding{'s' if total != 1 else ''}[/]")
