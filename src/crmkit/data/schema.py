"""The Super Chef schema: tables, columns, SQL types, nullability, allowed codes.

This module is the single source of truth used by the generator (DDL and
column order), the loaders (validation, dtypes) and the tests (data
dictionary in ``data/README.md`` must mention every column).

>>> from crmkit.data.schema import SCHEMA, colonnes
>>> colonnes("categories")
['categorie_id', 'nom_categorie']
>>> SCHEMA["clients"]["client_id"].type_sql
'INTEGER'
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["Colonne", "SCHEMA", "TABLES", "colonnes", "ddl", "CATEGORIES", "CANAUX_CAMPAGNE"]


@dataclass(frozen=True)
class Colonne:
    """One column: name, SQL type (``INTEGER``, ``REAL``, ``TEXT``, ``DATE``).

    ``DATE`` columns are stored as ISO ``YYYY-MM-DD`` text and parsed by the
    loaders. ``valeurs`` lists the allowed codes when the column is categorical.

    >>> Colonne("statut", "TEXT", valeurs=("opt_in", "opt_out")).nullable
    False
    """

    nom: str
    type_sql: str
    nullable: bool = False
    cle_primaire: bool = False
    valeurs: tuple[str, ...] | None = None


CATEGORIES: tuple[str, ...] = (
    "casseroles",
    "poeles",
    "couteaux",
    "petit_electromenager",
    "ustensiles",
    "livres_cuisine",
    "art_de_la_table",
    "patisserie",
)
CANAUX_ACQUISITION = ("magasin", "web", "salon", "parrainage", "catalogue")
CANAUX_VENTE = ("magasin", "web", "telephone", "catalogue")
CANAUX_CAMPAGNE = ("face_a_face", "telephone", "courrier", "sms", "email")
SOURCES_CONSENTEMENT = (
    "formulaire_web",
    "magasin",
    "achat_client",
    "case_precochee",
    "salon",
    "lien_desabonnement",
)
EVENEMENTS_EMAIL = ("envoye", "delivre", "ouvert", "clique", "desabonne", "rejete")

C = Colonne

_TABLES: dict[str, tuple[Colonne, ...]] = {
    "clients": (
        C("client_id", "INTEGER", cle_primaire=True),
        C("civilite", "TEXT", valeurs=("M.", "Mme")),
        C("prenom", "TEXT"),
        C("nom", "TEXT"),
        C("email", "TEXT"),
        C("telephone", "TEXT"),
        C("annee_naissance", "INTEGER"),
        C("code_postal", "TEXT"),
        C("ville", "TEXT"),
        C("departement", "TEXT"),
        C("type_client", "TEXT", valeurs=("b2c", "b2b")),
        C("raison_sociale", "TEXT", nullable=True),
        C("date_inscription", "DATE"),
        C("canal_acquisition", "TEXT", valeurs=CANAUX_ACQUISITION),
        C("carte_fidelite", "INTEGER", valeurs=("0", "1")),
        C("date_adhesion_carte", "DATE", nullable=True),
    ),
    "consentements": (
        C("client_id", "INTEGER"),
        C("canal", "TEXT", valeurs=("email", "sms", "courrier")),
        C("statut", "TEXT", valeurs=("opt_in", "opt_out")),
        C("date_statut", "DATE"),
        C("source", "TEXT", valeurs=SOURCES_CONSENTEMENT),
    ),
    "categories": (
        C("categorie_id", "INTEGER", cle_primaire=True),
        C("nom_categorie", "TEXT", valeurs=CATEGORIES),
    ),
    "produits": (
        C("produit_id", "INTEGER", cle_primaire=True),
        C("nom_produit", "TEXT"),
        C("categorie_id", "INTEGER"),
        C("marque", "TEXT"),
        C("prix_unitaire", "REAL"),
        C("cout_unitaire", "REAL"),
    ),
    "commandes": (
        C("commande_id", "INTEGER", cle_primaire=True),
        C("client_id", "INTEGER"),
        C("date_commande", "DATE"),
        C("canal_vente", "TEXT", valeurs=CANAUX_VENTE),
        C("montant", "REAL"),
        C("marge", "REAL"),
        C("campagne_id", "INTEGER", nullable=True),
    ),
    "lignes_commande": (
        C("ligne_id", "INTEGER", cle_primaire=True),
        C("commande_id", "INTEGER"),
        C("produit_id", "INTEGER"),
        C("quantite", "INTEGER"),
        C("prix_unitaire", "REAL"),
        C("montant", "REAL"),
        C("marge", "REAL"),
    ),
    "evenements_service": (
        C("evenement_id", "INTEGER", cle_primaire=True),
        C("client_id", "INTEGER"),
        C("commande_id", "INTEGER", nullable=True),
        C("date_evenement", "DATE"),
        C("type_evenement", "TEXT", valeurs=("retour", "reclamation", "appel_service_client")),
        C("cout", "REAL"),
    ),
    "campagnes": (
        C("campagne_id", "INTEGER", cle_primaire=True),
        C("nom_campagne", "TEXT"),
        C("canal", "TEXT", valeurs=CANAUX_CAMPAGNE),
        C("date_campagne", "DATE"),
        C("offre", "TEXT"),
        C("categorie_id", "INTEGER", nullable=True),
        C("cout_unitaire", "REAL"),
        C("cible", "TEXT", valeurs=("clients", "prospects")),
        C("nb_contacts", "INTEGER"),
    ),
    "contacts_campagne": (
        C("campagne_id", "INTEGER"),
        C("client_id", "INTEGER"),
        C("reponse", "INTEGER", valeurs=("0", "1")),
        C("date_reponse", "DATE", nullable=True),
        C("montant_reponse", "REAL"),
        C("marge_reponse", "REAL"),
    ),
    "evenements_email": (
        C("campagne_id", "INTEGER"),
        C("client_id", "INTEGER"),
        C("variante_objet", "TEXT", valeurs=("A", "B")),
        C("evenement", "TEXT", valeurs=EVENEMENTS_EMAIL),
        C("date_evenement", "DATE"),
    ),
    # Customers of the retention mailings' population who were NOT mailed (control group).
    "temoins_campagne": (
        C("campagne_id", "INTEGER"),
        C("client_id", "INTEGER"),
    ),
    # Prospect file rented from a broker, delivered with its defects (crmkit.data.fichier_loue).
    "fichier_loue": (
        C("ligne_id", "INTEGER", cle_primaire=True),
        C("civilite", "TEXT", valeurs=("M.", "Mme")),
        C("prenom", "TEXT"),
        C("nom", "TEXT"),
        C("adresse", "TEXT"),
        C("code_postal", "TEXT"),
        C("ville", "TEXT"),
        C("retour_npai", "INTEGER", valeurs=("0", "1")),
        C("liste_opposition", "INTEGER", valeurs=("0", "1")),
    ),
}
del C

SCHEMA: dict[str, dict[str, Colonne]] = {
    table: {c.nom: c for c in cols} for table, cols in _TABLES.items()
}
TABLES: tuple[str, ...] = tuple(_TABLES)


def colonnes(table: str) -> list[str]:
    """Column names of ``table`` in storage order.

    >>> colonnes("evenements_email")[:2]
    ['campagne_id', 'client_id']
    """
    if table not in SCHEMA:
        disponibles = ", ".join(TABLES)
        raise ValueError(f"table '{table}' inconnue ; tables disponibles : {disponibles}")
    return list(SCHEMA[table])


def ddl(table: str) -> str:
    """``CREATE TABLE`` statement for ``table`` (dates are stored as TEXT).

    >>> print(ddl("categories"))
    CREATE TABLE categories (categorie_id INTEGER PRIMARY KEY, nom_categorie TEXT NOT NULL)
    """
    morceaux = []
    for col in SCHEMA[table].values():
        type_sql = "TEXT" if col.type_sql == "DATE" else col.type_sql
        if col.cle_primaire:
            morceaux.append(f"{col.nom} {type_sql} PRIMARY KEY")
        else:
            morceaux.append(f"{col.nom} {type_sql}{'' if col.nullable else ' NOT NULL'}")
    return f"CREATE TABLE {table} ({', '.join(morceaux)})"
