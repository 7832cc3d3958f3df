"""French typography for the markdown cells of the course and TD notebooks.

Rules (Imprimerie nationale, as French publishers apply them on screen):

- U+202F (narrow no-break space) before ``; : ! ?`` and inside « »;
- U+00A0 (no-break space) before ``%`` and ``€`` and between groups of
  thousands (``20 000``).

Code spans and blocks, maths, HTML tags, URLs, link targets, nbgrader markers
and markdown table rulers are left untouched. :func:`corriger` is idempotent;
:func:`manques` lists what is still wrong (the test in
``tests/test_project_typographie.py`` uses it).

``tools/formater_notebooks.py`` applies :func:`corriger` to every markdown
cell of the source notebooks.

>>> corriger("Le taux : 3 % ; « oui » ? 20 000 €") == (
...     "Le taux\u202f: 3\xa0%\u202f; «\u202foui\u202f»\u202f? 20\xa0000\xa0€")
True
>>> corriger("`a : b` et $x : y$ et https://exemple.fr?q=1")
'`a : b` et $x : y$ et https://exemple.fr?q=1'
>>> manques("un taux : 3 %")
['espace ordinaire avant « : »', 'espace ordinaire avant « % »']
>>> manques(corriger("un taux : 3 %"))
[]
"""

from __future__ import annotations

import re

FINE = "\u202f"  # espace fine insécable
INSECABLE = "\u00a0"  # espace insécable

# Segments that are not prose: kept byte for byte.
_PROTEGES = re.compile(
    r"```.*?```"  # fenced code
    r"|`[^`\n]*`"  # inline code
    r"|\$\$.*?\$\$"  # display maths
    r"|\$[^$\n]*\$"  # inline maths
    r"|<!--.*?-->"  # HTML comments
    r"|<[^>\n]+>"  # HTML tags
    r"|\]\([^)\n]*\)"  # link targets
    r"|https?://[^\s)>\]]+|www\.[^\s)>\]]+"  # bare URLs
    r"|^[ \t]*\|?[ \t]*:?-{3,}:?[ \t]*(?:\|[ \t]*:?-{3,}:?[ \t]*)*\|?[ \t]*$"  # table ruler
    r"|^[ \t]*### (?:BEGIN|END) [A-Z ]+$",  # nbgrader markers
    re.S | re.M,
)

_ESPACES = "[ \u00a0\u202f]"
_REGLES = [
    # (pattern, replacement, message when an ordinary space is found)
    (re.compile(r"[ \u00a0]+(?=[;:!?])"), FINE, "avant « {} »"),
    (re.compile(r"«[ \u00a0]+"), "«" + FINE, "après « « »"),
    (re.compile(r"[ \u00a0]+»"), FINE + "»", "avant « » »"),
    (re.compile(r"(?<=\d)[ \u202f]+(?=[%€])"), INSECABLE, "avant « {} »"),
]
# Thousands: 20 000, 1 250 000 (not years in a list such as « 2024 2025 »).
_MILLIERS = re.compile(r"(?<![\d,.])(\d{1,3})((?:[ \u202f]\d{3})+)(?![\d])")


def _milliers(m: re.Match) -> str:
    return m.group(1) + re.sub("[ \u202f]", INSECABLE, m.group(2))


def _prose(texte: str, fonction) -> str:
    """Apply *fonction* to the prose between protected segments."""
    morceaux, debut = [], 0
    for m in _PROTEGES.finditer(texte):
        morceaux.append(fonction(texte[debut : m.start()]))
        morceaux.append(m.group(0))
        debut = m.end()
    morceaux.append(fonction(texte[debut:]))
    return "".join(morceaux)


def _corriger_prose(prose: str) -> str:
    for motif, remplacement, _ in _REGLES:
        prose = motif.sub(remplacement, prose)
    return _MILLIERS.sub(_milliers, prose)


def corriger(texte: str) -> str:
    """Markdown *texte* with French non-breaking spaces where they belong."""
    return _prose(texte, _corriger_prose)


def manques(texte: str) -> list[str]:
    """What :func:`corriger` would still change, as short French descriptions."""
    trouves: list[str] = []

    def relever(prose: str) -> str:
        for signe in ";:!?":
            if re.search(rf"[ \u00a0]{re.escape(signe)}", prose):
                trouves.append(f"espace ordinaire avant « {signe} »")
        if re.search(r"«[ \u00a0]", prose):
            trouves.append("espace ordinaire après « « »")
        if re.search(r"[ \u00a0]»", prose):
            trouves.append("espace ordinaire avant « » »")
        for signe in "%€":
            if re.search(rf"\d[ \u202f]{signe}", prose):
                trouves.append(f"espace ordinaire avant « {signe} »")
        if any(" " in m.group(2) or FINE in m.group(2) for m in _MILLIERS.finditer(prose)):
            trouves.append("séparateur de milliers sans espace insécable")
        return prose

    _prose(texte, relever)
    return list(dict.fromkeys(trouves))
