"""Counting a flow's interactions as its user lives them: clicks, key presses and page loads (provisional)."""

from __future__ import annotations

from typing import Any


class Interactions:
    def __init__(self, page: Any) -> None:
        self.page = page
        self.clicks = 0
        self.keys = 0
        self.page_loads = 0
        page.on("load", self._loaded)

    def _loaded(self, _page: Any) -> None:
        self.page_loads += 1

    def click(self, locator: Any) -> None:
        locator.click()
        self.clicks += 1

    def press(self, key: str) -> None:
        self.page.keyboard.press(key)
        self.keys += 1
