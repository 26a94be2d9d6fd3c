"""New ids of records: UUID version 7 (RFC 9562 §5.7), which lead with the time they were
made in milliseconds. Ids made one after another sort one after another, so the indexes of
ids (the ledger's, the cases', the events' case ids) grow at their end instead of at random
places: at millions of events a random id (version 4) touches a page of the index that is
rarely in the database's buffers. The rest of the id is random, as in version 4."""

import uuid

from uuid6 import uuid7


def new_id() -> uuid.UUID:
    """A new version 7 id, as a plain :class:`uuid.UUID` (uuid6 returns a subclass)."""
    return uuid.UUID(int=uuid7().int)
