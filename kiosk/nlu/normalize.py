"""Turning a typed or spoken sentence into the plain form the engine compares.

Every language: Unicode compatibility forms, case folding, punctuation to spaces.
French and English only: accents dropped (on Latin letters only, so other scripts
such as Hangul are never decomposed), elisions and contractions expanded, common
SMS spellings replaced, and spoken fillers ("euh", "du coup", "you know") dropped:
they carry no meaning and would dilute a long spoken question. Then the content's
concepts (synonyms) map their phrases to one word (``kiosk.nlu.phrases``).
"""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

ACCENT_LANGUAGES = {"fr", "en"}

# French elisions: the apostrophe glues a shortened word to the next one.
_FR_ELISION = re.compile(r"\b(qu|lorsqu|puisqu|jusqu|[ldjcnsmt])'", re.IGNORECASE)
_FR_SPACED_ELISIONS = {"j", "l", "m", "d", "n", "s"}
_FR_ELIDED = {"qu": "que", "lorsqu": "lorsque", "puisqu": "puisque", "jusqu": "jusque",
              "l": "le", "d": "de", "j": "je", "c": "ce", "n": "ne", "s": "se", "m": "me", "t": "te"}

# "tu es en train de m'enregistrer" is "tu m'enregistres": the progressive says nothing.
_FR_PROGRESSIVE = re.compile(r"\b(?:suis|es|est|sommes|etes|êtes|sont|etait|était)\s+en\s+train\s+d(?:e\s+|')")

# The euphonic t of "va-t-elle", "a-t-on" is no word (alone, "t" is SMS for "tu es").
_FR_EUPHONIC_T = re.compile(r"(?:-\s*|\s+)t\s*[-\s]\s*(?=(?:il|elle|on|ils|elles)\b)")

# "t'es", "t'as": spoken French for "tu es", "tu as" (elsewhere t' is "te").
_FR_TU = re.compile(r"\bt'(es|as|etais|étais|avais)\b")

_EN_CONTRACTIONS = [
    (re.compile(r"\bcan't\b"), "can not"), (re.compile(r"\bwon't\b"), "will not"),
    (re.compile(r"n't\b"), " not"), (re.compile(r"'re\b"), " are"), (re.compile(r"'m\b"), " am"),
    (re.compile(r"'ll\b"), " will"), (re.compile(r"'ve\b"), " have"), (re.compile(r"'d\b"), " would"),
    (re.compile(r"\b(what|who|where|how|it|that|there|he|she)'s\b"), r"\1 is"), (re.compile(r"'s\b"), ""),
]

# Spellings of chat messages and speech-to-text habits, word for word.
SMS = {
    "fr": {
        "slt": "salut", "bjr": "bonjour", "bsr": "bonsoir", "cc": "coucou", "pk": "pourquoi",
        "pq": "pourquoi", "pkoi": "pourquoi", "koi": "quoi", "koa": "quoi", "ki": "qui", "kel": "quel",
        "kelle": "quelle", "ke": "que", "stp": "s il te plait", "svp": "s il vous plait", "tt": "tout",
        "bcp": "beaucoup", "mrc": "merci", "mci": "merci", "msi": "merci", "jsp": "je sais pas",
        "dc": "donc", "ds": "dans", "qd": "quand", "kan": "quand", "cmt": "comment", "cmnt": "comment",
        "cb": "combien", "cbn": "combien", "ya": "il y a", "keske": "qu est ce que",
        "kesako": "qu est ce que c est", "qqn": "quelqu un", "qqch": "quelque chose", "pr": "pour",
        "pcq": "parce que", "pcque": "parce que", "vs": "vous", "tjr": "toujours", "tjrs": "toujours",
        "chui": "je suis", "jsuis": "je suis", "g": "j ai", "oqp": "occupe", "a+": "a plus",
        "mdr": "", "lol": "", "t": "tu es", "c": "ce est", "cest": "ce est", "ct": "ce etait",
        "sa": "ca", "ia": "ia", "kiss": "", "dsl": "desole", "pb": "probleme", "pbm": "probleme",
        "mtn": "maintenant", "auj": "aujourd hui", "tjs": "toujours", "nn": "non", "ouais": "oui", "mm": "meme",
        "qqun": "quelqu un", "kestion": "question", "kestions": "questions", "koman": "comment", "komen": "comment",
        "fo": "faut", "1": "un", "bjrs": "bonjour", "rebonjour": "bonjour", "re": "bonjour", "tkt": "",
    },
    "en": {
        "u": "you", "r": "are", "ur": "your", "pls": "please", "plz": "please", "thx": "thanks",
        "thnx": "thanks", "tks": "thanks", "ty": "thank you", "wat": "what", "wut": "what", "wht": "what",
        "hw": "how", "cuz": "because", "bcuz": "because", "gonna": "going to", "wanna": "want to",
        "gotta": "got to", "dunno": "do not know", "whats": "what is", "hows": "how is",
        "whos": "who is", "im": "i am", "dont": "do not", "doesnt": "does not", "cant": "can not",
        "wont": "will not", "isnt": "is not", "arent": "are not", "thru": "through", "tho": "though",
        "b4": "before", "2day": "today", "lol": "", "btw": "", "cya": "see you", "hi5": "hi",
        "ppl": "people", "msg": "message", "msgs": "messages", "nah": "no", "yep": "yes", "yup": "yes",
        "abt": "about", "bc": "because", "idk": "i do not know", "rn": "right now", "tbh": "", "imo": "",
        "smth": "something", "sth": "something", "k": "ok", "kk": "ok", "wanna": "want to", "ya": "you",
        "yr": "your", "yrs": "years", "govt": "government", "info": "information", "infos": "information",
    },
}

# Spoken fillers, in normalised form: dropped before matching. Only words that never
# carry the question's meaning ("quoi", "bon", "like", "so" do, in some questions).
FILLERS = {
    "fr": [
        "euh", "heu", "euuh", "hum", "hmm", "bah", "ben", "hein", "du coup", "en fait", "en gros", "franchement",
        "bref", "voila", "tu vois", "vous voyez", "disons", "enfin bref", "ou pas", "dis moi", "dites moi",
        "s il te plait", "s il vous plait", "merci d avance",
    ],
    "en": [
        "um", "umm", "uh", "uhh", "er", "erm", "hmm", "you know", "i mean", "kind of", "sort of", "basically",
        "like i said", "to be honest", "honestly", "please", "okay so", "ok so", "so yeah",
    ],
}
_FILLERS = {
    lang: re.compile(r"(?<!\S)(?:" + "|".join(re.escape(f) for f in sorted(words, key=len, reverse=True)) + r")(?!\S)")
    for lang, words in FILLERS.items()
}

# What a visitor sets aside before the real question: "Pas le nombre d'outils : le
# nombre d'usagers", "Not the robot, the person: …", "Bonjour, c'est quoi…". The
# part set aside would pull towards the neighbouring intent; it is dropped (on the
# punctuated text, before punctuation goes).
_SET_ASIDE = {
    "fr": [
        re.compile(r"^\s*(?:non\s+)?pas\s+[^:;,.?!]*?(?:[:;,]|\bmais\b)\s*(?:mais\b)?"),
        re.compile(r"\bje\s+ne\s+(?:te\s+|vous\s+)?(?:demande|parle|veux\s+dire|cherche)\s+pas\b[^:;.?!]*?(?:[:;]|\bmais\b)"),
        # "ce n'est pas X qui m'intéresse, c'est Y", "plutôt que X, Y", "au lieu de X : Y"
        re.compile(r"\bce\s+n'est\s+pas\s+[^:;.?!]*?\b(?:qui\s+m'intéresse|que\s+je\s+(?:demande|cherche|veux))"
                   r"\s*[:;,]?\s*(?:c'est\b|mais\b)?"),
        re.compile(r"^\s*(?:plutôt\s+que|au\s+lieu\s+de?)\s+[^:;,.?!]*?[:;,]"),
        # what the visitor already knows, before the question: "je sais que tu es un
        # programme ; …", "l'expo, j'ai compris ; mais …", "puisque tu es un robot, …"
        re.compile(r"^[^?!]{0,40}?\b(?:je\s+sais(?:\s+bien)?|j'ai\s+(?:bien\s+)?compris|je\s+connais|d'accord)\b"
                   r"[^?!:;]*?(?:[:;]\s*(?:mais\b)?|,\s*mais\b|\bmais\b)"),
        re.compile(r"^\s*(?:puisque|vu\s+que|comme)\s+tu\s+(?:es|n'es)\b[^:;,.?!]*?[:;,]"),
        # "…, pas le pourcentage ?": a contrast at the end
        re.compile(r",\s*(?:et\s+)?(?:pas|non|plutôt\s+que)\s+[^:;,.?!]*(?=[\s?.!]*$)"),
        re.compile(r"^\s*(?:re)?(?:bonjour|salut|bonsoir|coucou|hello)\b[^,!.:;?]{0,20}[,!.:;]+\s*"
                   r"(?=(?:[^\W_]+\W+){3,}[^\W_][^?]*\?|(?:[^\W_]+\W+){5,}[^\W_])"),
    ],
    "en": [
        re.compile(r"^\s*not\s+[^:;,.?!]*?(?:[:;,]|\bbut\b)\s*(?:but\b)?"),
        re.compile(r"\bi(?:'m|\s+am)\s+not\s+asking\s+[^:;,.?!]*?(?:[:;,.]|\bbut\b)"),
        re.compile(r"\bi\s+(?:don't|do\s+not)\s+mean\s+[^:;,.?!]*?(?:[:;,.]|\bbut\b)"),
        re.compile(r"^\s*(?:forget|never\s+mind|skip)\s+[^:;,.?!]*?[:;,.]"),
        re.compile(r"^\s*(?:rather\s+than|instead\s+of)\s+[^:;,.?!]*?[:;,]"),
        # what the visitor already knows, before the question: "i know you're a bot, so…",
        # "i know 40% got answers from it, but…"
        re.compile(r"^\s*(?:ok(?:ay)?,?\s+)?i\s+(?:know|get|understand|see)\b[^?!:;]*?"
                   r"(?:[:;]\s*(?:but|so)?\b|,\s*(?:but|so)\b|\bbut\b)"),
        # "how many users, not how many bots, went…" and "…, not the percentage?"
        re.compile(r",\s*(?:and\s+)?not\s+[^:;,.?!]*(?:,|(?=[\s?.!]*$))"),
        re.compile(r"^\s*(?:hello|hi|hey|good\s+(?:morning|afternoon|evening))\b[^,!.:;?]{0,20}[,!.:;]+\s*"
                   r"(?=(?:[^\W_]+\W+){3,}[^\W_][^?]*\?|(?:[^\W_]+\W+){5,}[^\W_])"),
    ],
}


def set_aside(text: str, language: str) -> str:
    """``text`` without the part the visitor sets aside (unless nothing would remain)."""
    for pattern in _SET_ASIDE.get(language, ()):
        kept = pattern.sub(" ", text, count=1)
        if _NON_WORD.sub("", kept):
            text = kept
    return text


_STRETCHED = re.compile(r"([a-z])\1{2,}")
_NON_WORD = re.compile(r"[^\w]+", re.UNICODE)
_SPACES = re.compile(r"\s+")


def _strip_latin_accents(text: str) -> str:
    """Drop accents from Latin letters only: ``é`` -> ``e``, Hangul and others untouched."""
    out = []
    for char in text:
        if char in "œŒ":
            out.append("oe")
        elif char in "æÆ":
            out.append("ae")
        elif "\u00c0" <= char <= "\u024f" or "\u1e00" <= char <= "\u1eff":
            base = unicodedata.normalize("NFD", char)
            out.append("".join(c for c in base if not unicodedata.combining(c)))
        else:
            out.append(char)
    return "".join(out)


@lru_cache(maxsize=20_000)
def basic_normalize(text: str, language: str, drop_fillers: bool = True) -> str:
    """Case, accents, elisions, punctuation, SMS spellings and (``drop_fillers``) spoken
    fillers; no concepts. Cached: an engine build normalises each example twice."""
    text = unicodedata.normalize("NFKC", str(text)).casefold()
    text = text.replace("’", "'").replace("`", "'").replace("‘", "'")
    text = set_aside(text, language)
    if language == "fr":
        text = _FR_TU.sub(lambda m: "tu " + m.group(1), text).replace("y'a", "il y a")
        text = _FR_PROGRESSIVE.sub("", text)
        text = _FR_EUPHONIC_T.sub(" ", text)
        text = _FR_ELISION.sub(lambda m: _FR_ELIDED[m.group(1).lower()] + " ", text)
    elif language == "en":
        for pattern, repl in _EN_CONTRACTIONS:
            text = pattern.sub(repl, text)
    if language in ACCENT_LANGUAGES:
        text = _strip_latin_accents(text)
    text = _NON_WORD.sub(" ", text).replace("_", " ")
    if language in ACCENT_LANGUAGES:
        text = _STRETCHED.sub(r"\1", text)  # "merciii", "heyyy": no word has a letter three times in a row
    words = text.split()
    sms = SMS.get(language)
    if sms:
        words = [sms.get(w, w) for w in words]
    if language == "fr":
        # an elision typed without its apostrophe: "j ai", "l urssaf", "m a preleve"
        words = [_FR_ELIDED[w] if w in _FR_SPACED_ELISIONS and i + 1 < len(words) and words[i + 1][:1] in "aeiouyh"
                 else w for i, w in enumerate(words)]
    text = " ".join(words)
    fillers = _FILLERS.get(language) if drop_fillers else None
    if fillers is not None:
        kept = fillers.sub(" ", text)
        text = kept if kept.strip() else text  # a sentence of fillers only stays what it is
    return _SPACES.sub(" ", text).strip()
