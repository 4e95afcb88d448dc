"""Start-up (issue 25): what the console's listings and helps and the app's first frame import.

`workbench lessons`, `workbench panes`, `workbench --help`, every subcommand's `--help` and
`workbench --version` (without importlib.metadata, which took longer than all of `--help`) answer without NumPy, a pane's model, the library, the data sets, the job runner, Textual or markdown-it,
and in English read no Korean string; the app draws its first screen without any model either, and
checks the lessons (loading the models) only after it. Only a fresh interpreter shows what a command
imports; the times themselves are measured in benchmarks/bench_startup.py, never here.
"""
import argparse
import json
import subprocess
import sys
from pathlib import Path

import pytest

from workbench import cli

HEAVY = ("numpy", "textual", "rich", "markdown_it", "pygments", "plotext", "textual_plotext", "importlib.metadata",
         "workbench.nn", "workbench.datasets", "workbench.jobs", "workbench.app")

COMMAND = """
import json, sys
opened = []
def audit(event, args):
    if event == "open" and isinstance(args[0], str):
        opened.append(args[0])
sys.addaudithook(audit)
from workbench import cli
try:
    status = cli.main({argv!r})
except SystemExit as exc:
    status = exc.code
with open({report!r}, "w") as out:
    json.dump({{"status": status, "modules": sorted(sys.modules), "opened": opened}}, out)
"""


def imported_by(argv: list[str], tmp_path: Path) -> dict:
    report = tmp_path / "report.json"
    program = COMMAND.format(argv=argv, report=str(report))
    done = subprocess.run([sys.executable, "-c", program], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    found = json.loads(report.read_text())
    assert found["status"] in (0, None), (argv, done.stderr)
    return found


def heavy(modules: list[str]) -> list[str]:
    """The modules of `modules` a listing must not load: the heavy packages and every pane's model."""
    models = [m for m in modules if m.startswith("workbench.models.")
              and m not in ("workbench.models.catalog", "workbench.models.settings") and not m.endswith("_settings")]
    return [m for m in modules if m in HEAVY or m.split(".")[0] in HEAVY
            or any(m.startswith(h + ".") for h in HEAVY)] + models


def helps() -> list[list[str]]:
    """`--help` and each subcommand's (and each of their subcommands'), as the parser has them."""
    found = [["--help"]]

    def walk(parser: argparse.ArgumentParser, prefix: list[str]) -> None:
        for action in parser._actions:
            if isinstance(action, argparse._SubParsersAction):
                for name, sub in action.choices.items():
                    found.append([*prefix, name, "--help"])
                    walk(sub, [*prefix, name])

    walk(cli.build_parser(), [])
    return found


@pytest.mark.parametrize("argv", [["lessons"], ["panes"], ["--version"], *helps()], ids=" ".join)
def test_a_listing_or_a_help_imports_no_model_and_reads_no_korean(argv, tmp_path):
    found = imported_by(argv, tmp_path)
    assert not heavy(found["modules"]), f"workbench {' '.join(argv)} imported {heavy(found['modules'])}"
    korean = [path for path in found["opened"] if "/i18n/ko/" in path or path.endswith("/ko.md")]
    assert not korean, f"in English, workbench {' '.join(argv)} read {korean[:3]}"


def test_in_korean_a_listing_reads_the_korean_catalog_and_still_no_model(tmp_path):
    found = imported_by(["--lang", "ko", "panes"], tmp_path)
    assert not heavy(found["modules"])
    assert any("/i18n/ko/" in path for path in found["opened"])


def test_lessons_check_still_builds_every_step_with_its_model(tmp_path):
    found = imported_by(["lessons", "check"], tmp_path)
    assert "numpy" in found["modules"] and "workbench.models.graph" in found["modules"]


FIRST_FRAME = """
import asyncio, json, sys
from workbench.app.app import CHECK_JOB, WorkbenchApp, make_app

seen = {{}}
opened = []
def audit(event, args):
    if event == "open" and isinstance(args[0], str):
        opened.append(args[0])
sys.addaudithook(audit)
after_first_frame = WorkbenchApp._after_first_frame

def record(self):
    seen["first_frame"] = sorted(sys.modules)
    seen["opened"] = list(opened)
    seen["screen"] = type(self.screen).__name__
    after_first_frame(self)

WorkbenchApp._after_first_frame = record

async def main():
    app = make_app()
    async with app.run_test(size=({width}, {height})) as pilot:
        for _ in range(300):
            await pilot.pause(0.05)
            job = app.jobs.get(CHECK_JOB)
            if job is not None and job.done:
                break
        seen["check"] = job is not None and job.done and job.reason
        seen["after_check"] = sorted(sys.modules)

asyncio.run(main())
with open({report!r}, "w") as out:
    json.dump(seen, out)
"""


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
def test_the_first_frame_loads_no_model_and_the_lessons_are_checked_after_it(size, tmp_path):
    report = tmp_path / "report.json"
    program = FIRST_FRAME.format(width=size[0], height=size[1], report=str(report))
    done = subprocess.run([sys.executable, "-c", program], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    seen = json.loads(report.read_text())
    assert seen["screen"] == "HomeScreen"
    first = seen["first_frame"]
    models = [m for m in heavy(first) if not m.startswith(("textual", "rich", "workbench.app", "markdown_it",
                                                           "pygments", "workbench.jobs"))]
    assert not models, f"the first frame imported {models}"
    if size == (80, 24):            # no lesson details beside the list: no Markdown yet
        assert "markdown_it" not in first and "workbench.app.lesson_screen" not in first
    korean = [path for path in seen["opened"] if "/i18n/ko/" in path or path.endswith("/ko.md")]
    assert not korean, f"in English, the first frame read {korean[:3]}"
    assert seen["check"] == "finished"
    assert "numpy" in seen["after_check"] and "workbench.models.graph" in seen["after_check"]
