import spacy

import policylens.spacy_components  # noqa: F401  (registers the factory)


def test_clause_component_sets_spans_with_sections():
    nlp = spacy.blank("en")
    nlp.add_pipe("policylens_clauses")
    doc = nlp("Privacy Policy\n\n1. Data Retention\n\nWe keep logs for 30 days. Then we delete them.\n"
              "You can ask us to:\n- delete your data")
    spans = doc.spans["clauses"]
    assert [s.label_ for s in spans] == ["heading", "heading", "sentence", "sentence", "paragraph", "item"]
    assert spans[2].text == "We keep logs for 30 days." and spans[2]._.section == "1. Data Retention"
    assert spans[-1]._.lead_in == "You can ask us to:"
