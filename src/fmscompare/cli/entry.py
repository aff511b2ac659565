"""The console-script entry point, kept tiny so that it can prepare the process before anything is imported.

Before the app (Typer, Click, Rich: about 100 ms) is imported, it installs the Ctrl-C handler, so that an
interrupt at any moment stops with exit 130 and one line, never a KeyboardInterrupt traceback; and it makes
the standard streams safe to use: a closed one (`>&-`, `2>&-`) becomes /dev/null, so the command still runs,
writes its `-o` file and keeps its exit code; and text the stream's encoding cannot hold (`PYTHONIOENCODING=
ascii`, a Latin-1 terminal) is written as backslash escapes rather than stopping the command.
"""

# Only what the interpreter has already loaded: `signal` would import enum and functools (about 4 ms) while a
# Ctrl-C still gives a traceback; `_signal`, the built-in module under it, costs nothing.
import _signal  # type: ignore[import-not-found]
import os
import sys

_stopping = False


def _interrupted(signum: int, frame: object) -> None:
    """Ctrl-C: stop with exit 130, the shell's code for SIGINT, and one line rather than a traceback.

    The first unwinds normally (an atomic write removes its temporary file); a second, while that runs,
    stops at once."""
    global _stopping
    if _stopping:
        os._exit(130)
    _stopping = True
    try:
        sys.stderr.write("\ninterrupted\n")
        sys.stderr.flush()
    except (OSError, ValueError, AttributeError):  # stderr closed, full or gone: the exit code still says it
        pass
    raise SystemExit(130)


def _unraisable(unraisable: "sys.UnraisableHookArgs") -> None:
    """Where Python cannot raise (a weakref callback inside the import system, a `__del__`, an atexit
    function), it would print our SystemExit as "Exception ignored" and carry on: stop there instead."""
    if _stopping and isinstance(unraisable.exc_value, SystemExit):
        os._exit(130)
    sys.__unraisablehook__(unraisable)


def _standard_streams() -> None:
    """A closed standard stream (None) becomes /dev/null; stdout and stderr never fail to encode."""
    for fd, name, flags, mode in (
        (0, "stdin", os.O_RDONLY, "r"),
        (1, "stdout", os.O_WRONLY, "w"),
        (2, "stderr", os.O_WRONLY, "w"),
    ):
        if getattr(sys, name) is not None:
            continue
        # Hold the descriptor too, so that no file opened later (an `-o` file) can take number 1 or 2.
        null = os.open(os.devnull, flags)
        if null != fd:
            os.dup2(null, fd)
            os.close(null)
        setattr(sys, name, open(fd, mode, encoding="utf-8", errors="backslashreplace", closefd=False))  # noqa: SIM115
    for stream in (sys.stdout, sys.stderr):
        try:  # noqa: SIM105 (contextlib.suppress would cost an import before the app's)
            stream.reconfigure(errors="backslashreplace")  # type: ignore[union-attr]
        except (AttributeError, ValueError, OSError):  # not a text file of the io module: leave it as it is
            pass


# The thread-count variables of the BLAS libraries numpy may use. Our arrays are small: a pool of threads
# costs more to start (tens of ms) than it saves, so one thread unless the user chose otherwise.
_THREAD_VARIABLES = ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS", "BLIS_NUM_THREADS")


def _one_blas_thread(environ: "os._Environ[str] | dict[str, str]") -> None:
    """One BLAS thread, unless the user set a thread count of their own (any of them)."""
    if not any(name in environ for name in _THREAD_VARIABLES):
        for name in _THREAD_VARIABLES:
            environ[name] = "1"


def main() -> None:
    """Console-script entry point: `fmscompare`, and `python -m fmscompare`."""
    _signal.signal(_signal.SIGINT, _interrupted)
    sys.unraisablehook = _unraisable
    _standard_streams()
    _one_blas_thread(os.environ)
    from fmscompare.cli.app import run

    try:
        run()
    finally:
        # The command is done (its output written, its files closed): move every object out of the collector's
        # reach, so the interpreter's exit does not walk pandas' objects once more (tens of ms) to free memory
        # the process is about to give back anyway. Objects are still freed by reference counting.
        import gc

        gc.freeze()
