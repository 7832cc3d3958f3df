"""Hidden-test lines of an assignment, and finding them in any text or page.

One definition shared by the masking of feedback notebooks
(:mod:`crmkit.grading.masquage`) and the check of the rendered pages
(:mod:`crmkit.grading.retours`):

* a *secret line* is a non-blank line between the hidden-test delimiters of
  a cell of the assignment's source notebook, with at least
  :data:`LONGUEUR_MIN` visible characters and one letter or digit (``)`` or
  ``}`` tell nothing), that the student could not read anyway: lines that
  also appear in the released notebook (visible checks) or in the
  student's own submitted file are not secret;
* a line is *found* in a text when its words appear in order separated by any
  run of whitespace, in the raw text, once HTML entities are decoded, once
  tags are dropped (syntax highlighting splits a line into ``<span>``\\ s),
  once JSON string escapes are decoded, or in the bytes of a base64 payload.

>>> secret = "assert abs(b - 4) < 1e-9"
>>> page = '<span class="k">assert</span> abs(b <span class="o">-</span> 4) &lt; 1e-9'
>>> trouvees(page, [secret])
['assert abs(b - 4) < 1e-9']
>>> trouvees("assert   abs(b - 4)\\n   < 1e-9", [secret])
['assert abs(b - 4) < 1e-9']
>>> trouvees("rien à voir", [secret])
[]
"""

from __future__ import annotations

import base64
import binascii
import html
import re
from collections.abc import Iterable

__all__ = [
    "DEBUT",
    "FIN",
    "LONGUEUR_MIN",
    "RETIRE",
    "lignes_cachees",
    "lignes_secretes",
    "normaliser",
    "retirer",
    "trouvees",
]

DEBUT = "### BEGIN HIDDEN TESTS"
FIN = "### END HIDDEN TESTS"
LONGUEUR_MIN = 4
RETIRE = "[contenu retiré : il reproduisait un test caché]"

_ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")
_BALISE = re.compile(r"<[^<>]*>")
_ESPACES = re.compile(r"\s+")
_JSON_U = re.compile(r"\\u([0-9a-fA-F]{4})")
_BASE64 = re.compile(r"[A-Za-z0-9+/=\s]{64,}")


def lignes_cachees(source: str, debut: str = DEBUT, fin: str = FIN) -> list[str]:
    """The non-blank lines (stripped) between the hidden-test delimiters of *source*.

    >>> lignes_cachees("a\\n### B\\n  assert a == 1\\n\\n### E\\nb", "### B", "### E")
    ['assert a == 1']
    """
    lignes, dedans = [], False
    for ligne in source.splitlines():
        texte = ligne.strip()
        if texte == debut:
            dedans = True
        elif texte == fin:
            dedans = False
        elif dedans and texte:
            lignes.append(texte)
    return lignes


def normaliser(texte: str) -> str:
    """*texte* without terminal colour codes, whitespace runs made one space.

    >>> normaliser("\\x1b[0;32massert\\x1b[0m   x ==\\n 2 ")
    'assert x == 2'
    """
    return _ESPACES.sub(" ", _ANSI.sub("", texte)).strip()


def _significative(ligne: str) -> bool:
    visibles = "".join(ligne.split())
    return len(visibles) >= LONGUEUR_MIN and any(c.isalnum() for c in visibles)


def lignes_secretes(
    sources: Iterable[str], publics: Iterable[str] = (), debut: str = DEBUT, fin: str = FIN
) -> list[str]:
    """Secret lines (normalised) of the cell *sources*, minus those in *publics*.

    >>> src = "verifier(x)\\n### BEGIN HIDDEN TESTS\\nassert x == 42\\n)\\nverifier(x)\\n### END HIDDEN TESTS"
    >>> lignes_secretes([src], publics=["verifier(x)"])
    ['assert x == 42']
    """
    public = " \n ".join(normaliser(t) for t in publics)
    out: list[str] = []
    for source in sources:
        for ligne in lignes_cachees(source, debut, fin):
            ligne = normaliser(ligne)
            if _significative(ligne) and ligne not in public and ligne not in out:
                out.append(ligne)
    return out


def _motif(ligne: str) -> re.Pattern:
    return re.compile(r"\s+".join(re.escape(mot) for mot in ligne.split()))


def _json_decode(texte: str) -> str:
    texte = _JSON_U.sub(lambda m: chr(int(m.group(1), 16)), texte)
    for code, car in (('\\"', '"'), ("\\'", "'"), ("\\n", "\n"), ("\\/", "/"), ("\\\\", "\\")):
        texte = texte.replace(code, car)
    return texte


def _formes(texte: str) -> list[str]:
    """The readings of *texte* a reader (or a browser) could see, normalised."""
    sans_ansi = _ANSI.sub("", texte)
    decode = html.unescape(sans_ansi)
    formes = {sans_ansi, decode, html.unescape(_BALISE.sub("", sans_ansi))}
    formes |= {_json_decode(f) for f in list(formes)}
    formes |= {html.unescape(_BALISE.sub("", f)) for f in list(formes)}
    return [normaliser(f) for f in formes]


def _charges_base64(texte: str) -> list[str]:
    out = []
    for bloc in _BASE64.findall(texte):
        donnees = "".join(bloc.split()).rstrip("=")
        if len(donnees) % 4 == 1:
            donnees = donnees[:-1]
        try:
            brut = base64.b64decode(donnees + "=" * (-len(donnees) % 4))
        except (binascii.Error, ValueError):
            continue
        out.append(normaliser(brut.decode("utf-8", errors="replace")))
    return out


def trouvees(texte: str, lignes: Iterable[str]) -> list[str]:
    """The *lignes* (normalised secret lines) that appear in *texte* (see module doc)."""
    lignes = list(lignes)
    if not lignes or not texte:
        return []
    formes = _formes(texte) + _charges_base64(texte)
    return [ligne for ligne in lignes if any(ligne in forme for forme in formes)]


def retirer(texte: str, lignes: Iterable[str]) -> str:
    """*texte* with every occurrence of the secret *lignes* removed.

    Occurrences in the raw text are replaced in place; when a line still
    shows in another reading (entities, tags, escapes, base64), the whole
    text becomes :data:`RETIRE`.

    >>> retirer("In[3]: assert x ==  42\\nfin", ["assert x == 42"])
    'In[3]: [test caché]\\nfin'
    >>> retirer("assert x &#61;= 42", ["assert x == 42"]) == RETIRE
    True
    """
    lignes = [ligne for ligne in lignes if ligne]
    if not trouvees(texte, lignes):
        return texte
    propre = _ANSI.sub("", texte) if "\x1b" in texte else texte
    for ligne in lignes:
        propre = _motif(ligne).sub("[test caché]", propre)
    return RETIRE if trouvees(propre, lignes) else propre
