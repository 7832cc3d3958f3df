"""AIDA e-mail builder (TD2, e-mailing): one text field per part, preview, structure feedback.

The work is done by pure functions on a plain ``dict`` of parts:
:func:`apercu_html` renders the e-mail as the reader would see it (every
student text is HTML-escaped) and :func:`remarques_structure` lists what is
missing, using the AIDA checker of :mod:`crmkit.emailing`. The widget built
by :class:`ConstructeurAida` only wires text fields to these two functions, so
tests drive it by setting ``champs[...]`` values, without a browser.

>>> parties = dict(EXEMPLE_SUPER_CHEF)
>>> "Super Chef" in apercu_html(parties)
True
>>> remarques_structure(parties)
[]
>>> parties["appel_a_l_action"] = ""
>>> any("appel à l'action" in r for r in remarques_structure(parties))
True
"""

from __future__ import annotations

import html
from collections.abc import Mapping

PARTIES = (
    ("expediteur", "Expéditeur", "Super Chef"),
    ("objet", "Objet", "Ce que l'on voit avant d'ouvrir"),
    ("surtitre", "Surtitre", "Attention : une accroche courte"),
    ("titre", "Titre", "Intérêt : la promesse principale"),
    ("sous_titre", "Sous-titre", "Désir : ce qui donne envie"),
    ("corps", "Corps", "Les arguments et les preuves"),
    ("encadre", "Encadré", "L'offre mise en relief, une raison d'agir vite"),
    ("appel_a_l_action", "Appel à l'action", "Le texte du bouton"),
    ("lien_desinscription", "Désinscription", "Le texte du lien (obligatoire)"),
)
"""Parts of the e-mail in reading order: (key, French label, placeholder)."""

CLES = tuple(cle for cle, _, _ in PARTIES)
"""Keys of the parts dict, in reading order."""

EXEMPLE_SUPER_CHEF = {
    "expediteur": "Super Chef",
    "objet": "Les casseroles des grands chefs, enfin chez vous",
    "surtitre": "Nouveau — Étonnez les papilles de votre famille et de vos amis",
    "titre": "Réussir les recettes des grands cuisiniers avec les casseroles Super Chef",
    "sous_titre": (
        "Enfin, les casseroles des professionnels de la cuisine, disponibles en "
        "quantité limitée pour les particuliers"
    ),
    "corps": (
        "Inox triple épaisseur, poignées rivetées qui restent froides, compatibles "
        "avec tous les feux dont l'induction. Garanties 10 ans."
    ),
    "encadre": "En plus, si vous répondez aujourd'hui même, le guide des papilles vous est offert",
    "appel_a_l_action": "Je découvre la collection",
    "lien_desinscription": "Se désinscrire",
}
"""The seed's "Super Chef" pans e-mail, rewritten, with every part filled in."""


class ErreurAida(ValueError):
    """Invalid input for the AIDA builder (French message for students)."""


def normaliser_parties(parties: Mapping[str, object]) -> dict[str, str]:
    """Return a full parts dict: known keys only, stripped text, ``""`` when absent.

    >>> normaliser_parties({"titre": "  Bonjour  "})["titre"], normaliser_parties({})["objet"]
    ('Bonjour', '')
    >>> normaliser_parties({"bouton": "OK"})
    Traceback (most recent call last):
    ...
    crmkit.widgets.aida.ErreurAida: partie inconnue : 'bouton' ; parties possibles : expediteur, objet, surtitre, titre, sous_titre, corps, encadre, appel_a_l_action, lien_desinscription.
    """
    if not isinstance(parties, Mapping):
        raise ErreurAida(
            "les parties de l'e-mail se donnent dans un dictionnaire, par exemple "
            f"{{'titre': '…', 'appel_a_l_action': '…'}} ; reçu : {type(parties).__name__}."
        )
    inconnues = [cle for cle in parties if cle not in CLES]
    if inconnues:
        raise ErreurAida(
            f"partie inconnue : {', '.join(map(repr, inconnues))} ; "
            f"parties possibles : {', '.join(CLES)}."
        )
    resultat = {}
    for cle in CLES:
        valeur = parties.get(cle)
        if valeur is None or valeur is Ellipsis:
            valeur = ""
        if not isinstance(valeur, str):
            raise ErreurAida(
                f"la partie « {cle} » doit être un texte entre guillemets ; "
                f"reçu : {valeur!r} ({type(valeur).__name__})."
            )
        resultat[cle] = valeur.strip()
    return resultat


def remarques_structure(parties: Mapping[str, object]) -> list[str]:
    """French remarks on the structure of the e-mail (empty list = nothing missing).

    Delegates to :func:`crmkit.emailing.verifier_aida`, so the builder and
    the course's function give the same verdict. The parts are passed in the
    checker's reading order (the fields of the builder cannot be reordered)
    and without the sender, which the checker does not look at.

    >>> remarques_structure(EXEMPLE_SUPER_CHEF)
    []
    >>> len(remarques_structure({})) > 0
    True
    """
    from crmkit.emailing import PARTIES_AIDA, verifier_aida

    p = normaliser_parties(parties)
    return verifier_aida({cle: p[cle] for cle in PARTIES_AIDA if cle in p})


def _bloc(texte: str, style: str, balise: str = "div") -> str:
    if not texte:
        return ""
    return f'<{balise} style="{style}">{html.escape(texte)}</{balise}>'


def apercu_html(parties: Mapping[str, object]) -> str:
    """Render the e-mail as an HTML snippet (student text escaped, empty parts left out).

    >>> html_ = apercu_html({"titre": "<b>Promo</b>", "appel_a_l_action": "J'en profite"})
    >>> "&lt;b&gt;Promo&lt;/b&gt;" in html_ and "J&#x27;en profite" in html_
    True
    """
    p = normaliser_parties(parties)
    gris = "color:#555;font-size:90%"
    entete = (
        '<div style="border-bottom:1px solid #ccc;padding:6px 10px;background:#f4f4f4">'
        f'<div style="{gris}"><b>De :</b> {html.escape(p["expediteur"]) or "<i>(vide)</i>"}</div>'
        f'<div style="{gris}"><b>Objet :</b> {html.escape(p["objet"]) or "<i>(vide)</i>"}</div>'
        "</div>"
    )
    corps = "".join(
        [
            _bloc(
                p["surtitre"],
                "text-transform:uppercase;color:#b35900;font-size:85%;letter-spacing:1px",
            ),
            _bloc(p["titre"], "font-size:140%;font-weight:bold;margin:4px 0", "h3"),
            _bloc(p["sous_titre"], "font-size:110%;color:#333;margin-bottom:8px"),
            _bloc(p["corps"], "margin:8px 0"),
            _bloc(
                p["encadre"],
                "border:2px dashed #0072b2;padding:8px;margin:8px 0;background:#eef6fb",
            ),
            _bloc(
                p["appel_a_l_action"],
                "display:inline-block;background:#0072b2;color:white;padding:8px 16px;"
                "border-radius:4px;font-weight:bold;margin:8px 0",
            ),
        ]
    )
    pied = _bloc(
        p["lien_desinscription"],
        "border-top:1px solid #ccc;margin-top:12px;padding-top:6px;font-size:80%;"
        "color:#555;text-decoration:underline",
    )
    return (
        '<div style="border:1px solid #999;max-width:560px;font-family:sans-serif">'
        f'{entete}<div style="padding:10px">{corps}{pied}</div></div>'
    )


def remarques_html(remarques: list[str]) -> str:
    """Render the remarks as a short French HTML list (a ✅ line when there is none).

    >>> remarques_html([])
    "<p>✅ Structure complète : chaque partie AIDA, l'appel à l'action et le lien de désinscription sont présents.</p>"
    """
    if not remarques:
        return (
            "<p>✅ Structure complète : chaque partie AIDA, l'appel à l'action "
            "et le lien de désinscription sont présents.</p>"
        )
    items = "".join(f"<li>{html.escape(r)}</li>" for r in remarques)
    return f"<p>⚠️ À revoir :</p><ul>{items}</ul>"


class ConstructeurAida:
    """Text fields wired to :func:`apercu_html` and :func:`remarques_structure`.

    ``champs[cle]`` are the text widgets (keys :data:`CLES`); ``apercu`` and
    ``retours`` are HTML widgets; ``remarques`` holds the last list of remarks.
    Editing any field recomputes the preview and the remarks.

    >>> c = ConstructeurAida()
    >>> c.remarques
    []
    >>> c.champs["lien_desinscription"].value = ""
    >>> any("désinscription" in r for r in c.remarques)
    True
    """

    def __init__(self, parties: Mapping[str, object] | None = None) -> None:
        import ipywidgets as w

        depart = normaliser_parties(EXEMPLE_SUPER_CHEF if parties is None else parties)
        style = {"description_width": "140px"}
        self.champs = {}
        for cle, libelle, aide in PARTIES:
            classe = w.Textarea if cle == "corps" else w.Text
            self.champs[cle] = classe(
                value=depart[cle],
                placeholder=aide,
                description=libelle,
                style=style,
                layout=w.Layout(width="560px"),
                continuous_update=False,
            )
            self.champs[cle].observe(self._recalculer, names="value")
        self.apercu = w.HTML()
        self.retours = w.HTML()
        self.remarques: list[str] = []
        self.widget = w.HBox(
            [
                w.VBox([w.HTML("<b>Votre e-mail</b>"), *self.champs.values(), self.retours]),
                w.VBox([w.HTML("<b>Aperçu</b>"), self.apercu]),
            ]
        )
        self._recalculer()

    def parties(self) -> dict[str, str]:
        """Current text of every part."""
        return {cle: champ.value for cle, champ in self.champs.items()}

    def _recalculer(self, _changement: object = None) -> None:
        parties = self.parties()
        self.apercu.value = apercu_html(parties)
        self.remarques = remarques_structure(parties)
        self.retours.value = remarques_html(self.remarques)


def constructeur_aida(parties: Mapping[str, object] | None = None) -> object:
    """Build the AIDA e-mail builder and return the widget to display.

    ``parties`` pre-fills the fields (default: :data:`EXEMPLE_SUPER_CHEF`;
    pass ``{}`` to start from a blank e-mail).

    >>> type(constructeur_aida({})).__name__
    'HBox'
    """
    return ConstructeurAida(parties).widget
