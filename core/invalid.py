"""What a person typed or picked that Drumbeat cannot use, as data.

Core says *what* is wrong (a code, and the values that matter); `views.invalid` says it in words, in one
place, so that every sentence a person reads is built in views/ (and can be translated there).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Invalid:
    code: str
    values: Mapping[str, Any] = field(default_factory=dict)


def invalid(code: str, **values: Any) -> Invalid:
    return Invalid(code, values)


class Refused(ValueError):
    """Raised where a function cannot go on with what was typed."""

    def __init__(self, why: Invalid) -> None:
        super().__init__(why.code)
        self.why = why


Errors = dict[str, Invalid]  # a form's field -> what to fix there
