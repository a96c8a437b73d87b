"""What the case domain announces, for whoever reaches citizens to hear (channels, Web Push).

The domain never imports an interface or a channel (docs/architecture.md). Services send these
signals inside their transaction; a subscriber connects once, in its AppConfig.ready(), in one line:

    case_status_changed.connect(news_on_status, dispatch_uid="channels.news_on_status")

A receiver takes ``sender`` and keyword arguments (``**kwargs`` for those added later), writes
only its own tables (it runs inside the sender's transaction) and queues anything sent out with
``transaction.on_commit``, so nothing goes out if the write rolls back.
"""

from django.dispatch import Signal

# Sent by ``case_transition`` after the status changed; keyword arguments: case (Case, saved).
case_status_changed = Signal()

# Sent by ``case_rate`` after the citizen rated the outcome (and any appeal it opened);
# keyword arguments: case (Case, as rated), rating (Rating).
case_rated = Signal()

# Sent by ``message_post_by_office`` after a staff message to the citizen is stored;
# keyword arguments: case (Case), message_id (int). Never the text: receivers stay content-free.
office_message_posted = Signal()

# Sent by ``case_escalate`` after an overdue case moved up one level; keyword arguments: case (Case,
# moved), level (int, the level it reached). Operations count escalations per level (metrics).
case_escalated = Signal()
