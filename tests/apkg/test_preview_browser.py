"""The preview page in headless Chromium: math typeset offline, clozes in math, the filter box."""

from __future__ import annotations

from pathlib import Path

from selenium.webdriver.common.by import By

from fmflash.apkg.preview import render_preview
from fmflash.cards.load import load_deck

from ..browser import Browser, chromium, open_page
from ..conftest import CARDS, WriteProject

__all__ = ["chromium"]  # a fixture, used by name

MATH_CARDS = (
    CARDS
    + """\
  - id: scaled-scores
    section: Sampling
    cloze: 'Scores: \\(\\mathrm{softmax}({{c1::QK^T}} / \\sqrt{d_k})\\)'
  - id: temperature
    section: Sampling
    front: 'What does the temperature \\(T\\) divide?'
    back: 'The logits: \\[p_i = \\frac{e^{z_i / T}}{\\sum_j e^{z_j / T}}\\]'
"""
)


def visible_ids(browser: Browser) -> list[str]:
    articles = browser.driver.find_elements(By.CSS_SELECTOR, "article.fm-preview")
    return [str(article.get_attribute("id")) for article in articles if article.is_displayed()]


def test_math_is_typeset_offline_and_a_cloze_in_math_shows_as_in_anki(
    chromium: Browser, write_project: WriteProject
) -> None:
    page = render_preview([load_deck(str(write_project(MATH_CARDS)))])
    requests = open_page(chromium, page, name="preview-math")
    assert requests == []  # no MathJax, no font: nothing fetched
    driver = chromium.driver
    fraction = driver.find_element(By.CSS_SELECTOR, "#temperature-1 .fm-answer-side math mfrac")
    driver.execute_script("arguments[0].closest('details').open = true", fraction)
    letter = driver.find_element(By.CSS_SELECTOR, "#temperature-1 .fm-question math mi")
    assert letter.text == "T"
    # Drawn as a fraction, numerator over denominator: much taller than one letter.
    assert fraction.size["height"] > 1.5 * letter.size["height"] > 0
    # The cloze inside math: [...] typeset inside the formula, as Anki's MathJax shows it.
    question = driver.find_element(By.CSS_SELECTOR, "#scaled-scores-1 .fm-question math")
    assert "[...]" in question.text.replace("\n", "")
    assert not driver.find_elements(By.CSS_SELECTOR, "#scaled-scores-1 .fm-question span.cloze")
    assert driver.find_elements(By.CSS_SELECTOR, "#scaled-scores-1 .fm-question msqrt")


def test_the_filter_box_matches_card_text_not_html(
    chromium: Browser, write_project: WriteProject, tmp_path: Path
) -> None:
    page = render_preview([load_deck(str(write_project(MATH_CARDS)))])
    open_page(chromium, page, name="preview-filter")
    box = chromium.driver.find_element(By.ID, "filter")
    everything = visible_ids(chromium)
    assert len(everything) > 5
    for word, expected in [
        ("span", []),  # in the cards' HTML (cloze markup), not in their text
        ("class", []),
        ("data", []),
        ("transformer", ["transformer-dominates-1"]),  # a cloze's answer is card text
        ("softmax", ["scaled-scores-1"]),
        ("logits", ["temperature-1"]),
    ]:
        box.clear()
        box.send_keys(word)
        assert visible_ids(chromium) == expected, word
    box.clear()
    box.send_keys(" ")
    assert visible_ids(chromium) == everything
