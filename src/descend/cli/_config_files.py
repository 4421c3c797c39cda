"""Settings files: the mapping in a YAML or TOML file given with ``--config``.

Only the file's form is checked here (readable, a mapping, no key twice); its values are
checked with the command line's by :func:`._resolve.resolve`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from ._app import ConfigError
from ._yaml import SafeLoader

try:
    import tomllib
except ModuleNotFoundError:  # Python 3.10: TOML files are refused with a message
    tomllib = None

__all__ = ["read_config_file", "settings_file"]

# What a run folder's config.yaml records beside its settings: the rate its run started from.
_RECORDED = ("lr_used",)


def read_config_file(path: str | Path) -> dict[str, Any]:
    """The mapping in a YAML (``.yaml``/``.yml``) or TOML (``.toml``) file; keys may use ``-``.

    >>> import tempfile, os
    >>> with tempfile.TemporaryDirectory() as d:
    ...     p = os.path.join(d, "run.toml")
    ...     _ = open(p, "w").write('data = "iris"\\nbatch-size = 16\\n')
    ...     read_config_file(p)
    {'data': 'iris', 'batch_size': 16}
    """
    path = Path(path)
    where = f"config {path}"
    if not path.is_file():
        raise ConfigError(f"{where}: no such file")
    content = _load(_text(path, where), path.suffix.lower(), where)
    if content is None:
        return {}
    if not isinstance(content, dict):
        raise ConfigError(f"{where}: expected a mapping of settings (key: value), got a {type(content).__name__}")
    settings: dict[str, Any] = {}
    spelled: dict[str, str] = {}
    for k, v in content.items():
        key = str(k).replace("-", "_")
        if key in settings:
            raise ConfigError(f"{where}: {key} is given twice, as {spelled[key]!r} and {str(k)!r}: keep one")
        settings[key], spelled[key] = v, str(k)
    return settings


def settings_file(path: str | Path) -> dict[str, Any]:
    """The settings of a ``--config`` file (:func:`read_config_file`), less what a run folder's
    ``config.yaml`` records beside them (``lr_used``, :data:`_RECORDED`): that file trains its run
    again, as ``--resume`` reads it.

    >>> import tempfile, os
    >>> with tempfile.TemporaryDirectory() as d:
    ...     p = os.path.join(d, "config.yaml")
    ...     _ = open(p, "w").write("data: iris\\nlr: null\\nlr_used: 0.001\\n")
    ...     settings_file(p)
    {'data': 'iris', 'lr': None}
    """
    return {k: v for k, v in read_config_file(path).items() if k not in _RECORDED}


def _text(path: Path, where: str) -> str:
    """The file's text, read as UTF-8 (a byte-order mark allowed); anything else is refused
    naming the file and where it stops being UTF-8."""
    data = path.read_bytes()
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        line = data.count(b"\n", 0, err.start) + 1
        raise ConfigError(
            f"{where}: not UTF-8 text: line {line} holds the byte 0x{data[err.start]:02x}; "
            "a settings file is text: save it as UTF-8"
        ) from None


def _load(text: str, suffix: str, where: str) -> Any:
    """What the file's text holds, read as TOML or YAML by its ``suffix``."""
    if suffix == ".toml":
        if tomllib is None:
            raise ConfigError(f"{where}: TOML files need Python 3.11 or later; use YAML")
        try:
            return tomllib.loads(text)
        except tomllib.TOMLDecodeError as err:
            raise ConfigError(f"{where}: not valid TOML: {err}") from None
    if suffix in (".yaml", ".yml"):
        try:
            return yaml.load(text, Loader=_UniqueKeyLoader)  # a SafeLoader: data, never code
        except _DuplicateKey as err:
            raise ConfigError(
                f"{where}: {err.key} is given twice (the second time on line {err.line}): keep one"
            ) from None
        except yaml.YAMLError as err:
            raise ConfigError(f"{where}: not valid YAML: {' '.join(str(err).split())}") from None
    raise ConfigError(f"{where}: expected a .yaml, .yml or .toml file")


class _DuplicateKey(yaml.YAMLError):
    def __init__(self, key: Any, line: int) -> None:
        super().__init__(f"{key} is given twice")
        self.key, self.line = key, line


class _UniqueKeyLoader(SafeLoader):
    """The command line's ``SafeLoader`` (YAML 1.2's floats: ``1e-4`` a number) that refuses a key
    given twice in one mapping (PyYAML keeps the last one silently)."""

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        seen: set[Any] = set()
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=deep)
            if isinstance(key, (str, int, float, bool)) and key in seen:
                raise _DuplicateKey(key, key_node.start_mark.line + 1)
            seen.add(key)
        return super().construct_mapping(node, deep=deep)
