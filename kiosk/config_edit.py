"""Changing one value of the config file while keeping the organisers' comments.

ruamel.yaml's round-trip mode keeps comments and layout, which PyYAML cannot.
"""
from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML

from kiosk.config import ConfigError
from kiosk.content.diagnostics import syntax_diagnostic
from kiosk.content.yamlsource import YamlSyntaxError, load_yaml


def set_config_value(path: Path | str, keys: tuple[str, ...], value: Any) -> None:
    """Set ``keys`` (e.g. ``("voice", "models", "fr")``) to ``value``; atomic write.

    Raises :class:`ConfigError` for a file our own YAML reader refuses (syntax, size,
    nesting, aliases) before ruamel.yaml, which has no such limits, reads it."""
    path = Path(path)
    try:
        load_yaml(path)
    except YamlSyntaxError as exc:
        raise ConfigError([syntax_diagnostic(exc)]) from None
    yaml = YAML()  # round-trip
    yaml.preserve_quotes = True
    data = yaml.load(path.read_text(encoding="utf-8")) or {}
    node = data
    for key in keys[:-1]:
        if node.get(key) is None:
            node[key] = {}
        node = node[key]
    node[keys[-1]] = value
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            yaml.dump(data, out)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
