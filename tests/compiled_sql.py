"""One cache of compiled SQL for every engine the tests make (one per test): compiling the same
statements again for each new engine was a fifth of a quick test's time.

SQLAlchemy keys its cache by the dialect object first, and each engine has its own; engines of one
backend in one run are configured alike, so the key keeps only the dialect's class.
"""

from __future__ import annotations

from typing import Any


class SharedCompiledSQL(dict[Any, Any]):
    @staticmethod
    def _key(key: Any) -> Any:
        if isinstance(key, tuple) and key:
            return (type(key[0]).__qualname__, *key[1:])
        return key

    def get(self, key: Any, default: Any = None) -> Any:
        return super().get(self._key(key), default)

    def __setitem__(self, key: Any, value: Any) -> None:
        super().__setitem__(self._key(key), value)


COMPILED_SQL = SharedCompiledSQL()
