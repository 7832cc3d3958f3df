"""AIDA e-mail builder (TD2, e-mailing): one text field per part, preview, feedback, export.

The work is done by pure functions on a plain ``dict`` of parts:
:func:`apercu_html` renders the e-mail as the reader would see it (every
student text is HTML-escaped), :func:`remarques_structure` lists what is
missing in the AIDA structure (:func:`crmkit.emailing.verifier_aida`) and
:func:`remarques_email` adds the legal mentions
(:func:`crmkit.emailing.verifier_email_commercial`, the TD's automatic check).
:func:`code_python` and :func:`texte_markdown` export a draft as plain data: a
graded answer must be a literal ``dict`` in the notebook, since widgets do not
run when the teacher grades. The widget built by :class:`ConstructeurAida` only
wires text fields and an export button to these functions, so tests drive it
by setting ``champs[...]`` values and calling ``exporter()``, without a browser.

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
import json
from collections.abc import Iterable, Mapping

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


def remarques_email(
    parties: Mapping[str, object], annonceur: str = "Super Chef", mots_offre: Iterable[str] = ()
) -> list[str]:
    """Remarks of the TD's automatic check: AIDA structure and legal mentions.

    Same verdict as :func:`crmkit.emailing.verifier_email_commercial` on the
    same draft, so an empty list here means the automatic check passes.

    >>> remarques_email(EXEMPLE_SUPER_CHEF)
    []
    >>> remarques_email(EXEMPLE_SUPER_CHEF, mots_offre=("couteau",))[0]  # doctest: +ELLIPSIS
    "Mentions légales : l'objet ne parle pas du produit proposé (couteau)..."
    """
    from crmkit.emailing import verifier_email_commercial

    return verifier_email_commercial(normaliser_parties(parties), annonceur, mots_offre)


def code_python(parties: Mapping[str, object], variable: str = "mon_email") -> str:
    """The draft as a Python assignment to paste in an answer cell (plain ``dict`` of texts).

    >>> print(code_python({"objet": 'Le "vrai" couteau', "titre": "J'en veux"}))
    mon_email = {
        "expediteur": "",
        "objet": "Le \\"vrai\\" couteau",
        "surtitre": "",
        "titre": "J'en veux",
        "sous_titre": "",
        "corps": "",
        "encadre": "",
        "appel_a_l_action": "",
        "lien_desinscription": "",
    }
    """
    if not (isinstance(variable, str) and variable.isidentifier()):
        raise ErreurAida(f"nom de variable invalide : {variable!r} ; par exemple « mon_email ».")
    p = normaliser_parties(parties)
    # a JSON string is a valid Python string literal (quotes, backslashes, newlines escaped)
    lignes = [f"    {json.dumps(cle)}: {json.dumps(p[cle], ensure_ascii=False)}," for cle in CLES]
    return "\n".join([f"{variable} = {{", *lignes, "}"])


def texte_markdown(parties: Mapping[str, object]) -> str:
    """The draft as Markdown, ready to paste in a text cell (empty parts left out).

    >>> print(texte_markdown({"expediteur": "Super Chef", "objet": "Vos couteaux",
    ...                       "titre": "Tranchez net", "lien_desinscription": "Se désinscrire"}))
    **De :** Super Chef
    <BLANKLINE>
    **Objet :** Vos couteaux
    <BLANKLINE>
    ### Tranchez net
    <BLANKLINE>
    *Se désinscrire*
    """
    p = normaliser_parties(parties)
    blocs = [
        f"**De :** {p['expediteur']}",
        f"**Objet :** {p['objet']}",
        f"*{p['surtitre']}*" if p["surtitre"] else "",
        f"### {p['titre']}" if p["titre"] else "",
        f"**{p['sous_titre']}**" if p["sous_titre"] else "",
        p["corps"],
        f"> {p['encadre']}" if p["encadre"] else "",
        f"**[{p['appel_a_l_action']}]**" if p["appel_a_l_action"] else "",
        f"*{p['lien_desinscription']}*" if p["lien_desinscription"] else "",
    ]
    return "\n\n".join(b for b in blocs if b)


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
    "<p>✅ Structure et mentions complètes : chaque partie AIDA, l'appel à l'action, l'expéditeur et le lien de désinscription sont là.</p>"
    """
    if not remarques:
        return (
            "<p>✅ Structure et mentions complètes : chaque partie AIDA, l'appel à l'action, "
            "l'expéditeur et le lien de désinscription sont là.</p>"
        )
    items = "".join(f"<li>{html.escape(r)}</li>" for r in remarques)
    return f"<p>⚠️ À revoir :</p><ul>{items}</ul>"


class ConstructeurAida:
    """Text fields wired to the preview, the remarks of :func:`remarques_email` and an export.

    ``champs[cle]`` are the text widgets (keys :data:`CLES`); ``apercu`` and
    ``retours`` are HTML widgets; ``remarques`` holds the last list of remarks
    (the TD's automatic check with ``annonceur`` and ``mots_offre``). Editing
    any field recomputes the preview and the remarks. The « Exporter » button
    calls :meth:`exporter`: it puts a plain ``dict`` copy of the draft in the
    notebook variable ``variable`` and shows the code to paste in the answer
    cell (``code``), since a graded answer must be written in the notebook.

    >>> c = ConstructeurAida()
    >>> c.remarques
    []
    >>> c.champs["lien_desinscription"].value = ""
    >>> any("désinscription" in r for r in c.remarques)
    True
    >>> brouillon = c.exporter()
    >>> type(brouillon).__name__, brouillon["lien_desinscription"], c.code.value.split(" = ")[0]
    ('dict', '', 'mon_email')
    """

    def __init__(
        self,
        parties: Mapping[str, object] | None = None,
        *,
        variable: str = "mon_email",
        annonceur: str = "Super Chef",
        mots_offre: Iterable[str] = (),
    ) -> None:
        import ipywidgets as w

        depart = normaliser_parties(EXEMPLE_SUPER_CHEF if parties is None else parties)
        code_python({}, variable)  # a bad variable name fails now, not at the first click
        self.variable = variable
        self.annonceur = annonceur
        self.mots_offre = tuple(mots_offre)
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
        self.bouton = w.Button(
            description=f"Exporter dans {variable}",
            icon="download",
            tooltip="Copie le brouillon dans la variable et affiche le code à coller",
            layout=w.Layout(width="280px"),
        )
        self.bouton.on_click(lambda _bouton: self.exporter())
        self.code = w.Textarea(
            placeholder="Cliquez sur « Exporter » : le code à coller dans la cellule réponse "
            "s'affiche ici.",
            layout=w.Layout(width="560px", height="220px"),
        )
        self.widget = w.HBox(
            [
                w.VBox(
                    [
                        w.HTML("<b>Votre e-mail</b>"),
                        *self.champs.values(),
                        self.retours,
                        self.bouton,
                        self.code,
                    ]
                ),
                w.VBox([w.HTML("<b>Aperçu</b>"), self.apercu]),
            ]
        )
        self._recalculer()

    def parties(self) -> dict[str, str]:
        """Current text of every part, as a plain ``dict`` (a copy)."""
        return {cle: champ.value for cle, champ in self.champs.items()}

    def exporter(self) -> dict[str, str]:
        """Return the draft as a plain ``dict``, store it in the notebook, show the code to paste.

        Outside IPython (tests, scripts) only the return value and ``code`` are set.
        """
        brouillon = self.parties()
        self.code.value = code_python(brouillon, self.variable)
        try:
            from IPython import get_ipython
        except ImportError:  # pragma: no cover - IPython comes with ipywidgets
            return brouillon
        shell = get_ipython()
        if shell is not None:
            shell.user_ns[self.variable] = dict(brouillon)
        return brouillon

    def _recalculer(self, _changement: object = None) -> None:
        parties = self.parties()
        self.apercu.value = apercu_html(parties)
        self.remarques = remarques_email(parties, self.annonceur, self.mots_offre)
        self.retours.value = remarques_html(self.remarques)


def constructeur_aida(
    parties: Mapping[str, object] | None = None,
    *,
    variable: str = "mon_email",
    mots_offre: Iterable[str] = (),
) -> object:
    """Build the AIDA e-mail builder and return the widget to display.

    ``parties`` pre-fills the fields (default: :data:`EXEMPLE_SUPER_CHEF`;
    pass ``{}`` to start from a blank e-mail); ``variable`` is where the
    export button puts the draft; ``mots_offre`` as in :func:`remarques_email`.

    >>> type(constructeur_aida({})).__name__
    'HBox'
    """
    return ConstructeurAida(parties, variable=variable, mots_offre=mots_offre).widget
