"""The language server: lints open Dockerfiles as they change and publishes diagnostics.

Only the changed document is re-linted, after a short debounce (typing a word
sends one change per key). Nothing here ever runs a build: linting is the same
pure analysis as `dflint check`. Settings come from the project's config files
(nearest to each document) with the editor's `dflint` settings on top.
"""

from __future__ import annotations

import asyncio
import os

from lsprotocol import types
from pygls.lsp.server import LanguageServer
from pygls.protocol import default_converter
from pygls.uris import to_fs_path

from ..records import Record
from .. import __version__
from ..config import ConfigError
from ..config.discover import DFLINT_FILE, HADOLINT_FILES, PYPROJECT, _search
from ..config.resolve import Resolver
from ..engine.linter import lint_document
from ..syntax import parse
from ..syntax.ast import Span
from .diagnostics import code_actions, diagnostics
from .hover import flag_hover, rule_hover
from .positions import from_utf16, span_range
from .settings import DEFAULT_DEBOUNCE_MS, EditorSettings, parse_editor_settings

CONFIG_NAMES = {DFLINT_FILE, PYPROJECT, *HADOLINT_FILES}
_convert = default_converter()


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


class DflintServer(LanguageServer):
    def __init__(self, debounce_ms: int = DEFAULT_DEBOUNCE_MS) -> None:
        super().__init__("dflint", __version__, text_document_sync_kind=types.TextDocumentSyncKind.Incremental)
        self.default_debounce_ms = debounce_ms
        self.editor = EditorSettings()
        self.initialization_options: dict = {}
        self.resolver = Resolver()
        self.linted: dict[str, Linted] = {}
        self.pending: dict[str, asyncio.TimerHandle] = {}

    @property
    def debounce(self) -> float:
        ms = self.editor.debounce_ms if self.editor.debounce_ms is not None else self.default_debounce_ms
        return ms / 1000

    def apply_settings(self, raw) -> None:
        """New editor settings: rebuild the resolver and say what was wrong with them."""
        self.editor = parse_editor_settings(raw)
        self.reset_resolver()
        for problem in self.editor.problems:
            self.window_show_message(types.ShowMessageParams(type=types.MessageType.Warning, message=problem))

    def reset_resolver(self) -> None:
        _search.cache_clear()
        try:
            self.resolver = Resolver(self.editor.layer, config=self.editor.config,
                                     use_config=self.editor.use_config, hadolint=self.editor.hadolint,
                                     notes=lambda note: None)
        except ConfigError as e:
            self.window_show_message(types.ShowMessageParams(type=types.MessageType.Error, message=str(e)))
            self.resolver = Resolver(self.editor.layer, use_config=False, notes=lambda note: None)

    def lint(self, uri: str) -> Linted:
        """Lint the document's current text (config problems become one diagnostic) and publish."""
        document = self.workspace.get_text_document(uri)
        path = to_fs_path(uri) if uri.startswith("file:") else None
        options, selection, extra = self.options_for(path or "-")
        doc = parse(document.source)
        findings = lint_document(doc, path=path or uri, options=options, selection=selection)
        linted = Linted(document.version, doc.lines, doc, findings, options.targets)
        self.linted[uri] = linted
        published = extra + diagnostics(doc.lines, findings)
        self.text_document_publish_diagnostics(
            types.PublishDiagnosticsParams(
                uri=uri, version=document.version,
                diagnostics=[_convert.structure(d, types.Diagnostic) for d in published],
            )
        )
        return linted

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

    def current(self, uri: str) -> Linted:
        """The lint of the document as it is now (re-linted if a change is still debouncing)."""
        linted = self.linted.get(uri)
        if linted is None or linted.version != self.workspace.get_text_document(uri).version:
            self.cancel(uri)
            linted = self.lint(uri)
        return linted

    def cancel(self, uri: str) -> None:
        handle = self.pending.pop(uri, None)
        if handle is not None:
            handle.cancel()

    def schedule(self, uri: str) -> None:
        self.cancel(uri)
        if self.debounce <= 0:
            self.lint(uri)
            return

        def fire() -> None:
            self.pending.pop(uri, None)
            self.lint(uri)

        self.pending[uri] = asyncio.get_running_loop().call_later(self.debounce, fire)


def build_server(debounce_ms: int = DEFAULT_DEBOUNCE_MS) -> DflintServer:
    server = DflintServer(debounce_ms)

    @server.feature(types.INITIALIZE)
    def initialize(ls: DflintServer, params: types.InitializeParams):
        if isinstance(params.initialization_options, dict):
            ls.initialization_options = params.initialization_options
            ls.apply_settings(params.initialization_options)

    @server.feature(types.INITIALIZED)
    async def initialized(ls: DflintServer, params: types.InitializedParams):
        await pull_configuration(ls)

    @server.feature(types.WORKSPACE_DID_CHANGE_CONFIGURATION)
    async def did_change_configuration(ls: DflintServer, params: types.DidChangeConfigurationParams):
        pushed = params.settings.get("dflint") if isinstance(params.settings, dict) else None
        if isinstance(pushed, dict):
            ls.apply_settings({**ls.initialization_options, **pushed})
        else:
            await pull_configuration(ls)
        for uri in list(ls.linted):
            ls.lint(uri)

    @server.feature(types.TEXT_DOCUMENT_DID_OPEN)
    def did_open(ls: DflintServer, params: types.DidOpenTextDocumentParams):
        ls.lint(params.text_document.uri)

    @server.feature(types.TEXT_DOCUMENT_DID_CHANGE)
    def did_change(ls: DflintServer, params: types.DidChangeTextDocumentParams):
        ls.schedule(params.text_document.uri)

    @server.feature(types.TEXT_DOCUMENT_DID_SAVE)
    def did_save(ls: DflintServer, params: types.DidSaveTextDocumentParams):
        uri = params.text_document.uri
        if os.path.basename(to_fs_path(uri) or "") in CONFIG_NAMES:
            ls.reset_resolver()
            for other in list(ls.linted):
                ls.lint(other)
        elif uri in ls.linted:
            ls.current(uri)  # lints only if a change is still waiting for its debounce

    @server.feature(types.TEXT_DOCUMENT_DID_CLOSE)
    def did_close(ls: DflintServer, params: types.DidCloseTextDocumentParams):
        uri = params.text_document.uri
        ls.cancel(uri)
        ls.linted.pop(uri, None)
        ls.text_document_publish_diagnostics(types.PublishDiagnosticsParams(uri=uri, diagnostics=[]))

    @server.feature(
        types.TEXT_DOCUMENT_CODE_ACTION,
        types.CodeActionOptions(code_action_kinds=[types.CodeActionKind.QuickFix]),
    )
    def code_action(ls: DflintServer, params: types.CodeActionParams):
        uri = params.text_document.uri
        linted = ls.current(uri)
        r = params.range
        start = from_utf16(linted.lines, r.start.line, r.start.character)
        end = from_utf16(linted.lines, r.end.line, r.end.character)
        actions = code_actions(uri, linted.lines, linted.findings, start, end)
        return [_convert.structure(a, types.CodeAction) for a in actions]

    @server.feature(types.TEXT_DOCUMENT_HOVER)
    def hover(ls: DflintServer, params: types.HoverParams):
        uri = params.text_document.uri
        linted = ls.current(uri)
        pos = params.position
        line, column = from_utf16(linted.lines, pos.line, pos.character)
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
        return types.Hover(
            contents=types.MarkupContent(kind=types.MarkupKind.Markdown, value=markdown),
            range=_convert.structure(span_range(linted.lines, span), types.Range),
        )

    return server


async def pull_configuration(ls: DflintServer) -> None:
    """Ask the editor for the `dflint` section, when it can answer `workspace/configuration`."""
    caps = ls.client_capabilities.workspace
    if not (caps and caps.configuration):
        return
    try:
        result = await asyncio.wait_for(
            ls.workspace_configuration_async(types.ConfigurationParams(items=[types.ConfigurationItem(section="dflint")])),
            timeout=5,
        )
    except Exception as e:  # an editor that fails or times out keeps the defaults
        ls.window_log_message(types.LogMessageParams(type=types.MessageType.Warning, message=f"workspace/configuration: {e}"))
        return
    if result and isinstance(result[0], dict) and result[0]:
        ls.apply_settings({**ls.initialization_options, **result[0]})
        for uri in list(ls.linted):
            ls.lint(uri)
