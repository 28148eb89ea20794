"""Function words, in their normalised form (no accents, elisions expanded).

They stay in the character n-grams (they carry the shape of a question) but are left
out of the word features and of the "shared words" shown to visitors, where they would
make any two sentences look alike.
"""
from __future__ import annotations

STOPWORDS: dict[str, frozenset[str]] = {
    "fr": frozenset("""
        a au aux avec ce ces cet cette ceci cela ca de des du elle elles en et est etre il ils je
        la le les leur leurs lui ma mais me mes moi mon ne nous on ou par pas pour que qui sa se
        ses si son sur ta te tes ton un une vos votre y d l j c n s m t qu suis
        sont ai as avez ont fait faire peut peux dans plus tres bien donc alors oui non ben bah
        euh hein voila aussi est-ce cest
    """.split()),
    "en": frozenset("""
        a an and are as at be been but by can could did do does for from had has have i if in
        into is it its me my of on or our so than that the their them then there these they this
        to too us was we were will with would your am just about any some please well oh um
        uh yeah okay ok really very
    """.split()),
}


def stopwords(language: str) -> frozenset[str]:
    return STOPWORDS.get(language, frozenset())
