"""Events of the decisions app for the floors above it (the werkplaats reads its advice's answer off a decision).

Sent inside the decision's transaction, so what a receiver writes lands, or is rolled back, with the decision.
"""

from __future__ import annotations

from django.dispatch import Signal

# sender=Decision, decision=<Decision>, user=<User>, request_id=<str>
decision_recorded = Signal()
