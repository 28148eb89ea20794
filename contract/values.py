"""Value types event fields use, so that kinds declared in different places agree."""
from __future__ import annotations

from typing import Annotated

from pydantic import Field, StringConstraints

from .limits import FREE_TEXT, MAX_SECONDS, SHORT_TEXT

#: a language code of the exhibition (fr, en…)
Language = Annotated[str, StringConstraints(pattern=r"^[a-z]{2,3}$")]
#: an id written by the organisers (exhibit, statement, intent, answer…)
ContentId = Annotated[str, StringConstraints(min_length=1, max_length=SHORT_TEXT)]
#: seconds, measured by the kiosk's monotonic clock
Seconds = Annotated[float, Field(ge=0, le=MAX_SECONDS, allow_inf_nan=False)]
#: a score between 0 and 1 (an intent engine's confidence)
Unit = Annotated[float, Field(ge=0, le=1, allow_inf_nan=False)]
#: a count of things on a screen (pages, statements)
SmallCount = Annotated[int, Field(ge=0, le=10_000)]
#: what a visitor typed or said (only ever recorded behind a privacy setting)
FreeText = Annotated[str, StringConstraints(max_length=FREE_TEXT)]
