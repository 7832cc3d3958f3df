"""Refuse System V IPC to the graded kernel: memory the watchdog could not count.

A System V shared memory segment (``shmget``) lives in the sandbox's IPC
namespace without being mapped by any process, in no file system and in no
file descriptor: :mod:`crmkit.grading.quotas` cannot see it, so a submission
could fill the host's memory with detached segments. Message queues
(``msgget``, ``mq_open``) and semaphore sets (``semget``) are kernel memory of
the same kind. A Python kernel needs none of them (ZMQ talks over Unix
sockets, ``multiprocessing`` uses ``/dev/shm``, which is counted), so a
seccomp filter makes these calls fail with ``EPERM`` for the kernel and
everything it starts; the filter cannot be removed.

No library in the venv builds seccomp filters (libseccomp's Python binding is
a Debian package for the system Python only), and the filter is ten
classic-BPF instructions, so it is written here. Foreign system-call ABIs
(32-bit ``int 0x80`` and x32 on x86-64) are refused as a whole: they could
reach the same calls under other numbers.

>>> [hex(n) for n in sorted(APPELS_REFUSES["x86_64"].values())]
['0x1d', '0x40', '0x44', '0xf0']
>>> len(programme("x86_64")), len(programme("aarch64"))
(10, 9)
"""

from __future__ import annotations

import ctypes
import errno
import platform
import struct

__all__ = ["APPELS_REFUSES", "programme", "refuser_ipc_systeme_v"]

# System-call numbers per architecture (linux/arch/*/…/unistd*.h).
APPELS_REFUSES = {
    "x86_64": {"shmget": 29, "semget": 64, "msgget": 68, "mq_open": 240},
    "aarch64": {"shmget": 194, "semget": 190, "msgget": 186, "mq_open": 180},
}
_AUDIT_ARCH = {"x86_64": 0xC000003E, "aarch64": 0xC00000B7}
_X32_BIT = 0x40000000  # x32 ABI system calls carry this bit on x86-64

_LD_W_ABS, _JEQ_K, _JGE_K, _RET_K = 0x20, 0x15, 0x35, 0x06
_RET_ALLOW = 0x7FFF0000
_RET_EPERM = 0x00050000 | errno.EPERM  # SECCOMP_RET_ERRNO | EPERM
_PR_SET_NO_NEW_PRIVS, _PR_SET_SECCOMP, _SECCOMP_MODE_FILTER = 38, 22, 2


def programme(machine: str) -> list[tuple[int, int, int, int]]:
    """The filter as ``(code, jt, jf, k)`` instructions for *machine*.

    Jumps are relative to the next instruction; the last instruction refuses.
    """
    appels = sorted(APPELS_REFUSES[machine].values())
    tests = ([(_JGE_K, _X32_BIT)] if machine == "x86_64" else []) + [(_JEQ_K, n) for n in appels]
    corps = [(_LD_W_ABS, 0, 0, 0)]  # seccomp_data.nr
    for i, (code, k) in enumerate(tests):
        vers_refus = len(tests) - i  # the remaining tests, then "allow", then "refuse"
        corps.append((code, vers_refus, 0, k))
    corps.append((_RET_K, 0, 0, _RET_ALLOW))
    # seccomp_data.arch first: another ABI is refused as a whole
    entete = [(_LD_W_ABS, 0, 0, 4), (_JEQ_K, 0, len(corps), _AUDIT_ARCH[machine])]
    return entete + corps + [(_RET_K, 0, 0, _RET_EPERM)]


class _SockFprog(ctypes.Structure):
    _fields_ = [("len", ctypes.c_ushort), ("filter", ctypes.c_char_p)]


def refuser_ipc_systeme_v() -> bool:
    """Install the filter on this process (and all it will start); False if unsupported.

    Irreversible: call it only in a process about to run a student's code.
    """
    machine = platform.machine()
    if machine not in APPELS_REFUSES:
        return False
    octets = b"".join(struct.pack("=HBBI", *ins) for ins in programme(machine))
    fprog = _SockFprog(len(octets) // 8, octets)
    libc = ctypes.CDLL(None, use_errno=True)
    libc.prctl.argtypes = [
        ctypes.c_int,
        ctypes.c_ulong,
        ctypes.c_void_p,
        ctypes.c_ulong,
        ctypes.c_ulong,
    ]
    if libc.prctl(_PR_SET_NO_NEW_PRIVS, 1, None, 0, 0) != 0:
        raise OSError(ctypes.get_errno(), "prctl(PR_SET_NO_NEW_PRIVS)")
    if libc.prctl(_PR_SET_SECCOMP, _SECCOMP_MODE_FILTER, ctypes.byref(fprog), 0, 0) != 0:
        raise OSError(ctypes.get_errno(), "prctl(PR_SET_SECCOMP)")
    return True
