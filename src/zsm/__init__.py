"""ZSM Werkplaats: the case system for the ZSM chain and its werkplaats."""

__version__ = "0.1.0"
