"""The case workflow as data: which status may follow which (ARCHITECTURE.md rule 5).

received → acknowledged → in progress ⇄ waiting for the citizen → resolved → closed, and
rejected from any open status. Transfers, escalations and appeals are not statuses: they move
the case to another office and start it there again as ``received`` (see services).
"""

from ourvoice.cases.models import Status

TRANSITIONS: dict[str, frozenset[str]] = {
    Status.RECEIVED: frozenset({Status.ACKNOWLEDGED, Status.IN_PROGRESS, Status.WAITING, Status.REJECTED}),
    Status.ACKNOWLEDGED: frozenset({Status.IN_PROGRESS, Status.WAITING, Status.RESOLVED, Status.REJECTED}),
    Status.IN_PROGRESS: frozenset({Status.WAITING, Status.RESOLVED, Status.REJECTED}),
    Status.WAITING: frozenset({Status.IN_PROGRESS, Status.RESOLVED, Status.REJECTED}),
    Status.RESOLVED: frozenset({Status.CLOSED, Status.IN_PROGRESS}),
    Status.CLOSED: frozenset(),
    Status.REJECTED: frozenset(),
}
OPEN_STATUSES = frozenset(s for s, targets in TRANSITIONS.items() if targets) - {Status.RESOLVED}
FINAL_STATUSES = frozenset({Status.CLOSED, Status.REJECTED})
# A rejection must say why: the citizen sees the reason.
NEEDS_REASON = frozenset({Status.REJECTED})


class IllegalTransition(Exception):
    def __init__(self, current: str, target: str) -> None:
        super().__init__(f"A case cannot go from {current} to {target}.")
        self.current, self.target = current, target


def check_transition(current: str, target: str) -> None:
    if target not in TRANSITIONS.get(current, frozenset()):
        raise IllegalTransition(current, target)
