"""Reading one table of the project file, every value checked for type and range as it is read.

A :class:`Table` hands out the values of one TOML table (``[server]``, one ``[[sources]]``
entry), each with its default. A value of the wrong type or out of range is a ConfigError that
names the file, the key and what is allowed; a value from an environment variable names the
variable (the caller hands over the environment: config.py is its only reader). Keys nothing asked for come back from :meth:`Table.warnings`, with the known ones, so
a misspelt setting is said out loud instead of silently ignored.

>>> from cultuurgraaf.errors import Location
>>> server = Table({"port": 99999, "prot": 8001}, section="[server]", where=Location("cultuurgraaf.toml"))
>>> server.integer("port", 8000, minimum=1, maximum=65535)
Traceback (most recent call last):
...
cultuurgraaf.errors.ConfigError: cultuurgraaf.toml, [server] port: must be a whole number from 1 to 65535, not 99999
>>> server.warnings()
["cultuurgraaf.toml, [server]: unknown setting 'prot' is ignored (known: port)"]
"""

from __future__ import annotations

import json
from dataclasses import replace
from typing import Any, Iterable, Mapping

from .errors import ConfigError, Location, excerpt

_MISSING = object()


class Table:
    """The settings of one table; ``section`` names it in messages (``[server]``, ``[[sources]] 'objecten'``,
    empty for the file's top level)."""

    def __init__(self, data: Any, *, section: str, where: Location, environ: Mapping[str, str] | None = None):
        if not isinstance(data, dict):
            raise ConfigError(f"must be a table, not {shown(data)}", location=replace(where, record=section or None))
        self.data = data
        self.section = section
        self.where = where
        self.environ = environ or {}
        self._asked: dict[str, None] = {}

    # the kinds of value --------------------------------------------------------------------
    def text(self, key: str, default: str | None = None, *, required: bool = False,
             env: str | None = None) -> str | None:
        """A string (surrounding blanks removed); ``required`` refuses a missing or blank one."""
        value, place = self._get(key, env)
        if value is _MISSING:
            if required:
                raise self.error(key, "is required (a string)")
            return default
        if not isinstance(value, str):
            raise self.error(key, f"must be a string, not {shown(value)}",
                             hint=f'put it in quotes: {key} = "{value}"' if isinstance(value, (int, float)) else None,
                             place=place)
        if required and not value.strip():
            raise self.error(key, "must not be empty", place=place)
        return value.strip()

    def choice(self, key: str, default: str, choices: Iterable[str], *, env: str | None = None) -> str:
        """One of ``choices`` (compared without regard to case)."""
        choices = tuple(choices)
        value, place = self._get(key, env)
        if value is _MISSING:
            return default
        found = next((c for c in choices if isinstance(value, str) and value.strip().lower() == c.lower()), None)
        if found is None:
            raise self.error(key, f"must be one of {', '.join(map(shown, choices))}, not {shown(value)}", place=place)
        return found

    def integer(self, key: str, default: int, *, minimum: int | None = None, maximum: int | None = None,
                env: str | None = None, meaning: str = "") -> int:
        """A whole number within ``minimum`` and ``maximum``; ``meaning`` adds what a value means
        (``0 turns the limit off``) to the message."""
        value, original, place = self._numeric(key, env, int)
        if value is _MISSING:
            return default
        allowed = "a whole number" + _range(minimum, maximum) + (f" ({meaning})" if meaning else "")
        if not isinstance(value, int) or isinstance(value, bool) \
                or (minimum is not None and value < minimum) or (maximum is not None and value > maximum):
            raise self.error(key, f"must be {allowed}, not {shown(original)}", place=place)
        return value

    def number(self, key: str, default: float, *, above: float | None = None, env: str | None = None,
               unit: str = "") -> float:
        """A number (whole or not) greater than ``above``; ``unit`` says of what (``seconds``)."""
        value, original, place = self._numeric(key, env, float)
        if value is _MISSING:
            return default
        if not isinstance(value, (int, float)) or isinstance(value, bool) or value != value \
                or value in (float("inf"), float("-inf")) or (above is not None and value <= above):
            allowed = f"a number{' of ' + unit if unit else ''}" + (f" above {above:g}" if above is not None else "")
            raise self.error(key, f"must be {allowed}, not {shown(original)}", place=place)
        return float(value)

    def flag(self, key: str, default: bool) -> bool:
        """``true`` or ``false``."""
        value, place = self._get(key, None)
        if value is _MISSING:
            return default
        if not isinstance(value, bool):
            raise self.error(key, f"must be true or false (without quotes), not {shown(value)}", place=place)
        return value

    def texts(self, key: str) -> list[str]:
        """A string or a list of strings (an empty list when the key is absent)."""
        value, place = self._get(key, None)
        if value is _MISSING:
            return []
        if isinstance(value, str):
            return [value]
        if isinstance(value, list) and all(isinstance(v, str) for v in value):
            return list(value)
        raise self.error(key, f"must be a string or a list of strings, not {shown(value)}", place=place)

    def urls(self, key: str) -> list[str]:
        """A list of http(s) URLs."""
        found = self.texts(key)
        for url in found:
            if not url.startswith(("http://", "https://")) or any(c.isspace() for c in url):
                raise self.error(key, f"must list http(s) URLs, and {shown(url)} is not one")
        return found

    def url(self, key: str, *, env: str | None = None) -> str | None:
        """An http(s) URL, or None when absent."""
        value = self.text(key, env=env)
        if value is not None and (not value.startswith(("http://", "https://")) or any(c.isspace() for c in value)):
            raise self.error(key, f"must be an http(s) URL, not {shown(value)}", place=self._place(key, env))
        return value

    def raw(self, key: str, default: Any = None) -> Any:
        """The value as the file has it, for a setting that may take several shapes; the caller checks it."""
        value, _ = self._get(key, None)
        return default if value is _MISSING else value

    # messages ------------------------------------------------------------------------------
    def error(self, key: str, message: str, *, hint: str | None = None, place: str | None = None) -> ConfigError:
        """An error about one key (``place`` names the environment variable the value came from)."""
        if place is not None:
            return ConfigError(f"the environment variable {place} (for {self.section} {key}) {message}", hint=hint)
        return ConfigError(message, location=replace(self.where, record=f"{self.section} {key}".strip()), hint=hint)

    def warnings(self) -> list[str]:
        """One warning for each key nothing asked for, naming the known ones."""
        known = ", ".join(self._asked) or "none"
        return [f"{replace(self.where, record=self.section or None)}: unknown setting '{excerpt(str(key), 60)}' is ignored (known: {known})"
                for key in self.data if key not in self._asked]

    # internals -----------------------------------------------------------------------------
    def _get(self, key: str, env: str | None) -> tuple[Any, str | None]:
        """The value and, when it came from the environment, the variable's name."""
        self._asked[key] = None
        if env is not None and self.environ.get(env):
            return self.environ[env], env
        return self.data.get(key, _MISSING), None

    def _numeric(self, key: str, env: str | None, kind: type) -> tuple[Any, Any, str | None]:
        """The value (a number read from the environment's text), the value as given, and its place."""
        value, place = self._get(key, env)
        if isinstance(value, str) and place is not None:
            try:
                return kind(value.strip()), value, place
            except ValueError:
                pass
        return value, value, place

    def _place(self, key: str, env: str | None) -> str | None:
        return env if env is not None and self.environ.get(env) else None


def shown(value: Any) -> str:
    """A value as the project file would write it, cut short when long.

    >>> shown("abc"), shown(12345), shown(True), shown([1, 2]), shown({"a": 1})
    ('"abc"', '12345', 'true', 'a list', 'a table')
    """
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return json.dumps(excerpt(value, 60), ensure_ascii=False)
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a table"
    return excerpt(str(value), 60)


def _range(minimum: int | None, maximum: int | None) -> str:
    if minimum is not None and maximum is not None:
        return f" from {minimum} to {maximum}"
    if minimum is not None:
        return f" of at least {minimum}"
    if maximum is not None:
        return f" of at most {maximum}"
    return ""
