"""BuildKit's shell word lexer (`frontend/dockerfile/shell/lex.go`), ported to Python.

Why a port and not a shell: BuildKit expands Dockerfile arguments with its own
small lexer, which differs from POSIX `sh` in many corners (`$10` is one name,
`""` yields no word, an expanded default word is field-split even inside
`${...}`, pattern operators are translated to regular expressions, ...). The
parser, the rules and the public `expand`/`split_words` must agree with it
exactly, so this module follows lex.go step by step, quirks included.

Layout mirrors lex.go: `Lexer` holds the options of Go's `Lex`, and a
`_Processor` (Go's `shellWord`) walks one word with an explicit position, the
way lex.go drives a `text/scanner.Scanner` with `Peek`/`Next`.
"""

from __future__ import annotations

import re
from functools import lru_cache
from collections.abc import Mapping

from ..records import FrozenRecord, Record

__all__ = [
    "Lexer",
    "ShellWordError",
    "VariableReference",
    "WordResult",
    "expand",
    "find_variable_references",
    "split_words",
]

# Go's unicode.IsSpace (Python's str.isspace also accepts \x1c-\x1f).
_GO_SPACE_CLASS = "\t\n\v\f\r \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000"
_SPACES = re.compile(f"[{_GO_SPACE_CLASS}]+")
_DIGITS = re.compile(r"\d+")  # \d on str patterns is Unicode Nd, like Go's unicode.IsDigit
_ASCII_NAME = re.compile(r"[A-Za-z0-9_]+")
_SPECIAL_PARAMS = frozenset("@*#?-$!0")
_MODIFIERS = frozenset("+-?#%")
_DQ_ESCAPABLE = frozenset('"$')
_BOM = "\ufeff"  # text/scanner skips one byte-order mark at the very start
_UNSET = object()


class ShellWordError(ValueError):
    """An error where BuildKit's lexer returns one; `str()` is BuildKit's exact text.

    The outermost error is wrapped as lex.go does (`failed to process "<word>": <reason>`);
    `reason` keeps the inner message and `word` the source word.
    """

    def __init__(self, message: str, *, word: str | None = None, reason: str | None = None):
        super().__init__(message)
        self.word = word
        self.reason = reason if reason is not None else message


class WordResult(Record):
    """BuildKit's ProcessWordResult: the expansion, its fields and the names looked up."""

    result: str
    words: list[str]
    matched: set[str]
    unmatched: set[str]

    __slots__ = ("result", "words", "matched", "unmatched")

    def __init__(
        self,
        result: str,
        words: list[str],
        matched: set[str] | None = None,
        unmatched: set[str] | None = None,
    ) -> None:
        self.result = result
        self.words = words
        self.matched = set() if matched is None else matched
        self.unmatched = set() if unmatched is None else unmatched


class VariableReference(FrozenRecord):
    """One `$name` / `${name...}` in a word; `start`/`end` are offsets of the whole expression."""

    name: str
    start: int
    end: int
    operator: str | None  # ":-", "-", ":+", "+", ":?", "?", "#", "##", "%", "%%", "/", "//" or None

    __slots__ = ("name", "start", "end", "operator")

    def __init__(self, name: str, start: int, end: int, operator: str | None) -> None:
        object.__setattr__(self, "name", name)
        object.__setattr__(self, "start", start)
        object.__setattr__(self, "end", end)
        object.__setattr__(self, "operator", operator)

    @property
    def has_default(self) -> bool:
        """True when the reference supplies its own value for an unset name (`${X:-y}`, `${X-y}`)."""
        return self.operator in (":-", "-")


class Lexer:
    """Options of BuildKit's `shell.Lex`; one instance can process many words."""

    __slots__ = ("escape", "raw_quotes", "raw_escapes", "skip_unset_env", "skip_process_quotes")

    def __init__(
        self,
        escape: str = "\\",
        *,
        raw_quotes: bool = False,
        raw_escapes: bool = False,
        skip_unset_env: bool = False,
        skip_process_quotes: bool = False,
    ):
        if len(escape) != 1:
            raise ValueError(f"escape token must be one character, got {escape!r}")
        self.escape = escape
        self.raw_quotes = raw_quotes
        self.raw_escapes = raw_escapes
        self.skip_unset_env = skip_unset_env
        self.skip_process_quotes = skip_process_quotes

    def process_word(self, word: str, env: Mapping[str, str]) -> str:
        """BuildKit ProcessWord: expand and unquote, no field splitting."""
        return self._run(word, env, track_words=False)[0]

    def process_words(self, word: str, env: Mapping[str, str]) -> list[str]:
        """BuildKit ProcessWords: expand, unquote and split into fields."""
        return self._run(word, env, track_words=True)[1]

    def process_word_with_matches(self, word: str, env: Mapping[str, str]) -> WordResult:
        """BuildKit ProcessWordWithMatches: the result plus which names were found or missing.

        Every lookup counts, also those of `${X:-d}` and those inside default words.
        """
        processor = _Processor(self, word, env)
        result, words = processor.run(track_words=True)
        return WordResult(result, words, processor.matched, processor.unmatched)

    def _run(self, word: str, env: Mapping[str, str], track_words: bool) -> tuple[str, list[str]]:
        return _Processor(self, word, env).run(track_words)


class _Processor:
    """Go's `shellWord`: the state of one word being processed."""

    __slots__ = (
        "text", "pos", "env", "escape", "raw_quotes", "raw_escapes", "skip_unset_env",
        "skip_process_quotes", "matched", "unmatched", "refs",
    )

    def __init__(self, lexer: Lexer, text: str, env, refs: list[VariableReference] | None = None):
        self.text = text
        self.pos = 1 if text.startswith(_BOM) else 0
        self.env = env
        self.escape = lexer.escape
        self.raw_quotes = lexer.raw_quotes
        self.raw_escapes = lexer.raw_escapes
        self.skip_unset_env = lexer.skip_unset_env
        self.skip_process_quotes = lexer.skip_process_quotes
        self.matched: set[str] = set()
        self.unmatched: set[str] = set()
        self.refs = refs

    def run(self, track_words: bool) -> tuple[str, list[str]]:
        try:
            return self.stop_on("", self.raw_escapes, track_words)
        except ShellWordError as err:
            reason = str(err)
            raise ShellWordError(
                f"failed to process {go_quote(self.text)}: {reason}", word=self.text, reason=reason
            ) from None

    def stop_on(self, stop: str, raw_escapes: bool, track_words: bool) -> tuple[str, list[str]]:
        """processStopOn: read until `stop` ("" = end of word), consuming it.

        `raw_escapes` replaces the lexer's setting for the duration (lex.go does
        this so that `${v#pattern}` sees the escapes it must interpret).
        """
        if raw_escapes == self.raw_escapes:
            return self._stop_on(stop, track_words)
        saved = self.raw_escapes
        self.raw_escapes = raw_escapes
        try:
            return self._stop_on(stop, track_words)
        finally:
            self.raw_escapes = saved

    def _stop_on(self, stop: str, track_words: bool) -> tuple[str, list[str]]:
        text = self.text
        n = len(text)
        esc = self.escape
        quotes = not self.skip_process_quotes
        plain = _plain_run(esc, stop, quotes)
        out: list[str] = []
        words: list[str] = []
        current = ""  # Go's wordsStruct.word; its inWord flag never changes the outcome
        while self.pos < n:
            ch = text[self.pos]
            if ch == stop:
                self.pos += 1
                if current:
                    words.append(current)
                return "".join(out), words
            if ch == "$":
                value = self.dollar()
                out.append(value)
                if track_words and value:
                    current = _add_unquoted(words, current, value)
            elif quotes and (ch == "'" or ch == '"'):
                value = self.single_quote() if ch == "'" else self.double_quote()
                out.append(value)
                if track_words:
                    current += value
            elif ch == esc:
                self.pos += 1
                if self.raw_escapes:
                    out.append(ch)
                    if track_words:
                        current += ch
                if self.pos >= n:
                    break  # a trailing escape is dropped
                ch = text[self.pos]
                self.pos += 1
                out.append(ch)
                if track_words:
                    current += ch
            else:
                match = plain.match(text, self.pos)
                chunk = match.group()
                self.pos = match.end()
                out.append(chunk)
                if track_words:
                    current = _add_unquoted(words, current, chunk)
        if stop:
            raise ShellWordError(f"unexpected end of statement while looking for matching {stop}")
        if current:
            words.append(current)
        return "".join(out), words

    def single_quote(self) -> str:
        """processSingleQuote: everything up to the next `'` is literal."""
        text = self.text
        start = self.pos + 1
        end = text.find("'", start)
        if end < 0:
            self.pos = len(text)
            raise ShellWordError("unexpected end of statement while looking for matching single-quote")
        self.pos = end + 1
        body = text[start:end]
        return f"'{body}'" if self.raw_quotes else body

    def double_quote(self) -> str:
        """processDoubleQuote: `$` expands; the escape token escapes only `"`, `$` and itself."""
        text = self.text
        n = len(text)
        esc = self.escape
        plain = _double_quoted_run(esc)
        self.pos += 1
        out = ['"'] if self.raw_quotes else []
        while True:
            if self.pos >= n:
                raise ShellWordError("unexpected end of statement while looking for matching double-quote")
            ch = text[self.pos]
            if ch == '"':
                self.pos += 1
                if self.raw_quotes:
                    out.append(ch)
                return "".join(out)
            if ch == "$":
                out.append(self.dollar())
            elif ch == esc:
                self.pos += 1
                if self.raw_escapes:
                    out.append(ch)
                if self.pos >= n:
                    continue  # the loop then reports the missing quote
                following = text[self.pos]
                if following in _DQ_ESCAPABLE or following == esc:
                    self.pos += 1
                    out.append(following)
                else:
                    # lex.go writes the escape again here, so with RawEscapes `"\x"` keeps two.
                    out.append(ch)
            else:
                match = plain.match(text, self.pos)
                out.append(match.group())
                self.pos = match.end()

    def name(self) -> str:
        """processName: digits run, one special parameter, or letters/digits/underscores."""
        text = self.text
        pos = self.pos
        n = len(text)
        if pos >= n:
            return ""
        ch = text[pos]
        if ch.isdecimal():
            end = _DIGITS.match(text, pos).end()
        elif ch in _SPECIAL_PARAMS:
            end = pos + 1
        else:
            match = _ASCII_NAME.match(text, pos)
            end = match.end() if match else pos
            while end < n and _is_name_char(text[end]):
                end += 1
        self.pos = end
        return text[pos:end]

    def lookup(self, name: str) -> str | None:
        """getEnv: the value, or None when unset; records the name as matched or not."""
        value = self.env.get(name, _UNSET)
        if value is _UNSET:
            self.unmatched.add(name)
            return None
        self.matched.add(name)
        return value

    def peek(self) -> str:
        return self.text[self.pos] if self.pos < len(self.text) else ""

    def next(self) -> str:
        """Consume one character; at the end Go returns EOF, whose string form is U+FFFD."""
        if self.pos < len(self.text):
            self.pos += 1
            return self.text[self.pos - 1]
        return ""

    def record(self, name: str, start: int, operator: str | None) -> None:
        if self.refs is not None:
            self.refs.append(VariableReference(name, start, self.pos, operator))

    def dollar(self) -> str:
        """processDollar: `$name`, `${name}` and `${name<op>word}`."""
        start = self.pos
        self.pos += 1
        if self.peek() != "{":
            name = self.name()
            if not name:
                return "$"
            self.record(name, start, None)
            value = self.lookup(name)
            if value is None:
                return "$" + name if self.skip_unset_env else ""
            return value

        self.pos += 1
        ch = self.peek()
        if not ch:
            raise ShellWordError("syntax error: missing '}'")
        if ch in "{}:":
            raise ShellWordError("syntax error: bad substitution")
        name = self.name()
        ch = self.next()
        if ch == "}":
            self.record(name, start, None)
            value = self.lookup(name)
            if value is None:
                return "${" + name + "}" if self.skip_unset_env else ""
            return value
        if ch == ":":
            ch = self.next()
            return self.modifier(name, start, ch, ":" + (ch or "\ufffd"), null_is_unset=True)
        if ch in _MODIFIERS:
            return self.modifier(name, start, ch, ch, null_is_unset=False)
        if ch == "/":
            return self.replace(name, start)
        raise ShellWordError("missing ':' in substitution")

    def modifier(self, name: str, start: int, op: str, chs: str, null_is_unset: bool) -> str:
        """The `${name[:]<op>word}` forms; `chs` is the operator as written (lex.go's chs)."""
        trims = op == "#" or op == "%"
        if null_is_unset and trims:
            raise ShellWordError(f"unsupported modifier ({chs}) in substitution")
        operator = chs + op if trims and self.peek() == op else chs
        word = self.word_until("}", trims, "syntax error: missing '}'")
        self.record(name, start, operator)
        value = self.lookup(name)
        if value is None and self.skip_unset_env:
            return "${" + name + chs + word + "}"
        if op == "-":
            return word if value is None or (null_is_unset and value == "") else value
        if op == "+":
            return "" if value is None or (null_is_unset and value == "") else word
        if op == "?":
            if value is None:
                raise ShellWordError(f"{name}: {word or 'is not allowed to be unset'}")
            if null_is_unset and value == "":
                raise ShellWordError(f"{name}: {word or 'is not allowed to be empty'}")
            return value
        if trims:
            # `##`/`%%` is recognised after expansion, as in lex.go: ${v#'#'x} is greedy too.
            greedy = word[:1] == op
            if greedy:
                word = word[1:]
            if op == "%":
                return _trim_suffix(word, value or "", greedy)
            return _trim_prefix(word, value or "", greedy)
        raise ShellWordError(f"unsupported modifier ({chs}) in substitution")

    def replace(self, name: str, start: int) -> str:
        """`${name/pattern/replacement}` and `${name//pattern/replacement}`."""
        replace_all = self.peek() == "/"
        if replace_all:
            self.pos += 1
        pattern = self.word_until("/", True, "syntax error: missing '/' in ${}")
        replacement = self.word_until("}", True, "syntax error: missing '}'")
        self.record(name, start, "//" if replace_all else "/")
        value = self.lookup(name)
        if value is None:
            if self.skip_unset_env:
                return "${" + name + "/" + pattern + "/" + replacement + "}"
            value = ""
        regex = _pattern_or_error(pattern, True, False)
        if replace_all:
            return _go_replace_all(regex, value, replacement)
        match = regex.search(value)
        if match is None:
            return value
        return value[: match.start()] + replacement + value[match.end():]

    def word_until(self, stop: str, raw_escapes: bool, eof_message: str) -> str:
        """The operand of an operator; any error met at the end of input becomes `eof_message`."""
        try:
            return self.stop_on(stop, raw_escapes, False)[0]
        except ShellWordError:
            if self.pos >= len(self.text):
                raise ShellWordError(eof_message) from None
            raise


def _is_name_char(ch: str) -> bool:
    """Go's isValidNameChar: unicode letter, decimal digit or underscore."""
    return ch.isalpha() or ch.isdecimal() or ch == "_"


def _add_unquoted(words: list[str], current: str, text: str) -> str:
    """wordsStruct.addString: whitespace ends the current word; returns the new current word."""
    parts = _SPACES.split(text)
    if len(parts) == 1:
        return current + text
    current += parts[0]
    if current:
        words.append(current)
    words.extend(parts[1:-1])
    return parts[-1]


@lru_cache(maxsize=64)
def _plain_run(escape: str, stop: str, quotes: bool) -> re.Pattern[str]:
    """A run of characters that processStopOn copies without looking at them one by one."""
    specials = "$" + escape + stop + ("'\"" if quotes else "")
    return re.compile(f"[^{re.escape(specials)}]+")


@lru_cache(maxsize=8)
def _double_quoted_run(escape: str) -> re.Pattern[str]:
    return re.compile(f"[^{re.escape(chr(34) + '$' + escape)}]+")


@lru_cache(maxsize=512)
def _shell_pattern_regex(pattern: str, greedy: bool, anchored: bool) -> re.Pattern[str]:
    """convertShellPatternToRegex: `*` and `?` are wildcards, `\\` escapes `*`, `?`, `\\`.

    BuildKit has no bracket expressions: `[` is a literal. `\\}` and `\\/` drop the
    backslash (they were escaped only to get past the `${...}` parser).
    """
    if pattern.startswith(_BOM):
        pattern = pattern[1:]
    out = ["^"] if anchored else []
    star = ".*" if greedy else ".*?"
    i = 0
    n = len(pattern)
    while i < n:
        ch = pattern[i]
        i += 1
        if ch == "*":
            out.append(star)
        elif ch == "?":
            out.append(".")
        elif ch == "\\":
            following = pattern[i] if i < n else ""
            if following == "}" or following == "/":
                continue
            if following not in ("*", "?", "\\"):
                raise ShellWordError(f"invalid escape '\\{following or chr(0xFFFD)}'")
            i += 1
            out.append("\\" + following)
        else:
            out.append(re.escape(ch))
    return re.compile("".join(out))


def _pattern_or_error(pattern: str, greedy: bool, anchored: bool) -> re.Pattern[str]:
    try:
        return _shell_pattern_regex(pattern, greedy, anchored)
    except ShellWordError as err:
        raise ShellWordError(f"invalid pattern ({pattern}) in substitution: {err}") from None


def _trim_prefix(pattern: str, value: str, greedy: bool) -> str:
    match = _pattern_or_error(pattern, greedy, True).match(value)
    return value[match.end():] if match else value


def _trim_suffix(pattern: str, value: str, greedy: bool) -> str:
    """Regexps find leftmost matches, so lex.go reverses both the pattern and the value."""
    return _trim_prefix(_reverse_pattern(pattern), value[::-1], greedy)[::-1]


def _reverse_pattern(pattern: str) -> str:
    """reversePattern: reverse, but keep each `\\x` pair in order."""
    last = len(pattern) - 1
    out = [""] * len(pattern)
    i = 0
    while i <= last:
        ch = pattern[i]
        if i != last and ch == "\\":
            out[last - i - 1] = ch
            out[last - i] = pattern[i + 1]
            i += 2
        else:
            out[last - i] = ch
            i += 1
    return "".join(out)


def _go_replace_all(regex: re.Pattern[str], src: str, template: str) -> str:
    """Go's Regexp.ReplaceAllString: no empty match right after a match, `$0` is the match."""
    out = []
    last_end = 0
    search = 0
    n = len(src)
    while search <= n:
        match = regex.search(src, search)
        if match is None:
            break
        begin, end = match.span()
        out.append(src[last_end:begin])
        if end > last_end or begin == 0:
            out.append(_go_expand_template(template, match.group()))
        last_end = end
        search = search + 1 if search + 1 > end else end
    out.append(src[last_end:])
    return "".join(out)


def _go_expand_template(template: str, whole: str) -> str:
    """Go's Regexp.Expand for a regexp without groups: `$$` is `$`, `$0`/`${0}` the match,
    any other `$name`/`${name}` nothing, and a malformed `$` stays literal."""
    if "$" not in template:
        return template
    out = []
    rest = template
    while True:
        before, dollar, rest = rest.partition("$")
        out.append(before)
        if not dollar:
            return "".join(out)
        if rest.startswith("$"):
            out.append("$")
            rest = rest[1:]
            continue
        braced = rest.startswith("{")
        body = rest[1:] if braced else rest
        length = 0
        while length < len(body) and _is_name_char(body[length]):
            length += 1
        if length == 0 or (braced and body[length:length + 1] != "}"):
            out.append("$")
            continue
        if body[:length] == "0":
            out.append(whole)
        rest = body[length + 1:] if braced else body[length:]


_GO_ESCAPES = {
    "\a": "\\a", "\b": "\\b", "\f": "\\f", "\n": "\\n", "\r": "\\r", "\t": "\\t", "\v": "\\v",
    '"': '\\"', "\\": "\\\\",
}


def go_quote(text: str) -> str:
    """Go's strconv.Quote (the `%q` verb in BuildKit's and containerd's messages).

    Invalid UTF-8 bytes (kept as surrogate escapes \\udc80-\\udcff) come out as
    `\\xNN`, as Go prints them; other lone surrogates as the replacement character."""
    if text.isprintable() and '"' not in text and "\\" not in text:
        return f'"{text}"'
    out = ['"']
    for ch in text:
        if ch in _GO_ESCAPES:
            out.append(_GO_ESCAPES[ch])
        elif ch.isprintable():
            out.append(ch)
        else:
            code = ord(ch)
            if code < 0x20 or code == 0x7F:
                out.append(f"\\x{code:02x}")
            elif 0xDC80 <= code <= 0xDCFF:
                out.append(f"\\x{code & 0xFF:02x}")
            elif 0xD800 <= code <= 0xDFFF:
                out.append("\\ufffd")
            elif code < 0x10000:
                out.append(f"\\u{code:04x}")
            else:
                out.append(f"\\U{code:08x}")
    out.append('"')
    return "".join(out)


class _EveryNameSet:
    """An environment where every name is set and non-empty, so that scanning for
    references walks the whole word without tripping over `${X:?}`."""

    def get(self, name: str, default=None) -> str:
        return "x"


_EVERY_NAME_SET = _EveryNameSet()


@lru_cache(maxsize=8)
def _default_lexer(escape: str) -> Lexer:
    return Lexer(escape)


def find_variable_references(word: str, escape: str = "\\") -> list[VariableReference]:
    """The variable references of `word`, in source order, nested ones included.

    Skips single-quoted text and escaped `$`, exactly where the lexer does. On a word
    that BuildKit rejects, returns the references found before the error.
    """
    refs: list[VariableReference] = []
    if "$" not in word:  # every reference starts with one; most RUN lines have none
        return refs
    try:
        _Processor(_default_lexer(escape), word, _EVERY_NAME_SET, refs).stop_on("", False, False)
    except ShellWordError:
        pass
    refs.sort(key=lambda ref: ref.start)
    return refs


def expand(word: str, env: Mapping[str, str], *, escape: str = "\\") -> str:
    """BuildKit's ProcessWord with a default lexer."""
    return _default_lexer(escape).process_word(word, env)


def split_words(text: str, env: Mapping[str, str], *, escape: str = "\\") -> list[str]:
    """BuildKit's ProcessWords with a default lexer."""
    return _default_lexer(escape).process_words(text, env)
