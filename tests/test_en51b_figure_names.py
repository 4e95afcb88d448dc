"""The English lessons of chapters 5–8 cite the book's figures one way, "figure 7-14", as their other
citations and the panes' captions do: not "Fig. 7-14" in one lesson and "figure 6-18" in the next."""
import re

from test_en51b_library_names import english_texts

CITATION = re.compile(r"\b(?:fig|figure)\.?\s*\d+-\d+", re.IGNORECASE)


def test_every_figure_cited_in_chapters_5_to_8_is_written_figure_n_m():
    cited = [(lesson, found) for lesson, text in english_texts() for found in CITATION.findall(text)]
    assert cited, "the lessons cite the book's figures"
    assert [(lesson, found) for lesson, found in cited if not re.fullmatch(r"figure \d+-\d+", found)] == []
