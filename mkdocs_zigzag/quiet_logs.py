"""Keep other libraries' chatter out of a build's log unless MkDocs' own verbosity asks for it.

jieba (which Material's search uses to split Chinese text when ``lang: zh``) gives its logger ``jieba`` a
handler of its own on stderr and sets it to DEBUG when imported, so every build printed
``Building prefix dict from the default dictionary ...`` and three more lines, whatever ``-q``/``-v``
said. A filter on that logger lets a record through only when the followed logger (MkDocs') would emit
it at that level: ``mkdocs build`` is quiet, ``mkdocs build -v`` still shows jieba's DEBUG lines.

A filter rather than ``setLevel``: jieba resets its level when it is imported, which may happen after
this runs; a logger keeps its filters.
"""

from __future__ import annotations

import logging

CHATTY_LOGGERS: tuple[str, ...] = ("jieba",)
"""Third-party loggers that print below WARNING on their own handlers during builds."""


class FollowLevel(logging.Filter):
    """Passes a record only when *leader* is enabled for the record's level."""

    def __init__(self, leader: logging.Logger) -> None:
        super().__init__()
        self.leader = leader

    def filter(self, record: logging.LogRecord) -> bool:
        """True when the leader logger would emit a record of this level."""
        return self.leader.isEnabledFor(record.levelno)


def follow_level(name: str, leader: logging.Logger) -> None:
    """Make logger *name* emit only what *leader* would; calling it again changes nothing."""
    logger = logging.getLogger(name)
    for existing in logger.filters:
        if isinstance(existing, FollowLevel):
            existing.leader = leader
            return
    logger.addFilter(FollowLevel(leader))


def quiet_third_party_logs(leader: logging.Logger) -> None:
    """Apply :func:`follow_level` to every logger of :data:`CHATTY_LOGGERS` (jieba)."""
    for name in CHATTY_LOGGERS:
        follow_level(name, leader)
