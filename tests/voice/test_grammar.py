"""Grammar building from chatbot phrases, against the real model's vocabulary."""
from __future__ import annotations

from kiosk.voice.grammar import UNK, asr_words, build_grammar
from kiosk.voice.models import vocabulary


def test_asr_words_lower_case_without_punctuation():
    assert asr_words("C'est quoi, l’IA ?!") == ["c'est", "quoi", "l'ia"]
    assert asr_words("Where's the bot?") == ["where's", "the", "bot"]


def test_unknown_words_are_dropped_and_reported_and_elisions_split():
    vocab = frozenset({"c'est", "quoi", "l'", "ia", "un", "robot", UNK})
    grammar = build_grammar(["C'est quoi l'IA ?", "Un robot-chatbot", "Xyzzy"], vocab)
    assert grammar.phrases == ["c'est quoi l' ia", "un robot"]
    assert dict(grammar.missing) == {"chatbot": 1, "xyzzy": 1}
    assert grammar.unk and grammar.to_json().endswith(f'"{UNK}"]')


def test_phrase_sequences():
    grammar = build_grammar(["good morning", "talk to a human", "where is it"], frozenset())
    assert grammar.is_phrase_sequence("good morning")
    assert grammar.is_phrase_sequence("good morning talk to a human")
    assert grammar.is_phrase_sequence(f"{UNK} where is it")
    assert not grammar.is_phrase_sequence("good human")  # words of phrases, not phrases
    assert not grammar.is_phrase_sequence("morning")
    assert not grammar.is_phrase_sequence(UNK)


def test_vocabulary_is_read_from_the_real_models_graph(ko_model_dir, ko_engine):
    words = vocabulary(ko_model_dir)
    assert len(words) > 100_000
    assert {"사람과", "이야기", "인공지능"} <= words
    grammar = build_grammar(ko_engine.phrases(), words)
    assert not grammar.missing  # the test content only uses words the model knows
    assert "사람과 이야기 하고 싶어요" in grammar.phrases
