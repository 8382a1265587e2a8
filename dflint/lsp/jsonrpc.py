"""JSON-RPC 2.0 messages with LSP's `Content-Length` framing, over byte streams.

Only framing and message shapes live here; what the messages mean is the
server's business. A reader never raises on bad input: a frame it cannot
use becomes a `Malformed` value the server answers with an error, and it
resynchronises on the next `Content-Length` header it finds.
"""

from __future__ import annotations

import json
import re

PARSE_ERROR = -32700
INVALID_REQUEST = -32600
METHOD_NOT_FOUND = -32601
INVALID_PARAMS = -32602
INTERNAL_ERROR = -32603
SERVER_NOT_INITIALIZED = -32002

# anywhere in a header line, so garbage glued in front of a header does not lose the frame
_LENGTH = re.compile(rb"content-length[ \t]*:[ \t]*(\d{1,9})", re.I)
_MAX_HEADER_LINE = 1 << 16  # a longer "header" is garbage; read it in pieces rather than all at once


class RpcError(Exception):
    """An error to send back as a request's `error` member."""

    def __init__(self, code: int, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


class Malformed:
    """A frame that is not a usable JSON-RPC message: answered with `error`, id unknown (null)."""

    __slots__ = ("error",)

    def __init__(self, error: RpcError) -> None:
        self.error = error


def read_message(stream):
    """The next message (a dict), a `Malformed` frame, or None at end of input."""
    while True:
        length = None
        while True:
            line = stream.readline(_MAX_HEADER_LINE)
            if not line:
                return None
            if not line.strip():
                if length is not None:
                    break
                continue  # blank lines between frames (or after a header-less block) are skipped
            found = _LENGTH.search(line)
            if found:
                length = int(found.group(1))
        body = stream.read(length)
        if len(body) < length:
            return None
        return decode(body)


def decode(body: bytes):
    try:
        message = json.loads(body)
    except (ValueError, RecursionError) as e:  # UnicodeDecodeError is a ValueError
        return Malformed(RpcError(PARSE_ERROR, f"parse error: {e}"))
    problem = _shape_problem(message)
    return Malformed(RpcError(INVALID_REQUEST, problem)) if problem else message


def _shape_problem(message) -> str | None:
    if not isinstance(message, dict):
        return "a message must be a JSON object"
    if "method" in message:
        if not isinstance(message["method"], str):
            return "`method` must be a string"
        if "params" in message and not isinstance(message["params"], (dict, list, type(None))):
            return "`params` must be an object or an array"
    elif "id" not in message or not ("result" in message or "error" in message):
        return "neither a request, a notification nor a response"
    request_id = message.get("id")
    if isinstance(request_id, bool) or not isinstance(request_id, (int, str, type(None))):
        return "`id` must be a number or a string"
    return None


def encode(message: dict) -> bytes:
    """One frame; ASCII-escaped JSON, so a lone surrogate from undecodable bytes stays valid UTF-8."""
    body = json.dumps({"jsonrpc": "2.0", **message}, separators=(",", ":")).encode("ascii")
    return b"Content-Length: %d\r\n\r\n%s" % (len(body), body)


def error_response(request_id, error: RpcError) -> dict:
    return {"id": request_id, "error": {"code": error.code, "message": error.message}}
