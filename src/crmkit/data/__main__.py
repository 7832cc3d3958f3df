"""Command line: ``python -m crmkit.data generate [--seed N] [--size default|large|N] [--out DIR]``.

>>> from crmkit.data.__main__ import analyser
>>> analyser(["generate", "--size", "large"]).size
'large'
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from .generator import GRAINE_DEFAUT, generer, nb_clients
from .paths import dossier_donnees


def analyser(argv: list[str] | None = None) -> argparse.Namespace:
    """Parse the command line."""
    parser = argparse.ArgumentParser(
        prog="python -m crmkit.data", description="Jeu de données Super Chef"
    )
    sous = parser.add_subparsers(dest="commande", required=True)
    gen = sous.add_parser("generate", help="générer la base SQLite et les CSV")
    gen.add_argument(
        "--seed", type=int, default=GRAINE_DEFAUT, help="graine (défaut : %(default)s)"
    )
    gen.add_argument(
        "--size",
        default="default",
        help="'default' (20 000 clients), 'large' ou un nombre de clients",
    )
    gen.add_argument("--out", type=Path, default=None, help="dossier de sortie (défaut : data/)")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    """Run the command; return the exit status."""
    args = analyser(argv)
    try:
        nb_clients(args.size)
    except ValueError as exc:
        print(f"Erreur : {exc}", file=sys.stderr)
        return 2
    dossier = args.out if args.out is not None else dossier_donnees()
    debut = time.perf_counter()
    manifeste = generer(dossier, seed=args.seed, taille=args.size)
    duree = time.perf_counter() - debut
    lignes = manifeste["lignes"]
    print(
        f"Super Chef généré dans {dossier} en {duree:.1f} s : {lignes['clients']} clients, "
        f"{lignes['commandes']} commandes, {lignes['lignes_commande']} lignes de commande."
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
