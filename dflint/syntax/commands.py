"""What BuildKit's `instructions` package refuses, as diagnostics with positions.

BuildKit's parser accepts any instruction word and any `--flag`; the next stage
(`instructions.ParseInstruction`) rejects unknown instructions, unknown or
malformed flags, wrong argument counts, bad stage names, bad ONBUILD triggers,
bad mounts and so on, and stops at the first problem. We check every
instruction and report each problem where it is.
"""

from __future__ import annotations

import re

from .ast import Diagnostic, Document, Instruction, Span
from .mounts import MountError, parse_mount
from .suggest import closest

STRING, STRINGS, BOOL = "string", "strings", "bool"

# Flags each instruction registers in the newest frontend (labs ones included:
# whether a channel/version has them is the compatibility rules' business).
FLAGS: dict[str, dict[str, str]] = {
    "ADD": {"chown": STRING, "chmod": STRING, "link": BOOL, "keep-git-dir": BOOL, "checksum": STRING, "unpack": BOOL, "exclude": STRINGS},
    "COPY": {"from": STRING, "chown": STRING, "chmod": STRING, "link": BOOL, "parents": BOOL, "exclude": STRINGS},
    "FROM": {"platform": STRING},
    "RUN": {"mount": STRINGS, "network": STRING, "security": STRING, "device": STRINGS},
    "HEALTHCHECK": {"interval": STRING, "timeout": STRING, "start-period": STRING, "start-interval": STRING, "retries": STRING},
}  # fmt: skip
INSTRUCTIONS = (
    "ADD", "ARG", "CMD", "COPY", "ENTRYPOINT", "ENV", "EXPOSE", "FROM", "HEALTHCHECK", "LABEL",
    "MAINTAINER", "ONBUILD", "RUN", "SHELL", "STOPSIGNAL", "USER", "VOLUME", "WORKDIR",
)  # fmt: skip
_STAGE_NAME = re.compile(r"^[a-z][a-z0-9\-_.]*$")
_DURATION = re.compile(r"^[-+]?((\d+(\.\d*)?|\.\d+)(ns|us|µs|μs|ms|s|m|h))+$|^[-+]?0$")
_NETWORK_MODES = ("default", "none", "host")
_SECURITY_MODES = ("sandbox", "insecure")


def _exactly_one(ins: Instruction) -> str | None:
    if len(ins.args) != 1:
        return f"{ins.keyword} requires exactly one argument"
    return None


def _at_least_one(ins: Instruction) -> str | None:
    if not ins.args:
        return f"{ins.keyword} requires at least one argument"
    return None


def _at_least_two(ins: Instruction) -> str | None:
    if len(ins.args) < 2:
        return (
            f"{ins.keyword} requires at least two arguments, but only one was provided. Destination could not be determined."
        )
    return None


def _from(ins: Instruction) -> str | None:
    args = ins.args
    if len(args) == 3 and args[1].lower() == "as":
        return None
    if len(args) != 1:
        return "FROM requires either one or three arguments"
    return None


_ARG_COUNTS = {
    "ADD": _at_least_two,
    "COPY": _at_least_two,
    "ARG": _at_least_one,
    "ENV": _at_least_one,
    "LABEL": _at_least_one,
    "EXPOSE": _at_least_one,
    "VOLUME": _at_least_one,
    "ONBUILD": _at_least_one,
    "HEALTHCHECK": _at_least_one,
    "SHELL": _at_least_one,
    "MAINTAINER": _exactly_one,
    "WORKDIR": _exactly_one,
    "USER": _exactly_one,
    "STOPSIGNAL": _exactly_one,
    "FROM": _from,
}


class _Checker:
    def __init__(self, doc: Document) -> None:
        self.doc = doc
        self.out: list[Diagnostic] = []

    def report(self, rule: str, message: str, span: Span | None, ins: Instruction) -> None:
        self.out.append(Diagnostic(rule, message, span or ins.keyword_span or ins.span))

    def check(self, ins: Instruction) -> None:
        kw = ins.keyword
        if kw not in INSTRUCTIONS:
            hint = closest(ins.raw_keyword, INSTRUCTIONS)
            message = f"unknown instruction: {ins.raw_keyword.upper()}" + (f" (did you mean {hint.lower()}?)" if hint else "")
            self.report("unknown-instruction", message, ins.keyword_span, ins)
            return
        self._flags(ins)
        counter = _ARG_COUNTS.get(kw)
        problem = counter(ins) if counter else None
        if problem:
            self.report("wrong-argument-count", problem, ins.rest_span if ins.rest else ins.keyword_span, ins)
        handler = getattr(self, "_" + kw.lower(), None)
        if handler is not None and not problem:
            handler(ins)

    # -- flags -----------------------------------------------------------------
    def _flags(self, ins: Instruction) -> None:
        known = FLAGS.get(ins.keyword, {})
        seen: set[str] = set()
        for flag in ins.flags:
            if not flag.raw.startswith("--"):
                self.report("invalid-flag", f"arg should start with -- : {flag.raw}", flag.span, ins)
                continue
            kind = known.get(flag.name)
            if kind is None:
                hint = closest(flag.name, known)
                message = f"unknown flag: --{flag.name}" + (f" (did you mean --{hint}?)" if hint else "")
                self.report("unknown-flag", message, flag.span, ins)
                continue
            if flag.name in seen and kind != STRINGS:
                self.report("invalid-flag", f"duplicate flag specified: --{flag.name}", flag.span, ins)
            seen.add(flag.name)
            if kind == BOOL:
                if flag.value == "":
                    self.report("invalid-flag", f"missing a value on flag: --{flag.name}", flag.span, ins)
                elif flag.value is not None and flag.value.lower() not in ("true", "false"):
                    self.report(
                        "invalid-flag",
                        f"expecting boolean value for flag --{flag.name}, not: {flag.value}",
                        flag.span,
                        ins,
                    )
            elif flag.value is None:
                self.report("invalid-flag", f"missing a value on flag: --{flag.name}", flag.span, ins)

    # -- per instruction -------------------------------------------------------
    def _from(self, ins: Instruction) -> None:
        if len(ins.args) == 3:
            name = ins.args[2]
            if not _STAGE_NAME.match(name.lower()):
                self.report(
                    "invalid-stage-name",
                    f'invalid name for build stage: "{name}", name can\'t start with a number or contain symbols',
                    ins.arg_spans[2],
                    ins,
                )

    def _run(self, ins: Instruction) -> None:
        for flag in ins.flags:
            if flag.value is None or "$" in flag.value:
                continue
            if flag.name == "mount":
                try:
                    parse_mount(flag.value)
                except MountError as e:
                    self.report("invalid-mount", str(e), flag.span, ins)
            elif flag.name == "network" and flag.value not in _NETWORK_MODES:
                self.report("invalid-flag", f'unsupported network mode "{flag.value}"', flag.span, ins)
            elif flag.name == "security" and flag.value not in _SECURITY_MODES:
                self.report("invalid-flag", f'unsupported security mode "{flag.value}"', flag.span, ins)

    def _copy(self, ins: Instruction) -> None:
        if ins.json_form or "<<" not in ins.args[-1]:
            return
        from .heredoc import HeredocError, parse_opener

        try:
            is_heredoc = parse_opener(ins.args[-1]) is not None
        except HeredocError:
            is_heredoc = False
        if is_heredoc:
            self.report("heredoc-destination", f"{ins.keyword} cannot accept a heredoc as a destination", ins.arg_spans[-1], ins)

    _add = _copy

    def _env(self, ins: Instruction) -> None:
        for key, span in zip(ins.args[::2], ins.arg_spans[::2]):
            if key == "":
                self.report("blank-name", f"{ins.keyword} names can not be blank", span, ins)

    def _arg(self, ins: Instruction) -> None:
        for word, span in zip(ins.args, ins.arg_spans):
            if word.partition("=")[0] == "":
                self.report("blank-name", "ARG names can not be blank", span, ins)

    def _shell(self, ins: Instruction) -> None:
        if not ins.json_form:
            self.report("shell-not-json", "SHELL requires the arguments to be in JSON form", ins.rest_span, ins)

    def _onbuild(self, ins: Instruction) -> None:
        child = ins.child
        if child is None:
            return
        trigger = child.keyword
        if trigger == "ONBUILD":
            self.report("invalid-onbuild-trigger", "Chaining ONBUILD via `ONBUILD ONBUILD` isn't allowed", child.keyword_span, ins)
        elif trigger in ("MAINTAINER", "FROM"):
            self.report("invalid-onbuild-trigger", f"{trigger} isn't allowed as an ONBUILD trigger", child.keyword_span, ins)
        else:
            self.check(child)

    def _healthcheck(self, ins: Instruction) -> None:
        kind = ins.args[0].upper()
        if kind == "NONE":
            if len(ins.args) != 1:
                self.report("invalid-healthcheck", "HEALTHCHECK NONE takes no arguments", ins.rest_span, ins)
            return
        if kind != "CMD":
            self.report("invalid-healthcheck", f'Unknown type "{ins.args[0]}" in HEALTHCHECK (try CMD)', ins.arg_spans[0], ins)
            return
        if len(ins.args) < 2:
            self.report("invalid-healthcheck", "Missing command after HEALTHCHECK CMD", ins.arg_spans[0], ins)
        for flag in ins.flags:
            if flag.value is None or "$" in flag.value:
                continue
            if flag.name == "retries":
                if not re.fullmatch(r"[-+]?\d+", flag.value):
                    self.report("invalid-healthcheck", f'strconv.ParseInt: parsing "{flag.value}": invalid syntax', flag.span, ins)
                elif int(flag.value) < 0:
                    self.report("invalid-healthcheck", "--retries cannot be negative", flag.span, ins)
            elif flag.name in FLAGS["HEALTHCHECK"] and not _DURATION.match(flag.value):
                self.report("invalid-healthcheck", f'time: invalid duration "{flag.value}"', flag.span, ins)


def check_instructions(doc: Document) -> list[Diagnostic]:
    """Diagnostics for everything BuildKit's instruction parser would refuse."""
    checker = _Checker(doc)
    for ins in doc.instructions:
        checker.check(ins)
    return checker.out
