"""crmkit.fichiers: normalisation of addresses, dedupe, matching against the customer base."""

import pandas as pd
import pytest

from crmkit import fichiers
from crmkit._validation import ErreurAnalyse


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("12 boulevard Victor Hugo", "12 BD VICTOR HUGO"),
        ("12 boulevard Victor Hugo", "12  bvd   Victor-Hugo "),
        ("3 avenue de l'Église", "3 AV. DE L EGLISE"),
        ("7 rue du Maréchal Foch", "7 r. du Marechal Foch"),
        ("5 place Sainte-Anne", "5 pl. Ste Anne"),
        ("9 chemin des Écoles", "9 ch. des ecoles"),
        ("1 impasse Carnot", "1 imp. Carnot"),
        ("4 allée des Lilas", "4 all. des lilas"),
    ],
)
def test_the_same_address_written_differently_normalises_to_one_text(a, b):
    assert fichiers.normaliser_adresse(a) == fichiers.normaliser_adresse(b)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("12 boulevard Victor Hugo", "21 boulevard Victor Hugo"),  # another number
        ("12 boulevard Victor Hugo", "12 avenue Victor Hugo"),  # another street
        ("12 rue Pasteur", "12 rue Carnot"),
    ],
)
def test_different_addresses_stay_different(a, b):
    assert fichiers.normaliser_adresse(a) != fichiers.normaliser_adresse(b)


def test_way_type_is_abbreviated_only_after_the_number():
    # « Place » inside a street name is not a way type.
    assert fichiers.normaliser_adresse("2 rue de la Place") == "2 RUE DE LA PLACE"
    assert fichiers.normaliser_adresse("Rue Voltaire") == "RUE VOLTAIRE"


@pytest.mark.parametrize(
    ("brut", "attendu"),
    [("06000", "06000"), ("6000", "06000"), (6000, "06000"), ("75 011", "75011"), (75011, "75011")],
)
def test_postal_codes_get_five_digits(brut, attendu):
    assert fichiers.normaliser_code_postal(brut) == attendu


@pytest.mark.parametrize("mauvais", ["750", "750110", "75O11", "", None, True, 3.5, "2A000"])
def test_unreadable_postal_codes_are_refused_in_french(mauvais):
    with pytest.raises(ErreurAnalyse, match="code postal illisible"):
        fichiers.normaliser_code_postal(mauvais)


def test_missing_text_is_refused_with_a_hint():
    with pytest.raises(ErreurAnalyse, match="dropna"):
        fichiers.normaliser_texte(float("nan"))


def _fichier():
    return pd.DataFrame(
        {
            "prenom": ["Léa", "LEA", "Léa", "Hugo", "Inès"],
            "nom": ["Müller", " muller ", "Müller", "Roy", "Deschamps"],
            "adresse": ["3 avenue Foch", "3 av. Foch", "5 avenue Foch", "8 rue Pasteur", "1 rue X"],
            "code_postal": ["06000", "6000", "06000", "75011", "56100"],
        },
        index=[10, 11, 12, 13, 14],
    )


def test_dedupe_keeps_the_first_row_of_each_person_and_does_not_modify_the_input():
    fichier = _fichier()
    copie = fichier.copy()
    propre = fichiers.dedoublonner(fichier)
    assert propre.index.tolist() == [10, 12, 13, 14]  # 11 is Léa Müller again; 12 lives at n° 5
    pd.testing.assert_frame_equal(fichier, copie)
    # Known-wrong method: raw comparison keeps the duplicate.
    assert len(fichier.drop_duplicates()) == 5


def test_customers_are_removed_even_when_written_differently():
    clients = pd.DataFrame(
        {
            "prenom": ["Inès", "Léa"],
            "nom": ["DESCHAMPS", "Muller"],
            "code_postal": ["56100", "6000"],
        }
    )
    restants = fichiers.retirer_clients(_fichier(), clients)
    assert restants["prenom"].tolist() == ["Hugo"]
    # Another town: not the same person.
    ailleurs = clients.assign(code_postal=["75001", "75001"])
    assert len(fichiers.retirer_clients(_fichier(), ailleurs)) == 5


def test_missing_columns_are_named_in_french():
    with pytest.raises(ErreurAnalyse, match="colonne 'adresse' absente"):
        fichiers.dedoublonner(_fichier().drop(columns="adresse"))
    with pytest.raises(ErreurAnalyse, match="au moins une colonne"):
        fichiers.cle_rapprochement(_fichier(), [])
