"""Compact templates that expand to example phrases.

``(a|b|c)`` picks one alternative, ``[word]`` is optional. Groups do not nest.
``"[c'est] (quoi|qu'est-ce que) un (robot|programme)"`` gives 8 phrases.
"""
from __future__ import annotations

import itertools
import random
import re

#: expansions kept per template: beyond this a template drowns the others
MAX_EXPANSIONS = 48

_GROUP = re.compile(r"\(([^()\[\]]*)\)|\[([^()\[\]]*)\]")


class TemplateError(ValueError):
    """A template that cannot be read (unbalanced brackets, empty group); ``kind`` and
    ``values`` let a check word it in the organiser's language."""

    def __init__(self, kind: str, text: str, **values: str):
        super().__init__(text)
        self.kind = kind
        self.values = values


def parse(template: str) -> list[list[str]]:
    """Split a template into slots, each a list of choices."""
    slots: list[list[str]] = []
    pos = 0
    for match in _GROUP.finditer(template):
        slots.append([template[pos:match.start()]])
        if match.group(1) is not None:
            choices = [c.strip() for c in match.group(1).split("|")]
            if not any(choices):
                raise TemplateError("empty_alternatives", f"empty alternatives '({match.group(1)})'",
                                    group=match.group(1))
        else:
            choices = [c.strip() for c in match.group(2).split("|")] + [""]
        slots.append(choices)
        pos = match.end()
    if any(c in _GROUP.sub("", template) for c in "()[]"):
        raise TemplateError("unbalanced", "unbalanced or nested brackets: use (a|b) and [optional], not nested")
    slots.append([template[pos:]])
    return slots


def expand(template: str, limit: int = MAX_EXPANSIONS) -> list[str]:
    """The phrases a template stands for, in a stable order, at most ``limit``."""
    slots = parse(template)
    combos = list(itertools.islice(itertools.product(*slots), 20 * limit))
    if len(combos) > limit:
        # a fixed-seed sample, so every alternative has a chance and builds are repeatable
        combos = random.Random(template).sample(combos, len(combos))
    phrases: list[str] = []
    for combo in combos:
        phrase = " ".join("".join(combo).split())
        if phrase and phrase not in phrases:
            phrases.append(phrase)
            if len(phrases) >= limit:
                break
    return phrases
