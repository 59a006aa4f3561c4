"""`docs/settings.md`, generated from the settings model (a test keeps it current).

Run ``python -m hotline_server.devtools.settings_doc > docs/settings.md`` after a
setting is added or changed; every setting needs its attribute docstring.
"""

from __future__ import annotations

import json
import sys
from typing import Any, Literal, get_args, get_origin

from annotated_types import Ge, Gt, Le, Lt
from pydantic import BaseModel, SecretStr
from pydantic.fields import FieldInfo
from pydantic_core import PydanticUndefined

from hotline_server.settings import Settings

BOUNDS = ((Ge, "ge", "≥"), (Gt, "gt", ">"), (Le, "le", "≤"), (Lt, "lt", "<"))
HEADER = """\
# Settings

Generated from `hotline_server/settings.py` by
`python -m hotline_server.devtools.settings_doc > docs/settings.md`;
`tests/test_settings_doc.py` fails when this file is stale.

Values come from `settings.toml` (or the file `HOTLINE_SETTINGS_FILE` names),
and an environment variable overrides each one. The default is the one that
applies when neither sets it; `settings.toml` sets dev-mode values that run
out of the box. Outside dev mode a placeholder Twilio auth token, a short or
`dev-` phone key or session secret, and the dev clock are refused.

| setting | environment variable | default | allowed | meaning |
|---|---|---|---|---|
"""


def settings_doc() -> str:
    rows = list(_rows(Settings, ""))
    return HEADER + "".join(f"| {' | '.join(row)} |\n" for row in rows)


def _rows(model: type[BaseModel], prefix: str) -> Any:
    for name, info in model.model_fields.items():
        nested = info.annotation
        if isinstance(nested, type) and issubclass(nested, BaseModel) and name != "demo_hotlines":
            yield from _rows(nested, f"{prefix}{name}.")
            continue
        if not info.description:
            raise ValueError(f"setting {prefix}{name} has no docstring")
        env = "HOTLINE_" + (prefix.replace(".", "__") + name).upper()
        meaning = " ".join(info.description.split())
        yield (f"`{prefix}{name}`", f"`{env}`", _default(info), _allowed(info), meaning)


def _default(info: FieldInfo) -> str:
    value = info.get_default(call_default_factory=True)
    if value is PydanticUndefined:
        return "(required)"
    if isinstance(value, SecretStr):
        value = value.get_secret_value()
    if value is None or value == "" or value == []:
        return "(none)"
    return f"`{json.dumps(value, ensure_ascii=False)}`"


def _allowed(info: FieldInfo) -> str:
    if get_origin(info.annotation) is Literal:
        return ", ".join(f"`{c}`" for c in get_args(info.annotation))
    words = []
    for item in info.metadata:
        for kind, attr, sign in (
            (Ge, "ge", "≥"),
            (Gt, "gt", ">"),
            (Le, "le", "≤"),
            (Lt, "lt", "<"),
        ):
            if isinstance(item, kind):
                words.append(f"{sign} {getattr(item, attr)}")
        pattern = getattr(item, "pattern", None)
        if pattern:
            words.append("HH:MM" if "[0-5]" in pattern else f"`{pattern}`")
    return ", ".join(words)


if __name__ == "__main__":
    sys.stdout.write(settings_doc())
