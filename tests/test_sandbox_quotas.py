"""What the watchdog counts (crmkit.grading.quotas) and what the sandbox refuses."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
import time

import pytest

from crmkit.grading import quotas, sandbox
from crmkit.grading.executor import Limits
from crmkit.grading.quotas import Compteur, Mesure, arborescence, verdict

MO = 1024 * 1024
needs_bwrap = pytest.mark.skipif(
    sandbox._bwrap() is None or sys.platform != "linux", reason="bubblewrap requis"
)


def test_verdict_bounds_are_inclusive_and_ordered():
    lim = {"memory_mb": 100, "nproc": 4, "disk_mb": 50, "files": 10}
    assert verdict(Mesure(4, 100 * MO, 90 * MO, 50 * MO, 10), **lim) is None  # exactly at
    assert verdict(Mesure(4, 100 * MO + 1, 0, 0, 0), **lim) == "memoire_depassee"
    assert verdict(Mesure(5, 0, 0, 0, 0), **lim) == "processus_depasses"
    assert verdict(Mesure(1, 0, 0, 50 * MO + 1, 0), **lim) == "quota_disque_depasse"
    assert verdict(Mesure(1, 0, 0, 0, 11), **lim) == "fichiers_depasses"
    # several at once: memory first (the host's RAM is the scarcest)
    assert verdict(Mesure(9, 200 * MO, 0, 90 * MO, 99), **lim) == "memoire_depassee"


def test_reasons_are_french_and_name_files_in_memory():
    assert "fichiers en mémoire compris" in quotas.RAISONS["memoire_depassee"]
    assert quotas.RAISONS["quota_disque_depasse"].endswith("quota disque dépassé")
    assert quotas.RAISONS["fichiers_depasses"].endswith("trop de fichiers créés")


def test_walk_counts_blocks_not_apparent_size_and_never_follows_links(tmp_path):
    with open(tmp_path / "creux", "wb") as fh:  # sparse: 1 GB apparent, one block
        fh.seek(1024 * MO)
        fh.write(b"x")
    (tmp_path / "plein").write_bytes(b"x" * (3 * MO))
    outside = tmp_path.parent / f"{tmp_path.name}_dehors"
    outside.mkdir()
    (outside / "gros").write_bytes(b"x" * (5 * MO))
    (tmp_path / "lien").symlink_to(outside)
    octets, entrees, complet = arborescence(tmp_path, budget=100)
    assert complet and entrees == 3
    assert 3 * MO <= octets < 4 * MO


def test_walk_stops_on_budget_and_depth(tmp_path):
    for i in range(30):
        (tmp_path / str(i)).touch()
    assert arborescence(tmp_path, budget=30)[2] is True
    assert arborescence(tmp_path, budget=29)[2] is False
    deep = tmp_path / "p"
    deep.mkdir()
    os.chdir(deep)
    try:
        for _ in range(quotas.PROFONDEUR_MAX + 1):
            os.mkdir("d")
            os.chdir("d")
    finally:
        os.chdir(tmp_path.parent)
    octets, entrees, complet = arborescence(tmp_path, budget=10_000)
    assert complet is False


def test_baseline_is_not_counted(tmp_path):
    (tmp_path / "copie.ipynb").write_bytes(b"x" * (2 * MO))
    compteur = Compteur(tmp_path, files=5)
    assert compteur.mesurer([], sandboxed=False).disque == 0
    (tmp_path / "nouveau").write_bytes(b"x" * MO)
    m = compteur.mesurer([], sandboxed=False)
    assert (m.disque >= MO, m.fichiers) == (True, 1)


_FILLER = """
import os, time
ok = []
for chemin, taille in (("/tmp/a", 40), ("/dev/shm/b", 30), ("{job}/c", 20)):
    with open(chemin, "wb") as fh:
        fh.write(b"x" * (taille << 20))
fd = os.memfd_create("m")
os.write(fd, b"x" * (25 << 20))
cache = open("{job}/efface", "wb")
os.unlink("{job}/efface")
cache.write(b"x" * (15 << 20)); cache.flush()
for i in range(300):
    open(f"/tmp/f{{i}}", "w").close()
for chemin in ("/x", "/dev/x", "/usr/x"):
    try:
        open(chemin, "w")
    except OSError:
        ok.append(chemin)
try:
    open("/tmp/trop", "wb").write(b"x" * (200 << 20))
except OSError:
    ok.append("plein")
r = os.system("mount -t tmpfs none /tmp 2>/dev/null || unshare -Urm true 2>/dev/null")
if r != 0:
    ok.append("montage")
open("{job}/pret", "w").write(",".join(ok))
time.sleep(30)
"""


@needs_bwrap
def test_sandbox_holds_and_watchdog_counts_everything(tmp_path):
    """Files in memory, memfd, deleted-but-open files, inodes: all counted from outside."""
    job = tmp_path / "job"
    job.mkdir()
    script = job / "remplir.py"
    script.write_text(textwrap.dedent(_FILLER.format(job=job)))
    compteur = Compteur(job, files=10_000)
    cmd = sandbox.bwrap_command(
        [sys.executable, str(script)],
        job_dir=job,
        workdir=job,
        readonly=sandbox.python_readonly_paths(),
        env={"PATH": "/usr/bin:/bin", "HOME": str(job)},
        tmpfs_mb=128,
    )
    proc = subprocess.Popen(cmd)
    try:
        watch = sandbox.ProcessWatch(proc.pid, sandboxed=True)
        deadline = time.monotonic() + 60
        while not (job / "pret").exists() and time.monotonic() < deadline:
            watch.pids()
            time.sleep(0.1)
        refused = (job / "pret").read_text().split(",")
        m = compteur.mesurer(watch.pids(), sandboxed=True)
    finally:
        survivors = sandbox.ProcessWatch(proc.pid, sandboxed=True).kill_all()
        proc.wait()
    # the sandbox refused: writes to /, /dev, read-only binds; a full tmpfs; mounting
    assert refused == ["/x", "/dev/x", "/usr/x", "plein", "montage"]
    # /tmp is full at its own size (128 MB), /dev/shm holds 30 MB, memfd 25 MB
    assert m.en_memoire >= (128 + 30 + 25) * MO
    assert m.memoire >= m.en_memoire
    assert 35 * MO <= m.disque < 45 * MO  # 20 MB file + 15 MB deleted but open
    assert m.fichiers >= 300
    assert survivors == []
    over = Limits(memory_mb=150, disk_mb=30, files=200)
    assert verdict(m, memory_mb=over.memory_mb, nproc=64, disk_mb=500, files=10**6) == (
        "memoire_depassee"
    )
    assert verdict(m, memory_mb=10**5, nproc=64, disk_mb=over.disk_mb, files=10**6) == (
        "quota_disque_depasse"
    )
    assert verdict(m, memory_mb=10**5, nproc=64, disk_mb=500, files=over.files) == (
        "fichiers_depasses"
    )
