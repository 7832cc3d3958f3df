"""System V IPC refused to graded kernels (crmkit.grading.seccomp)."""

from __future__ import annotations

import platform
import subprocess
import sys
import textwrap

import pytest

from crmkit.grading import sandbox, seccomp

needs_bwrap = pytest.mark.skipif(
    sandbox._bwrap() is None or sys.platform != "linux", reason="bubblewrap requis"
)
supported = pytest.mark.skipif(
    platform.machine() not in seccomp.APPELS_REFUSES, reason="architecture sans filtre"
)

# Creates (then removes) a 64 MB segment, a queue and a semaphore set; prints what happened.
_ESSAI = textwrap.dedent(
    """
    import ctypes, ctypes.util, os, sys
    libc = ctypes.CDLL(None, use_errno=True)
    {avant}
    def essai(nom, *args):
        r = getattr(libc, nom)(*args)
        if r == -1:
            return os.strerror(ctypes.get_errno())
        if nom == "shmget":
            libc.shmctl(r, 0, None)  # IPC_RMID
        elif nom == "msgget":
            libc.msgctl(r, 0, None)
        elif nom == "semget":
            libc.semctl(r, 0, 0)
        return "ok"
    libc.shmget.argtypes = [ctypes.c_int, ctypes.c_size_t, ctypes.c_int]
    res = [essai("shmget", 0, 64 << 20, 0o1600), essai("msgget", 0, 0o1600),
           essai("semget", 0, 1, 0o1600)]
    open(os.path.join(sys.argv[1], "trace"), "w").write("x")  # ordinary calls still work
    print(",".join(res))
    """
)


def _run(cmd: list[str]) -> str:
    out = subprocess.run(cmd, capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    return out.stdout.strip()


@supported
def test_filter_refuses_ipc_and_nothing_else(tmp_path):
    sans = _ESSAI.format(avant="")
    avec = _ESSAI.format(
        avant="from crmkit.grading.seccomp import refuser_ipc_systeme_v; "
        "assert refuser_ipc_systeme_v()"
    )
    assert _run([sys.executable, "-c", sans, str(tmp_path)]) == "ok,ok,ok"
    refus = "Operation not permitted"
    assert _run([sys.executable, "-c", avec, str(tmp_path)]) == f"{refus},{refus},{refus}"
    assert (tmp_path / "trace").exists()


@supported
def test_jumps_land_on_allow_or_refuse():
    for machine in seccomp.APPELS_REFUSES:
        prog = seccomp.programme(machine)
        assert prog[-1][3] & 0xFFFF0000 == 0x00050000  # last: refuse with an errno
        assert prog[-2][3] == 0x7FFF0000  # before it: allow
        for i, (code, jt, jf, _k) in enumerate(prog):
            if code in (0x15, 0x35):
                assert i + 1 + max(jt, jf) == len(prog) - 1  # every test jumps to "refuse"


@needs_bwrap
@supported
def test_graded_kernel_is_prepared_with_the_filter(tmp_path):
    """kernel_boot.preparer, what the grading kernel runs first, installs it in the sandbox."""
    essai = _ESSAI.format(
        avant="from crmkit.grading.kernel_boot import preparer; preparer({'memory_mb': 512})"
    )
    cmd = sandbox.bwrap_command(
        [sys.executable, "-c", essai, str(tmp_path)],
        job_dir=tmp_path,
        workdir=tmp_path,
        readonly=sandbox.python_readonly_paths(),
        env={"PATH": "/usr/bin:/bin", "HOME": str(tmp_path)},
        tmpfs_mb=64,
    )
    refus = "Operation not permitted"
    assert _run(cmd) == f"{refus},{refus},{refus}"
