"""Casing checks: stage names, `FROM … AS`, and instruction keywords against the file's majority.

BuildKit matches stage names and keywords case-insensitively, so mixed casing never
breaks a build; these checks keep files readable and are all fixable safely.
"""

from __future__ import annotations

from ...engine.findings import Edit, Fix, Issue
from ...engine.registry import check


def _is_self_consistent(word: str) -> bool:
    return word == word.lower() or word == word.upper()


@check("DF101")
def stage_name_casing(ctx):
    """StageNameCasing (instructions/parse.go `isLowerCaseStageName`)."""
    for ins in ctx.doc.instructions:
        if ins.keyword != "FROM" or len(ins.args) != 3:
            continue
        name = ins.args[2]
        if name == name.lower():
            continue
        span = ins.arg_spans[2] if len(ins.arg_spans) == 3 else None
        fix = None
        if span is not None:
            fix = Fix(f"rename the stage to '{name.lower()}'", (Edit(span, name.lower()),))
        yield Issue(span or ins.keyword_span, f"Stage name '{name}' should be lowercase", fix=fix)


@check("DF102")
def from_as_casing(ctx):
    """FromAsCasing (`doesFromCaseMatchAsCase`): only judged when FROM itself is all-lower or all-upper."""
    for ins in ctx.doc.instructions:
        if ins.keyword != "FROM" or len(ins.args) < 3:
            continue
        keyword, as_word = ins.raw_keyword, ins.args[1]
        if keyword == keyword.lower():
            wanted = as_word.lower()
        elif keyword == keyword.upper():
            wanted = as_word.upper()
        else:
            continue
        if as_word == wanted:
            continue
        span = ins.arg_spans[1] if len(ins.arg_spans) > 1 else None
        fix = Fix(f"write '{wanted}'", (Edit(span, wanted),)) if span is not None else None
        yield Issue(span or ins.keyword_span, f"'{keyword}' and '{as_word}' keywords' casing do not match", fix=fix)


@check("DF104")
def consistent_instruction_casing(ctx):
    """ConsistentInstructionCasing (convert.go `validateCommandCasing`).

    Counts the keywords of stage instructions (FROM included, global ARGs not) that are
    all-lower or all-upper; a tie means upper case. Then every keyword not in the
    majority's casing is reported, mixed-case ones included.
    """
    model = ctx.model
    keywords = [ins for stage in model.stages for ins in (stage.from_instruction, *stage.instructions)]
    lower = upper = 0
    for ins in keywords:
        word = ins.raw_keyword
        if _is_self_consistent(word):
            if word == word.lower():
                lower += 1
            else:
                upper += 1
    majority_lower = lower > upper
    for ins in keywords:
        word = ins.raw_keyword
        wanted = word.lower() if majority_lower else word.upper()
        if word == wanted:
            continue
        casing = "lowercase" if majority_lower else "uppercase"
        yield Issue(
            ins.keyword_span,
            f"Command '{word}' should match the case of the command majority ({casing})",
            fix=Fix(f"write '{wanted}'", (Edit(ins.keyword_span, wanted),)),
        )
