"""Run the registered checks over one Dockerfile and turn their issues into findings."""

from __future__ import annotations


from ..records import Record
from ..syntax.ast import Document
from .catalog import Catalog, RuleMeta, catalog
from .context import LintContext, LintOptions
from .findings import Finding, Issue
from .registry import Check, all_checks


class Selection(Record):
    """Which rules run and at which severity (from CLI flags and configuration)."""

    select: frozenset[str] | None  # rule ids; None = every rule enabled by default
    ignore: frozenset[str]
    severity: dict[str, str]  # rule id -> severity override

    __slots__ = ("select", "ignore", "severity")

    def __init__(
        self,
        select: frozenset[str] | None = None,
        ignore: frozenset[str] = frozenset(),
        severity: dict[str, str] | None = None,
    ) -> None:
        self.select = select
        self.ignore = ignore
        self.severity = {} if severity is None else severity

    def enabled(self, meta: RuleMeta) -> bool:
        if meta.id in self.ignore:
            return False
        if self.select is not None:
            return meta.id in self.select
        return meta.enabled

    @classmethod
    def from_keys(cls, select=None, ignore=(), severity=None, cat: Catalog | None = None) -> "Selection":
        """Build from user-facing keys (ids, names, BuildKit names or hadolint codes)."""
        cat = cat or catalog()

        def ids(keys):
            out = set()
            for key in keys:
                rules = cat.resolve(key) or [r for r in cat if r.id.startswith(key.upper()) or r.family == key]
                if not rules:
                    raise KeyError(key)
                out.update(r.id for r in rules)
            return frozenset(out)

        overrides = {}
        for key, level in (severity or {}).items():
            for rule_id in ids([key]):
                overrides[rule_id] = level
        return cls(select=ids(select) if select else None, ignore=ids(ignore), severity=overrides)


def lint_document(
    doc: Document,
    *,
    path: str | None = None,
    options: LintOptions | None = None,
    selection: Selection | None = None,
    context: LintContext | None = None,
) -> list[Finding]:
    """All findings for a parsed document, sorted by position.

    `context` lets a caller hand in a LintContext it prepared (e.g. with work done
    for several files at once, such as one ShellCheck run for all of them)."""
    from .suppress import apply_suppressions, experimental_opt_ins

    cat = catalog()
    selection = selection or Selection()
    ctx = context or LintContext(doc, options or LintOptions(), path)
    # `# check=experimental=Rule` switches on BuildKit rules that are off by default.
    opted = experimental_opt_ins(doc, cat) if "check" in doc.text else set()

    decided: dict[str, bool] = {}  # rule id -> enabled, asked for every issue

    def enabled(meta: RuleMeta) -> bool:
        known = decided.get(meta.id)
        if known is None:
            known = decided[meta.id] = selection.enabled(meta) or (
                selection.select is None and meta.id in opted and meta.id not in selection.ignore
            )
        return known

    findings: list[Finding] = []
    for chk, metas in _checks_with_metas(cat):
        for meta in metas:
            if decided.get(meta.id) or enabled(meta):  # the lookup first: ~90 checks a file
                break
        else:
            continue
        for issue in chk.fn(ctx):
            meta = _meta_for(issue, metas, cat)
            if not enabled(meta):
                continue
            findings.append(_finding(issue, meta, selection, path))
    findings = apply_suppressions(doc, findings, cat)
    findings.sort(key=Finding.sort_key)
    return findings


_paired: tuple[Catalog, tuple[Check, ...], list[tuple[Check, list[RuleMeta]]]] | None = None


def _checks_with_metas(cat: Catalog) -> list[tuple[Check, list[RuleMeta]]]:
    """Every check with the pages of its rules, looked up once per catalogue rather
    than once per file."""
    global _paired
    checks = all_checks()
    if _paired is None or _paired[0] is not cat or _paired[1] is not checks:
        _paired = (cat, checks, [(chk, [cat.by_id[r] for r in chk.rules]) for chk in checks])
    return _paired[2]


def _meta_for(issue: Issue, metas: list[RuleMeta], cat: Catalog) -> RuleMeta:
    if issue.rule is None:
        return metas[0]
    for meta in metas:
        if issue.rule in (meta.id, meta.name):
            return meta
    raise LookupError(f"check reported rule {issue.rule!r}, which it did not register")


def _finding(issue: Issue, meta: RuleMeta, selection: Selection, path: str | None) -> Finding:
    return Finding(
        rule=meta.id,
        name=meta.name,
        severity=selection.severity.get(meta.id) or issue.severity or meta.severity,
        message=issue.message,
        span=issue.span,
        file=path or "-",
        fix=issue.fix,
        buildkit_check=meta.buildkit_check,
        hadolint=meta.hadolint[0] if meta.hadolint else None,
        data=issue.data,
    )
