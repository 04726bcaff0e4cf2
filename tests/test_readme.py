"""The README's two set-up commands stay true, and CI runs its test command verbatim."""

from __future__ import annotations

import re

from sovietmap import PROJECT_ROOT


def _commands() -> list[str]:
    text = (PROJECT_ROOT / "README.md").read_text("utf-8")
    setup = text.split("## Set up", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"```sh\n(.+?)\n```", setup)


def test_readme_has_exactly_two_setup_commands() -> None:
    launch, tests = _commands()
    assert "pip install" in launch and launch.rstrip().endswith("sovietmap")
    assert "pip install" in tests and "pytest" in tests


def test_ci_runs_the_readme_test_command_verbatim() -> None:
    _, tests = _commands()
    ci = (PROJECT_ROOT / ".ci" / "run").read_text("utf-8")
    assert tests in ci.splitlines()
