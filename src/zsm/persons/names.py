"""Dutch name matching: the same person written differently must still be suggested at intake.

"Jan van der Berg", "J. v.d. Berg" and "Jan Van den Bergh" differ in prefix, case and spelling;
"Bijl" and "Byl" differ only in ij/y; "Çelik" and "Celik" only in a diacritic.
"""

from __future__ import annotations

import re
import unicodedata
from difflib import SequenceMatcher

# Surname prefixes (tussenvoegsels) that do not decide who someone is.
PREFIXES = frozenset(
    """van de der den het 't te ter ten in op onder over uit aan bij tot voor
    la le les du des da di del della dos el al d' l' v.d. v/d vd""".split()  # noqa: SIM905
)
SIMILARITY_THRESHOLD = 0.85


def fold(text: str) -> str:
    """Lower case, no diacritics, ij as y, letters only."""
    decomposed = unicodedata.normalize("NFKD", text.lower())
    plain = "".join(char for char in decomposed if not unicodedata.combining(char))
    plain = plain.replace("ij", "y")
    return re.sub(r"[^a-z ]+", " ", plain).strip()


# Written abbreviations of "van der"/"van den": v.d., v/d, vd.
ABBREVIATED_VAN_DER = re.compile(r"(?<![a-z])v\s*[./]\s*d\b\.?|(?<![a-z])vd\b", re.IGNORECASE)


def surname_key(surname: str, prefix: str = "") -> str:
    """The surname without any prefix, folded: what identifies the family name."""
    written = ABBREVIATED_VAN_DER.sub(" van der ", f"{prefix} {surname}")
    words = [word for word in fold(written).split() if word not in PREFIXES]
    return "".join(words)


def first_initial(given_names: str) -> str:
    folded = fold(given_names)
    return folded[:1]


def names_match(a_surname_key: str, a_initial: str, b_surname_key: str, b_initial: str) -> bool:
    if a_initial and b_initial and a_initial != b_initial:
        return False
    if a_surname_key == b_surname_key:
        return True
    return SequenceMatcher(None, a_surname_key, b_surname_key).ratio() >= SIMILARITY_THRESHOLD
