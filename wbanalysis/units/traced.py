"""出处标记 (figures that remember their indicator): how a report's text knows which of its
numbers is which indicator, exactly, without parsing it back.

A report's values are :func:`traced`: a ``float`` or ``int`` that also carries its catalogue key
(:class:`TracedFloat`, :class:`TracedInt`). Arithmetic on them gives plain numbers (a
difference of two indicators is neither), comparisons and JSON see the number. The formatters
of :mod:`wbanalysis.units` (:func:`marks`) write a traced value between private-use marks —
``\\ue000key\\ue001`` text ``\\ue002`` — so that the text a sentence is built from carries, around
each figure, the key it came from, through f-strings, joins and the voice's rewriting. The
report helpers take the marks out (:func:`untangle`) before anything is shown: a block keeps
the clean text and the figures' places (start, end, key); no renderer ever sees a mark.

>>> from wbanalysis.units import format_amount
>>> v = traced(3209.0, "funding.total")
>>> text = "共争取项目资金" + format_amount(v) + "。"
>>> untangle(text)
('共争取项目资金3209万元。', [(7, 13, 'funding.total')])
>>> v + 1, type(v + 1) is float
(3210.0, True)
"""

from __future__ import annotations

import functools
import math
import numbers
import re
from collections.abc import Callable
from typing import Any, TypeVar

__all__ = [
    "OPEN",
    "SEP",
    "CLOSE",
    "TracedFloat",
    "TracedInt",
    "traced",
    "key_of",
    "plain",
    "marks",
    "untangle",
    "strip",
]

#: The private-use characters around a figure: OPEN key SEP text CLOSE.
OPEN, SEP, CLOSE = "\ue000", "\ue001", "\ue002"
_MARKED = re.compile(f"{OPEN}([^{OPEN}{SEP}{CLOSE}]*){SEP}|[{OPEN}{SEP}{CLOSE}]")


class TracedFloat(float):
    """A float that knows the indicator it is the value of (``.key``)."""

    key: str

    def __new__(cls, value: float, key: str) -> TracedFloat:
        self = super().__new__(cls, value)
        self.key = key
        return self

    def __reduce__(self):  # pickled (a kernel's outputs, a cache) as the plain number
        return (float, (float(self),))


class TracedInt(int):
    """An int that knows the indicator it is the value of (``.key``)."""

    key: str

    def __new__(cls, value: int, key: str) -> TracedInt:
        self = super().__new__(cls, value)
        self.key = key
        return self

    def __reduce__(self):
        return (int, (int(self),))


def traced(value: Any, key: str) -> Any:
    """``value`` remembering ``key``; anything that is not a finite number is left as is
    (no value is written ``—`` and has no figure to trace)."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real) or not isinstance(key, str):
        return value
    if any(c in key for c in (OPEN, SEP, CLOSE)):
        return value
    if isinstance(value, numbers.Integral):
        return TracedInt(int(value), key)
    number = float(value)
    return TracedFloat(number, key) if math.isfinite(number) else value


def plain(value: Any) -> Any:
    """``value`` as the plain number it is (itself when not traced)."""
    if isinstance(value, TracedInt):
        return int(value)
    if isinstance(value, TracedFloat):
        return float(value)
    return value


def key_of(value: object) -> str | None:
    """The key a traced value carries, else ``None``."""
    key = getattr(value, "key", None)  # duck-typed: one class however the module was imported
    return key if isinstance(key, str) and isinstance(value, int | float) else None


F = TypeVar("F", bound=Callable[..., str])


def marks(formatter: F) -> F:
    """``formatter`` writing a traced first argument between the marks (its own calls of
    other formatters get the plain number: one figure, one pair of marks)."""

    @functools.wraps(formatter)
    def wrapper(value, *args, **kwargs):
        key = key_of(value)
        if key is None:
            return formatter(value, *args, **kwargs)
        plain = int(value) if isinstance(value, int) else float(value)
        text = formatter(plain, *args, **kwargs)
        return f"{OPEN}{key}{SEP}{text}{CLOSE}" if text else text

    return wrapper  # type: ignore[return-value]


def untangle(text: str) -> tuple[str, list[tuple[int, int, str]]]:
    """``text`` without its marks, and each marked figure's (start, end, key) in it.

    Marks not closed, or a figure inside another, are taken out without a figure: a text
    someone cut in the middle of a figure says nothing wrong.

    >>> untangle("a\\ue000k\\ue001b\\ue002c")
    ('abc', [(1, 2, 'k')])
    >>> untangle("a\\ue000k\\ue001b")
    ('ab', [])
    """
    if not any(c in text for c in (OPEN, SEP, CLOSE)):
        return text, []
    out: list[str] = []
    figures: list[tuple[int, int, str]] = []
    length, at, opened = 0, 0, []
    for match in _MARKED.finditer(text):
        out.append(text[at : match.start()])
        length += match.start() - at
        at = match.end()
        if match.group(1) is not None:
            opened.append((length, match.group(1)))
        elif match.group(0) == CLOSE and opened:
            start, key = opened.pop()
            if not opened and length > start:
                figures.append((start, length, key))
    out.append(text[at:])
    return "".join(out), figures


def strip(text: str) -> str:
    """``text`` without marks."""
    return untangle(text)[0] if any(c in text for c in (OPEN, SEP, CLOSE)) else text
