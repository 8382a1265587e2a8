"""Instruction-level practices: ports, the final USER, ENV self-references, order, RUN layering."""

from __future__ import annotations

import re

from ...engine.findings import Issue
from ...engine.registry import check

_PORT = re.compile(r"^(\d+)(?:-(\d+))?(?:/\w+)?$")


@check("DF507")
def port_out_of_range(ctx):
    for outer in ctx.doc.instructions:
        ins = outer.command
        if ins.keyword != "EXPOSE":
            continue
        for k, word in enumerate(ins.args):
            if "$" in word or ":" in word:  # variables expand later; host:port is ExposeInvalidFormat's
                continue
            m = _PORT.match(word)
            span = ins.arg_spans[k] if k < len(ins.arg_spans) and ins.arg_spans[k] else ins.span
            if m is None:
                yield Issue(span, f"`{word}` is not a port: EXPOSE takes <port>[/<protocol>] or a range <from>-<to>")
            elif any(p is not None and int(p) > 65535 for p in m.groups()):
                yield Issue(span, f"`{word}`: valid UNIX ports range from 0 to 65535")


def _is_root(user: str) -> bool:
    return user.split(":", 1)[0] in ("root", "0")


@check("DF508")
def last_user_root(ctx):
    """The final image should not run as root; only the stage that is shipped is judged."""
    stages = ctx.model.stages
    if not stages:
        return
    users = [i for i in stages[-1].instructions if i.keyword == "USER" and i.args]
    if users and _is_root(users[-1].args[0]):
        last = users[-1]
        yield Issue(last.arg_spans[0] or last.span, "The last USER of the final stage is root: switch to an unprivileged user for runtime")


@check("DF510")
def env_self_reference(ctx):
    """`ENV A=1 B=$A` expands `$A` with the value from *before* this ENV, not `1`."""
    from ...syntax.shell_words import find_variable_references

    for outer in ctx.doc.instructions:
        ins = outer.command
        if ins.keyword != "ENV" or ins.legacy_form:
            continue
        before = ctx.model.scope(outer)
        defined: set[str] = set()
        for k in range(0, len(ins.args) - 1, 2):
            name, value = ins.args[k], ins.args[k + 1]
            for ref in find_variable_references(value, ctx.doc.escape) if "$" in value else ():
                if ref.name in defined and ref.name not in before:
                    span = ins.arg_spans[k + 1] if ins.arg_spans[k + 1] else ins.span
                    yield Issue(span, f"`${ref.name}` is defined in this same ENV: it expands to its earlier (empty) value; split the ENV in two")
                    break
            defined.add(name)


@check("DF511")
def instruction_before_from(ctx):
    """Only ARG (and comments, directives) may come before the first FROM."""
    for ins in ctx.doc.instructions:
        if ins.keyword == "FROM":
            return
        if ins.keyword != "ARG":
            yield Issue(ins.keyword_span or ins.span, f"{ins.keyword} before the first FROM: a Dockerfile must start with FROM (only ARG may precede it)")


@check("DF512")
def consecutive_run(ctx):
    """Each RUN is a layer; two shell-form RUNs in a row with the same options can be
    one (`a && b`); exec-form and heredoc RUNs cannot simply be joined."""
    for stage in ctx.model.stages:
        previous = None
        for ins in stage.instructions:
            same_kind = ins.keyword == "RUN" and previous is not None and previous.keyword == "RUN"
            mergeable = same_kind and not (previous.heredocs or ins.heredocs or previous.json_form or ins.json_form)
            if mergeable and _options(previous) == _options(ins):
                yield Issue(ins.keyword_span or ins.span, f"Consecutive RUN instructions (line {previous.span.line} and this one): consider merging them into one layer")
            previous = ins


def _options(ins) -> tuple:
    return tuple(sorted(f.raw for f in ins.flags))


@check("DF515")
def missing_healthcheck(ctx):
    stages = ctx.model.stages
    if not stages:
        return
    chain = []
    stage = stages[-1]
    while stage is not None:
        chain.append(stage)
        stage = stage.base_stage
    if not any(i.keyword == "HEALTHCHECK" for s in chain for i in s.instructions):
        yield Issue(stages[-1].from_instruction.keyword_span or stages[-1].from_instruction.span, "The final image has no HEALTHCHECK")


@check("DF518")
def non_numeric_user(ctx):
    """A user name needs /etc/passwd in the image at run time; a UID does not (off by default)."""
    for outer in ctx.doc.instructions:
        ins = outer.command
        if ins.keyword != "USER" or not ins.args or "$" in ins.args[0]:
            continue
        user = ins.args[0].split(":", 1)[0]
        if not user.isdigit():
            yield Issue(ins.arg_spans[0] or ins.span, f"`USER {ins.args[0]}`: a name is resolved through /etc/passwd at run time; a numeric UID always works (e.g. for Kubernetes runAsNonRoot)")
