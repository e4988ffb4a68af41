"""Counting what a person does in the browser, and how long it would take them (issue 13, "Measure it").

`Interactions` wraps a Playwright page: act through it (`click`, `press`, `type`) and it counts each click,
each key and each page load, and notes the keystroke-level-model operators of what was done. The counts are
deterministic, so tests can assert budgets on them; `klm_seconds()` turns the operators into an estimate of a
skilled user's time.

    act = Interactions(page)
    act.think()                      # M: find the next call on the list
    act.press("Tab", times=2)        # K K
    act.press("Enter")               # K, and the page load that follows
    assert act.keys == 3 and act.loads == 1
    start = act.mark()               # a segment: what happened after this point
    ...
    act.since(start).keys            # keys in that segment only
    act.klm_seconds(start)           # its estimate

Page loads are the main frame's `load` events (a full navigation or a form post answered with a page); an
htmx swap is not a page load. Only what goes through this object is counted: a `locator.fill()` done directly
on the page is not, so write the flow with `type` (each character one K) as a person would type it.

The keystroke-level model (Card, Moran & Newell, "The keystroke-level model for user performance time with
interactive systems", Communications of the ACM 23(7), 1980, pp. 396–410) gives each operator a time:

    K  0.28 s  a key press (an average non-secretarial typist, about 40 words a minute)
    P  1.1 s   pointing with the mouse at a target on the screen
    B  0.1 s   pressing or releasing a mouse button (a click is B B)
    H  0.4 s   homing the hand between keyboard and mouse
    M  1.35 s  mental preparation (deciding, finding, checking)

The system's response time (R) is left out: it is the app's, measured by the bench, not the person's. Where M
goes is a modelling choice; the paper's heuristics put one before each chunk of action that needs a decision,
so a test calls `think()` there explicitly rather than have it guessed.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

# Operator times in seconds (Card, Moran & Newell 1980, table 2).
KLM_SECONDS: dict[str, float] = {"K": 0.28, "P": 1.1, "B": 0.1, "H": 0.4, "M": 1.35}


def klm_estimate(operators: Iterable[str]) -> float:
    """Seconds for a sequence of KLM operators: "MKKK" or ["M", "K", "K", "K"] (spaces are ignored)."""
    total = 0.0
    for operator in "".join(operators).replace(" ", ""):
        if operator not in KLM_SECONDS:
            raise ValueError(f"Unknown keystroke-level operator {operator!r}; known: {', '.join(KLM_SECONDS)}")
        total += KLM_SECONDS[operator]
    return round(total, 2)


@dataclass(frozen=True)
class Count:
    """What happened in a stretch of the flow."""

    clicks: int
    keys: int
    loads: int
    operators: str

    @property
    def total(self) -> int:
        """Interactions as the issue counts them: clicks + key presses + page loads."""
        return self.clicks + self.keys + self.loads

    def klm_seconds(self) -> float:
        return klm_estimate(self.operators)

    def __str__(self) -> str:
        return (
            f"{self.clicks} clicks + {self.keys} keys + {self.loads} page loads = {self.total} interactions; "
            f"KLM {self.operators} ≈ {self.klm_seconds():.2f} s"
        )


@dataclass(frozen=True)
class Mark:
    """A point in the flow to count from (see `Interactions.mark`)."""

    clicks: int
    keys: int
    loads: int
    operators: int


class Interactions:
    """Acts on a Playwright page as a person would, counting clicks, keys and page loads (see the module)."""

    def __init__(self, page: Any) -> None:
        self.page = page
        self.clicks = 0
        self.keys = 0
        self.loads = 0
        self._operators: list[str] = []
        self._hand: str | None = None  # "keyboard" or "mouse": where the hand is, for the H operator
        page.on("load", self._loaded)

    def _loaded(self, _page: Any) -> None:
        self.loads += 1

    def _use(self, device: str) -> None:
        if self._hand is not None and self._hand != device:
            self._operators.append("H")
        self._hand = device

    # --- Acting -------------------------------------------------------------------------------------------

    def click(self, locator: Any, **options: Any) -> None:
        """Point at the element and click it: P B B (and H when the hand was on the keyboard)."""
        self._use("mouse")
        self._operators += ["P", "B", "B"]
        self.clicks += 1
        locator.click(**options)

    def press(self, key: str, *, times: int = 1) -> None:
        """Press a key (a Playwright key name such as "Tab", "Enter", "ArrowUp", "Shift+Tab") `times` times.
        A chord such as "Shift+Tab" counts as one key press."""
        self._use("keyboard")
        for _n in range(times):
            self._operators.append("K")
            self.keys += 1
            self.page.keyboard.press(key)

    def type(self, text: str) -> None:
        """Type text into the focused element: one key (K) per character."""
        self._use("keyboard")
        for character in text:
            self._operators.append("K")
            self.keys += 1
            self.page.keyboard.type(character)

    def think(self) -> None:
        """A moment of mental preparation (M): finding the target, deciding, checking what is filled in."""
        self._operators.append("M")

    # --- Counting -----------------------------------------------------------------------------------------

    @property
    def operators(self) -> str:
        return "".join(self._operators)

    @property
    def total(self) -> int:
        return self.clicks + self.keys + self.loads

    def mark(self) -> Mark:
        """Where the flow is now; `since(mark)` counts what happened after it."""
        return Mark(self.clicks, self.keys, self.loads, len(self._operators))

    def since(self, mark: Mark | None = None) -> Count:
        start = mark or Mark(0, 0, 0, 0)
        return Count(
            clicks=self.clicks - start.clicks,
            keys=self.keys - start.keys,
            loads=self.loads - start.loads,
            operators="".join(self._operators[start.operators :]),
        )

    def klm_seconds(self, mark: Mark | None = None) -> float:
        """The keystroke-level estimate of the flow (or of what happened after `mark`)."""
        return self.since(mark).klm_seconds()
