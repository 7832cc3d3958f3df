"""Bubblewrap sandbox for grading kernels: what a graded notebook may see.

Why bubblewrap (and not Landlock + rlimits): bubblewrap gives, in one
unprivileged process, a private mount view (the kernel simply does not *see*
``solutions/``, ``grading/``, ``.git`` or the teacher's home), a private PID
namespace (every process the notebook starts dies with it, ``setsid`` or
not), a private network namespace (no network, no TCP port collisions between
parallel jobs: the kernel talks to the grader over Unix sockets) and
``--die-with-parent``. Landlock only restricts file access: it has no PID or
network isolation, so orphans and port collisions would need separate
machinery. Resource limits (memory, CPU, file size, open files, processes)
are set inside the sandbox by :mod:`crmkit.grading.kernel_boot`, and the
grader watches the sandbox's process tree from outside
(:class:`ProcessWatch`).

The view inside the sandbox::

    /usr, /lib*, /bin, /sbin, a few /etc files   read-only (system)
    the Python installation and the venv         read-only
    crmkit's source (editable install)           read-only
    the course data folder                       read-only
    <job dir> (same path as outside)             writable: copy of the
        submission (working directory), $HOME, $TMPDIR, the kernel's Unix
        sockets; deleted after grading
    /tmp, /dev/shm (tmpfs, --size each), /run (1 MB)   writable, in memory
    /, /dev                                      read-only

The student's code has no capability (``--cap-drop ALL``, even when the
grader runs as root) and cannot create a user namespace
(``--disable-userns``), so it cannot mount, unmount or remount anything:
the sizes above hold, and :mod:`crmkit.grading.quotas` counts what these
writable places hold.

Example (builds the command only; nothing runs):

>>> from pathlib import Path
>>> cmd = bwrap_command(["python", "-V"], job_dir=Path("/tmp/j"), workdir=Path("/tmp/j/w"),
...                     readonly=[], env={"HOME": "/tmp/j/home"})
>>> cmd[0].endswith("bwrap") and "--unshare-all" in cmd and cmd[-2:] == ["python", "-V"]
True
>>> cmd[cmd.index("/dev/shm") - 3 : cmd.index("/dev/shm")]
['--size', '268435456', '--tmpfs']
"""

from __future__ import annotations

import functools
import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterable, Sequence
from pathlib import Path

__all__ = [
    "SandboxIndisponible",
    "bwrap_command",
    "check_available",
    "python_readonly_paths",
    "ProcessWatch",
]

# System paths mirrored read-only (symlinks such as /lib -> usr/lib are re-created).
_SYSTEM_PATHS = ("/usr", "/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32")
# Only the /etc entries a Python kernel needs (fonts for matplotlib, time zone,
# name service for getpwuid, dynamic loader cache, alternatives symlinks).
_ETC_PATHS = (
    "/etc/alternatives",
    "/etc/fonts",
    "/etc/ld.so.cache",
    "/etc/ld.so.conf",
    "/etc/ld.so.conf.d",
    "/etc/localtime",
    "/etc/nsswitch.conf",
    "/etc/passwd",
    "/etc/group",
    "/etc/mime.types",
    "/etc/ssl/certs",
)


# Every sandbox: all namespaces, its own user namespace with no capability and
# no nested user namespace (root included: bwrap keeps root's capabilities
# otherwise, which would let the code mount and remount).
_ISOLATION = (
    "--unshare-all",
    "--unshare-user",
    "--disable-userns",
    "--cap-drop",
    "ALL",
    "--die-with-parent",
    "--new-session",
)
# After every other mount: bwrap's root tmpfs and /dev tmpfs (half the RAM
# each, writable by a uid-0 sandbox) become read-only.
_READ_ONLY_LAST = ("--remount-ro", "/dev", "--remount-ro", "/")


def _memory_mounts(size_mb: int) -> list[str]:
    """The writable in-memory mounts, each with its own size (bwrap >= 0.8)."""
    size = str(int(size_mb) * 1024 * 1024)
    return [
        *("--size", size, "--tmpfs", "/tmp"),
        *("--size", size, "--tmpfs", "/dev/shm"),
        *("--size", str(1024 * 1024), "--tmpfs", "/run"),
    ]


class SandboxIndisponible(RuntimeError):
    """No sandbox can be built on this machine (French message for the teacher)."""


def _bwrap() -> str | None:
    return shutil.which("bwrap") or (
        "/usr/bin/bwrap" if os.access("/usr/bin/bwrap", os.X_OK) else None
    )


@functools.lru_cache(maxsize=1)
def check_available() -> str:
    """Return the bwrap path after a real trial run, or raise SandboxIndisponible.

    >>> isinstance(check_available(), str)  # doctest: +SKIP
    True
    """
    exe = _bwrap()
    advice = (
        "Installez bubblewrap (paquet Debian/Ubuntu « bubblewrap ») et vérifiez que "
        "les espaces de noms utilisateur non privilégiés sont autorisés, ou relancez "
        "avec --no-sandbox (la correction s'exécutera alors SANS isolation : le code "
        "des étudiants aura vos droits)."
    )
    if sys.platform != "linux":
        raise SandboxIndisponible(
            f"Correction isolée impossible sur {sys.platform} : le bac à sable repose "
            f"sur bubblewrap (Linux uniquement). {advice}"
        )
    if exe is None:
        raise SandboxIndisponible(f"bubblewrap (bwrap) est introuvable. {advice}")
    cmd = [exe, *_ISOLATION] + _system_binds() + ["--proc", "/proc", "--dev", "/dev"]
    cmd += [*_memory_mounts(1), *_READ_ONLY_LAST, "true"]
    try:
        proc = subprocess.run(cmd, capture_output=True, text=True, timeout=20)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise SandboxIndisponible(f"bubblewrap ne démarre pas ({exc}). {advice}") from exc
    if proc.returncode != 0:
        raise SandboxIndisponible(
            f"bubblewrap refuse de créer le bac à sable : {proc.stderr.strip()!r} "
            f"(bubblewrap 0.8 ou plus récent est nécessaire). {advice}"
        )
    return exe


def _system_binds() -> list[str]:
    args: list[str] = []
    for path in _SYSTEM_PATHS:
        if os.path.islink(path):
            args += ["--symlink", os.readlink(path), path]
        elif os.path.isdir(path):
            args += ["--ro-bind", path, path]
    for path in _ETC_PATHS:
        args += ["--ro-bind-try", path, path]
    return args


def _inside(path: Path, roots: Iterable[Path]) -> bool:
    return any(path == r or r in path.parents for r in roots)


def python_readonly_paths(forbidden: Sequence[Path] = ()) -> list[Path]:
    """Directories the kernel needs read-only: Python, the venv, editable sources.

    Directories that contain a forbidden path (the course root, which holds
    solutions/ and grading/) are never exposed whole.

    >>> paths = python_readonly_paths()
    >>> Path(sys.base_prefix).resolve() in paths
    True
    """
    candidates = [Path(sys.base_prefix), Path(sys.prefix), Path(sys.exec_prefix)]
    import site

    for sp in site.getsitepackages():
        for pth in Path(sp).glob("*.pth"):
            try:
                lines = pth.read_text(encoding="utf-8").splitlines()
            except OSError:
                continue
            candidates += [Path(ln.strip()) for ln in lines if ln.strip().startswith("/")]
    try:
        import crmkit

        candidates.append(Path(crmkit.__file__).resolve().parent.parent)
    except ImportError:  # pragma: no cover
        pass
    forbidden = [p.resolve() for p in forbidden]
    out: list[Path] = []
    for cand in candidates:
        if not cand.is_dir():
            continue
        real = cand.resolve()
        if any(f == real or real in f.parents for f in forbidden):
            continue  # would expose the whole course
        for path in (real, cand.absolute()):
            if not _inside(path, out):
                out.append(path)
    return out


def bwrap_command(
    argv: Sequence[str],
    *,
    job_dir: Path,
    workdir: Path,
    readonly: Iterable[Path],
    env: dict[str, str],
    tmpfs_mb: int = 256,
) -> list[str]:
    """Wrap *argv* so that it runs in a fresh bubblewrap sandbox (see module doc).

    *tmpfs_mb* is the size of each in-memory mount (``/tmp``, ``/dev/shm``).
    """
    exe = _bwrap() or "bwrap"
    cmd = [exe, *_ISOLATION]
    cmd += _system_binds()
    cmd += ["--proc", "/proc", "--dev", "/dev", *_memory_mounts(tmpfs_mb)]
    seen: list[Path] = []
    for path in readonly:
        path = Path(path)
        if path in seen:
            continue
        seen.append(path)
        cmd += ["--ro-bind", str(path), str(path)]
    cmd += ["--bind", str(job_dir), str(job_dir), *_READ_ONLY_LAST, "--chdir", str(workdir)]
    cmd += ["--clearenv"]
    for key, value in sorted(env.items()):
        cmd += ["--setenv", key, value]
    cmd += ["--", *argv]
    return cmd


class ProcessWatch:
    """Find, measure and kill every process of one kernel, from outside.

    With the sandbox, the kernel's processes are those in the PID namespace
    of the outer bwrap's child; without it, those in the kernel's session.

    >>> w = ProcessWatch(os.getpid(), sandboxed=False)
    >>> w.pids() == [] or isinstance(w.pids()[0], int)
    True
    """

    def __init__(self, launcher_pid: int, *, sandboxed: bool) -> None:
        self.launcher_pid = launcher_pid
        self.sandboxed = sandboxed
        self._ns: str | None = None
        self._sid: int | None = None

    @staticmethod
    def _stat(pid: int) -> list[str] | None:
        try:
            raw = Path(f"/proc/{pid}/stat").read_text()
        except OSError:
            return None
        return raw[raw.rfind(")") + 2 :].split()

    def _namespace(self) -> str | None:
        if self._ns is not None:
            return self._ns
        # The outer bwrap forks the namespace's init; find it among /proc.
        for entry in os.scandir("/proc"):
            if not entry.name.isdigit():
                continue
            st = self._stat(int(entry.name))
            if st and int(st[1]) == self.launcher_pid:
                try:
                    ns = os.readlink(f"/proc/{entry.name}/ns/pid")
                except OSError:
                    continue
                if ns != os.readlink("/proc/self/ns/pid"):
                    self._ns = ns
                    return ns
        return None

    def pids(self) -> list[int]:
        """Every live process belonging to this kernel (launcher excluded)."""
        found = []
        if self.sandboxed:
            ns = self._namespace()
            if ns is None:
                return []
        elif self._sid is None:
            try:
                self._sid = os.getsid(self.launcher_pid)
            except OSError:
                return []
        for entry in os.scandir("/proc"):
            if not entry.name.isdigit():
                continue
            pid = int(entry.name)
            if pid == self.launcher_pid or pid == os.getpid():
                continue
            try:
                if self.sandboxed:
                    if os.readlink(f"/proc/{pid}/ns/pid") != self._ns:
                        continue
                elif os.getsid(pid) != self._sid:
                    continue
            except OSError:
                continue
            st = self._stat(pid)
            if st and st[0] != "Z":
                found.append(pid)
        return found

    def usage(self) -> tuple[int, int]:
        """(number of processes, total resident memory in bytes)."""
        pids = self.pids()
        rss = 0
        page = os.sysconf("SC_PAGE_SIZE")
        for pid in pids:
            try:
                rss += int(Path(f"/proc/{pid}/statm").read_text().split()[1]) * page
            except (OSError, IndexError, ValueError):
                pass
        return len(pids), rss

    def kill_all(self, wait: float = 5.0) -> list[int]:
        """SIGKILL the launcher and every process of the kernel; return survivors."""
        for pid in [self.launcher_pid, *self.pids()]:
            try:
                os.kill(pid, signal.SIGKILL)
            except OSError:
                pass
        deadline = time.monotonic() + wait
        survivors = self.pids()
        while survivors and time.monotonic() < deadline:
            time.sleep(0.05)
            for pid in survivors:
                try:
                    os.kill(pid, signal.SIGKILL)
                except OSError:
                    pass
            survivors = self.pids()
        return survivors


def bwrap_lecture_seule(argv: Sequence[str], *, readonly: Iterable[Path], env: dict[str, str]):
    """Wrap *argv* in a sandbox with only read-only paths and a private ``/tmp``.

    For the verdict worker (:mod:`crmkit.grading.verdict`): no network, no
    submission, no job folder, nothing writable but its own ``/tmp``.

    >>> cmd = bwrap_lecture_seule(["python", "-V"], readonly=[Path("/opt/x")], env={})
    >>> "--bind" in cmd, cmd[cmd.index("--chdir") + 1], cmd[-2:]
    (False, '/tmp', ['python', '-V'])
    """
    cmd = [_bwrap() or "bwrap", "--unshare-all", "--die-with-parent", "--new-session"]
    cmd += _system_binds()
    cmd += ["--proc", "/proc", "--dev", "/dev", "--tmpfs", "/tmp", "--tmpfs", "/run"]
    for path in dict.fromkeys(Path(p) for p in readonly):
        cmd += ["--ro-bind", str(path), str(path)]
    cmd += ["--chdir", "/tmp", "--clearenv"]
    for key, value in sorted(env.items()):
        cmd += ["--setenv", key, value]
    return [*cmd, "--", *argv]
