"""One block of Super Chef customers and all their rows (:class:`_Bloc`), and the product catalogue.

Used by :func:`crmkit.data.generator.generer`, which draws one block at a time.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .parametres import (
    _CANAL_PRINCIPAL,
    _CHIFFRES,
    _P_ACQUISITION,
    _P_B2B,
    _P_CARTE,
    _P_EMAIL_OPTIN,
    _P_SMS_OPTIN,
    _POPULARITE_CATEGORIES,
    _RAISONS,
    _SOURCE_COLLECTE,
    CAMPAGNES,
    FLUX_TEMOINS,
    JOUR_CASE_PRECOCHEE_FIN,
    JOUR_REF,
    PARAMETRES_CACHES,
    PART_TEMOINS,
    Campagne,
    _sans_accent,
    jour,
    proba_reponse_vraie,
)
from .referentiels import NOMS, PRENOMS_F, PRENOMS_M, VILLES, catalogue_produits
from .schema import CANAUX_ACQUISITION, CANAUX_VENTE, CATEGORIES

# --------------------------------------------------------------------------- products


@dataclass
class _Catalogue:
    categorie: np.ndarray  # category index 0..7 per product (products grouped by category)
    prix: np.ndarray
    cout: np.ndarray
    cumul: np.ndarray  # c + cumulative popularity within category c
    tables: dict


def _catalogue(graine: int) -> _Catalogue:
    rng = np.random.default_rng([graine, 7_000_001])
    produits = catalogue_produits()
    n = len(produits)
    categorie = np.array([CATEGORIES.index(p[0]) for p in produits])
    prix = np.array([p[3] for p in produits])
    super_chef = np.array([p[2] == "Super Chef" for p in produits])
    ratio = np.where(super_chef, rng.uniform(0.38, 0.52, n), rng.uniform(0.50, 0.66, n))
    cout = np.round(prix * ratio, 2)
    poids = 1.0 / (1.0 + rng.permutation(n)) ** 0.35 * np.where(prix > 150, 0.4, 1.0)
    cumul = np.empty(n)
    for c in range(len(CATEGORIES)):
        idx = np.flatnonzero(categorie == c)
        w = np.cumsum(poids[idx])
        cumul[idx] = c + w / w[-1]
        cumul[idx[-1]] = c + 1.0
    tables = {
        "categories": {
            "categorie_id": np.arange(1, len(CATEGORIES) + 1),
            "nom_categorie": np.array(CATEGORIES, dtype=object),
        },
        "produits": {
            "produit_id": np.arange(1, n + 1),
            "nom_produit": np.array([p[1] for p in produits], dtype=object),
            "categorie_id": categorie + 1,
            "marque": np.array([p[2] for p in produits], dtype=object),
            "prix_unitaire": prix,
            "cout_unitaire": cout,
        },
    }
    return _Catalogue(categorie, prix, cout, cumul, tables)


# --------------------------------------------------------------------------- one block


class _Bloc:
    """All rows of one block of customers (local indices, global ids at the end).

    ``graine`` and ``numero`` (the data seed and the block number) seed the
    control groups' own random streams (:meth:`_retenir_temoins`).
    """

    def __init__(
        self, rng: np.random.Generator, n: int, cat: _Catalogue, graine: int = 0, numero: int = 0
    ):
        self.rng, self.n, self.cat = rng, n, cat
        self.graine, self.numero = graine, numero
        self.contacts_prospects: dict[int, int] = {}
        self.temoins_tires: dict[int, np.ndarray] = {}
        self.annulees: list[np.ndarray] = []  # creation ids of orders that never happened
        self._clients()
        self._consentements()
        # orders: lists of arrays, concatenated on demand
        self.o_cli, self.o_jour, self.o_canal, self.o_camp = [], [], [], []
        self.l_cmd, self.l_prod, self.l_qte, self.l_prix = [], [], [], []
        self.nb_cmd = 0
        self.contacts: list[dict] = []
        self.emails: list[dict] = []
        self._commandes_de_base()

    # ----------------------------------------------------------------- customers
    def _clients(self) -> None:
        rng, P = self.rng, PARAMETRES_CACHES
        # customers won by the prospect campaigns
        jours_conv, camp_conv = [], []
        for c in CAMPAGNES:
            if c.cible != "prospects":
                continue
            contacts = int(round(self.n * P["prospects"][c.campagne_id]["contacts_par_client"]))
            k = int(rng.binomial(contacts, P["prospects"][c.campagne_id]["conversion"]))
            self.contacts_prospects[c.campagne_id] = contacts
            d = jour(c.date)
            jours_conv.append(d + 3 + np.minimum(rng.exponential(9.0, k).astype(int), 40))
            camp_conv.append(np.full(k, c.campagne_id))
        jours_conv = np.concatenate(jours_conv)
        camp_conv = np.concatenate(camp_conv)
        n_libre = self.n - len(jours_conv)
        jours_libres = (JOUR_REF * rng.random(n_libre) ** 0.8).astype(np.int64)
        acq_libre = rng.choice(5, n_libre, p=_P_ACQUISITION)
        jours = np.concatenate([jours_libres, jours_conv])
        acq = np.concatenate([acq_libre, np.full(len(jours_conv), 4)])  # catalogue
        camp = np.concatenate([np.full(n_libre, -1), camp_conv])
        ordre = np.lexsort((rng.random(self.n), jours))
        self.inscription, self.acq, self.camp_acq = jours[ordre], acq[ordre], camp[ordre]
        n = self.n

        self.b2b = rng.random(n) < _P_B2B[self.acq]
        femme = rng.random(n) < 0.52
        prenom = np.where(
            femme,
            np.array(PRENOMS_F, dtype=object)[rng.integers(0, len(PRENOMS_F), n)],
            np.array(PRENOMS_M, dtype=object)[rng.integers(0, len(PRENOMS_M), n)],
        )
        nom = np.array(NOMS, dtype=object)[rng.integers(0, len(NOMS), n)]
        naissance = np.clip(np.round(rng.normal(1974, 15, n)), 1935, 2005).astype(np.int64)
        poids = np.array([v[3] for v in VILLES], dtype=float)
        ville = rng.choice(len(VILLES), n, p=poids / poids.sum())
        raison = np.array(_RAISONS, dtype=object)[rng.integers(0, len(_RAISONS), n)]
        raison_sociale = np.where(self.b2b, raison + " " + nom, None)
        num = rng.integers(0, 10_000, n)
        suffixe = np.where(rng.random(n) < 0.5, "", (num % 100).astype(str))
        domaine = np.array(["example.com", "example.org", "example.net"], dtype=object)[num % 3]
        email = []
        for i in range(n):
            base = f"{_sans_accent(prenom[i])}.{_sans_accent(nom[i])}{suffixe[i]}"
            if self.b2b[i]:
                email.append(f"{base}@{_sans_accent(raison_sociale[i].replace(' ', '-'))}.example")
            else:
                email.append(f"{base}@{domaine[i]}")
        tel = np.where(self.b2b, "01 99 00 ", "06 39 98 ") + _CHIFFRES[num // 100] + " "
        tel = tel + _CHIFFRES[rng.integers(0, 100, n)]
        carte = rng.random(n) < _P_CARTE[self.acq] * np.where(self.b2b, 0.3, 1.0)
        delai = np.where(rng.random(n) < 0.5, 0, rng.exponential(300, n).astype(np.int64))
        adhesion = self.inscription + delai
        carte &= adhesion <= JOUR_REF
        self.carte = carte
        self.adhesion = np.where(carte, adhesion, -1)
        self.colonnes_clients = {
            "civilite": np.where(femme, "Mme", "M.").astype(object),
            "prenom": prenom,
            "nom": nom,
            "email": np.array(email, dtype=object),
            "telephone": tel.astype(object),
            "annee_naissance": naissance,
            "code_postal": np.array([v[1] for v in VILLES], dtype=object)[ville],
            "ville": np.array([v[0] for v in VILLES], dtype=object)[ville],
            "departement": np.array([v[2] for v in VILLES], dtype=object)[ville],
            "type_client": np.where(self.b2b, "b2b", "b2c").astype(object),
            "raison_sociale": raison_sociale,
            "date_inscription": self.inscription,
            "canal_acquisition": np.array(CANAUX_ACQUISITION, dtype=object)[self.acq],
            "carte_fidelite": carte.astype(np.int64),
            "date_adhesion_carte": self.adhesion,
        }

        # hidden behaviour
        attr = np.array([P["attrition_annuelle"][c] for c in CANAUX_ACQUISITION])[self.acq]
        attr = attr * np.where(carte, P["effet_carte_attrition"], 1.0)
        attr = attr * np.where(self.b2b, P["attrition_b2b"], 1.0)
        duree = rng.exponential(365.0 / attr)
        self.fin_activite = np.minimum(self.inscription + duree.astype(np.int64), JOUR_REF)
        self.canaux = np.empty((n, 3), dtype=np.int64)
        self.canaux[:, 0] = (rng.random(n)[:, None] > np.cumsum(_CANAL_PRINCIPAL, 1)[self.acq]).sum(
            1
        )
        autres = np.argsort(rng.random((n, 4)) + (np.arange(4) == self.canaux[:, :1]) * 2, axis=1)
        self.canaux[:, 1:] = autres[:, :2]
        self.nb_canaux = 1 + (rng.random(n) < 0.33) + (rng.random(n) < 0.08)
        frequence = P["frequence_annuelle_mediane"] * np.exp(rng.normal(0, P["frequence_sigma"], n))
        frequence *= np.where(self.nb_canaux > 1, P["multicanal_frequence"], 1.0)
        frequence *= np.where(carte, P["effet_carte_frequence"], 1.0)
        frequence *= np.where(self.b2b, 2.0, 1.0)
        self.difficile = rng.random(n) < P["part_clients_difficiles"]
        frequence *= np.where(self.difficile, 1.5, 1.0)  # serial returners order a lot
        self.frequence = frequence
        self.panier = np.exp(rng.normal(np.log(0.9), 0.6, n))
        aff = rng.dirichlet(np.full(len(CATEGORIES), 0.5), n) * _POPULARITE_CATEGORIES
        aff = np.cumsum(aff, 1)
        self.affinite_cumul = aff / aff[:, -1:]

    # ----------------------------------------------------------------- consents
    def _consentements(self) -> None:
        rng, n = self.rng, self.n
        collecte = np.array(_SOURCE_COLLECTE, dtype=object)[self.acq]
        self.consent = {}
        for canal, p in (("email", _P_EMAIL_OPTIN), ("sms", _P_SMS_OPTIN), ("courrier", None)):
            optin = rng.random(n) < (0.92 if p is None else p[self.acq])
            source = collecte.copy()
            if canal == "courrier":
                source = np.where(self.acq == 4, "achat_client", collecte).astype(object)
            if canal == "email":
                web = (collecte == "formulaire_web") & (self.inscription <= JOUR_CASE_PRECOCHEE_FIN)
                precoche = optin & web & (rng.random(n) < 0.55)
                source = np.where(precoche, "case_precochee", source).astype(object)
            date = self.inscription.copy()
            # later unsubscriptions before the end of 2025 (email and sms only)
            desabo_jour = np.full(n, -1)
            if canal != "courrier":
                desabo = optin & (rng.random(n) < 0.10)
                desabo_jour = np.where(
                    desabo,
                    self.inscription + (rng.random(n) * (JOUR_REF - self.inscription)).astype(int),
                    -1,
                )
            self.consent[canal] = {
                "optin": optin,
                "source": source,
                "date": date,
                "desabo": desabo_jour,
            }

    def consent_valide(self, canal: str, d: int) -> np.ndarray:
        """Customers who may be contacted on ``canal`` on day ``d``.

        Post works on an opt-out basis (only an objection stops it); e-mail and
        SMS need an opt-in that is still active and was not a pre-ticked box.
        """
        c = self.consent[canal]
        ok = c["optin"] & (self.inscription < d) & ((c["desabo"] < 0) | (c["desabo"] > d))
        return ok & (c["source"] != "case_precochee")

    # ----------------------------------------------------------------- orders
    def _ajouter_commandes(self, cli, jours, canal, camp, cat_forcee=-1, remise=0.0):
        rng, cat = self.rng, self.cat
        k = len(cli)
        if k == 0:
            return np.zeros(0, dtype=np.int64)
        ids = self.nb_cmd + np.arange(k)
        self.nb_cmd += k
        nb_lignes = 1 + rng.poisson(self.panier[cli])
        cmd = np.repeat(ids, nb_lignes)
        cli_l = np.repeat(cli, nb_lignes)
        L = len(cmd)
        premiere = np.ones(L, dtype=bool)
        premiere[1:] = cmd[1:] != cmd[:-1]
        categorie = (rng.random(L)[:, None] > self.affinite_cumul[cli_l]).sum(1)
        categorie = np.minimum(categorie, len(CATEGORIES) - 1)
        if cat_forcee >= 0:
            categorie = np.where(premiere | (rng.random(L) < 0.4), cat_forcee, categorie)
        produit = np.searchsorted(cat.cumul, categorie + rng.random(L), side="right")
        produit = np.minimum(produit, len(cat.prix) - 1)
        qte_b2c = 1 + (rng.random(L) < 0.14) + (rng.random(L) < 0.03)
        qte = np.where(self.b2b[cli_l], 1 + rng.poisson(2.5, L), qte_b2c)
        prix = cat.prix[produit] * (1.0 - remise)
        self.o_cli.append(cli)
        self.o_jour.append(jours)
        self.o_canal.append(canal)
        self.o_camp.append(np.broadcast_to(np.int64(camp), (k,)) if np.ndim(camp) == 0 else camp)
        self.l_cmd.append(cmd)
        self.l_prod.append(produit)
        self.l_qte.append(qte)
        self.l_prix.append(np.round(prix, 2))
        return ids

    def _canal_commande(self, cli: np.ndarray) -> np.ndarray:
        rng = self.rng
        j = np.where(rng.random(len(cli)) < 0.5, 0, 1 + rng.integers(0, 2, len(cli)))
        j = np.where(j < self.nb_canaux[cli], j, 0)
        return self.canaux[cli, j]

    def _commandes_de_base(self) -> None:
        rng, n = self.rng, self.n
        # first order on the signup day (the prospect campaigns' answers carry their id)
        cli0 = np.arange(n)
        self._ajouter_commandes(cli0, self.inscription, self.canaux[:, 0], self.camp_acq)
        duree = np.maximum(self.fin_activite - self.inscription, 0)
        k = rng.poisson(self.frequence * duree / 365.0)
        cli = np.repeat(cli0, k)
        jours = self.inscription[cli] + 1 + (rng.random(len(cli)) * duree[cli]).astype(np.int64)
        jours = np.minimum(jours, JOUR_REF)
        self._ajouter_commandes(cli, jours, self._canal_commande(cli), -1)

    def _historique(self, d: int, categorie: int):
        """Features of every customer on day ``d`` (orders strictly before ``d``)."""
        o_cli = np.concatenate(self.o_cli)
        o_jour = np.concatenate(self.o_jour)
        l_cmd = np.concatenate(self.l_cmd)
        l_montant = np.concatenate(self.l_prix) * np.concatenate(self.l_qte)
        l_cat = self.cat.categorie[np.concatenate(self.l_prod)]
        montant_cmd = np.bincount(l_cmd, weights=l_montant, minlength=self.nb_cmd)
        # A held-out customer's cancelled answer still counts here (the features of the later
        # campaigns): otherwise his later answers, and every later draw, would move.
        avant = o_jour < d
        fenetre = avant & (o_jour >= d - PARAMETRES_CACHES["modele_reponse"]["fenetre_jours"])
        dernier = np.full(self.n, -1)
        np.maximum.at(dernier, o_cli[avant], o_jour[avant])
        recence = np.where(dernier >= 0, d - dernier, 10_000)
        frequence = np.bincount(o_cli[fenetre], minlength=self.n)
        montant = np.bincount(o_cli[fenetre], weights=montant_cmd[fenetre], minlength=self.n)
        total = np.bincount(o_cli[avant], weights=montant_cmd[avant], minlength=self.n)
        if categorie >= 0:
            l_avant = avant[l_cmd]
            dans_cat = np.bincount(
                o_cli[l_cmd[l_avant]],
                weights=l_montant[l_avant] * (l_cat[l_avant] == categorie),
                minlength=self.n,
            )
            affinite = np.where(total > 0, dans_cat / np.maximum(total, 1e-9), 0.0)
        else:
            affinite = np.zeros(self.n)
        return recence, frequence, montant, affinite

    def campagne(self, c: Campagne) -> None:
        rng, d = self.rng, jour(c.date)
        cat = CATEGORIES.index(c.categorie) if c.categorie else -1
        if c.cible == "prospects":
            gagnes = np.flatnonzero(self.camp_acq == c.campagne_id)
            self.contacts.append({"camp": c.campagne_id, "cli": gagnes, "rep": None})
            return
        if c.canal == "email":
            self._campagne_email(c, d, cat)
            return
        recence, frequence, montant, affinite = self._historique(d, cat)
        if c.canal == "courrier":
            cibles = self.consent_valide("courrier", d)
        elif c.canal == "sms":
            cibles = self.consent_valide("sms", d)
        elif c.canal == "telephone":
            cibles = self.b2b & (self.inscription < d)
        else:  # face_a_face: big professional accounts
            cibles = self.b2b & (self.inscription < d) & (montant >= 1500)
        cli = np.flatnonzero(cibles)
        p = proba_reponse_vraie(
            c.campagne_id, recence[cli], frequence[cli], montant[cli], affinite[cli]
        )
        rep = rng.random(len(cli)) < p
        self._reponses(c, d, cat, cli, rep, delai_moyen=8.0)
        if c.canal == "courrier":  # retention mailing: a random control group is not mailed
            self._retenir_temoins(c)

    def _masque_annulees(self) -> np.ndarray:
        """Orders (by creation id) cancelled because their customer was held out."""
        masque = np.zeros(self.nb_cmd, dtype=bool)
        for ids in self.annulees:
            masque[ids] = True
        return masque

    def _retenir_temoins(self, c: Campagne) -> None:
        """Hold out :data:`PART_TEMOINS` of the mailing's eligible customers, drawn at random.

        The draw has its own stream (seeded by the data seed, the campaign and
        the block), so no draw of the main stream moves. The held-out customers
        were drawn an answer like everyone (same main-stream draws); it is
        cancelled: they never got the mailing, so only their purchases without
        it (the base orders) remain.
        """
        ct = self.contacts[-1]
        eligibles = len(ct["cli"])
        flux = np.random.default_rng([self.graine, FLUX_TEMOINS + c.campagne_id, self.numero])
        temoin = np.zeros(eligibles, dtype=bool)
        temoin[flux.choice(eligibles, int(round(PART_TEMOINS * eligibles)), replace=False)] = True
        self.temoins_tires[c.campagne_id] = ct["cli"][temoin]
        self.annulees.append(ct["cmd"][temoin & ct["rep"]])
        for cle in ("cli", "rep", "cmd", "jour"):
            ct[cle] = ct[cle][~temoin]

    def _reponses(self, c: Campagne, d: int, cat: int, cli, rep, delai_moyen, jours_rep=None):
        rng = self.rng
        qui = cli[rep]
        if jours_rep is None:
            jours_rep = (
                d + 1 + np.minimum(rng.gamma(2.0, delai_moyen / 2, len(qui)).astype(int), 44)
            )
        else:
            jours_rep = jours_rep[rep]
        garde = jours_rep <= JOUR_REF
        qui, jours_rep = qui[garde], jours_rep[garde]
        rep = rep.copy()
        rep[np.flatnonzero(rep)[~garde]] = False
        canal = {
            "courrier": self._canal_commande(qui),
            "sms": np.where(rng.random(len(qui)) < 0.5, 0, 1),
            "email": np.full(len(qui), 1),
            "telephone": np.full(len(qui), 2),
            "face_a_face": np.full(len(qui), 2),
        }[c.canal]
        ids = self._ajouter_commandes(qui, jours_rep, canal, c.campagne_id, cat, c.remise)
        cmd = np.full(len(cli), -1)
        cmd[rep] = ids
        jr = np.full(len(cli), -1)
        jr[rep] = jours_rep
        self.contacts.append(
            {"camp": c.campagne_id, "cli": cli, "rep": rep, "cmd": cmd, "jour": jr}
        )

    def _campagne_email(self, c: Campagne, d: int, cat: int) -> None:
        rng, ab = self.rng, PARAMETRES_CACHES["ab_test"]
        cli = np.flatnonzero(self.consent_valide("email", d))
        k = len(cli)
        variante = np.where(rng.permutation(k) % 2 == 0, "A", "B").astype(object)
        b = variante == "B"
        rejete = rng.random(k) < ab["rejet"]
        delivre = ~rejete
        p_ouv = np.where(b, ab["ouverture"]["B"], ab["ouverture"]["A"])
        ouvert = delivre & (rng.random(k) < p_ouv)
        p_clic = np.where(b, ab["clic_si_ouvert"]["B"], ab["clic_si_ouvert"]["A"])
        clique = ouvert & (rng.random(k) < p_clic)
        desabo = delivre & (rng.random(k) < ab["desabonnement_si_delivre"])
        j_ouv = d + np.minimum(rng.exponential(0.8, k).astype(int), 6)
        achat = clique & (rng.random(k) < ab["achat_si_clic"])
        evts = []
        for nom, masque, jours in (
            ("envoye", np.ones(k, bool), np.full(k, d)),
            ("rejete", rejete, np.full(k, d)),
            ("delivre", delivre, np.full(k, d)),
            ("ouvert", ouvert, j_ouv),
            ("clique", clique, j_ouv),
            ("desabonne", desabo, np.where(ouvert, j_ouv, d)),
        ):
            evts.append((np.flatnonzero(masque), nom, jours[masque]))
        # unsubscribing through the link updates the consent
        ce = self.consent["email"]
        qui = cli[desabo]
        ce["desabo"][qui] = np.where(ouvert[desabo], j_ouv[desabo], d)
        self.emails.append({"camp": c.campagne_id, "cli": cli, "variante": variante, "evts": evts})
        self._reponses(c, d, cat, cli, achat, 0, jours_rep=j_ouv)

    def temoins(self, c: Campagne) -> np.ndarray:
        """Local indices of the control group of a retention mailing ``c`` (sorted).

        A random :data:`PART_TEMOINS` of the customers the mailing could reach,
        held out before the sending (:meth:`_retenir_temoins`).
        """
        return np.sort(self.temoins_tires.get(c.campagne_id, np.zeros(0, dtype=np.int64)))

    # ----------------------------------------------------------------- finish
    def tables(self, id_client0: int, id_cmd0: int, id_ligne0: int, id_evt0: int):
        """Assemble the block's rows with global ids (orders in date order)."""
        rng = self.rng
        n = self.n
        client_id = id_client0 + np.arange(n)
        t = {"clients": {"client_id": client_id, **self.colonnes_clients}}

        # consents: final state, one row per client and channel
        cons = {k: [] for k in ("client_id", "canal", "statut", "date_statut", "source")}
        for canal in ("email", "sms", "courrier"):
            c = self.consent[canal]
            parti = c["desabo"] >= 0
            cons["client_id"].append(client_id)
            cons["canal"].append(np.full(n, canal, dtype=object))
            cons["statut"].append(np.where(c["optin"] & ~parti, "opt_in", "opt_out").astype(object))
            cons["date_statut"].append(np.where(parti, c["desabo"], c["date"]))
            cons["source"].append(np.where(parti, "lien_desabonnement", c["source"]).astype(object))
        ordre = np.argsort(np.concatenate(cons["client_id"]), kind="stable")
        t["consentements"] = {k: np.concatenate(v)[ordre] for k, v in cons.items()}

        # orders in chronological order (ties: by creation)
        o_cli = np.concatenate(self.o_cli)
        o_jour = np.concatenate(self.o_jour)
        ordre = np.lexsort((np.arange(self.nb_cmd), o_jour))
        rang = np.empty(self.nb_cmd, dtype=np.int64)
        rang[ordre] = np.arange(self.nb_cmd)
        l_cmd = rang[np.concatenate(self.l_cmd)]
        l_ordre = np.argsort(l_cmd, kind="stable")
        l_cmd = l_cmd[l_ordre]
        l_prod = np.concatenate(self.l_prod)[l_ordre]
        l_qte = np.concatenate(self.l_qte)[l_ordre]
        l_prix = np.concatenate(self.l_prix)[l_ordre]
        l_montant = np.round(l_prix * l_qte, 2)
        l_marge = np.round(l_montant - self.cat.cout[l_prod] * l_qte, 2)
        montant = np.round(np.bincount(l_cmd, weights=l_montant, minlength=self.nb_cmd), 2)
        marge = np.round(np.bincount(l_cmd, weights=l_marge, minlength=self.nb_cmd), 2)
        cmd_cli = o_cli[ordre]
        cmd_jour = o_jour[ordre]
        camp = np.concatenate(self.o_camp)[ordre]
        # Cancelled orders (held-out customers' answers) were drawn like the others, so every
        # random draw below keeps its place; they are dropped here and the ids follow the rest.
        garde_cmd = ~self._masque_annulees()[ordre]
        nouvel_id = id_cmd0 + np.cumsum(garde_cmd) - 1  # chronological index -> commande_id
        garde_l = garde_cmd[l_cmd]
        t["commandes"] = {
            "commande_id": nouvel_id[garde_cmd],
            "client_id": client_id[cmd_cli][garde_cmd],
            "date_commande": cmd_jour[garde_cmd],
            "canal_vente": np.array(CANAUX_VENTE, dtype=object)[
                np.concatenate(self.o_canal)[ordre]
            ][garde_cmd],
            "montant": montant[garde_cmd],
            "marge": marge[garde_cmd],
            "campagne_id": camp[garde_cmd],
        }
        t["lignes_commande"] = {
            "ligne_id": id_ligne0 + np.arange(int(garde_l.sum())),
            "commande_id": nouvel_id[l_cmd][garde_l],
            "produit_id": l_prod[garde_l] + 1,
            "quantite": l_qte[garde_l],
            "prix_unitaire": l_prix[garde_l],
            "montant": l_montant[garde_l],
            "marge": l_marge[garde_l],
        }

        # service events
        P = self.difficile[cmd_cli]
        retour = rng.random(self.nb_cmd) < np.where(P, 0.6, 0.04)
        reclam = rng.random(self.nb_cmd) < np.where(P, 0.35, 0.015)
        j_ret = cmd_jour + 4 + rng.integers(0, 25, self.nb_cmd)
        j_rec = cmd_jour + 2 + rng.integers(0, 40, self.nb_cmd)
        # a return costs the refunded margin plus logistics (carriage both ways, handling)
        c_ret = np.maximum(marge, 0) + 12.0 + 0.08 * montant + rng.uniform(0, 6, self.nb_cmd)
        c_rec = rng.uniform(35, 85, self.nb_cmd)  # handling + goodwill gesture
        actif = np.maximum(np.minimum(self.fin_activite + 90, JOUR_REF) - self.inscription, 1)
        nb_appels = rng.poisson(np.where(self.difficile, 9.0, 0.6) * actif / 365.0)
        a_cli = np.repeat(np.arange(n), nb_appels)
        a_jour = self.inscription[a_cli] + (rng.random(len(a_cli)) * actif[a_cli]).astype(np.int64)
        ev_cli = np.concatenate([cmd_cli[retour], cmd_cli[reclam], a_cli])
        ev_local = np.concatenate([np.flatnonzero(retour), np.flatnonzero(reclam)])
        ev_cmd = np.concatenate([nouvel_id[ev_local], np.full(len(a_cli), -1)])
        ev_reel = np.concatenate([garde_cmd[ev_local], np.ones(len(a_cli), dtype=bool)])
        ev_jour = np.concatenate([j_ret[retour], j_rec[reclam], a_jour])
        ev_type = np.concatenate(
            [
                np.full(retour.sum(), "retour", dtype=object),
                np.full(reclam.sum(), "reclamation", dtype=object),
                np.full(len(a_cli), "appel_service_client", dtype=object),
            ]
        )
        ev_cout = np.concatenate([c_ret[retour], c_rec[reclam], rng.uniform(5.0, 9.0, len(a_cli))])
        garde = (ev_jour <= JOUR_REF) & ev_reel
        ordre = np.lexsort((ev_cmd[garde], client_id[ev_cli[garde]], ev_jour[garde]))
        t["evenements_service"] = {
            "evenement_id": id_evt0 + np.arange(len(ordre)),
            "client_id": client_id[ev_cli[garde]][ordre],
            "commande_id": ev_cmd[garde][ordre],
            "date_evenement": ev_jour[garde][ordre],
            "type_evenement": ev_type[garde][ordre],
            "cout": np.round(ev_cout[garde][ordre], 2),
        }

        # campaign contacts (sorted by campaign, then client)
        cc = {
            k: []
            for k in (
                "campagne_id",
                "client_id",
                "reponse",
                "date_reponse",
                "montant_reponse",
                "marge_reponse",
            )
        }
        cmd_nouveau = rang  # creation index -> chronological index
        for ct in sorted(self.contacts, key=lambda x: x["camp"]):
            cli = ct["cli"]
            if ct["rep"] is None:  # prospects won: the first order answers the campaign
                premiere = np.full(n, -1)
                est_camp = camp == ct["camp"]
                premiere[cmd_cli[est_camp]] = np.flatnonzero(est_camp)
                cmd = premiere[cli]
                rep = np.ones(len(cli), dtype=bool)
                jr = self.inscription[cli]
            else:
                rep, jr = ct["rep"], ct["jour"]
                cmd = np.where(rep, cmd_nouveau[np.maximum(ct["cmd"], 0)], -1)
                assert garde_cmd[cmd[rep]].all()  # a mailed customer's answer is never cancelled
            cc["campagne_id"].append(np.full(len(cli), ct["camp"]))
            cc["client_id"].append(client_id[cli])
            cc["reponse"].append(rep.astype(np.int64))
            cc["date_reponse"].append(np.where(rep, jr, -1))
            cc["montant_reponse"].append(np.where(rep, montant[np.maximum(cmd, 0)], 0.0))
            cc["marge_reponse"].append(np.where(rep, marge[np.maximum(cmd, 0)], 0.0))
        t["contacts_campagne"] = {k: np.concatenate(v) for k, v in cc.items()}

        ee = {
            k: []
            for k in ("campagne_id", "client_id", "variante_objet", "evenement", "date_evenement")
        }
        ordre_evt = {
            "envoye": 0,
            "rejete": 1,
            "delivre": 1,
            "ouvert": 2,
            "clique": 3,
            "desabonne": 4,
        }
        for em in self.emails:
            idx = np.concatenate([e[0] for e in em["evts"]])
            nom = np.concatenate([np.full(len(e[0]), e[1], dtype=object) for e in em["evts"]])
            jours = np.concatenate([e[2] for e in em["evts"]])
            rang_evt = np.array([ordre_evt[x] for x in nom])
            o = np.lexsort((rang_evt, idx))
            ee["campagne_id"].append(np.full(len(o), em["camp"]))
            ee["client_id"].append(client_id[em["cli"][idx[o]]])
            ee["variante_objet"].append(em["variante"][idx[o]])
            ee["evenement"].append(nom[o])
            ee["date_evenement"].append(jours[o])
        t["evenements_email"] = {k: np.concatenate(v) for k, v in ee.items()}
        return t
