"""requirements.lock (installed with --require-hashes) agrees with pyproject.toml and
constraints.txt: every dependency is locked at a version its specifier allows, with
hashes. After a change, `make lock` rewrites it."""

from __future__ import annotations

import re
import tomllib

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from packaging.version import Version

from tests.conftest import ROOT

PINNED = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==([^\s\\]+)")


def locked() -> dict[str, tuple[Version, int]]:
    """Name -> (version, number of hashes) for each entry of the lock."""
    entries: dict[str, tuple[Version, int]] = {}
    current: str | None = None
    for line in (ROOT / "requirements.lock").read_text().splitlines():
        if found := PINNED.match(line):
            current = canonicalize_name(found.group(1))
            entries[current] = (Version(found.group(2)), 0)
        elif current and line.strip().startswith("--hash=sha256:"):
            version, hashes = entries[current]
            entries[current] = (version, hashes + 1)
        elif not line.startswith(" "):
            current = None
    return entries


def declared() -> list[Requirement]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())
    names = project["project"]["dependencies"] + project["project"]["optional-dependencies"]["dev"]
    names += project["build-system"]["requires"]
    return [Requirement(r) for r in names]


def test_every_dependency_is_locked_at_an_allowed_version_with_hashes() -> None:
    lock = locked()
    problems = []
    for req in declared():
        name = canonicalize_name(req.name)
        if name not in lock:
            problems.append(f"{req.name} is not in requirements.lock")
            continue
        version = lock[name][0]
        if version not in req.specifier:
            problems.append(f"{req.name} {version} does not satisfy {req.specifier}")
    problems += [f"{name} has no hash" for name, (_, hashes) in lock.items() if hashes == 0]
    assert not problems, "run `make lock`: " + "; ".join(problems)


def test_the_lock_keeps_the_constrained_versions() -> None:
    lock = locked()
    differ = []
    for line in (ROOT / "constraints.txt").read_text().splitlines():
        if found := PINNED.match(line.strip()):
            name = canonicalize_name(found.group(1))
            if name in lock and lock[name][0] != Version(found.group(2)):
                differ.append(f"{name}: lock {lock[name][0]}, constraints {found.group(2)}")
    assert not differ, "run `make lock`: " + "; ".join(differ)


def test_the_makefile_installs_from_the_lock_with_hashes() -> None:
    makefile = (ROOT / "Makefile").read_text()
    assert "--require-hashes -r requirements.lock" in makefile
    assert "--no-deps" in makefile
