"""The offence catalogue against the statute: every row sourced, art. 67 Sv applied consistently, the Halt list.

docs/legal-rules.md lists the same rows with the version of the text each was checked against; the last test
keeps the two equal, so a number changes in one place (the catalogue) and the table follows.
"""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from zsm.cases.catalogue import (
    ALIASES,
    BY_CODE,
    CATALOGUE,
    PRETRIAL_MIN_PENALTY_YEARS,
    OffenceEntry,
    entry_for,
    normalise_code,
)
from zsm.cases.constants import HaltDesignation, OffenceKind, PretrialBasis

LEGAL_RULES = Path(__file__).resolve().parents[2] / "docs" / "legal-rules.md"

# The offences the issue names as those a ZSM table sees most (each must be in the catalogue).
REQUIRED_ARTICLES = (
    "300 lid 1 Sr", "285 lid 1 Sr", "350 Sr", "351 Sr", "138 lid 1 Sr", "138a Sr", "141 lid 1 Sr", "157 sub 1 Sr",
    "180 Sr", "181 sub 1 Sr", "266 Sr", "267 Sr", "310 Sr", "311 lid 1 Sr", "312 lid 1 Sr", "321 Sr",
    "326 lid 1 Sr", "416 lid 1 Sr", "417bis Sr", "8 WVW",
)  # fmt: skip


def test_the_catalogue_holds_the_common_zsm_offences() -> None:
    assert len(CATALOGUE) >= 25
    assert len(BY_CODE) == len(CATALOGUE)  # no code twice
    for code in REQUIRED_ARTICLES:
        assert code in BY_CODE, code
    assert any("Opiumwet" in entry.code for entry in CATALOGUE)


@pytest.mark.parametrize("entry", CATALOGUE, ids=lambda e: e.code)
def test_every_row_is_sourced_and_consistent_with_art_67_sv(entry: OffenceEntry) -> None:
    e = entry
    assert e.description
    assert e.source
    article = e.code.split()[0]
    assert article in e.source, f"{e.code}: the source names another article"
    if e.kind == OffenceKind.OVERTREDING:
        # Pre-trial detention is for misdrijven only; an overtreding carries no prison term (hechtenis at most).
        assert (e.pretrial_basis, e.max_penalty_years) == (PretrialBasis.NONE, Decimal(0))
    elif e.max_penalty_years >= PRETRIAL_MIN_PENALTY_YEARS:
        # Four years or more: sub a, unless the offence is named in sub b anyway (300 lid 1 jo 304).
        assert e.pretrial_basis in (PretrialBasis.SUB_A, PretrialBasis.SUB_B), f"{e.code}: art. 67 lid 1 sub a"
    else:
        # Below four years only the named offences of sub b and c allow it; sub a never applies.
        assert e.pretrial_basis != PretrialBasis.SUB_A, e.code
    if e.pretrial_basis != PretrialBasis.NONE:
        assert "art. 67 lid 1 sub" in e.source, e.code
    if e.halt_condition:
        assert e.halt == HaltDesignation.DESIGNATED


@pytest.mark.parametrize(
    ("code", "pretrial", "years"),
    [
        ("350 Sr", True, "2"),  # art. 67 lid 1 sub b names vernieling: 9 hours, custody possible
        ("285 lid 1 Sr", True, "2"),  # bedreiging is named in sub b
        ("300 lid 1 Sr", True, "3"),  # eenvoudige mishandeling is named in sub b
        ("300 lid 1 jo 304 sub 1 Sr", True, "4"),  # 304 raises 300–303 by a third: 3 → 4 years
        ("266 Sr", False, "0.25"),
        ("180 Sr", False, "1"),
        ("8 WVW", False, "1"),  # raised from three months to a year on 1 January 2020
        ("417bis Sr", True, "1"),
        ("3 jo 11 lid 2 Opiumwet", True, "2"),  # sub c
    ],
)
def test_the_rows_the_review_found_wrong_are_right_now(code: str, pretrial: bool, years: str) -> None:
    entry = BY_CODE[code]
    assert (entry.pretrial_detention_allowed, entry.max_penalty_years) == (pretrial, Decimal(years))


def test_threats_in_the_domestic_sphere_are_no_row_of_their_own() -> None:
    """Art. 304 Sr raises only the penalties of arts. 300–303; it does not apply to bedreiging (285)."""
    assert not [entry.code for entry in CATALOGUE if "285" in entry.code and "304" in entry.code]
    assert entry_for("285/304 Sr") is None


@pytest.mark.parametrize(
    ("written", "code"),
    [
        ("310 Sr", "310 Sr"),
        ("art. 310 Sr", "310 Sr"),
        ("Artikel  300 Sr", "300 lid 1 Sr"),
        ("300/304 Sr", "300 lid 1 jo 304 sub 1 Sr"),
        ("300 lid 1 jo. 304 sub 1° Sr", "300 lid 1 jo 304 sub 1 Sr"),
        ("285 SR", "285 lid 1 Sr"),
        ("311 lid 1 onder 4° Sr", "311 lid 1 sub 4 Sr"),
        ("8 WVW 1994", "8 WVW"),
    ],
)
def test_codes_are_read_as_police_systems_write_them(written: str, code: str) -> None:
    entry = entry_for(written)
    assert entry is not None
    assert entry.code == code


def test_every_alias_points_at_a_row() -> None:
    assert all(target in BY_CODE for target in ALIASES.values())


@given(st.text(max_size=30))
def test_normalising_never_fails_and_is_idempotent(text: str) -> None:
    once = normalise_code(text)
    assert normalise_code(once) == once


def _documented_rows() -> dict[str, tuple[str, str, str, str]]:
    """The catalogue table of docs/legal-rules.md: code → (maximum, kind, art. 67 basis, Halt)."""
    text = LEGAL_RULES.read_text(encoding="utf-8")
    section = text[text.index("<!-- catalogue:start -->") : text.index("<!-- catalogue:end -->")]
    rows = {}
    for line in section.splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if len(cells) >= 6 and re.match(r"^`[^`]+`$", cells[0]):
            rows[cells[0].strip("`")] = (cells[2], cells[3], cells[4], cells[5])
    return rows


def test_the_documented_table_is_the_catalogue() -> None:
    basis = {PretrialBasis.SUB_A: "sub a", PretrialBasis.SUB_B: "sub b", PretrialBasis.SUB_C: "sub c",
             PretrialBasis.NONE: "no"}  # fmt: skip
    halt = {HaltDesignation.DESIGNATED: "yes", HaltDesignation.ON_CONSENT: "with consent", HaltDesignation.NONE: "no"}
    expected = {
        entry.code: (f"{entry.max_penalty_years:g}", entry.kind, basis[entry.pretrial_basis], halt[entry.halt])
        for entry in CATALOGUE
    }
    assert _documented_rows() == expected
