"""The README's `users` commands work as written on a fresh database: the interactive
ones answer their password prompts in a pseudo-terminal, the scripted one reads a pipe."""

from __future__ import annotations

import os
import pty
import re
import select
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PASSWORD = "correct horse battery staple"
BLOCK = re.compile(r"```sh\n(.*?)```", re.DOTALL)

pytestmark = pytest.mark.e2e


def users_commands() -> list[str]:
    text = (ROOT / "README.md").read_text("utf-8")
    lines = [line for block in BLOCK.findall(text) for line in block.splitlines()]
    return [line.split("  #")[0].strip() for line in lines if "hotline_server users" in line]


def in_terminal(command: str, env: dict[str, str], timeout: float = 60) -> tuple[int, str]:
    """Run `command` with a pseudo-terminal as its terminal, typing PASSWORD when asked."""
    pid, fd = pty.fork()
    if pid == 0:  # the child: its controlling terminal is the pty
        os.chdir(ROOT)
        os.execvpe("bash", ["bash", "-c", command], env)  # noqa: S606 (the README line, as written)
    output, deadline = b"", time.monotonic() + timeout
    answered = 0
    while time.monotonic() < deadline:
        ready, _, _ = select.select([fd], [], [], 0.5)
        if not ready:
            continue
        try:
            chunk = os.read(fd, 1024)
        except OSError:  # the child closed the terminal
            break
        if not chunk:
            break
        output += chunk
        while output.count(b"Password: ") + output.count(b"Again: ") > answered:
            os.write(fd, PASSWORD.encode() + b"\n")
            answered += 1
    _, status = os.waitpid(pid, 0)
    os.close(fd)
    return os.waitstatus_to_exitcode(status), output.decode(errors="replace")


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    values = {k: v for k, v in os.environ.items() if not k.startswith("HOTLINE_")}
    values["HOTLINE_SETTINGS_FILE"] = str(ROOT / "settings.toml")
    values["HOTLINE_DEV_MODE"] = "true"  # a development shell, as the README sets it up
    values["HOTLINE_DATABASE_URL"] = f"sqlite://{tmp_path / 'readme.sqlite3'}"
    values["PASSWORD"] = PASSWORD
    for step in ("migrate", "seed-demo"):  # what `make run` does first
        subprocess.run(
            [sys.executable, "-m", "hotline_server", step], env=values, cwd=ROOT, check=True
        )
    return values


def test_the_readme_users_commands_work_as_written(env: dict[str, str]) -> None:
    commands = users_commands()
    assert len(commands) >= 5 and any("--unit csgt" in c for c in commands)
    for command in commands:
        assert command.startswith((".venv/bin/python", "printf"))
        if "--password-stdin" in command:
            done = subprocess.run(
                ["bash", "-c", command], env=env, cwd=ROOT, capture_output=True, text=True
            )
            code, output = done.returncode, done.stdout + done.stderr
        else:
            code, output = in_terminal(command, env)
        assert code == 0, (command, output)
        assert "Traceback" not in output
        if " token " in command:
            assert re.search(r"\S{20,}", output.splitlines()[-1]), output


def test_create_without_a_terminal_says_to_use_password_stdin(env: dict[str, str]) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "hotline_server", "users", "create", "x1", "--role", "admin"],
        env=env, cwd=ROOT, capture_output=True, text=True, stdin=subprocess.DEVNULL,
    )  # fmt: skip
    assert done.returncode == 2
    assert "--password-stdin" in done.stderr and "Traceback" not in done.stderr
