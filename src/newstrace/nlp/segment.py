"""Tokenisation and sentence fixes for news copy, applied before the parser.

en_core_web_sm splits military and civil titles it does not know ("Lt. Cmdr. Dana Whitfield"
becomes "Lt", ".", "Cmdr", ".") and then ends a sentence at each period; it also runs a
sentence across a paragraph break when the paragraph lacks final punctuation. Both break
the parse that attribution and events rely on.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.symbols import ORTH
from spacy.tokens import Doc

# Titles that precede names in news copy; the model's tokenizer already knows Adm., Gen.,
# Sen., Rep., Gov., Mr., Ms., Dr. and a few others.
TITLE_ABBREVIATIONS = (
    "Lt.", "Cmdr.", "Capt.", "Col.", "Maj.", "Sgt.", "Cpl.", "Pvt.", "Brig.", "Cmdt.",
    "Det.", "Insp.", "Supt.", "Amb.", "Atty.", "Sec.", "Pres.", "Sup.", "Rev.", "Hon.",
)  # fmt: skip


def add_title_abbreviations(nlp: Language) -> None:
    """Keep each title with its period as one token (idempotent)."""
    for title in TITLE_ABBREVIATIONS:
        for form in (title, title.upper()):
            nlp.tokenizer.add_special_case(form, [{ORTH: form}])


@Language.factory("newstrace_paragraphs")
def make_paragraphs(nlp: Language, name: str):
    """Start a sentence after every line break, so no sentence spans two paragraphs.

    Must run before the parser, which respects sentence starts that are already set.
    """
    add_title_abbreviations(nlp)
    return mark_paragraph_starts


def mark_paragraph_starts(doc: Doc) -> Doc:
    for token in doc[:-1]:
        # A line break is either its own whitespace token or trails the token before it.
        if "\n" in token.whitespace_ or (token.is_space and "\n" in token.text):
            doc[token.i + 1].is_sent_start = True
    return doc
