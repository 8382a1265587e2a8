"""The language server: lints open Dockerfiles as they change and publishes diagnostics.

Only the changed document is re-linted, after a short debounce (typing a word
sends one change per key). Nothing here ever runs a build: linting is the same
pure analysis as `dflint check`. Settings come from the project's config files
(nearest to each document) with the editor's `dflint` settings on top.

The main thread does all the work (a second one only reads input): it takes
the next message, or wakes at the earliest debounce deadline, and lints there
(`run`).
"""

from __future__ import annotations

import os
import sys
import time

from .. import __version__
from ..config import ConfigError
from ..config.discover import DFLINT_FILE, HADOLINT_FILES, PYPROJECT, _search
from ..config.resolve import Resolver
from ..engine.linter import lint_document
from ..records import Record
from ..syntax import parse
from ..syntax.ast import Span
from .diagnostics import code_actions, diagnostics
from .documents import TextDocument, apply_change
from .endpoint import CLOSED, IDLE, Endpoint, FdReader
from .hover import flag_hover, rule_hover
from .jsonrpc import INVALID_PARAMS, INVALID_REQUEST, SERVER_NOT_INITIALIZED, RpcError
from .positions import from_utf16, span_range
from .settings import DEFAULT_DEBOUNCE_MS, EditorSettings, parse_editor_settings
from .uris import uri_to_path

CONFIG_NAMES = {DFLINT_FILE, PYPROJECT, *HADOLINT_FILES}
ERROR, WARNING = 1, 2  # MessageType
INCREMENTAL = 2  # TextDocumentSyncKind

CAPABILITIES = {
    "textDocumentSync": {"openClose": True, "change": INCREMENTAL, "save": {"includeText": False}},
    "codeActionProvider": {"codeActionKinds": ["quickfix"]},
    "hoverProvider": True,
}


class Linted(Record):
    """The last lint of a document: what code actions and hovers answer from."""

    version: int | None
    lines: list[str]
    doc: object
    findings: list
    targets: tuple

    __slots__ = ("version", "lines", "doc", "findings", "targets")

    def __init__(self, version: int | None, lines: list[str], doc: object, findings: list, targets: tuple) -> None:
        self.version = version
        self.lines = lines
        self.doc = doc
        self.findings = findings
        self.targets = targets


def _object(params, *keys: str) -> dict:
    """params[keys[0]][keys[1]]… as a dict, or InvalidParams."""
    value = params
    for key in keys:
        value = value.get(key) if isinstance(value, dict) else None
    if not isinstance(value, dict):
        raise RpcError(INVALID_PARAMS, f"expected an object at {'.'.join(keys) or 'params'}")
    return value


def _uri(params) -> str:
    uri = _object(params, "textDocument").get("uri")
    if not isinstance(uri, str):
        raise RpcError(INVALID_PARAMS, "textDocument.uri must be a string")
    return uri


def _position(value) -> tuple[int, int]:
    line, character = (value.get("line"), value.get("character")) if isinstance(value, dict) else (None, None)
    if not (isinstance(line, int) and isinstance(character, int)) or line < 0 or character < 0:
        raise RpcError(INVALID_PARAMS, "a position is {line, character}, non-negative integers")
    return line, character


class DflintServer:
    def __init__(self, endpoint: Endpoint, debounce_ms: int = DEFAULT_DEBOUNCE_MS) -> None:
        self.endpoint = endpoint
        self.default_debounce_ms = debounce_ms
        self.editor = EditorSettings()
        self.initialization_options: dict = {}
        self.applied_settings: dict = {}
        self.client_capabilities: dict = {}
        self.resolver = Resolver()
        self.documents: dict[str, TextDocument] = {}
        self.linted: dict[str, Linted] = {}
        self.due: dict[str, float] = {}  # uri -> monotonic time its debounced lint is due
        self.initialized = False
        self.shutting_down = False
        self.exit_code: int | None = None
        endpoint.admit = self.admit
        endpoint.requests.update({
            "initialize": self.on_initialize,
            "shutdown": self.on_shutdown,
            "textDocument/codeAction": self.on_code_action,
            "textDocument/hover": self.on_hover,
        })
        endpoint.notifications.update({
            "initialized": self.on_initialized,
            "exit": self.on_exit,
            "workspace/didChangeConfiguration": self.on_did_change_configuration,
            "textDocument/didOpen": self.on_did_open,
            "textDocument/didChange": self.on_did_change,
            "textDocument/didSave": self.on_did_save,
            "textDocument/didClose": self.on_did_close,
        })

    # -- the loop ------------------------------------------------------------------------------

    def run(self) -> int:
        """Serve until `exit` (0 after `shutdown`, else 1, as LSP asks) or the end of input."""
        while self.exit_code is None:
            self.lint_due()
            message = self.endpoint.receive(self.wait_time())
            if message is CLOSED:
                return 0 if self.shutting_down else 1
            if message is not IDLE:
                self.endpoint.dispatch(message)
        return self.exit_code

    def wait_time(self) -> float | None:
        if not self.due:
            return None
        return max(min(self.due.values()) - time.monotonic(), 0.0)

    def lint_due(self) -> None:
        now = time.monotonic()
        for uri in [uri for uri, due in self.due.items() if due <= now]:
            self.endpoint.guarded(f"linting {uri}", self.lint, uri)

    def admit(self, method: str) -> RpcError | None:
        """LSP's lifecycle: nothing before `initialize`, nothing but `exit` after `shutdown`."""
        if method == "exit":
            return None
        if self.shutting_down:
            return RpcError(INVALID_REQUEST, "the server is shutting down")
        if not self.initialized and method != "initialize":
            return RpcError(SERVER_NOT_INITIALIZED, "initialize first")
        if self.initialized and method == "initialize":
            return RpcError(INVALID_REQUEST, "already initialized")
        return None

    # -- settings ------------------------------------------------------------------------------

    @property
    def debounce(self) -> float:
        ms = self.editor.debounce_ms if self.editor.debounce_ms is not None else self.default_debounce_ms
        return ms / 1000

    def show(self, kind: int, text: str) -> None:
        self.endpoint.notify("window/showMessage", {"type": kind, "message": text})

    def apply_settings(self, raw: dict) -> bool:
        """New editor settings: rebuild the resolver and say what was wrong with them.
        False (and nothing done) when they are the ones already in force."""
        if raw == self.applied_settings:
            return False
        self.applied_settings = raw
        self.editor = parse_editor_settings(raw)
        self.reset_resolver()
        for problem in self.editor.problems:
            self.show(WARNING, problem)
        return True

    def reset_resolver(self) -> None:
        _search.cache_clear()
        try:
            self.resolver = Resolver(self.editor.layer, config=self.editor.config,
                                     use_config=self.editor.use_config, hadolint=self.editor.hadolint,
                                     notes=lambda note: None)
        except ConfigError as e:
            self.show(ERROR, str(e))
            self.resolver = Resolver(self.editor.layer, use_config=False, notes=lambda note: None)

    def pull_configuration(self) -> None:
        """Ask the editor for the `dflint` section, when it can answer `workspace/configuration`;
        the answer (whenever it comes) replaces the editor's settings and re-lints."""
        workspace = self.client_capabilities.get("workspace")
        if not (isinstance(workspace, dict) and workspace.get("configuration")):
            return

        def answered(result, error) -> None:
            if error is not None:  # an editor that cannot answer leaves the settings as they are
                message = error.get("message") if isinstance(error, dict) else error
                self.endpoint.log(WARNING, f"workspace/configuration: {message}")
                return
            section = result[0] if isinstance(result, list) and result and isinstance(result[0], dict) else {}
            if self.apply_settings({**self.initialization_options, **section}):
                self.lint_all()

        self.endpoint.request("workspace/configuration", {"items": [{"section": "dflint"}]}, answered)

    # -- linting -------------------------------------------------------------------------------

    def lint(self, uri: str) -> Linted:
        """Lint the document's current text (config problems become one diagnostic) and publish."""
        self.due.pop(uri, None)
        document = self.documents[uri]
        path = uri_to_path(uri)
        options, selection, extra = self.options_for(path or "-")
        doc = parse(document.text)
        findings = lint_document(doc, path=path or uri, options=options, selection=selection)
        linted = Linted(document.version, doc.lines, doc, findings, options.targets)
        self.linted[uri] = linted
        self.endpoint.notify("textDocument/publishDiagnostics", {
            "uri": uri, "version": document.version, "diagnostics": extra + diagnostics(doc.lines, findings)})
        return linted

    def lint_all(self) -> None:
        for uri in list(self.documents):
            self.endpoint.guarded(f"linting {uri}", self.lint, uri)

    def options_for(self, path: str):
        """(options, selection, extra diagnostics): a configuration problem is shown on line 1
        and the document is linted without the part that failed (config file, then editor settings)."""
        problems = []
        # built only when needed: a Resolver per keystroke is wasted work on the re-lint path
        fallbacks = (lambda: self.resolver, lambda: Resolver(self.editor.layer, use_config=False),
                     lambda: Resolver(use_config=False))
        for resolver in fallbacks:
            try:
                _, options, selection = resolver().for_file(path)
                break
            except ConfigError as e:
                problems.append({"range": span_range([], Span(1, 1, 1, 1)), "severity": 1, "source": "dflint",
                                 "code": "config", "message": f"configuration error: {e}"})
        return options, selection, problems[:1]

    def current(self, uri: str) -> Linted | None:
        """The lint of the document as it is now (re-linted if a change is still debouncing);
        None for a document the editor has not opened."""
        if uri not in self.documents:
            return None
        linted = self.linted.get(uri)
        if linted is None or uri in self.due:
            linted = self.lint(uri)
        return linted

    def schedule(self, uri: str) -> None:
        if self.debounce <= 0:
            self.lint(uri)
        else:
            self.due[uri] = time.monotonic() + self.debounce

    # -- lifecycle -----------------------------------------------------------------------------

    def on_initialize(self, params) -> dict:
        params = params if isinstance(params, dict) else {}
        capabilities = params.get("capabilities")
        self.client_capabilities = capabilities if isinstance(capabilities, dict) else {}
        options = params.get("initializationOptions")
        if isinstance(options, dict):
            self.initialization_options = options
            self.apply_settings(options)
        self.initialized = True
        return {"capabilities": CAPABILITIES, "serverInfo": {"name": "dflint", "version": __version__}}

    def on_initialized(self, params) -> None:
        self.pull_configuration()

    def on_shutdown(self, params) -> None:
        self.shutting_down = True
        self.due.clear()

    def on_exit(self, params) -> None:
        self.exit_code = 0 if self.shutting_down else 1

    def on_did_change_configuration(self, params) -> None:
        settings = params.get("settings") if isinstance(params, dict) else None
        pushed = settings.get("dflint") if isinstance(settings, dict) else None
        if isinstance(pushed, dict):
            if self.apply_settings({**self.initialization_options, **pushed}):
                self.lint_all()
        else:
            self.pull_configuration()

    # -- documents -----------------------------------------------------------------------------

    def on_did_open(self, params) -> None:
        item = _object(params, "textDocument")
        uri, text, version = item.get("uri"), item.get("text"), item.get("version")
        if not (isinstance(uri, str) and isinstance(text, str)):
            raise RpcError(INVALID_PARAMS, "textDocument needs a uri and a text")
        self.documents[uri] = TextDocument(text, version if isinstance(version, int) else None)
        self.lint(uri)

    def on_did_change(self, params) -> None:
        uri = _uri(params)
        document = self.documents.get(uri)
        changes = params.get("contentChanges")
        if document is None or not isinstance(changes, list):
            raise RpcError(INVALID_PARAMS, f"no open document {uri}, or no contentChanges")
        text = document.text
        for change in changes:
            text = apply_change(text, change)
        document.text = text  # all or nothing: a bad change leaves the document as it was
        version = _object(params, "textDocument").get("version")
        document.version = version if isinstance(version, int) else None
        self.schedule(uri)

    def on_did_save(self, params) -> None:
        uri = _uri(params)
        if os.path.basename(uri_to_path(uri) or "") in CONFIG_NAMES:
            self.reset_resolver()
            self.lint_all()
        elif uri in self.documents:
            self.current(uri)  # lints only if a change is still waiting for its debounce

    def on_did_close(self, params) -> None:
        uri = _uri(params)
        self.due.pop(uri, None)
        self.documents.pop(uri, None)
        self.linted.pop(uri, None)
        self.endpoint.notify("textDocument/publishDiagnostics", {"uri": uri, "diagnostics": []})

    # -- requests on a document ----------------------------------------------------------------

    def on_code_action(self, params) -> list[dict]:
        uri = _uri(params)
        requested = _object(params, "range")
        linted = self.current(uri)
        if linted is None:
            return []
        start = from_utf16(linted.lines, *_position(requested.get("start")))
        end = from_utf16(linted.lines, *_position(requested.get("end")))
        return code_actions(uri, linted.lines, linted.findings, start, end)

    def on_hover(self, params) -> dict | None:
        uri = _uri(params)
        position = _position(_object(params, "position"))
        linted = self.current(uri)
        if linted is None:
            return None
        line, column = from_utf16(linted.lines, *position)
        text = linted.lines[line - 1] if 0 < line <= len(linted.lines) else ""
        found = rule_hover(text, column)
        if found is not None:
            markdown, (start, end) = found
            span = Span(line, start, line, end)
        else:
            flag = flag_hover(linted.doc, line, column, linted.targets)
            if flag is None:
                return None
            markdown, span = flag
        return {"contents": {"kind": "markdown", "value": markdown}, "range": span_range(linted.lines, span)}


def serve(debounce_ms: int = DEFAULT_DEBOUNCE_MS) -> int:
    """Run the server on stdin/stdout until the editor says `exit`; the exit status."""
    writer = sys.stdout.buffer
    sys.stdout = sys.stderr  # a stray print() must not land in the protocol stream
    return DflintServer(Endpoint(FdReader(sys.stdin.fileno()), writer), debounce_ms).run()
