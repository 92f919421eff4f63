"""Look-alike ideas in French and English: folding, scores and the index."""

from __future__ import annotations

import pytest

from campaigns.ideas.similarity import SimilarityIndex, fold, score


def test_fold_drops_accents_case_punctuation_common_words_and_plurals() -> None:
    assert fold("Des GLACES véganes au lait d’avoine, svp !") == "glace vegane lait avoine"
    assert fold("Oat-milk vegan ice creams, please") == "oat milk vegan ice cream"
    assert fold("Crème brûlée") == "creme brulee"


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Une glace vegan au lait d'avoine", "Des glaces véganes au lait d’avoine svp !"),
        ("Vegan ice cream made with oat milk", "Oat-milk vegan ice creams please"),
        ("Livraison à domicile le dimanche", "Faire la livraison le dimanche à domicile"),
    ],
)
def test_rewordings_score_above_the_default_threshold(a: str, b: str) -> None:
    assert score(fold(a), fold(b)) >= 0.75


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Ouvrir une boutique à Lyon", "Une glace vegan au lait d'avoine"),
        ("Un parfum pistache", "Un parfum citron"),
        ("Des cornets sans gluten", "Live music on Friday evenings"),
    ],
)
def test_different_ideas_score_below_the_default_threshold(a: str, b: str) -> None:
    assert score(fold(a), fold(b)) < 0.75


def test_the_index_finds_the_closest_ideas_first_and_forgets_removed_ones() -> None:
    index = SimilarityIndex()
    index.add(1, "Une glace vegan au lait d'avoine")
    index.add(2, "Ouvrir une boutique à Lyon")
    index.add(3, "Glace vegan au lait d'avoine et aux noisettes")

    found = index.similar("Des glaces véganes au lait d'avoine", 0.75, 5)

    assert [number for number, _ in found] == [1, 3]
    index.remove(1)
    assert [n for n, _ in index.similar("Des glaces véganes au lait d'avoine", 0.75, 5)] == [3]
    assert index.similar("Des glaces véganes au lait d'avoine", 0.75, 0) == []


def test_an_empty_or_meaningless_text_matches_nothing() -> None:
    index = SimilarityIndex()
    index.add(1, "Une glace vegan au lait d'avoine")

    assert index.similar("le la les !", 0.5, 3) == []
    assert len(index) == 1


def test_ideas_sharing_a_single_word_are_not_look_alikes() -> None:
    index = SimilarityIndex()
    index.add(1, "Cone framboise gluten market")
    index.add(2, "Cornet sans gluten pour les coeliaques")

    assert [n for n, _ in index.similar("Cornet oat fraise gluten", 0.75, 5)] == []
    assert [n for n, _ in index.similar("Des cornets sans gluten", 0.75, 5)] == [2]


def test_a_re_added_idea_is_indexed_once() -> None:
    index = SimilarityIndex()
    index.add(1, "Une glace vegan au lait d'avoine")
    index.add(1, "Ouvrir une boutique à Lyon")

    assert index.similar("Une glace vegan au lait d'avoine", 0.75, 5) == []
    assert [n for n, _ in index.similar("Boutique éphémère à Lyon", 0.6, 5)] == [1]
