"""One end of a JSON-RPC connection: messages in on a reader thread, everything else on the caller's.

Why a thread: it lets the server wait for "the next message or the next
debounce deadline, whichever comes first" with a queue timeout, on any OS
(select() cannot wait on a Windows pipe). The thread only reads and decodes;
handlers, lints and writes all run on the thread that calls `receive` and
`dispatch`, so no server state is shared between threads.
"""

from __future__ import annotations

import os
import queue
import sys
import threading

from .jsonrpc import INTERNAL_ERROR, METHOD_NOT_FOUND, Malformed, RpcError, encode, error_response, read_message

CLOSED = object()  # `receive` after the input ended (or the output broke)
IDLE = object()  # `receive` timed out
LOG_ERROR = 1  # window/logMessage MessageType


class FdReader:
    """`readline`/`read` straight from a file descriptor.

    Why not `sys.stdin.buffer`: the reader thread is usually blocked in a read
    when the server exits, and interpreter shutdown takes the buffered stream's
    lock, which that thread holds: Python aborts. `os.read` holds no such lock.
    """

    _CHUNK = 1 << 16

    def __init__(self, fd: int) -> None:
        self.fd = fd
        self.buffer = bytearray()

    def _fill(self) -> bool:
        chunk = os.read(self.fd, self._CHUNK)
        self.buffer += chunk
        return bool(chunk)

    def _take(self, size: int) -> bytes:
        data = bytes(self.buffer[:size])
        del self.buffer[:size]
        return data

    def readline(self, limit: int) -> bytes:
        """Up to and including the next newline, at most `limit` bytes; b"" at the end."""
        while True:
            end = self.buffer.find(b"\n", 0, limit)
            if end >= 0:
                return self._take(end + 1)
            if len(self.buffer) >= limit or not self._fill():
                return self._take(limit)

    def read(self, size: int) -> bytes:
        """`size` bytes, fewer only at the end of input."""
        while len(self.buffer) < size and self._fill():
            pass
        return self._take(size)


class Endpoint:
    def __init__(self, reader, writer) -> None:
        self.writer = writer
        self.requests: dict = {}  # method -> handler(params) -> result
        self.notifications: dict = {}  # method -> handler(params)
        self.admit = lambda method: None  # -> RpcError to refuse a method (lifecycle rules)
        self.closed = False
        self._inbox: queue.Queue = queue.Queue()
        self._answers: dict = {}  # id of a request we sent -> callback(result, error)
        self._next_id = 0
        threading.Thread(target=self._read, args=(reader,), name="lsp-reader", daemon=True).start()

    def _read(self, reader) -> None:
        try:
            while (message := read_message(reader)) is not None:
                self._inbox.put(message)
        except (OSError, ValueError):  # the stream broke or was closed under us: same as its end
            pass
        finally:
            self._inbox.put(CLOSED)

    def receive(self, timeout: float | None):
        """The next message, IDLE after `timeout` seconds (None: wait), or CLOSED."""
        if self.closed:
            return CLOSED
        try:
            return self._inbox.get(timeout=timeout)
        except queue.Empty:
            return IDLE

    def send(self, message: dict) -> None:
        if self.closed:
            return
        try:
            self.writer.write(encode(message))
            self.writer.flush()
        except (OSError, ValueError):  # the client went away; the run loop stops at the next receive
            self.closed = True

    def notify(self, method: str, params) -> None:
        self.send({"method": method, "params": params})

    def request(self, method: str, params, callback) -> None:
        """Send a request; `callback(result, error)` runs when (if ever) the answer arrives."""
        self._next_id += 1
        request_id = f"dflint-{self._next_id}"
        self._answers[request_id] = callback
        self.send({"id": request_id, "method": method, "params": params})

    def log(self, kind: int, text: str) -> None:
        self.notify("window/logMessage", {"type": kind, "message": text})

    def dispatch(self, message) -> None:
        """Handle one received message; no input and no handler failure escapes from here."""
        if isinstance(message, Malformed):
            self.send(error_response(None, message.error))
        elif "method" not in message:
            callback = self._answers.pop(message["id"], None)
            if callback is not None:
                self.guarded(f"answer to {message['id']}", callback, message.get("result"), message.get("error"))
        elif "id" in message:
            self._request(message)
        else:
            self._notification(message)

    def _request(self, message: dict) -> None:
        method, request_id = message["method"], message["id"]
        try:
            refusal = self.admit(method)
            if refusal is not None:
                raise refusal
            handler = self.requests.get(method)
            if handler is None:
                raise RpcError(METHOD_NOT_FOUND, f"unhandled method {method}")
            result = handler(message.get("params"))
        except RpcError as e:
            self.send(error_response(request_id, e))
        except Exception as e:  # a bug in a handler answers this request and leaves the server running
            self.report(method)
            self.send(error_response(request_id, RpcError(INTERNAL_ERROR, f"{method}: {type(e).__name__}: {e}")))
        else:
            self.send({"id": request_id, "result": result})

    def _notification(self, message: dict) -> None:
        """Unknown notifications ($/cancelRequest, $/setTrace, …) and refused ones are dropped, as LSP asks."""
        method = message["method"]
        handler = self.notifications.get(method)
        if handler is not None and self.admit(method) is None:
            self.guarded(method, handler, message.get("params"))

    def guarded(self, where: str, function, *args) -> None:
        """Run `function`; a failure is logged (stderr and the editor's log) instead of stopping the server."""
        try:
            function(*args)
        except RpcError as e:  # bad params in a notification: nobody to answer, so say it in the log
            self.log(LOG_ERROR, f"dflint: {where}: {e.message}")
        except Exception:
            self.report(where)

    def report(self, where: str) -> None:
        import traceback

        text = f"dflint: {where} failed:\n{traceback.format_exc()}"
        sys.stderr.write(text)
        self.log(LOG_ERROR, text)
