"""Map the step numbers that builders print back to Dockerfile lines.

The legacy builder prints `Step N/M` over the whole file; Buildah prints
`[S/T] STEP N/M` and BuildKit `[stage-K N/M]` / `[name N/M]` per stage, where
step 1 is the FROM. Builders without heredoc support (legacy, Buildah 1.28)
count each heredoc body line as an instruction of its own, so the instruction
list must be the one *that builder* sees: `InstructionLines.without_heredocs`
builds it the way those parsers do.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass

_ESCAPE_DIRECTIVE = re.compile(r"^#\s*escape\s*=\s*(\S)\s*$", re.IGNORECASE)
_DIRECTIVE = re.compile(r"^#\s*[a-zA-Z][a-zA-Z0-9]*\s*=")


@dataclass(frozen=True, slots=True)
class InstructionLines:
    """Start line of each instruction, and of each stage (FROM) with its name."""

    starts: tuple[int, ...]
    stage_starts: tuple[int, ...] = ()
    stage_names: tuple[str | None, ...] = ()

    @classmethod
    def without_heredocs(cls, text: str) -> InstructionLines:
        """Instructions as a heredoc-unaware parser sees them (legacy builder, Buildah 1.28)."""
        escape = "\\"
        starts: list[int] = []
        stage_starts: list[int] = []
        stage_names: list[str | None] = []
        in_directives = True
        continuing = False
        for number, line in enumerate(text.splitlines(), start=1):
            stripped = line.strip()
            if in_directives:
                match = _ESCAPE_DIRECTIVE.match(stripped)
                if match:
                    escape = match.group(1)
                    continue
                if _DIRECTIVE.match(stripped):
                    continue
                in_directives = False
            if not stripped or stripped.startswith("#"):
                continue
            if not continuing:
                starts.append(number)
                words = stripped.split()
                if words[0].upper() == "FROM":
                    stage_starts.append(number)
                    has_alias = len(words) >= 4 and words[-2].upper() == "AS"
                    stage_names.append(words[-1] if has_alias else None)
            continuing = line.rstrip().endswith(escape)
        return cls(tuple(starts), tuple(stage_starts), tuple(stage_names))

    def of_step(self, step: int) -> int | None:
        """Line of the Nth instruction of the file (1-based), as in legacy `Step N/M`."""
        if 1 <= step <= len(self.starts):
            return self.starts[step - 1]
        return None

    def of_stage_step(self, stage: int, step: int) -> int | None:
        """Line of step N (1 = the FROM) of stage S (1-based), as Buildah and BuildKit count."""
        if not 1 <= stage <= len(self.stage_starts):
            return None
        first = bisect_left(self.starts, self.stage_starts[stage - 1])
        end = len(self.starts)
        if stage < len(self.stage_starts):
            end = bisect_left(self.starts, self.stage_starts[stage])
        index = first + step - 1
        if step >= 1 and index < end:
            return self.starts[index]
        return None

    def stage_number(self, label: str) -> int | None:
        """1-based stage for a BuildKit label: `stage-K` (0-based K) or a stage name."""
        match = re.fullmatch(r"stage-(\d+)", label)
        if match:
            return int(match.group(1)) + 1
        lowered = [name.lower() if name else None for name in self.stage_names]
        if label.lower() in lowered:
            return lowered.index(label.lower()) + 1
        return None
