"""Hostile streams, signals and sizes (issue 16): closed standard streams, an early Ctrl-C, a terminal that
cannot encode UTF-8, `-o /dev/stdout` into a pipe, a huge COLUMNS and counts that would need terabytes.

These run the CLI in a real process (the `run` fixture, or subprocess directly), since what they test is the
process: its streams, its signal handler and its exit code.
"""

from __future__ import annotations

import os
import re
import shlex
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import CLEAN_ENV

CLI = f"{shlex.quote(sys.executable)} -m fmscompare"
SCRIPT = Path(sys.executable).parent / "fmscompare"  # the console script, as `pip install` made it
CSV_HEADER = "rank,country,iso3,contracting_model,level,support_score,coverage_pct,"


def environment(**extra: str) -> dict[str, str]:
    env = {**os.environ, **CLEAN_ENV, **extra}
    env.pop("FMSCOMPARE_DATA_DIR")
    return env


# Closed streams: `>&-`, `2>&-`, `<&-`.


def test_a_closed_stdout_still_runs(run):
    done = run(shell=f"{CLI} rank >&-")
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""


def test_a_closed_stdout_still_writes_the_output_file(run, tmp_path):
    out = tmp_path / "out.csv"
    done = run(shell=f"{CLI} rank -f csv -o {shlex.quote(str(out))} >&-")
    assert done.returncode == 0, done.stderr
    assert out.read_text("utf-8").startswith(CSV_HEADER)


def test_a_closed_stdout_and_stdin_still_write_the_output_file(run, tmp_path):
    """With 0 and 1 closed, the output file must not be opened as descriptor 1 (nor written twice)."""
    out = tmp_path / "out.csv"
    done = run(shell=f"{CLI} rank -f csv -o {shlex.quote(str(out))} >&- <&-")
    assert done.returncode == 0, done.stderr
    text = out.read_text("utf-8")
    assert text.startswith(CSV_HEADER) and text.count(CSV_HEADER) == 1


@pytest.mark.parametrize(
    ("command", "code"),
    [
        ("rank", 0),
        ("show nowhere", 2),  # the core's usage error
        ("rank --no-such-option", 2),  # Click's usage error
        ("rank --top 0", 2),
        ("rank --weights /no/such/file.yaml", 1),  # a data error
    ],
)
def test_a_closed_stderr_keeps_the_exit_code(run, command, code):
    done = run(shell=f"{CLI} {command} 2>&-")
    assert done.returncode == code
    if code:
        assert done.stdout == ""  # the message went to the (closed) stderr, not into the output


def test_every_stream_closed(run):
    assert run(shell=f"{CLI} show nowhere <&- >&- 2>&-").returncode == 2
    assert run(shell=f"{CLI} rank <&- >&- 2>&-").returncode == 0


# Ctrl-C.

COMMANDS = {"module": [sys.executable, "-X", "importtime", "-m", "fmscompare"]}
if SCRIPT.exists():
    COMMANDS["script"] = [sys.executable, "-X", "importtime", str(SCRIPT)]
STARTED = re.compile(r"\| fmscompare\.cli\.entry$")  # -X importtime's line once the entry module is loaded


def interrupted(command: list[str], delay: float, times: int = 1) -> tuple[int, str]:
    """Start `command`, send SIGINT `delay` seconds after the interpreter has started and loaded the entry
    point (so that a slow start of Python itself, whose Ctrl-C is its own to report, does not count), and
    return the exit code and stderr without -X importtime's lines."""
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=environment())
    assert process.stderr is not None
    seen = []
    for line in process.stderr:
        seen.append(line)
        if STARTED.search(line.rstrip()):
            break
    else:
        process.wait(timeout=120)
        raise AssertionError("the entry point was never imported:\n" + "".join(seen))
    time.sleep(delay)
    for _ in range(times):
        process.send_signal(signal.SIGINT)
        time.sleep(0.001)
    _, rest = process.communicate(timeout=120)
    stderr = "".join(line for line in [*seen, *rest.splitlines(keepends=True)] if not line.startswith("import time:"))
    return process.returncode, stderr


@pytest.mark.parametrize("how", ["module", "script"])
@pytest.mark.parametrize("delay", [0.002, 0.005, 0.01, 0.02, 0.03, 0.05, 0.08, 0.12, 0.2, 0.3])
def test_ctrl_c_at_any_moment_gives_one_line_and_exit_130(how, delay):
    """Ctrl-C while the app was still being imported (its first ~100 ms) once printed a KeyboardInterrupt
    traceback: the handler was installed only after Typer and the app were imported."""
    if how not in COMMANDS:
        pytest.skip("the console script is not installed beside this interpreter")
    code, stderr = interrupted([*COMMANDS[how], "rank"], delay)
    assert "Traceback" not in stderr and "Exception ignored" not in stderr, stderr
    # 130 once the handler ran; 0 if the command had already finished; killed by SIGINT (which the shell
    # reports as 130 too) if it came while Python was shutting down, when Python has restored the default.
    assert code in (130, 0, -signal.SIGINT), (code, stderr)
    if code == 130:
        assert stderr.strip() == "interrupted"


@pytest.mark.parametrize("delay", [0.005, 0.05, 0.2])
def test_ctrl_c_pressed_again_while_stopping_still_gives_one_line(delay):
    """The second Ctrl-C, while the first unwinds, stops at once: still exit 130, and no second message."""
    code, stderr = interrupted([*COMMANDS["module"], "rank"], delay, times=3)
    assert "Traceback" not in stderr and "Exception ignored" not in stderr, stderr
    assert code in (130, 0, -signal.SIGINT), (code, stderr)
    if code == 130:
        assert stderr.strip() == "interrupted"


# A terminal that cannot encode UTF-8.

ENCODED = [
    (["rank"], 0),
    (["show", "türkiye"], 0),
    (["trend"], 0),  # sparklines: ▁▃█
    (["trend", "japan"], 0),
    (["show", "nowhere"], 2),  # the error lists Türkiye
    (["sensitivity", "--help"], 0),  # ±
]


@pytest.mark.parametrize("encoding", ["ascii", "latin-1"])
@pytest.mark.parametrize(("args", "code"), ENCODED, ids=[" ".join(a) for a, _ in ENCODED])
def test_a_stream_that_cannot_encode_utf8_degrades_without_failing(encoding, args, code):
    done = subprocess.run(
        [sys.executable, "-m", "fmscompare", *args],
        capture_output=True,
        env=environment(PYTHONIOENCODING=encoding),
        timeout=120,
    )
    # Click writes its help as UTF-8 to an ASCII stream (it takes ASCII for a misconfigured locale).
    stdout, stderr = done.stdout.decode(encoding, "replace"), done.stderr.decode(encoding)
    assert done.returncode == code, stderr
    assert "Traceback" not in stderr and "UnicodeEncodeError" not in stderr
    shown = stdout + stderr
    if args[0] == "trend":
        assert "\\u2581" in shown or "\\u2588" in shown  # a sparkline, as escapes
    if "türkiye" in args or "nowhere" in args:
        assert ("Türkiye" if encoding == "latin-1" else "T\\xfcrkiye") in shown


# `-o /dev/stdout` and other descriptors.


@pytest.mark.parametrize("name", ["/dev/stdout", "/dev/fd/1", "-"])
def test_output_to_dev_stdout_into_a_pipe(run, name):
    if name != "-" and not Path(name).exists():
        pytest.skip(f"no {name} here")
    done = run(shell=f"{CLI} rank -f csv -o {name} | head -1")
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith(CSV_HEADER)
    assert done.stderr == ""


def test_output_to_dev_stdout_into_a_file(run, tmp_path):
    out = tmp_path / "out.csv"
    done = run(shell=f"{CLI} rank -f csv -o /dev/stdout > {shlex.quote(str(out))}")
    assert done.returncode == 0, done.stderr
    assert out.read_text("utf-8").startswith(CSV_HEADER)


@pytest.mark.skipif(not Path("/dev/stderr").exists(), reason="no /dev/stderr here")
def test_output_to_dev_stderr(run):
    done = run(shell=f"{CLI} rank -f csv -o /dev/stderr 2>&1 >/dev/null | head -1")
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith(CSV_HEADER)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_output_to_a_fifo(run, tmp_path):
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    got = tmp_path / "got.csv"
    done = run(shell=f"cat {fifo} > {got} & {CLI} rank -f csv -o {fifo}; status=$?; wait; exit $status")
    assert done.returncode == 0, done.stderr
    assert got.read_text("utf-8").startswith(CSV_HEADER)


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="no /dev/full here")
def test_output_to_a_full_device_is_an_error(run):
    done = run("rank", "-o", "/dev/full")
    assert done.returncode == 1
    assert done.stderr.startswith("error: /dev/full: cannot write output: ")


# Sizes: the terminal's width and counts.


@pytest.mark.parametrize("columns", ["1000000000", "9" * 5000, "²", "-5", "0", " 120 "])
def test_a_huge_or_odd_columns_is_bounded(run, columns):
    """COLUMNS=1000000000 once had Rich pad every line to a billion spaces: a minute and gigabytes; and Rich
    read `²` or 5 000 digits (in COLUMNS or LINES) as a number, and failed."""
    start = time.perf_counter()
    done = run("show", "japan", env={"COLUMNS": columns, "LINES": columns})
    assert done.returncode == 0, done.stderr
    assert time.perf_counter() - start < 60
    assert max(len(line) for line in done.stdout.splitlines()) <= 1000


@pytest.mark.parametrize(
    ("args", "flag"),
    [
        (["correlate", "--permutations", "10000000000"], "--permutations"),
        (["correlate", "--permutations", "1000001"], "--permutations"),
        (["rank", "--top", "10000000000"], "--top"),
        (["sipri", "import", "export.csv", "--top", "10000000000"], "--top"),
        (["sensitivity", "--draws", "10000000000"], "--draws"),
    ],
)
def test_a_count_too_large_is_a_usage_error(cli, args, flag):
    result = cli(*args)
    assert result.exit_code == 2
    message = " ".join(result.stderr.split())
    assert re.search(rf"Invalid value for '{flag}': \d+ is not in the range \d+<=x<=\d+", message), message


def test_the_largest_permutations_are_accepted(cli):
    assert cli("correlate", "--permutations", "1000000", "--help").exit_code == 0
    result = cli("correlate", "--permutations", "1000", "--against", "share", "--involvement", "score")
    assert result.exit_code == 0, result.stderr
