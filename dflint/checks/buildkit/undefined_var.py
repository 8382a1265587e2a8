"""UndefinedVar: a variable used where BuildKit expands it, but not defined there.

BuildKit expands the words of ENV, LABEL, ARG, COPY, ADD, USER, WORKDIR, VOLUME
and STOPSIGNAL itself (not RUN/CMD/ENTRYPOINT text, which the shell expands) and
reports each name its lexer could not find, unless it was declared by an ARG
without a value. Unknown here: the base image's ENV. So:

- PATH always counts as defined (BuildKit sets a default PATH);
- the automatic platform ARGs (TARGETARCH & co.) are left to the platform rules;
- in a stage built on an external image, a name is reported only when the
  Dockerfile itself defines it elsewhere (a global ARG not redeclared in the stage,
  an ARG/ENV of another stage or further down) or it is a near miss of a defined
  name; any other name may be the image's own ENV (JAVA_HOME, GOPATH, …). On
  `scratch` (or a stage chain rooted in scratch) every undefined name is reported.
"""

from __future__ import annotations

from ...engine.findings import Issue
from ...engine.registry import check
from ...model.types import EXTRA_AUTOMATIC_ARGS, PLATFORM_ARGS
from ...syntax.shell_words import Lexer, ShellWordError
from ...syntax.suggest import closest
from .stage_env import expansion_env
from .where import on_first_line

# Build args BuildKit consumes itself (convert.go nonEnvArgs).
NON_ENV_ARGS = frozenset({"BUILDKIT_SBOM_SCAN_CONTEXT", "BUILDKIT_SBOM_SCAN_STAGE"})
LEFT_TO_PLATFORM_RULES = frozenset(PLATFORM_ARGS + EXTRA_AUTOMATIC_ARGS)


def expanded_words(ins):
    """(word, span) of the words BuildKit's `Expand` processes for this instruction."""
    kw = ins.keyword
    spans = list(ins.arg_spans) + [None] * (len(ins.args) - len(ins.arg_spans))
    if kw in ("ENV", "LABEL"):
        yield from zip(ins.args, spans)
    elif kw == "ARG":
        for word, span in zip(ins.args, spans):
            name, eq, value = word.partition("=")
            yield name, span
            if eq:
                yield value, span
    elif kw in ("COPY", "ADD"):
        for name in ("chown", "chmod"):
            flag = ins.flag(name)
            if flag is not None and flag.value:
                yield flag.value, flag.span
        for word, span in zip(ins.args, spans):
            if not word.startswith("<<"):
                yield word, span
    elif kw in ("USER", "WORKDIR", "VOLUME", "STOPSIGNAL"):
        yield from zip(ins.args, spans)


def _declared_anywhere(ctx) -> frozenset[str]:
    def collect():
        names = set()
        for ins in ctx.doc.instructions:
            if ins.keyword == "ARG":
                names.update(word.partition("=")[0] for word in ins.args)
            elif ins.keyword == "ENV":
                names.update(ins.args[::2])
        return frozenset(names)

    return ctx.memo("buildkit.declared_vars", collect)


@check("DF111")
def undefined_var(ctx):
    lexer = Lexer(ctx.doc.escape)
    declared = _declared_anywhere(ctx)
    for stage in ctx.model.stages:
        root = stage.root()
        image_env_unknown = not root.is_scratch
        for ins in stage.instructions:
            if "$" not in ins.original and not ins.json_form:  # its words come from that text
                continue
            words = [(w, s) for w, s in expanded_words(ins) if "$" in w]
            if not words:
                continue
            env = expansion_env(ctx, ins).values
            reported: set[str] = set()
            for word, span in words:
                try:
                    result = lexer.process_word_with_matches(word, env)
                except ShellWordError:
                    continue
                for name in sorted(result.unmatched):
                    if name in reported or name in NON_ENV_ARGS or name in LEFT_TO_PLATFORM_RULES:
                        continue
                    suggestion = closest(name, sorted(env), case_sensitive=True)
                    if image_env_unknown and name not in declared and suggestion is None:
                        continue
                    reported.add(name)
                    message = f"Usage of undefined variable '${name}'"
                    if suggestion:
                        message += f" (did you mean ${suggestion}?)"
                    yield Issue(on_first_line(ins, span), message)
