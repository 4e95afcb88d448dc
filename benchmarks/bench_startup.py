"""Start-up: how long each console command takes, whole process, and how long the app takes to show home.

Console commands: `workbench lessons`, `workbench panes`, `workbench --help` and every subcommand's
`--help` (found in the parser, so a new command is measured too), each a fresh process of the
installed `workbench` script, with a fresh state folder. Runs go round-robin over the commands, so a
change in the machine's load touches all of them alike. Each sees a learner's environment with empty
state, data and cache folders (XDG_*), so its folders are found as a learner's are. For each: the median wall time and the
median CPU time (user + system of the child, from `wait4`), which a busy machine inflates far less.
The package's bytecode is written first, as an install writes it, so no run times compiling.

The app: `workbench` started in a tmux window of 80×24 (a tmux server of its own, started before the
clock), timed from the `new-window` call until the home screen's text is on the screen (the title
bar's count, the first lesson's title and the key bar's Quit), read with `capture-pane` every 5 ms;
its CPU time is the app process's (from /proc) at that moment.

    python benchmarks/bench_startup.py                       # 7 runs of each command, 7 app starts
    python benchmarks/bench_startup.py --runs 11 --json benchmarks/results/startup.json
    python benchmarks/bench_startup.py --wait-load 0.5       # first wait (up to 10 min) for a quiet machine

Targets (issue 25): every command under 0.15 s and the app's first frame under 0.5 s (medians, wall
time, quiet machine). The load average (1 minute) is printed before and after: above about 1 the wall
times measure the neighbours, and the CPU times are the figures to compare.
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TICKS = os.sysconf("SC_CLK_TCK")
COMMAND_TARGET = 0.15
FRAME_TARGET = 0.5
POLL = 0.005
FRAME_TIMEOUT = 30.0


def workbench_script() -> str:
    """The `workbench` script installed beside this interpreter (what a learner types)."""
    script = Path(sys.executable).with_name("workbench")
    if not script.exists():
        sys.exit(f"no workbench script beside {sys.executable}: pip install -e . first")
    return str(script)


def commands() -> list[list[str]]:
    """The console commands to time: the listings, the top help and every subcommand's help."""
    import argparse as ap

    from workbench.cli import build_parser

    found = [["lessons"], ["panes"], ["--help"]]

    def walk(parser: ap.ArgumentParser, prefix: list[str]) -> None:
        for action in parser._actions:
            if isinstance(action, ap._SubParsersAction):
                for name, sub in action.choices.items():
                    found.append([*prefix, name, "--help"])
                    walk(sub, [*prefix, name])

    walk(build_parser(), [])
    return found


def compile_bytecode() -> None:
    """Write the package's bytecode, as installing it does (pip compiles what it installs). Without
    it, a module edited since its last import, or any module when PYTHONDONTWRITEBYTECODE is set (as
    in this project's shells), is compiled again in every timed run, and that is timed too."""
    import compileall

    import workbench

    for folder in workbench.__path__:
        compileall.compile_dir(folder, quiet=1)


def load() -> float:
    return os.getloadavg()[0]


def wait_for_quiet(limit: float, patience: float) -> float:
    """Wait until the 1-minute load average is under `limit` (or `patience` seconds pass); the load."""
    deadline = time.monotonic() + patience
    while load() >= limit and time.monotonic() < deadline:
        time.sleep(5)
    return load()


ENV_KEYS = ("XDG_STATE_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME", "LANG", "LC_ALL", "TERM")


def environment(home: str, lang: str | None) -> dict[str, str]:
    """A learner's environment with empty folders of its own: the state, data and cache folders found
    as a learner's are (platformdirs), not through the tests' WORKBENCH_* variables."""
    env = {key: value for key, value in os.environ.items()
           if not key.startswith("WORKBENCH_") and key not in ("LANGUAGE", "LC_MESSAGES")}
    env.update(XDG_STATE_HOME=f"{home}/state", XDG_DATA_HOME=f"{home}/data", XDG_CACHE_HOME=f"{home}/cache",
               TERM="xterm-256color")
    env["LC_ALL"] = env["LANG"] = "C.UTF-8" if lang in (None, "en") else "ko_KR.UTF-8"
    return env


def time_command(argv: list[str], env: dict[str, str]) -> tuple[float, float]:
    """(wall, cpu) seconds of one run of `argv`, output discarded; exits non-zero → RuntimeError."""
    start = time.perf_counter()
    proc = subprocess.Popen(argv, env=env, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    stderr = proc.stderr.read().decode(errors="replace")
    proc.stderr.close()
    if proc.returncode != 0:
        raise RuntimeError(f"{shlex.join(argv)} exited {proc.returncode}: {stderr.strip()}")
    return wall, usage.ru_utime + usage.ru_stime


def home_texts(lang: str) -> list[str]:
    """Three texts the home screen shows once it is drawn: the count, the first lesson, Quit."""
    from workbench.course.files import load_course
    from workbench.i18n import set_language, t

    set_language(lang)
    course = load_course(None, lang)
    return [t("home.finished_count", done=0, total=len(course.lessons)), course.lessons[0].title,
            t("app.key.quit")]


class Tmux:
    """A tmux server of our own, so its start is not timed and other sessions are left alone."""

    def __init__(self):
        self.socket = f"workbench-bench-startup-{os.getpid()}"
        self.run("new-session", "-d", "-s", "keeper", "-x", "80", "-y", "24", "sleep 100000")

    def run(self, *args: str) -> str:
        return subprocess.run(["tmux", "-L", self.socket, *args], capture_output=True, text=True,
                              check=True).stdout

    def close(self) -> None:
        subprocess.run(["tmux", "-L", self.socket, "kill-server"], capture_output=True)


def cpu_of(pid: int) -> float:
    """User + system CPU seconds of a running process (its own, not its children's)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICKS


def time_first_frame(tmux: Tmux, script: str, env: dict[str, str], texts: list[str],
                     args: list[str]) -> tuple[float, float]:
    """(wall, cpu) seconds from asking tmux for the app until every one of `texts` is on the screen."""
    command = shlex.join(["env", *(f"{k}={env[k]}" for k in ENV_KEYS), script, *args])
    start = time.perf_counter()
    pid, pane = tmux.run("new-window", "-d", "-P", "-F", "#{pane_pid} #{pane_id}", "-t", "keeper", command).split()
    pid = int(pid)
    try:
        while True:
            screen = tmux.run("capture-pane", "-p", "-t", pane)
            if all(text in screen for text in texts):
                wall = time.perf_counter() - start
                return wall, cpu_of(pid)
            if time.perf_counter() - start > FRAME_TIMEOUT:
                raise RuntimeError(f"no home screen after {FRAME_TIMEOUT:.0f} s:\n{screen}")
            time.sleep(POLL)
    finally:
        try:
            os.kill(pid, 9)
        except ProcessLookupError:
            pass


def summary(values: list[float]) -> dict[str, float]:
    return {"median": statistics.median(values), "min": min(values), "max": max(values)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=7, help="runs of each console command (default 7)")
    parser.add_argument("--app-runs", type=int, default=7, help="app starts (default 7; 0 to skip)")
    parser.add_argument("--lang", default="en", choices=("en", "ko"), help="the interface language")
    parser.add_argument("--only", help="comma-separated commands to time, as typed (e.g. 'lessons,panes')")
    parser.add_argument("--wait-load", type=float, help="first wait until the 1-minute load is below this")
    parser.add_argument("--json", type=Path, help="also write the figures here")
    args = parser.parse_args()

    if args.wait_load is not None:
        print(f"waiting for a load average under {args.wait_load} (now {load():.2f}) …", flush=True)
        wait_for_quiet(args.wait_load, 600)
    script = workbench_script()
    compile_bytecode()
    todo = commands()
    if args.only:
        wanted = {item.strip() for item in args.only.split(",")}
        todo = [argv for argv in todo if " ".join(argv) in wanted]
    lang_args = ["--lang", args.lang] if args.lang != "en" else []
    scratch = tempfile.mkdtemp(prefix="bench-startup-")
    env = environment(f"{scratch}/commands", args.lang)
    load_before = load()
    started = time.strftime("%Y-%m-%d %H:%M:%S")

    times: dict[str, list[tuple[float, float]]] = {" ".join(argv): [] for argv in todo}
    time_command([script, "--help"], env)                   # warm the file cache, not timed
    for _ in range(args.runs):
        for argv in todo:
            times[" ".join(argv)].append(time_command([script, *argv, *lang_args], env))
    baseline = [time_command([sys.executable, "-c", "pass"], env) for _ in range(args.runs)]

    frames: list[tuple[float, float]] = []
    if args.app_runs:
        texts = home_texts(args.lang)
        tmux = Tmux()
        try:
            for run in range(args.app_runs):
                frames.append(time_first_frame(tmux, script, environment(f"{scratch}/app{run}", args.lang), texts,
                                               lang_args))
        finally:
            tmux.close()
    shutil.rmtree(scratch, ignore_errors=True)
    load_after = load()

    print(f"workbench start-up, {started}, {platform.node()}, Python {platform.python_version()}, "
          f"language {args.lang}")
    print(f"load average (1 min): {load_before:.2f} before, {load_after:.2f} after"
          + ("  (busy: wall times measure the neighbours; compare CPU times)" if max(load_before, load_after) > 1 else ""))
    print(f"medians of {args.runs} runs, whole process; target {COMMAND_TARGET:.2f} s wall on a quiet machine\n")
    width = max(len(name) for name in times) + 10
    print(f"{'command':<{width}}{'wall':>8}{'cpu':>8}   wall min–max")
    rows = {}
    for name, pairs in times.items():
        wall, cpu = summary([w for w, _ in pairs]), summary([c for _, c in pairs])
        rows[name] = {"wall": wall, "cpu": cpu}
        mark = "" if wall["median"] < COMMAND_TARGET else "  over"
        print(f"{'workbench ' + name:<{width}}{wall['median']:>8.3f}{cpu['median']:>8.3f}   "
              f"{wall['min']:.3f}–{wall['max']:.3f}{mark}")
    base_wall, base_cpu = summary([w for w, _ in baseline]), summary([c for _, c in baseline])
    print(f"{'python -c pass (the floor)':<{width}}{base_wall['median']:>8.3f}{base_cpu['median']:>8.3f}")
    result = {"date": started, "host": platform.node(), "lang": args.lang, "runs": args.runs,
              "load_before": load_before, "load_after": load_after, "commands": rows,
              "python_baseline": {"wall": base_wall, "cpu": base_cpu}}
    if frames:
        wall, cpu = summary([w for w, _ in frames]), summary([c for _, c in frames])
        mark = "" if wall["median"] < FRAME_TARGET else "  over"
        print(f"\napp's first frame (tmux 80×24, {len(frames)} starts; target {FRAME_TARGET:.2f} s wall): "
              f"wall {wall['median']:.3f} s ({wall['min']:.3f}–{wall['max']:.3f}), "
              f"cpu {cpu['median']:.3f} s{mark}")
        result["first_frame"] = {"wall": wall, "cpu": cpu, "runs": len(frames)}
    if args.json:
        args.json.write_text(json.dumps(result, indent=2) + "\n")


if __name__ == "__main__":
    main()
