"""Werkplaats pages, split by who uses them: the team's day and coordination, the casework, the OM's answer."""
