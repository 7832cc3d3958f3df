"""Start an IPython kernel for grading: limits and guard first, student code after.

Run by the grader (inside the sandbox when there is one)::

    python -m crmkit.grading.kernel_boot BOOT_FILE -f CONNECTION_FILE

``BOOT_FILE`` is JSON written by the grader (HMAC key, hashes of the graded
test cells, acknowledgement file, trusted paths, limits). It is read and
deleted, then the acknowledgement file is opened and unlinked, all before the
kernel runs any cell, so student code cannot read the key.

>>> sorted(_LIMITS)
['cpu_s', 'fsize_mb', 'memory_mb', 'nofile', 'nproc']
"""

from __future__ import annotations

import json
import os
import resource
import sys

# boot-file key -> (rlimit, scale to the rlimit's unit)
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


def main(argv: list[str]) -> None:
    boot_file, rest = argv[0], argv[1:]
    with open(boot_file, encoding="utf-8") as fh:
        config = json.load(fh)
    os.unlink(boot_file)
    ack_path = config.pop("ack_path")
    config["ack_fd"] = os.open(ack_path, os.O_WRONLY | os.O_APPEND)
    os.unlink(ack_path)
    set_limits(config.get("limits", {}))

    from crmkit.grading import guard

    guard.arm(config)
    from ipykernel.kernelapp import IPKernelApp

    app = IPKernelApp.instance()
    app.initialize(rest + ["--HistoryManager.hist_file=:memory:"])
    guard.attach(app.shell, app.kernel)
    app.start()


if __name__ == "__main__":
    main(sys.argv[1:])
