"""Suppression comments: BuildKit's `check=` configuration, dflint's and hadolint's pragmas.

- BuildKit's `# check=skip=…;error=…;experimental=…` directive, parsed exactly as
  `linter.ParseLintOptions` does, and (frontend 1.21+) the same `# check=…` comment
  in the comment block right above an instruction, merged into the file's
  configuration for that instruction only. These act only on findings of rules that
  mirror a BuildKit check, with BuildKit's case-sensitive rule names: `skip` never
  silences an experimental rule, and `error=true` turns the remaining BuildKit-check
  findings into errors (as the build would fail on them).
- `# dflint ignore=ID[,ID] [reason]` / `# hadolint ignore=DL3008` in the comment block
  right above an instruction, and their `global ignore=` forms anywhere in the file.
  IDs are rule ids, names or aliases (DL codes resolve through `hadolint` aliases).

Unknown ids and invalid `check=` options are reported by the meta rules (DF901,
DF902), which read the same comments through `comment_lines`, `parse_pragma` and
`instruction_check_comments`: the engine applies suppressions after the checks
ran, so reporting cannot happen here.
"""

from __future__ import annotations

import bisect
import re

from ..records import FrozenRecord, Record, replace
from ..syntax.ast import Document, Instruction, Span
from .catalog import Catalog
from .findings import Finding

PRAGMA = re.compile(
    r"^\s*#\s*(dflint|hadolint)\s+(global\s+)?ignore\s*=\s*([A-Za-z0-9_.-]+(?:\s*,\s*[A-Za-z0-9_.-]+)*)",
    re.IGNORECASE,
)
# BuildKit's directive regex, applied to a comment above an instruction; only the
# first word of the value counts (`# check=skip=X // reason`).
CHECK_COMMENT = re.compile(r"^#[\t\n\f\r ]*check[\t\n\f\r ]*=[\t\n\f\r ]*(\S+)", re.IGNORECASE)
SHELLCHECK_CODE = re.compile(r"^SC\d{4}$", re.IGNORECASE)
# hadolint 2.15.1's rules (DL1000 = its parse error), plus DL3005/DL3031/DL3039, which
# older hadolint releases had: ignore comments for them are still common.
HADOLINT_CODES = frozenset(
    "DL1000 DL1001 DL3000 DL3001 DL3002 DL3003 DL3004 DL3005 DL3006 DL3007 DL3008 DL3009 "
    "DL3010 DL3011 DL3012 DL3013 DL3014 DL3015 DL3016 DL3018 DL3019 DL3020 DL3021 DL3022 "
    "DL3023 DL3024 DL3025 DL3026 DL3027 DL3028 DL3029 DL3030 DL3031 DL3032 DL3033 DL3034 "
    "DL3035 DL3036 DL3037 DL3038 DL3039 DL3040 DL3041 DL3042 DL3043 DL3044 DL3045 DL3046 "
    "DL3047 DL3048 DL3049 DL3050 DL3051 DL3052 DL3053 DL3054 DL3055 DL3056 DL3057 DL3058 "
    "DL3059 DL3060 DL3061 DL3062 DL3063 DL3064 DL3065 DL3066 DL3067 DL4000 DL4001 DL4003 "
    "DL4004 DL4005 DL4006".split()
)
_GO_TRUE = ("1", "t", "T", "TRUE", "true", "True")
_GO_FALSE = ("0", "f", "F", "FALSE", "false", "False")


class CheckOptionError(ValueError):
    """A `check=` value BuildKit refuses (the build then fails)."""


class CheckConfig(Record):
    """BuildKit's linter.Config."""

    skip: frozenset[str]
    skip_all: bool
    experimental: frozenset[str]
    experimental_all: bool
    error: bool | None  # None: not said

    __slots__ = ("skip", "skip_all", "experimental", "experimental_all", "error")

    def __init__(
        self,
        skip: frozenset[str] = frozenset(),
        skip_all: bool = False,
        experimental: frozenset[str] = frozenset(),
        experimental_all: bool = False,
        error: bool | None = None,
    ) -> None:
        self.skip = skip
        self.skip_all = skip_all
        self.experimental = experimental
        self.experimental_all = experimental_all
        self.error = error

    def merged(self, other: CheckConfig) -> CheckConfig:
        """This configuration with an instruction's own `# check=` comment on top."""
        return CheckConfig(
            skip=self.skip | other.skip,
            skip_all=self.skip_all or other.skip_all,
            experimental=self.experimental | other.experimental,
            experimental_all=self.experimental_all or other.experimental_all,
            error=other.error if other.error is not None else self.error,
        )

    def runs(self, rule_name: str, experimental: bool) -> bool:
        """linter.Run: experimental rules need opting in, the others can be skipped."""
        if experimental:
            return self.experimental_all or rule_name in self.experimental
        return not (self.skip_all or rule_name in self.skip)


def _rule_list(value: str) -> tuple[bool, frozenset[str]]:
    value = value.strip()
    if value == "all":
        return True, frozenset()
    return False, frozenset(name.strip() for name in value.split(","))


def parse_check_options(value: str) -> CheckConfig:
    """linter.ParseLintOptions: up to three `;`-separated `key=value` parts."""
    value = value.strip()
    config = CheckConfig()
    if not value:
        return config
    for part in value.split(";", 2):
        key, eq, val = part.partition("=")
        if not eq:
            raise CheckOptionError(f'invalid check option "{part}"')
        key = key.strip()
        if key == "skip":
            config.skip_all, config.skip = _rule_list(val)
        elif key == "experimental":
            config.experimental_all, config.experimental = _rule_list(val)
        elif key == "error":
            flag = val.strip()
            if flag not in _GO_TRUE + _GO_FALSE:
                raise CheckOptionError(f'failed to parse check option "{part}": invalid syntax')
            config.error = flag in _GO_TRUE
        else:
            raise CheckOptionError(f'invalid check option "{key}"')
    return config


def file_check_config(doc: Document) -> CheckConfig:
    """The `# check=` directive's configuration (empty when absent or invalid)."""
    directive = doc.directives.get("check")
    if directive is None:
        return CheckConfig()
    try:
        return parse_check_options(directive.value)
    except CheckOptionError:
        return CheckConfig()


class CheckComment(FrozenRecord):
    """A `# check=` comment above an instruction: its value and where the value is."""

    value: str
    line: int
    column: int

    __slots__ = ("value", "line", "column")

    def __init__(self, value: str, line: int, column: int) -> None:
        object.__setattr__(self, "value", value)
        object.__setattr__(self, "line", line)
        object.__setattr__(self, "column", column)


def instruction_check_comments(doc: Document, ins: Instruction, previous_end: int = 0) -> list[CheckComment]:
    """The `# check=` comments in the comment block right above `ins` (BuildKit's
    PrevComment: blank lines do not end it, a bare `#` does), directives excluded."""
    found = []
    number = ins.span.line - 1
    while number > previous_end:
        text = doc.lines[number - 1].strip()
        if text:
            if not text.startswith("#") or text == "#":
                break
            m = CHECK_COMMENT.match(text)
            if m and all(d.span.line != number for d in doc.directives.values()):
                indent = len(doc.lines[number - 1]) - len(doc.lines[number - 1].lstrip())
                found.append(CheckComment(m.group(1), number, indent + m.start(1) + 1))
        number -= 1
    found.reverse()
    return found


def instruction_check_configs(doc: Document) -> dict[int, CheckConfig]:
    """Instruction index -> the merged configuration of its valid `# check=` comments."""
    configs: dict[int, CheckConfig] = {}
    previous_end = 0
    for ins in doc.instructions:
        for comment in instruction_check_comments(doc, ins, previous_end):
            try:
                parsed = parse_check_options(comment.value)
            except CheckOptionError:
                continue
            configs[ins.index] = configs.get(ins.index, CheckConfig()).merged(parsed)
        previous_end = ins.span.end_line
    return configs


class Pragma(Record):
    """One `# dflint|hadolint [global] ignore=…` comment."""

    tool: str  # "dflint" | "hadolint"
    is_global: bool
    keys: list[tuple[str, int, int]]  # (key, start column, end column), columns 1-based
    line: int

    __slots__ = ("tool", "is_global", "keys", "line")

    def __init__(self, tool: str, is_global: bool, keys: list[tuple[str, int, int]], line: int) -> None:
        self.tool = tool
        self.is_global = is_global
        self.keys = keys
        self.line = line


def parse_pragma(text: str, line: int) -> Pragma | None:
    m = PRAGMA.match(text)
    if m is None:
        return None
    keys = []
    start = m.start(3)
    for piece in re.finditer(r"[^,\s]+", m.group(3)):
        keys.append((piece.group(), start + piece.start() + 1, start + piece.end() + 1))
    return Pragma(m.group(1).lower(), bool(m.group(2)), keys, line)


def resolve_key(cat: Catalog, key: str) -> set[str] | None:
    """What a pragma key silences: rule ids, or a ShellCheck code itself (`SC2086`,
    matched against the code of ShellCheck findings); empty for a hadolint code dflint
    has no rule for; None when the key names nothing at all."""
    rules = cat.resolve(key)
    if rules:
        return {r.id for r in rules}
    if SHELLCHECK_CODE.match(key):
        return {key.upper()}
    if key.upper() in HADOLINT_CODES:
        return set()
    return None


def _silenced(f: Finding, ids: set[str]) -> bool:
    return f.rule in ids or f.data.get("shellcheck") in ids


def comment_lines(doc: Document) -> list[tuple[int, str]]:
    """(line number, text) of comment lines outside every instruction (heredoc bodies and
    continuation lines are not comments)."""
    spans = [(i.span.line, i.span.end_line) for i in doc.instructions]
    starts = [s for s, _ in spans]
    out = []
    for number, text in enumerate(doc.lines, 1):
        if "#" not in text or not text.lstrip().startswith("#"):
            continue
        k = bisect.bisect_right(starts, number) - 1
        if k >= 0 and spans[k][1] >= number:
            continue
        out.append((number, text))
    return out


class _Suppressions(Record):
    global_ids: set[str]
    local_ids: dict[int, set[str]]  # instruction index -> ids
    local_check: dict[int, CheckConfig]

    __slots__ = ("global_ids", "local_ids", "local_check")

    def __init__(
        self,
        global_ids: set[str] | None = None,
        local_ids: dict[int, set[str]] | None = None,
        local_check: dict[int, CheckConfig] | None = None,
    ) -> None:
        self.global_ids = set() if global_ids is None else global_ids
        self.local_ids = {} if local_ids is None else local_ids
        self.local_check = {} if local_check is None else local_check


def _ids(cat: Catalog, pragma: Pragma) -> set[str]:
    out: set[str] = set()
    for key, _, _ in pragma.keys:
        out |= resolve_key(cat, key) or set()
    return out


def _collect(doc: Document, cat: Catalog) -> _Suppressions:
    found = _Suppressions()
    for number, text in comment_lines(doc):
        if "ignore" in text.lower():
            pragma = parse_pragma(text, number)
            if pragma and pragma.is_global:
                found.global_ids |= _ids(cat, pragma)
    for ins in doc.instructions:
        ids: set[str] = set()
        for comment in ins.comments:
            pragma = parse_pragma("#" + comment, 0)
            if pragma and not pragma.is_global:
                ids |= _ids(cat, pragma)
        if ids:
            found.local_ids[ins.index] = ids
    found.local_check = instruction_check_configs(doc)
    return found


def _instruction_at(doc: Document, starts: list[int], span: Span) -> Instruction | None:
    k = bisect.bisect_right(starts, span.line) - 1
    if k < 0:
        return None
    ins = doc.instructions[k]
    return ins if ins.span.end_line >= span.line else None


def apply_suppressions(doc: Document, findings: list[Finding], cat: Catalog) -> list[Finding]:
    """The findings that survive the file's suppressions; BuildKit-check findings become
    errors where `error=true` applies (copies, the input is not changed)."""
    if not findings:
        return findings
    found = _collect(doc, cat)
    file_config = file_check_config(doc)
    starts = [i.span.line for i in doc.instructions]
    kept = []
    for f in findings:
        if _silenced(f, found.global_ids):
            continue
        ins = _instruction_at(doc, starts, f.span)
        config = file_config
        if ins is not None:
            if _silenced(f, found.local_ids.get(ins.index, set())):
                continue
            if ins.index in found.local_check:
                config = file_config.merged(found.local_check[ins.index])
        if f.buildkit_check:
            meta = cat.by_id.get(f.rule)
            experimental = meta is not None and not meta.enabled
            if not experimental and not config.runs(f.buildkit_check, False):
                continue
            if config.error:
                f = replace(f, severity="error")
        kept.append(f)
    return kept


def experimental_opt_ins(doc: Document, cat: Catalog) -> set[str]:
    """Ids of off-by-default BuildKit-check rules that the file's `check=experimental=`
    turns on, as BuildKit would run them (for the engine's rule selection)."""
    config = file_check_config(doc)
    for local in instruction_check_configs(doc).values():
        config = config.merged(local)
    return {
        r.id
        for r in cat
        if r.buildkit_check and not r.enabled and config.runs(r.buildkit_check, True)
    }
