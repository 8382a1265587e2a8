"""Small value classes without `dataclasses`: equality, hashing, repr and `replace` over named fields.

Why: the CLI starts in tens of milliseconds, and `dataclasses` costs more than
that budget allows: importing it pulls in `inspect` (≈8 ms) and each decorated
class generates and compiles its methods at import time (≈0.5 ms a class, ~50
classes on the lint path). Classes built on `Record` write their `__init__`
by hand and get the rest from here, with the same behaviour a dataclass has:
`Name(field=value, …)` repr, equality only between instances of the same class
comparing the fields in order, unhashable when mutable; `FrozenRecord` adds
hashing and refuses assignment.
"""

from __future__ import annotations


class FrozenInstanceError(AttributeError):
    """Assignment to a field of a frozen record (as `dataclasses.FrozenInstanceError`)."""


class Record:
    """Base of a value class; `_fields` lists its fields in order (default: its `__slots__`).

    `_compared` names the fields equality and hashing look at when some are left out.
    """

    __slots__ = ()
    _fields: tuple[str, ...] = ()
    _compared: tuple[str, ...] | None = None

    def __init_subclass__(cls, **kwargs) -> None:
        super().__init_subclass__(**kwargs)
        if "_fields" not in cls.__dict__ and "__slots__" in cls.__dict__:
            cls._fields = tuple(cls.__dict__["__slots__"])
        if "_compared" not in cls.__dict__:
            cls._compared = cls._fields

    def _key(self) -> tuple:
        return tuple([getattr(self, name) for name in self._compared])

    def __eq__(self, other):
        if other.__class__ is self.__class__:
            return self._key() == other._key()
        return NotImplemented

    __hash__ = None  # mutable: like a dataclass with eq and without frozen

    def __repr__(self) -> str:
        inner = ", ".join([f"{name}={getattr(self, name)!r}" for name in self._fields])
        return f"{self.__class__.__qualname__}({inner})"


class FrozenRecord(Record):
    """A record whose fields are set once in `__init__` (through `object.__setattr__`)."""

    __slots__ = ()

    def __hash__(self) -> int:
        return hash(self._key())

    def __setattr__(self, name, value):
        raise FrozenInstanceError(f"cannot assign to field {name!r}")

    def __delattr__(self, name):
        raise FrozenInstanceError(f"cannot delete field {name!r}")


def replace(record: Record, **changes) -> Record:
    """A copy of `record` with some fields changed (as `dataclasses.replace`)."""
    values = {name: getattr(record, name) for name in record._fields}
    values.update(changes)
    return record.__class__(**values)


def named_tuple(cls):
    """`@named_tuple class X: a: int; b: str = ""` builds what `class X(typing.NamedTuple)` builds
    (a `collections.namedtuple` carrying the class's methods, docstring and annotations),
    without importing `typing` (≈ 2.5 ms at start-up)."""
    from collections import namedtuple

    body = cls.__dict__
    fields = list(body.get("__annotations__", {}))
    defaults = [body[name] for name in fields if name in body]
    if any(name in body for name in fields[: len(fields) - len(defaults)]):
        raise TypeError(f"{cls.__name__}: a field without a default follows one with a default")
    made = namedtuple(cls.__name__, fields, defaults=defaults, module=cls.__module__)
    for key, value in body.items():
        if key not in fields and key not in ("__dict__", "__weakref__", "__module__"):
            setattr(made, key, value)
    made.__qualname__ = cls.__qualname__
    return made
