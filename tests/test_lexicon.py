"""The phrase matcher: plurals, abbreviations, longest match, word boundaries, offsets."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest

from kg.text.lexicon import Lexicon, Mention, normalise_token, usable_synonym

MS, MSC, UCMSC, NHL, CANCER, CD, LEUK, TUMOR, CD34, CART, T = (
    "ms", "msc", "ucmsc", "nhl", "cancer", "crohn", "leukemia", "tumor", "cd34", "cart", "t")


@pytest.fixture()
def lexicon() -> Lexicon:
    return Lexicon.from_entries([
        ("multiple sclerosis", MS, "multiple sclerosis"),
        ("MS", MS, "multiple sclerosis"),
        ("MSC", MSC, "mesenchymal stem cell"),
        ("mesenchymal stem cell", MSC, "mesenchymal stem cell"),
        ("UC-MSC", UCMSC, "MSC of umbilical cord"),
        ("umbilical cord mesenchymal stem cell", UCMSC, "MSC of umbilical cord"),
        ("non-Hodgkin lymphoma", NHL, "non-Hodgkin lymphoma"),
        ("cancer", CANCER, "cancer"),
        ("Crohn disease", CD, "Crohn disease"),
        ("leukemia", LEUK, "leukemia"),
        ("malignant tumor", TUMOR, "malignant tumor"),
        ("CD34+ cell", CD34, "CD34+ cell"),
        ("CAR-T cell", CART, "CAR T cell"),
        ("T cell", T, "T cell"),
        ("therapy", "therapy", "therapy"),
    ])


def spans(lexicon: Lexicon, text: str) -> list[tuple[str, str]]:
    return [(m.text, m.iri) for m in lexicon.find(text)]


def test_offsets_are_exact(lexicon: Lexicon) -> None:
    text = "Patients with  Multiple Sclerosis (MS) and cancer."
    found = lexicon.find(text)
    assert found == [
        Mention(15, 33, "Multiple Sclerosis", MS, "multiple sclerosis"),
        Mention(35, 37, "MS", MS, "multiple sclerosis"),
        Mention(43, 49, "cancer", CANCER, "cancer"),
    ]
    assert all(text[m.start:m.end] == m.text for m in found)


@pytest.mark.parametrize("text", ["mesenchymal stem cells", "Mesenchymal Stem Cells", "MSCs",
                                  "MSC"])
def test_plurals_and_case(lexicon: Lexicon, text: str) -> None:
    assert spans(lexicon, text) == [(text, MSC)]


def test_ies_and_british_spelling(lexicon: Lexicon) -> None:
    assert spans(lexicon, "leukaemias") == [("leukaemias", LEUK)]
    assert spans(lexicon, "malignant tumours") == [("malignant tumours", TUMOR)]
    assert spans(lexicon, "therapies") == [("therapies", "therapy")]
    assert normalise_token("haematological") == "hematological"


def test_abbreviations_case_sensitive_and_whole_words(lexicon: Lexicon) -> None:
    assert spans(lexicon, "ms per dose") == []  # lower case is not the abbreviation
    assert spans(lexicon, "Ms Smith") == []
    assert spans(lexicon, "UC-MSCs in MS") == [("UC-MSCs", UCMSC), ("MS", MS)]
    assert spans(lexicon, "MSC") == [("MSC", MSC)]  # "MS" is not found inside "MSC"
    assert spans(lexicon, "CMS or MSK") == []


def test_no_match_inside_words(lexicon: Lexicon) -> None:
    assert spans(lexicon, "precancerous lesions") == []
    assert spans(lexicon, "anticancer drugs") == []


def test_longest_match_first(lexicon: Lexicon) -> None:
    assert spans(lexicon, "CAR-T cells") == [("CAR-T cells", CART)]
    assert spans(lexicon, "human umbilical cord mesenchymal stem cells") == [
        ("umbilical cord mesenchymal stem cells", UCMSC)]
    assert spans(lexicon, "regulatory T cells") == [("T cells", T)]


@pytest.mark.parametrize("text", ["non-Hodgkin lymphoma", "non Hodgkin lymphoma",
                                  "Non-Hodgkin's lymphomas", "non–Hodgkin lymphoma"])
def test_hyphen_variants(lexicon: Lexicon, text: str) -> None:
    assert spans(lexicon, text) == [(text, NHL)]


def test_hyphen_variant_of_abbreviation(lexicon: Lexicon) -> None:
    assert spans(lexicon, "UC MSC") == [("UC MSC", UCMSC)]
    assert spans(lexicon, "uc-msc") == []  # abbreviations keep their case


def test_possessive_and_punctuation(lexicon: Lexicon) -> None:
    assert spans(lexicon, "Crohn's disease") == [("Crohn's disease", CD)]
    # A comma ends a phrase: no term spans "multiple, sclerosis".
    assert spans(lexicon, "multiple, sclerosis") == []


def test_plus_is_kept(lexicon: Lexicon) -> None:
    assert spans(lexicon, "CD34+ cells") == [("CD34+ cells", CD34)]
    assert spans(lexicon, "CD34 cells") == []


def test_lookup(lexicon: Lexicon) -> None:
    assert lexicon.lookup("Multiple  Sclerosis") == (MS,)
    assert lexicon.lookup("MS") == (MS,)
    assert lexicon.lookup("ms") == ()
    assert lexicon.lookup("nothing") == ()


def test_usable_synonym() -> None:
    assert not usable_synonym("MS")
    assert not usable_synonym("ab")
    assert usable_synonym("septicemia")


@pytest.mark.corpus
def test_finds_mentions_in_every_corpus_criteria_text(classic_zip: Path) -> None:
    """The lexicon runs over all 1,783 criteria texts (its speed: benchmarks/lexicon.py)."""
    from kg.ontology import load_ontology

    lexicon = load_ontology().lexicon
    with zipfile.ZipFile(classic_zip) as archive:
        texts = []
        for name in archive.namelist():
            study = json.loads(archive.read(name))
            texts.append(study["ProtocolSection"]["EligibilityModule"].get(
                "EligibilityCriteria", ""))
    mentions = [lexicon.find(text) for text in texts]
    assert len(texts) == 1783
    assert sum(map(len, mentions)) > 10_000
    assert all(text[m.start:m.end] == m.text for text, found in zip(texts, mentions, strict=True)
               for m in found)
