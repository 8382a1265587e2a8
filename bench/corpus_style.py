"""How one generated Dockerfile is written: keyword case, indentation, escape token, slips.

Every choice goes through one seeded `random.Random`, so a file is a pure function
of its seed. The continuation writer is where the parser edge cases people really
produce come from: comments and empty lines inside continuations, blanks after
the escape character.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field

from . import corpus_data as data

Block = list[str]


@dataclass
class Style:
    """The per-file writing habits; `messy` is the chance a step picks a common mistake."""

    rng: random.Random
    lower: bool = False
    indent: str = "    "
    escape: str = "\\"
    messy: float = 0.1
    sprinkle: float = 0.02
    lowered_once: bool = field(default=False)

    def chance(self, p: float) -> bool:
        return self.rng.random() < p

    def pick(self, seq):
        return self.rng.choice(seq)

    def sample(self, seq, low: int, high: int) -> list:
        return self.rng.sample(list(seq), self.rng.randint(low, min(high, len(seq))))

    def mistake(self) -> bool:
        return self.chance(self.messy)

    def kw(self, keyword: str) -> str:
        """The keyword as this author types it (some files are all lower case; a few slip once)."""
        if self.lower:
            return keyword.lower()
        if not self.lowered_once and self.chance(self.messy / 20):
            self.lowered_once = True
            return keyword.lower()
        return keyword

    def line(self, keyword: str, rest: str) -> str:
        return f"{self.kw(keyword)} {rest}"

    def cont(self, head: str, parts: list[str], indent: str | None = None) -> Block:
        """A logical line spread over physical lines with the escape token at each end."""
        if not parts:
            return [head]
        pad = self.indent if indent is None else indent
        lines = [head]
        for part in parts:
            lines.append(pad + part)
        out: Block = []
        for i, text in enumerate(lines):
            last = i == len(lines) - 1
            if last:
                out.append(text)
                break
            out.append(text + " " + self.escape + self._after_escape())
            if self.chance(self.sprinkle):
                out.append(pad + "# " + self.pick(data.COMMENTS))
            elif self.chance(self.sprinkle / 3):
                out.append(self.pick(["", "    ", "\t"]))
        return out

    def _after_escape(self) -> str:
        return self.pick([" ", "\t", "  "]) if self.chance(self.sprinkle / 2) else ""

    def instr_cont(self, keyword: str, first: str, parts: list[str], indent: str | None = None) -> Block:
        return self.cont(self.line(keyword, first).rstrip(), parts, indent)
