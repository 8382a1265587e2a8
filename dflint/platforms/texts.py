"""The pieces of an instruction in which variables expand, each with a way to map
offsets back to exact source positions.

Two expansions matter for platform ARGs: BuildKit expands COPY/ADD/ENV/WORKDIR/...
arguments, flag values and unquoted COPY heredocs with the build variables; the
shell expands RUN text (and RUN heredocs) at run time from the environment, which
holds a build ARG only when the stage declares it. Either way an undeclared
platform ARG comes out empty. CMD/ENTRYPOINT/HEALTHCHECK run in the container,
where build ARGs never exist, and JSON-form RUN runs no shell: neither is here.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

from ..records import named_tuple
from ..syntax.ast import Document, Instruction, Span

# Instructions whose arguments BuildKit expands with the build variables.
EXPANDED_ARGS = frozenset({"COPY", "ADD", "ENV", "LABEL", "WORKDIR", "USER", "EXPOSE", "VOLUME", "STOPSIGNAL", "ARG"})


@named_tuple
class Text:
    """A piece of text and `locate(start, end)` giving the Span of text[start:end]."""

    text: str
    locate: Callable[[int, int], Span]
    kind: str  # "shell" (RUN text, RUN heredoc) | "build" (expanded by BuildKit)


def _fallback(span: Span) -> Callable[[int, int], Span]:
    return lambda start, end: span


def _on_line(doc: Document, span: Span | None, text: str) -> Callable[[int, int], Span] | None:
    """Exact locations when `text` is written verbatim at the end of a one-line `span`."""
    if span is None or span.line != span.end_line:
        return None
    line = doc.lines[span.line - 1]
    begin = span.end_column - 1 - len(text)
    if begin < span.column - 1 or line[begin : span.end_column - 1] != text:
        return None
    return lambda start, end: Span(span.line, begin + 1 + start, span.line, begin + 1 + end)


def _in_original(ins: Instruction, offset: int) -> Callable[[int, int], Span]:
    return lambda start, end: ins.span_of(offset + start, offset + end)


def heredoc_locator(heredoc) -> Callable[[int, int], Span]:
    """Positions inside a heredoc body (the body keeps its tabs, so offsets map 1:1)."""
    body = heredoc.body
    first = heredoc.span.line

    def locate(start: int, end: int) -> Span:
        def point(offset: int) -> tuple[int, int]:
            before = body[:offset]
            return first + before.count("\n"), offset - (before.rfind("\n") + 1) + 1

        (line, column), (end_line, end_column) = point(start), point(end)
        return Span(line, column, end_line, end_column)

    return locate


def _arg_texts(doc: Document, ins: Instruction) -> Iterator[Text]:
    position = ins.rest_offset
    for index, arg in enumerate(ins.args):
        span = ins.arg_spans[index] if index < len(ins.arg_spans) else None
        found = -1 if ins.json_form else ins.original.find(arg, position)
        if found >= 0:
            position = found + len(arg)
        skip = 0  # characters of `arg` before the text that expands
        if ins.keyword == "ENV" and index % 2 == 0:
            continue  # keys do not expand
        if ins.keyword == "ARG":
            name, eq, _ = arg.partition("=")
            if not eq:
                continue
            skip = len(name) + 1
        text = arg[skip:]
        located = _on_line(doc, span, text)
        if located is None and found >= 0:
            located = _in_original(ins, found + skip)
        yield Text(text, located or _fallback(span or ins.span), "build")


def _flag_texts(doc: Document, ins: Instruction) -> Iterator[Text]:
    for flag in ins.flags:
        if flag.value:
            yield Text(flag.value, _on_line(doc, flag.span, flag.value) or _fallback(flag.span), "build")


def expanded_texts(doc: Document, ins: Instruction) -> Iterator[Text]:
    """The texts of `ins` in which `$NAME` takes the value of a build variable."""
    keyword = ins.keyword
    if keyword == "RUN":
        yield from _flag_texts(doc, ins)
        if not ins.json_form:
            yield Text(ins.rest, _in_original(ins, ins.rest_offset), "shell")
        for heredoc in ins.heredocs:
            if heredoc.expand:
                yield Text(heredoc.body, heredoc_locator(heredoc), "shell")
    elif keyword in EXPANDED_ARGS:
        yield from _flag_texts(doc, ins)
        if keyword in ("COPY", "ADD"):
            yield from _arg_texts(doc, ins)
            for heredoc in ins.heredocs:
                if heredoc.expand:
                    yield Text(heredoc.body, heredoc_locator(heredoc), "build")
        else:
            yield from _arg_texts(doc, ins)


def shell_texts(ins: Instruction) -> Iterator[Text]:
    """The shell code of a RUN: its text and its heredoc bodies (quoted or not)."""
    if ins.keyword != "RUN" or ins.json_form:
        return
    yield Text(ins.rest, _in_original(ins, ins.rest_offset), "shell")
    for heredoc in ins.heredocs:
        yield Text(heredoc.body, heredoc_locator(heredoc), "shell")
