"""Map a real build's outcome onto dflint's predictions for that builder.

Each prediction (a DF201/DF203/DF205 finding for the builder's target) ends up
`confirmed`, `refuted` or `inconclusive`:

- a predicted failure is confirmed when the build failed at the finding's
  instruction with a message close to the predicted one; refuted when the build
  got past that instruction (or failed there for another reason); inconclusive
  when it failed earlier, or for a reason that says nothing about the file (a
  base image that cannot be pulled, no builder, a timeout);
- a predicted "builds but ignores it" is confirmed or refuted by looking at the
  built image where the effect is visible (the mode after `--chmod`, the file a
  heredoc writes), and inconclusive where it is not;
- a builder dflint has no record of is always inconclusive: the build result is
  reported as what happened.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

CONFIRMED, REFUTED, INCONCLUSIVE = "confirmed", "refuted", "inconclusive"
_QUOTED = re.compile(r"“(.+?)”")
_TOKEN = re.compile(r"[a-z0-9]+")
_STOP = frozenset(("the", "to", "of", "a", "an", "and", "or", "is", "in", "on", "with", "for", "how"))
MATCH_RATIO = 0.8  # share of the shorter message's words the other must contain


@dataclass(frozen=True, slots=True)
class Verdict:
    finding: object  # engine Finding
    status: str  # confirmed | refuted | inconclusive
    reason: str

    def to_dict(self) -> dict:
        f = self.finding
        return {
            "rule": f.rule,
            "line": f.span.line,
            "column": f.span.column,
            "feature": f.data.get("feature"),
            "severity": f.severity,
            "message": f.message,
            "status": self.status,
            "reason": self.reason,
        }


def predicted_message(message: str) -> str:
    """The builder message a finding quotes (“…”), or the text after "fails:"."""
    quoted = _QUOTED.search(message)
    if quoted:
        return quoted.group(1)
    return message.partition(" fails: ")[2] or message


def messages_match(predicted: str, actual: str) -> bool:
    """Loose but real: the shorter message's words are (nearly all) in the other one.

    Case, punctuation, quoting and stop words are ignored, and either side may
    add context (BuildKit prefixes "failed to create LLB definition: "). Every
    number of the shorter one must appear in the other (a different line
    number or exit code is a different message).
    """
    a = {t for t in _TOKEN.findall(predicted.lower()) if t not in _STOP}
    b = {t for t in _TOKEN.findall(actual.lower()) if t not in _STOP}
    if not a or not b:
        return False
    short, long = (a, b) if len(a) <= len(b) else (b, a)
    if any(t.isdigit() and t not in long for t in short):
        return False
    return len(short & long) / len(short) >= MATCH_RATIO


def instruction_lines(doc, line: int) -> tuple[int, int]:
    """First and last line of the instruction at `line` (heredoc bodies included)."""
    for ins in doc.instructions:
        if ins.span.line <= line <= ins.span.end_line:
            return ins.span.line, ins.span.end_line
    return line, line


def map_outcome(findings, doc, failure, image=None) -> list[Verdict]:
    """Verdicts for `findings` given the build's failure (None: it built) and its image.

    When several findings share the failing instruction and one of them is
    confirmed, the others are inconclusive: the builder stopped at the first.
    """
    verdicts = [_verdict(f, doc, failure, image) for f in findings]
    confirmed_at = {instruction_lines(doc, v.finding.span.line) for v in verdicts if v.status == CONFIRMED}
    return [
        Verdict(v.finding, INCONCLUSIVE, f"the builder stopped here first for another predicted reason: {failure.message}")
        if v.status == REFUTED and failure is not None and instruction_lines(doc, v.finding.span.line) in confirmed_at
        else v
        for v in verdicts
    ]


def _parse_time(failure) -> bool:
    """Failures of the builder's parser, which reads the whole file before any step runs."""
    return str(failure.kind) in ("parse-error", "unknown-flag")


def _predicts_parse_error(message: str) -> bool:
    lowered = predicted_message(message).lower()
    return "parse error" in lowered or "unknown flag" in lowered or "unknown instruction" in lowered


def _verdict(finding, doc, failure, image) -> Verdict:
    first, last = instruction_lines(doc, finding.span.line)
    if finding.severity == "error":
        return _predicted_failure(finding, failure, first, last)
    if finding.severity == "warning":
        return _predicted_drop(finding, doc, failure, first, last, image)
    what = "the build succeeded" if failure is None else f"the build failed: {failure.message}"
    return Verdict(finding, INCONCLUSIVE, f"dflint has no record for this builder; {what}")


def _where(failure) -> str:
    return f"at line {failure.line}" if failure.line is not None else "at an unknown line"


def _predicted_failure(finding, failure, first: int, last: int) -> Verdict:
    if failure is None:
        return Verdict(finding, REFUTED, "the build succeeded")
    if failure.inconclusive:
        return Verdict(finding, INCONCLUSIVE, f"the build could not be judged ({failure.kind}): {failure.message}")
    predicted = predicted_message(finding.message)
    matches = messages_match(predicted, failure.message)
    if failure.line is None:
        if matches:
            return Verdict(finding, CONFIRMED, f"the build failed with “{failure.message}”")
        return Verdict(finding, INCONCLUSIVE, f"the build failed at an unknown line: {failure.message}")
    if failure.line < first:
        return Verdict(finding, INCONCLUSIVE, f"the build failed earlier, at line {failure.line}: {failure.message}")
    if failure.line > last and _parse_time(failure) and not _predicts_parse_error(finding.message):
        return Verdict(
            finding, INCONCLUSIVE, f"the builder's parser stopped at line {failure.line} before any step ran: {failure.message}"
        )
    if failure.line > last:
        return Verdict(
            finding, REFUTED, f"the build got past line {first} and failed later, at line {failure.line}: {failure.message}"
        )
    if matches:
        return Verdict(finding, CONFIRMED, f"the build failed at line {failure.line} with “{failure.message}”")
    return Verdict(finding, REFUTED, f"the build failed at line {failure.line}, but with “{failure.message}”")


def _predicted_drop(finding, doc, failure, first: int, last: int, image) -> Verdict:
    if failure is not None:
        if failure.inconclusive or failure.line is None or failure.line < first:
            return Verdict(finding, INCONCLUSIVE, f"the build failed {_where(failure)} before this could show: {failure.message}")
        if failure.line <= last:
            return Verdict(finding, REFUTED, f"predicted to build, but it failed here: {failure.message}")
        return Verdict(finding, INCONCLUSIVE, f"the build failed later, at line {failure.line}: {failure.message}")
    probe = _image_probe(finding, doc)
    if probe is None:
        return Verdict(finding, INCONCLUSIVE, "the build succeeded; the predicted effect is not visible in the image's files")
    if image is None:
        return Verdict(finding, INCONCLUSIVE, "the build succeeded, but the image could not be inspected")
    return probe(finding, image)


def _image_probe(finding, doc):
    """A check of the built image for this kind of dropped feature, or None."""
    feature = finding.data.get("feature", "")
    ins = _instruction_at(doc, finding.span.line)
    if ins is None:
        return None
    command = ins.command
    if feature.endswith(".chmod") or feature.startswith("copy.chmod"):
        return _chmod_probe(command)
    if feature.startswith("heredoc") and command.keyword in ("COPY", "ADD"):
        return _heredoc_file_probe(command)
    return None


def _instruction_at(doc, line: int):
    for ins in doc.instructions:
        if ins.span.line <= line <= ins.span.end_line:
            return ins
    return None


def _destination(command) -> str | None:
    """The exact file a single-source COPY/ADD writes (absolute destination only)."""
    import posixpath

    if len(command.args) != 2 or command.json_form:
        return None
    source, dest = command.args
    if not dest.startswith("/") or "$" in source + dest:
        return None
    name = command.heredocs[0].name if command.heredocs else posixpath.basename(source.rstrip("/"))
    return posixpath.join(dest, name) if dest.endswith("/") else dest


def _chmod_probe(command):
    flag = command.flag("chmod")
    path = _destination(command)
    if flag is None or not flag.value or path is None:
        return None
    try:
        wanted = int(flag.value, 8)
    except ValueError:
        wanted = None  # symbolic or a variable: the builder ignoring it leaves the default mode

    def probe(finding, image) -> Verdict:
        entry = image.files().get(path)
        if entry is None:
            return Verdict(finding, INCONCLUSIVE, f"the image has no {path} to look at")
        if wanted is not None and entry.mode != wanted:
            return Verdict(finding, CONFIRMED, f"{path} has mode {entry.mode:04o}, not {flag.value}")
        if wanted is None and entry.mode in (0o644, 0o755):
            return Verdict(finding, CONFIRMED, f"{path} kept the default mode {entry.mode:04o}")
        return Verdict(finding, REFUTED, f"{path} has mode {entry.mode:04o}: `{flag.raw}` was applied")

    return probe


def _heredoc_file_probe(command):
    path = _destination(command)
    if path is None or not command.heredocs:
        return None
    body = command.heredocs[0].content.encode()

    def probe(finding, image) -> Verdict:
        try:
            data = image.read(path)
        except FileNotFoundError:
            return Verdict(finding, CONFIRMED, f"the image has no file {path}: the heredoc was not written")
        if data == body:
            return Verdict(finding, REFUTED, f"{path} holds exactly the heredoc's text")
        return Verdict(finding, CONFIRMED, f"{path} does not hold the heredoc's text ({len(data)} bytes)")

    return probe
