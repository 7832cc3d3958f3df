"""Execute one sanitised notebook: student cells in a sandboxed kernel, tests out of it.

This replaces nbgrader's ``Execute`` preprocessor for ``crmkit grading
autograde``. Differences, all on purpose:

- the kernel runs in bubblewrap (:mod:`crmkit.grading.sandbox`) with rlimits,
  talking over Unix sockets, and runs the student's cells only;
- a graded test cell (as the gradebook holds it) never reaches the kernel:
  the grader asks the kernel for the plain values of the names the cell reads
  (:mod:`crmkit.grading.valeurs`), then the verdict worker
  (:mod:`crmkit.grading.verdict`) runs the cell on them and its outputs become
  the cell's outputs, which nbgrader scores as usual; a value that is not
  plain data scores 0 with a French reason;
- a wall-clock budget for the whole notebook, a watchdog on what the
  sandbox holds (memory with files in memory, disk, files, processes:
  :mod:`crmkit.grading.quotas`), and a cap on stored output;
- when the kernel dies or a limit is hit, the cells already run keep their
  outputs (so their points), the failing cell and every later graded cell get
  an error output naming the reason in French (so they score 0): nbgrader
  would have discarded the whole notebook.

Everything else (allow_errors, nbgrader's handling of error replies without
an error output) is nbgrader's, so honest notebooks get identical outputs
scores.

>>> reason_text("delai_depasse", 12)
'le délai est dépassé à la cellule 12'
"""

from __future__ import annotations

import asyncio
import json
import shutil
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from jupyter_client.manager import AsyncKernelManager
from nbclient import NotebookClient
from nbclient.exceptions import CellTimeoutError, DeadKernelError
from nbformat import NotebookNode

from crmkit.grading import quotas, sandbox
from crmkit.grading.jugement import Arret, Tests, juger
from crmkit.grading.verdict import Verdict

__all__ = ["Limits", "Execution", "Tests", "execute_notebook", "reason_text", "verdict_command"]

_REASONS = {
    "delai_depasse": "le délai est dépassé",
    "memoire_depassee": "le noyau s'est arrêté : mémoire dépassée",
    "processus_depasses": "le noyau s'est arrêté : trop de processus lancés",
    "noyau_arrete": "le noyau s'est arrêté",
    "erreur_interne": "erreur interne du correcteur",
}
_REASONS.update(quotas.RAISONS)  # memory with tmpfs, disk quota, file count


def reason_text(status: str, cell_number: int | None) -> str:
    """French reason for a status, naming the (1-based) cell."""
    base = _REASONS.get(status, status)
    if cell_number is None:
        return base
    if ":" in base:
        head, tail = base.split(":", 1)
        return f"{head.rstrip()} à la cellule {cell_number} :{tail}"
    return f"{base} à la cellule {cell_number}"


@dataclass
class Limits:
    """Per-notebook limits (wall time s, memory MB, processes, output kB)."""

    time_s: float = 300.0
    memory_mb: int = 2048
    nproc: int = 64
    fsize_mb: int = 64
    nofile: int = 512
    disk_mb: int = 512  # bytes written in the job folder (quotas.py)
    files: int = 10_000  # files created (job folder + tmpfs)
    output_cell_kb: int = 500
    output_total_kb: int = 5000


@dataclass
class Execution:
    """Result of executing one notebook."""

    nb: NotebookNode
    status: str = "ok"
    message: str = ""
    stopped_at: int | None = None  # 1-based cell number
    cell_reasons: dict[str, str] = field(default_factory=dict)  # grade_id -> reason
    duration_s: float = 0.0
    sandboxed: bool = True
    survivors: list[int] = field(default_factory=list)
    truncated_cells: list[int] = field(default_factory=list)


def _nbgrader_meta(cell) -> dict:
    return cell.get("metadata", {}).get("nbgrader", {}) or {}


def is_graded_code(cell) -> bool:
    return cell.cell_type == "code" and bool(_nbgrader_meta(cell).get("grade"))


def _grade_id(cell) -> str | None:
    return _nbgrader_meta(cell).get("grade_id") if cell.cell_type == "code" else None


def _error_output(ename: str, text: str) -> NotebookNode:
    return NotebookNode(
        output_type="error", ename=ename, evalue=text, traceback=[f"{ename}: {text}"]
    )


class _SandboxKernelManager(AsyncKernelManager):
    """Kernel manager whose kernel command is built by the executor."""

    crmkit_command: list[str] = []

    def format_kernel_cmd(self, extra_arguments=None):  # noqa: D102
        return list(self.crmkit_command)


class _Client(NotebookClient):
    """nbclient with nbgrader's error-reply rule and an output cap."""

    def __init__(self, *args, cell_cap: int, total_cap: int, **kwargs):
        super().__init__(*args, **kwargs)
        self._cell_cap, self._total_cap = cell_cap, total_cap
        self._sizes: dict[int, int] = {}
        self._total = 0
        self.truncated: set[int] = set()

    def output(self, outs, msg, display_id, cell_index):  # noqa: D102
        if msg["msg_type"] != "error":
            size = len(json.dumps(msg.get("content", {}), default=str))
            used = self._sizes.get(cell_index, 0) + size
            if used > self._cell_cap or self._total + size > self._total_cap:
                if cell_index not in self.truncated:
                    self.truncated.add(cell_index)
                    outs.append(
                        NotebookNode(
                            output_type="stream",
                            name="stderr",
                            text=(
                                "[… sortie tronquée par le correcteur automatique : "
                                f"plus de {self._cell_cap // 1000} ko dans cette cellule "
                                "ou trop de sortie dans le notebook …]\n"
                            ),
                        )
                    )
                return None
            self._sizes[cell_index] = used
            self._total += size
        return super().output(outs, msg, display_id, cell_index)

    def on_cell_executed(self, **kwargs):  # noqa: D102 - copied from nbgrader's Execute
        cell = kwargs["cell"]
        reply = kwargs["execute_reply"]
        if reply["content"]["status"] == "error":
            recorded = any(
                o.output_type == "error" and o.ename == reply["content"]["ename"]
                for o in cell.outputs
            )
            if not recorded:
                out = NotebookNode(output_type="error")
                out.ename = reply["content"]["ename"]
                out.evalue = reply["content"]["evalue"]
                out.traceback = reply["content"]["traceback"] or [
                    "ERROR: An error occurred while showtraceback was disabled"
                ]
                cell.outputs.append(out)


def verdict_command(
    *, use_sandbox: bool, readonly: list[Path], data_dir: Path | None, memory_mb: int
) -> list[str]:
    """Command of a verdict worker: sandboxed read-only, or a bare environment without sandbox."""
    env = _kernel_env(Path("/tmp"), data_dir)
    env.update(HOME="/tmp", TMPDIR="/tmp", MPLCONFIGDIR="/tmp/.matplotlib")
    argv = [sys.executable, "-m", "crmkit.grading.verdict", json.dumps({"memory_mb": memory_mb})]
    if use_sandbox:
        return sandbox.bwrap_lecture_seule(argv, readonly=readonly, env=env)
    return ["env", "-i", *[f"{k}={v}" for k, v in env.items()], *argv]


def _kernel_env(job_dir: Path, data_dir: Path | None) -> dict[str, str]:
    venv_bin = str(Path(sys.executable).parent)
    env = {
        "PATH": f"{venv_bin}:/usr/local/bin:/usr/bin:/bin",
        "HOME": str(job_dir / "home"),
        "TMPDIR": str(job_dir / "tmp"),
        "LANG": "C.UTF-8",
        "LC_ALL": "C.UTF-8",
        "MPLCONFIGDIR": str(job_dir / "home" / ".matplotlib"),
        "OPENBLAS_NUM_THREADS": "1",
        "OMP_NUM_THREADS": "1",
        "MKL_NUM_THREADS": "1",
        "MALLOC_ARENA_MAX": "2",
        "NBGRADER_EXECUTION": "autograde",
        "PYDEVD_DISABLE_FILE_VALIDATION": "1",
        "JUPYTER_PLATFORM_DIRS": "1",
        "PYTHONDONTWRITEBYTECODE": "1",
    }
    if data_dir is not None:
        env["CRMKIT_DATA"] = str(data_dir)
    return env


def _kernel_limits(limits: Limits) -> str:
    return json.dumps(
        {
            "memory_mb": limits.memory_mb,
            "cpu_s": int(limits.time_s) + 10,
            "fsize_mb": limits.fsize_mb,
            "nofile": limits.nofile,
            "nproc": limits.nproc,
        }
    )


async def _run(
    nb, *, job_dir, workdir, limits, use_sandbox, readonly, data_dir, result, tests, verdict
):
    km = _SandboxKernelManager(transport="ipc", ip=str(job_dir / "k"))
    km.connection_file = str(job_dir / "kernel.json")
    argv = [
        sys.executable,
        "-m",
        "crmkit.grading.kernel_boot",
        _kernel_limits(limits),
        "-f",
        km.connection_file,
    ]
    env = _kernel_env(job_dir, data_dir)
    if use_sandbox:
        km.crmkit_command = sandbox.bwrap_command(
            argv,
            job_dir=job_dir,
            workdir=workdir,
            readonly=readonly,
            env=env,
            tmpfs_mb=limits.memory_mb,
        )
    else:
        km.crmkit_command = ["env", "-i", *[f"{k}={v}" for k, v in env.items()], *argv]
    client = _Client(
        nb,
        km=km,
        timeout=int(limits.time_s),
        startup_timeout=max(60, int(limits.time_s)),
        allow_errors=True,
        interrupt_on_timeout=False,
        raise_on_iopub_timeout=False,
        shutdown_kernel="immediate",
        kernel_name="python3",
        resources={"metadata": {"path": str(workdir)}},
        cell_cap=limits.output_cell_kb * 1000,
        total_cap=limits.output_total_kb * 1000,
    )
    deadline = time.monotonic() + limits.time_s
    watch: sandbox.ProcessWatch | None = None
    killed: list[str] = []
    compteur = quotas.Compteur(job_dir, files=limits.files)

    async def monitor():
        while True:
            await asyncio.sleep(0.2)
            if watch is None:
                continue
            status = quotas.depassement(compteur, watch, limits)
            if status is None:
                continue
            killed.append(status)
            watch.kill_all(wait=2)
            return

    stop_status, stop_idx = None, None
    log = open(job_dir / "kernel.log", "wb")  # noqa: SIM115 - closed below
    try:
        async with client.async_setup_kernel(stdout=log, stderr=log):
            proc = getattr(km.provisioner, "process", None)
            if proc is not None:
                watch = sandbox.ProcessWatch(proc.pid, sandboxed=use_sandbox)
                watch.pids()  # locate the namespace while the launcher lives
            mon = asyncio.ensure_future(monitor())
            try:
                for idx, cell in enumerate(nb.cells):
                    if cell.cell_type != "code":
                        continue
                    remaining = deadline - time.monotonic()
                    if remaining <= 0:
                        stop_status, stop_idx = "delai_depasse", idx
                        break
                    gid = _grade_id(cell)
                    if gid in tests.sources:  # a test cell: never sent to the kernel
                        try:
                            deadline += await juger(
                                cell,
                                idx,
                                gid,
                                client=client,
                                km=km,
                                tests=tests,
                                verdict=verdict,
                                deadline=deadline,
                                killed=killed,
                                result=result,
                            )
                        except Arret as stop:
                            stop_status, stop_idx = stop.args[0], idx
                            break
                        continue
                    client.timeout = max(1, int(remaining))
                    try:
                        await client.async_execute_cell(cell, idx)
                    except CellTimeoutError:
                        stop_status, stop_idx = "delai_depasse", idx
                        break
                    except DeadKernelError:
                        stop_status, stop_idx = (killed or ["noyau_arrete"])[0], idx
                        break
                    if killed:
                        stop_status, stop_idx = killed[0], idx
                        break
                    if any(
                        o.output_type == "error" and o.get("ename") == "MemoryError"
                        for o in cell.outputs
                    ):
                        stop_status, stop_idx = "memoire_depassee", idx
                        break
            finally:
                mon.cancel()
                if watch is not None:
                    watch.pids()
    except DeadKernelError:
        stop_status = stop_status or (killed or ["noyau_arrete"])[0]
    finally:
        log.close()
        if watch is not None:
            result.survivors = watch.kill_all(wait=5)
    result.truncated_cells = sorted(i + 1 for i in client.truncated)
    if stop_status:
        _mark_stop(nb, stop_status, stop_idx, result)


def _mark_stop(nb, status: str, idx: int | None, result: Execution) -> None:
    number = None if idx is None else idx + 1
    text = reason_text(status, number)
    result.status, result.stopped_at, result.message = status, number, text
    for j, cell in enumerate(nb.cells):
        if idx is not None and j < idx:
            continue
        if j == idx and cell.cell_type == "code":
            if not any(o.output_type == "error" for o in cell.outputs):
                cell.outputs.append(_error_output("CorrectionInterrompue", text))
            if is_graded_code(cell):
                result.cell_reasons[_nbgrader_meta(cell).get("grade_id", str(j))] = text
        elif is_graded_code(cell):
            note = f"non exécutée : {text}"
            cell.outputs = [_error_output("CorrectionInterrompue", note)]
            result.cell_reasons[_nbgrader_meta(cell).get("grade_id", str(j))] = note


def execute_notebook(
    nb: NotebookNode,
    files_dir: Path,
    *,
    limits: Limits | None = None,
    use_sandbox: bool = True,
    readonly: list[Path] | None = None,
    data_dir: Path | None = None,
    job_root: Path | None = None,
    tests: Tests | None = None,
    verdict: Verdict | None = None,
) -> Execution:
    """Execute *nb* (modified in place) with a private copy of *files_dir* as cwd.

    ``readonly`` lists the directories the sandbox exposes read-only (the
    Python environment, crmkit, the course data). ``tests`` (from the
    gradebook) names the test cells that run in ``verdict`` instead of the
    kernel; without them every cell runs in the kernel.
    """
    limits = limits or Limits()
    readonly = list(readonly or sandbox.python_readonly_paths())
    if data_dir is not None and data_dir not in readonly:
        readonly.append(data_dir)
    result = Execution(nb=nb, sandboxed=use_sandbox)
    started = time.monotonic()
    if verdict is not None:
        verdict.demarrer()  # warms up while the kernel starts
    job_dir = Path(tempfile.mkdtemp(prefix="crmkit-grade-", dir=job_root))
    try:
        workdir = job_dir / "work"
        shutil.copytree(files_dir, workdir, symlinks=True)
        for sub in ("home", "tmp"):
            (job_dir / sub).mkdir()
        asyncio.run(
            _run(
                nb,
                job_dir=job_dir,
                workdir=workdir,
                limits=limits,
                use_sandbox=use_sandbox,
                readonly=readonly,
                data_dir=data_dir,
                result=result,
                tests=tests or Tests(),
                verdict=verdict,
            )
        )
    except Exception as exc:  # noqa: BLE001 - one bad notebook never stops the batch
        result.status = "erreur_interne"
        result.message = f"{reason_text('erreur_interne', None)} : {type(exc).__name__}: {exc}"
        _mark_stop(nb, "erreur_interne", None, result)
        result.message = f"{reason_text('erreur_interne', None)} : {type(exc).__name__}: {exc}"
    finally:
        shutil.rmtree(job_dir, ignore_errors=True)
        result.duration_s = time.monotonic() - started
    return result
