"""What a graded notebook holds, counted from outside: memory, disk, files.

The grader's watchdog (:func:`depassement`, called every 0.2 s by
:mod:`crmkit.grading.executor`) adds up everything the student's code can
make the machine hold, wherever it hides:

* **memory** = resident memory of every process of the sandbox
  + bytes stored in the sandbox's tmpfs mounts (``/tmp``, ``/dev/shm``:
  files in memory do not show in any process's memory)
  + anonymous in-memory files held open (``memfd_create``) and in-memory
  files deleted but still open;
* **disk** = bytes written to the job folder on the host disk (copy of the
  submission, ``$HOME``, ``$TMPDIR``, kernel log) above what it held at
  start, + host files deleted but still open;
* **files** = entries created in the job folder + inodes of the tmpfs mounts.

Each bound has its own status, named in French in the report:
``memoire_depassee`` (« mémoire dépassée (fichiers en mémoire compris) »),
``quota_disque_depasse`` (« quota disque dépassé »), ``fichiers_depasses``
(« trop de fichiers créés »). The sandbox (:mod:`crmkit.grading.sandbox`)
makes the rest hold between two rounds: every tmpfs has its own size (the
kernel refuses writes beyond it), ``/`` and ``/dev`` are read-only, the
student's code has no capability and cannot create a user namespace (so it
cannot mount anything), and ``RLIMIT_FSIZE`` caps each file.

The job folder is walked with a budget: more entries than the file quota,
deeper than :data:`PROFONDEUR_MAX`, or a folder the grader cannot list
(``chmod 000``, name too long) counts as too many files, since a walk that
stops early could miss bytes.

>>> m = Mesure(processus=3, memoire=10 << 20, en_memoire=0, disque=0, fichiers=2)
>>> verdict(m, memory_mb=100, nproc=64, disk_mb=50, files=10) is None
True
>>> verdict(m, memory_mb=100, nproc=64, disk_mb=50, files=1)
'fichiers_depasses'
"""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass
from pathlib import Path

__all__ = [
    "Mesure",
    "Compteur",
    "verdict",
    "depassement",
    "arborescence",
    "PROFONDEUR_MAX",
    "RAISONS",
]

PROFONDEUR_MAX = 32

# status -> French reason (used by the executor's report and the outcome)
RAISONS = {
    "memoire_depassee": "le noyau s'est arrêté : mémoire dépassée (fichiers en mémoire compris)",
    "quota_disque_depasse": "le noyau s'est arrêté : quota disque dépassé",
    "fichiers_depasses": "le noyau s'est arrêté : trop de fichiers créés",
}

_MO = 1024 * 1024


@dataclass
class Mesure:
    """One round of the watchdog: what the sandbox holds (bytes, counts)."""

    processus: int
    memoire: int  # resident memory + en_memoire
    en_memoire: int  # tmpfs contents + in-memory files held open
    disque: int  # bytes written on the host disk since the start
    fichiers: int  # files and folders created since the start


def verdict(m: Mesure, *, memory_mb: int, nproc: int, disk_mb: int, files: int) -> str | None:
    """The status of the first bound *m* exceeds, or None (order: memory first).

    >>> m = Mesure(1, 300 << 20, 200 << 20, 0, 0)
    >>> verdict(m, memory_mb=256, nproc=64, disk_mb=50, files=10)
    'memoire_depassee'
    >>> verdict(Mesure(1, 0, 0, 60 << 20, 0), memory_mb=256, nproc=64, disk_mb=50, files=10)
    'quota_disque_depasse'
    """
    if m.memoire > memory_mb * _MO:
        return "memoire_depassee"
    if m.processus > nproc:
        return "processus_depasses"
    if m.disque > disk_mb * _MO:
        return "quota_disque_depasse"
    if m.fichiers > files:
        return "fichiers_depasses"
    return None


def arborescence(racine: Path, budget: int) -> tuple[int, int, bool]:
    """(bytes allocated, entries, complete) of the tree under *racine*.

    Symbolic links are counted, never followed. The walk stops after
    *budget* entries, below :data:`PROFONDEUR_MAX` levels or on a folder it
    cannot list; it then returns ``complete=False``.

    >>> import tempfile
    >>> d = Path(tempfile.mkdtemp())
    >>> _ = (d / "a").write_bytes(b"x" * 10_000); (d / "sous").mkdir()
    >>> octets, n, complet = arborescence(d, budget=100)
    >>> (octets >= 10_000, n, complet)
    (True, 2, True)
    >>> arborescence(d, budget=1)[2]
    False
    """
    octets, entrees = 0, 0
    pile = [(os.fspath(racine), 0)]
    while pile:
        dossier, profondeur = pile.pop()
        try:
            with os.scandir(dossier) as it:
                for entree in it:
                    entrees += 1
                    if entrees > budget:
                        return octets, entrees, False
                    try:
                        st = entree.stat(follow_symlinks=False)
                    except FileNotFoundError:
                        continue  # removed while we walk
                    octets += st.st_blocks * 512
                    if stat.S_ISDIR(st.st_mode):
                        if profondeur + 1 >= PROFONDEUR_MAX:
                            return octets, entrees, False
                        pile.append((entree.path, profondeur + 1))
        except FileNotFoundError:
            continue
        except OSError:  # unreadable or unreachable folder: it may hide anything
            return octets, entrees, False
    return octets, entrees, True


def _points_de_montage_tmpfs(pid: int) -> list[str]:
    """Writable tmpfs mount points (as seen inside) of the sandbox of *pid*."""
    try:
        lignes = Path(f"/proc/{pid}/mountinfo").read_text().splitlines()
    except OSError:
        return []
    points = []
    for ligne in lignes:
        avant, _, apres = ligne.partition(" - ")
        champs, fs = avant.split(), apres.split()
        if len(champs) < 6 or not fs or fs[0] != "tmpfs":
            continue
        if "rw" in champs[5].split(","):
            points.append(champs[4])
    return points


class Compteur:
    """Counts, from outside, what one sandbox holds (see module doc).

    Create it once the job folder is ready and before the kernel starts: what
    the folder holds then (the copy of the submission) is the baseline.

    >>> import tempfile
    >>> c = Compteur(Path(tempfile.mkdtemp()), files=10)
    >>> m = c.mesurer([], sandboxed=False)
    >>> (m.disque, m.fichiers, m.memoire)
    (0, 0, 0)
    """

    def __init__(self, job_dir: Path, *, files: int) -> None:
        self.job_dir = Path(job_dir)
        self.files = files
        octets, entrees, _ = arborescence(self.job_dir, budget=10**9)
        self._base_octets, self._base_entrees = octets, entrees
        self._dev_hote = os.stat(self.job_dir).st_dev
        self._tmpfs: list[str] | None = None  # mount points, found once
        self.pic = Mesure(0, 0, 0, 0, 0)  # highest values seen (report, benchmarks)

    def _tmpfs_de(self, pid: int) -> list[str]:
        if self._tmpfs is None:
            points = _points_de_montage_tmpfs(pid)
            if points:  # the namespace is up (its mounts are visible)
                self._tmpfs = points
            return points
        return self._tmpfs

    def mesurer(self, pids: list[int], *, sandboxed: bool) -> Mesure:
        """Measure the sandbox whose live processes are *pids*."""
        page = os.sysconf("SC_PAGE_SIZE")
        rss = 0
        for pid in pids:
            try:
                rss += int(Path(f"/proc/{pid}/statm").read_text().split()[1]) * page
            except (OSError, IndexError, ValueError):
                pass
        en_memoire, inodes, devs_tmpfs = 0, 0, set()
        if sandboxed and pids:
            for point in self._tmpfs_de(pids[0]):
                chemin = f"/proc/{pids[0]}/root{point}"
                try:
                    sv = os.statvfs(chemin)
                    devs_tmpfs.add(os.stat(chemin).st_dev)
                except OSError:
                    continue
                en_memoire += (sv.f_blocks - sv.f_bfree) * sv.f_frsize
                inodes += max(0, sv.f_files - sv.f_ffree - 1)  # minus the mount's root
        ouverts_memoire, ouverts_disque = self._fichiers_ouverts_caches(pids, devs_tmpfs)
        en_memoire += ouverts_memoire
        budget = self._base_entrees + self.files + 1
        octets, entrees, complet = arborescence(self.job_dir, budget=budget)
        fichiers = entrees - self._base_entrees + inodes
        if not complet:
            fichiers = max(fichiers, self.files + 1)
        m = Mesure(
            processus=len(pids),
            memoire=rss + en_memoire,
            en_memoire=en_memoire,
            disque=max(0, octets - self._base_octets) + ouverts_disque,
            fichiers=max(0, fichiers),
        )
        self.pic = Mesure(
            *(max(a, b) for a, b in zip(vars(self.pic).values(), vars(m).values(), strict=True))
        )
        return m

    def _fichiers_ouverts_caches(self, pids: list[int], devs_tmpfs: set[int]) -> tuple[int, int]:
        """(memory, disk) bytes of open files no walk can see: deleted or memfd.

        Deleted files still open on a tmpfs mount of the sandbox are already in
        that mount's count; the others are in memory (``memfd_create``, shared
        memory) or on the host disk (a file of the job folder deleted while
        open keeps its blocks).
        """
        memoire, disque, vus = 0, 0, set()
        for pid in pids:
            try:
                fds = os.listdir(f"/proc/{pid}/fd")
            except OSError:
                continue
            for fd in fds:
                try:
                    st = os.stat(f"/proc/{pid}/fd/{fd}")
                except OSError:
                    continue
                if not stat.S_ISREG(st.st_mode) or st.st_nlink > 0:
                    continue
                cle = (st.st_dev, st.st_ino)
                if cle in vus or st.st_dev in devs_tmpfs:
                    continue
                vus.add(cle)
                if st.st_dev == self._dev_hote:
                    disque += st.st_blocks * 512
                else:
                    memoire += st.st_blocks * 512
        return memoire, disque


def depassement(compteur: Compteur, watch, limits) -> str | None:
    """One watchdog round: the status of the bound exceeded, or None.

    *watch* is the sandbox's :class:`crmkit.grading.sandbox.ProcessWatch`,
    *limits* the executor's ``Limits`` (``memory_mb``, ``nproc``,
    ``disk_mb``, ``files``).
    """
    m = compteur.mesurer(watch.pids(), sandboxed=watch.sandboxed)
    return verdict(
        m,
        memory_mb=limits.memory_mb,
        nproc=limits.nproc,
        disk_mb=limits.disk_mb,
        files=limits.files,
    )
