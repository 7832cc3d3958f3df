"""Start an IPython kernel for grading: limits first, student code after.

Run by the grader (inside the sandbox when there is one)::

    python -m crmkit.grading.kernel_boot LIMITS_JSON -f CONNECTION_FILE

``LIMITS_JSON`` holds the rlimits (no secret: nothing in the kernel decides a
grade, test cells run in the verdict process, see
:mod:`crmkit.grading.verdict`). The verdict worker sets its own limits with
:func:`set_limits` too.

>>> sorted(_LIMITS)
['cpu_s', 'fsize_mb', 'memory_mb', 'nofile', 'nproc']
"""

from __future__ import annotations

import json
import resource
import sys

from crmkit.grading.seccomp import refuser_ipc_systeme_v

# limits key -> (rlimit, scale to the rlimit's unit)
_LIMITS = {
    "memory_mb": (resource.RLIMIT_AS, 1024 * 1024),
    "cpu_s": (resource.RLIMIT_CPU, 1),
    "fsize_mb": (resource.RLIMIT_FSIZE, 1024 * 1024),
    "nofile": (resource.RLIMIT_NOFILE, 1),
    "nproc": (resource.RLIMIT_NPROC, 1),
}


def set_limits(limits: dict) -> None:
    """Lower this process's rlimits (inherited by everything it starts)."""
    for key, (which, scale) in _LIMITS.items():
        value = limits.get(key)
        if not value:
            continue
        soft, hard = resource.getrlimit(which)
        new = int(value * scale)
        if hard != resource.RLIM_INFINITY:
            new = min(new, hard)
        try:
            resource.setrlimit(which, (new, new))
        except (ValueError, OSError):
            pass


def preparer(limits: dict) -> None:
    """Everything set before the first student line: rlimits, then no System V IPC."""
    set_limits(limits)
    refuser_ipc_systeme_v()


def main(argv: list[str]) -> None:
    limits, rest = json.loads(argv[0]), argv[1:]
    preparer(limits)
    from ipykernel.kernelapp import IPKernelApp

    app = IPKernelApp.instance()
    app.initialize(rest + ["--HistoryManager.hist_file=:memory:"])
    app.start()


if __name__ == "__main__":
    main(sys.argv[1:])
