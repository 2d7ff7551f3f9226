"""Language detection (policylens.io.language) on short policies written here."""

from __future__ import annotations

import pytest

import policylens as pl
from policylens.io.language import detect_language

ENGLISH = ("Privacy Notice\n\nWe collect your name and e-mail address when you create an account. "
           "We use them to provide the service and to answer your questions.\n\n"
           "You may ask us to delete your data at any time. We keep invoices for six years because "
           "tax law requires it.\n\nContact us at privacy@example.com if you have any questions.")
GERMAN = ("Datenschutzerklärung\n\nWir erheben Ihren Namen und Ihre E-Mail-Adresse, wenn Sie ein "
          "Konto eröffnen. Wir verwenden diese Daten, um den Dienst bereitzustellen.\n\n"
          "Sie können jederzeit die Löschung Ihrer Daten verlangen. Rechnungen bewahren wir sechs "
          "Jahre auf, weil das Steuerrecht es vorschreibt.")
FRENCH = ("Politique de confidentialité\n\nNous collectons votre nom et votre adresse électronique "
          "lorsque vous créez un compte. Nous les utilisons pour fournir le service.\n\n"
          "Vous pouvez nous demander de supprimer vos données à tout moment. Nous conservons les "
          "factures pendant six ans, car la loi fiscale l'exige.")
GERMAN_FOOTER = ("Impressum: Beispiel GmbH, Musterstraße 1, 10115 Berlin. Alle Angaben ohne Gewähr. "
                 "Kontaktieren Sie uns bei Fragen gerne jederzeit.")


@pytest.mark.parametrize(("text", "code"), [(ENGLISH, "en"), (GERMAN, "de"), (FRENCH, "fr")])
def test_short_policies(text, code):
    guess = detect_language(text)
    assert guess.language == code and guess.share == 1.0


def test_english_policy_with_a_german_footer_stays_english():
    text = "\n\n".join([ENGLISH] * 3 + [GERMAN_FOOTER])
    guess = detect_language(text)
    assert guess.language == "en"
    assert 0.7 < guess.share < 1.0  # the footer is seen, and outweighed


def test_half_and_half_shows_a_low_share():
    guess = detect_language("\n\n".join([ENGLISH, GERMAN, ENGLISH, GERMAN]))
    assert guess.language in ("en", "de") and guess.share < 0.7


@pytest.mark.parametrize("text", ["", "OK", "1234 5678", "Menu Home"])
def test_too_little_text_is_unknown_not_english(text):
    assert detect_language(text).language is None


@pytest.mark.parametrize(("text", "code"), [(ENGLISH, "en"), (GERMAN, "de"), (FRENCH, "fr")])
def test_loaded_policies_carry_language(tmp_path, text, code):
    path = tmp_path / f"policy-{code}.txt"
    path.write_text(text, encoding="utf-8")
    policy = pl.load(path)
    assert policy.language == code and policy.meta["language_share"] == 1.0
    html = pl.load_text(f"<h1>x</h1><p>{text}</p>", format="html", id="h")
    assert html.language == code
