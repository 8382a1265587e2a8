"""`RUN --mount=...` values, parsed and checked as BuildKit's `commands_runmount.go` does.

Values that hold a variable (`$X`) are kept as written: BuildKit expands them
later, so they cannot be judged here (except `from=`, which never expands).
"""

from __future__ import annotations

import re

from ..records import Record

MOUNT_TYPES = ("bind", "cache", "tmpfs", "secret", "ssh")
_KEYS = (
    "type", "from", "source", "target", "readonly", "id", "sharing", "required", "size", "mode",
    "uid", "gid", "src", "dst", "destination", "ro", "rw", "readwrite", "env",
)  # fmt: skip
_SIZE = re.compile(r"^(\d+(?:\.\d+)?)\s*([kKmMgGtTpP]?[iI]?[bB]?)$")


class MountError(ValueError):
    pass


class Mount(Record):
    type: str
    options: dict[str, str | None]  # lower-cased key -> value as written
    source: str | None
    target: str | None
    from_: str | None
    id: str | None
    readonly: bool | None  # None: BuildKit's default for the type
    required: bool
    env: str | None
    sharing: str | None

    __slots__ = ("type", "options", "source", "target", "from_", "id", "readonly", "required", "env", "sharing")

    def __init__(
        self,
        type: str = "bind",
        options: dict[str, str | None] | None = None,
        source: str | None = None,
        target: str | None = None,
        from_: str | None = None,
        id: str | None = None,
        readonly: bool | None = None,
        required: bool = False,
        env: str | None = None,
        sharing: str | None = None,
    ) -> None:
        self.type = type
        self.options = {} if options is None else options
        self.source = source
        self.target = target
        self.from_ = from_
        self.id = id
        self.readonly = readonly
        self.required = required
        self.env = env
        self.sharing = sharing

    @property
    def effective_readonly(self) -> bool:
        if self.readonly is not None:
            return self.readonly
        return self.type not in ("cache", "tmpfs")


def split_csv(value: str) -> list[str]:
    """One record of Go's encoding/csv (comma-separated, `"` quoting, no lazy quotes)."""
    fields: list[str] = []
    i, n = 0, len(value)
    while True:
        if i < n and value[i] == '"':
            i += 1
            buf = []
            while True:
                j = value.find('"', i)
                if j < 0:
                    raise MountError('failed to parse csv mounts: extraneous or missing " in quoted-field')
                buf.append(value[i:j])
                if j + 1 < n and value[j + 1] == '"':
                    buf.append('"')
                    i = j + 2
                    continue
                i = j + 1
                break
            if i < n and value[i] != ",":
                raise MountError('failed to parse csv mounts: extraneous or missing " in quoted-field')
            fields.append("".join(buf))
        else:
            j = value.find(",", i)
            end = n if j < 0 else j
            text = value[i:end]
            if '"' in text:
                raise MountError('failed to parse csv mounts: bare " in non-quoted-field')
            fields.append(text)
            i = end
        if i >= n:
            return fields
        i += 1  # skip the comma


def _bool(key: str, value: str) -> bool:
    lowered = value.lower()
    if lowered in ("1", "t", "true"):
        return True
    if lowered in ("0", "f", "false"):
        return False
    raise MountError(f"invalid value for {key}: {value}")


def parse_mount(value: str) -> Mount:
    """Parse one `--mount` value; raises MountError with BuildKit's message."""
    mount = Mount()
    has_var = "$" in value
    mode = uid = gid = None
    for item in split_csv(value):
        key, eq, val = item.partition("=")
        key = key.lower()
        mount.options[key] = val if eq else None
        if not eq:
            if key in ("readonly", "ro"):
                mount.readonly = True
            elif key in ("readwrite", "rw"):
                mount.readonly = False
            elif key == "required":
                if mount.type not in ("secret", "ssh"):
                    raise MountError(f"unexpected key '{key}' for mount type '{mount.type}'")
                mount.required = True
            else:
                raise MountError(f"invalid field '{item}' must be a key=value pair")
            continue
        if key == "from" and "$" in val[:-1]:
            raise MountError(f"'{key}' doesn't support variable expansion, define alias stage instead")
        dynamic = "$" in val
        if key == "type":
            if dynamic:
                continue
            if val.lower() not in MOUNT_TYPES:
                raise MountError(f'unsupported mount type "{val}"' + _suggest(val, MOUNT_TYPES))
            mount.type = val.lower()
        elif key == "from":
            mount.from_ = val
        elif key in ("source", "src"):
            mount.source = val
        elif key in ("target", "dst", "destination"):
            mount.target = val
        elif key in ("readonly", "ro"):
            mount.readonly = val if dynamic else _bool(key, val)
        elif key in ("readwrite", "rw"):
            mount.readonly = val if dynamic else not _bool(key, val)
        elif key == "required":
            if mount.type not in ("secret", "ssh"):
                raise MountError(f"unexpected key '{key}' for mount type '{mount.type}'")
            mount.required = True if dynamic else _bool(key, val)
        elif key == "size":
            if mount.type != "tmpfs":
                raise MountError(f"unexpected key '{key}' for mount type '{mount.type}'")
            if not dynamic and not _SIZE.match(val):
                raise MountError(f"invalid value for {key}: {val}")
        elif key == "id":
            mount.id = val
        elif key == "sharing":
            if mount.type != "cache":
                raise MountError(f"invalid cache sharing set for {mount.type} mount")
            if not dynamic and val.lower() not in ("shared", "private", "locked"):
                raise MountError(f'unsupported sharing value "{val}"')
            mount.sharing = val.lower()
        elif key == "mode":
            if not dynamic and not re.fullmatch(r"[0-7]+", val):
                raise MountError(f"invalid value {val} for mode")
            mode = val
        elif key in ("uid", "gid"):
            if not dynamic and not val.isdigit():
                raise MountError(f"invalid value {val} for {key}")
            if key == "uid":
                uid = val
            else:
                gid = val
        elif key == "env":
            mount.env = val
        else:
            raise MountError(f"unexpected key '{key}' in '{item}'" + _suggest(key, _KEYS))
    if mount.type not in ("secret", "ssh", "cache"):
        for name, given in (("mode", mode), ("uid", uid), ("gid", gid)):
            if given is not None:
                raise MountError(f'{name} not allowed for "{mount.type}" type mounts')
    if mount.sharing and mount.type != "cache":
        raise MountError(f"invalid cache sharing set for {mount.type} mount")
    if mount.type == "secret" and not has_var:
        if mount.from_:
            raise MountError("secret mount should not have a from")
        if not mount.source and not mount.target and not mount.id:
            raise MountError("invalid secret mount. one of source, target required")
        if mount.source and mount.id:
            raise MountError("both source and id can't be set")
    return mount


def _suggest(value: str, choices: tuple[str, ...]) -> str:
    from .suggest import closest

    match = closest(value, choices)
    return f" (did you mean {match}?)" if match else ""
