"""Data types of the semantic model."""

from __future__ import annotations


from ..records import Record
from ..syntax.ast import Instruction, Span

PLATFORM_ARGS = (
    "TARGETPLATFORM", "TARGETOS", "TARGETARCH", "TARGETVARIANT",
    "BUILDPLATFORM", "BUILDOS", "BUILDARCH", "BUILDVARIANT",
)  # fmt: skip
# Newer automatic ARGs (frontend 1.11 / 1.13), undocumented in the reference.
EXTRA_AUTOMATIC_ARGS = ("TARGETSTAGE", "BUILDOSVERSION", "TARGETOSVERSION")
# Proxy build args BuildKit passes to RUN without an ARG declaration.
PROXY_ARGS = (
    "HTTP_PROXY", "http_proxy", "HTTPS_PROXY", "https_proxy", "FTP_PROXY", "ftp_proxy",
    "NO_PROXY", "no_proxy", "ALL_PROXY", "all_proxy",
)  # fmt: skip


class VarDef(Record):
    """A variable visible at some instruction and where it came from.

    `kind` is "global-arg" (ARG before the first FROM), "arg" (ARG in the stage),
    "env" (ENV in this stage or a parent stage) or "automatic" (a platform ARG that
    BuildKit fills in). `value` is None when it is only known at build time.
    """

    name: str
    value: str | None
    kind: str
    instruction: Instruction | None

    __slots__ = ("name", "value", "kind", "instruction")

    def __init__(self, name: str, value: str | None, kind: str, instruction: Instruction | None = None) -> None:
        self.name = name
        self.value = value
        self.kind = kind
        self.instruction = instruction


class Stage(Record):
    index: int
    from_instruction: Instruction
    base: str  # the image word as written (may hold variables)
    name: str | None  # lower-cased, as BuildKit stores it
    name_as_written: str | None
    name_span: Span | None
    platform: str | None  # the --platform value as written
    base_stage: Stage | None  # when FROM names an earlier stage
    instructions: list[Instruction]  # after FROM, up to the next FROM

    __slots__ = ("index", "from_instruction", "base", "name", "name_as_written", "name_span", "platform", "base_stage", "instructions")

    def __init__(
        self,
        index: int,
        from_instruction: Instruction,
        base: str,
        name: str | None = None,
        name_as_written: str | None = None,
        name_span: Span | None = None,
        platform: str | None = None,
        base_stage: Stage | None = None,
        instructions: list[Instruction] | None = None,
    ) -> None:
        self.index = index
        self.from_instruction = from_instruction
        self.base = base
        self.name = name
        self.name_as_written = name_as_written
        self.name_span = name_span
        self.platform = platform
        self.base_stage = base_stage
        self.instructions = [] if instructions is None else instructions

    @property
    def label(self) -> str:
        return self.name or str(self.index)

    @property
    def is_scratch(self) -> bool:
        return self.base.lower() == "scratch"

    def root(self) -> Stage:
        """The first stage of the FROM chain (whose base is an image or scratch)."""
        stage = self
        while stage.base_stage is not None:
            stage = stage.base_stage
        return stage


class Reference(Record):
    """A name used as a build source: `FROM x`, `COPY --from=x` or `RUN --mount=from=x`.

    `kind` says what it resolves to: "stage", "index" (COPY --from=0), "scratch",
    "image" (looks like an image reference), "ambiguous" (a bare word that is no
    stage: an official image such as `alpine`, or a named build context), or
    "variable" (holds a variable that could not be resolved).
    """

    via: str  # "from" | "copy-from" | "mount-from"
    name: str
    instruction: Instruction
    span: Span
    stage: Stage | None  # the stage the reference is in (None for global)
    kind: str
    target: Stage | None

    __slots__ = ("via", "name", "instruction", "span", "stage", "kind", "target")

    def __init__(
        self,
        via: str,
        name: str,
        instruction: Instruction,
        span: Span,
        stage: Stage | None,
        kind: str,
        target: Stage | None = None,
    ) -> None:
        self.via = via
        self.name = name
        self.instruction = instruction
        self.span = span
        self.stage = stage
        self.kind = kind
        self.target = target


class Model(Record):
    global_args: list[VarDef]
    stages: list[Stage]
    references: list[Reference]
    scopes: dict[int, dict[str, VarDef]]  # instruction index -> variables visible *at* it
    stage_of: dict[int, Stage]  # instruction index -> its stage (global instructions absent)

    __slots__ = ("global_args", "stages", "references", "scopes", "stage_of")

    def __init__(
        self,
        global_args: list[VarDef],
        stages: list[Stage],
        references: list[Reference],
        scopes: dict[int, dict[str, VarDef]],
        stage_of: dict[int, Stage],
    ) -> None:
        self.global_args = global_args
        self.stages = stages
        self.references = references
        self.scopes = scopes
        self.stage_of = stage_of

    def stage_named(self, name: str) -> Stage | None:
        lowered = name.lower()
        for stage in self.stages:
            if stage.name == lowered:
                return stage
        return None

    def scope(self, instruction: Instruction) -> dict[str, VarDef]:
        return self.scopes.get(instruction.index, {})

    def dependencies(self, stage: Stage) -> set[int]:
        """Indexes of the stages this stage uses directly."""
        return {r.target.index for r in self.references if r.stage is stage and r.target is not None}

    def dependents(self, stage: Stage) -> set[int]:
        return {r.stage.index for r in self.references if r.target is stage and r.stage is not None}
