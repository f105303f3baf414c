"""What core announces to the layers above it, so that it never imports them.

`calendar_changed` is sent inside the transaction that added, changed or removed a `CalendarDay`, with `since` (the
day edited: periods running through it may move) and `reason` (in words, for each case's timeline). A receiver
returns how many open deadlines it moved; `cases` connects the one that recomputes its clocks
(`CasesConfig.ready`). Sent with `send`, not `send_robust`: a failing receiver rolls the calendar edit back.
"""

from __future__ import annotations

from django.dispatch import Signal

calendar_changed = Signal()
