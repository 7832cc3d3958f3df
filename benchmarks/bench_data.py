"""Benchmark of the Super Chef generator: default size and >= 1 million orders.

Each build runs in its own Python process, which reports its wall time and its
peak resident memory (``resource.getrusage``). Targets from issue 4: default
set < 10 s; 1M orders < 60 s and < 2 GB peak.

    python benchmarks/bench_data.py            # default + large (about a minute)
    python benchmarks/bench_data.py --quick    # default size only
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

ENFANT = r"""
import json, resource, sys, time
from crmkit.data.generator import generer
debut = time.perf_counter()
m = generer(sys.argv[1], taille=sys.argv[2])
duree = time.perf_counter() - debut
pic = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024  # Linux: kB
print(json.dumps({"secondes": duree, "pic_octets": pic, "lignes": m["lignes"]}))
"""

CIBLES = {"default": (10.0, None), "large": (60.0, 2 * 1024**3)}


def mesurer(taille: str) -> dict:
    """Generate one data set in a fresh process; return time, peak memory, row counts."""
    with tempfile.TemporaryDirectory() as d:
        sortie = subprocess.run(
            [sys.executable, "-c", ENFANT, str(Path(d) / "data"), taille],
            capture_output=True,
            text=True,
            check=True,
        )
        taille_disque = sum(f.stat().st_size for f in (Path(d) / "data").rglob("*") if f.is_file())
    resultat = json.loads(sortie.stdout.strip().splitlines()[-1])
    resultat["disque_octets"] = taille_disque
    return resultat


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="default size only")
    args = parser.parse_args()
    ok = True
    for taille in ("default",) if args.quick else ("default", "large"):
        r = mesurer(taille)
        cible_s, cible_mem = CIBLES[taille]
        n_cmd = r["lignes"]["commandes"]
        print(
            f"{taille:8s} {r['lignes']['clients']:>8,d} clients {n_cmd:>10,d} commandes "
            f"{r['lignes']['lignes_commande']:>10,d} lignes : {r['secondes']:6.1f} s "
            f"(cible {cible_s:.0f} s, ratio {r['secondes'] / cible_s:.2f}), "
            f"pic mémoire {r['pic_octets'] / 1024**2:,.0f} Mo"
            + (
                f" (cible {cible_mem / 1024**3:.0f} Go, ratio {r['pic_octets'] / cible_mem:.2f})"
                if cible_mem
                else ""
            )
            + f", fichiers {r['disque_octets'] / 1024**2:,.1f} Mo"
        )
        ok &= r["secondes"] < cible_s and (cible_mem is None or r["pic_octets"] < cible_mem)
        if taille == "large" and n_cmd < 1_000_000:
            print("  moins d'un million de commandes : taille 'large' insuffisante")
            ok = False
    print("objectifs atteints" if ok else "OBJECTIFS NON ATTEINTS")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
