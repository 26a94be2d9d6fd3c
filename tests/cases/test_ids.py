"""New ids are UUID version 7 (RFC 9562 §5.7): they lead with the time they were made, so
ids made one after another sort one after another and the indexes of ids grow at their end."""

import time
import uuid
from datetime import date

import pytest

from procuracy.cases import actions
from procuracy.cases.models import LedgerEvent
from procuracy.core.ids import new_id


def test_a_new_id_is_a_plain_version_7_uuid_of_the_current_millisecond():
    before = time.time_ns() // 1_000_000
    made = new_id()
    after = time.time_ns() // 1_000_000
    assert type(made) is uuid.UUID
    assert made.version == 7 and made.variant == uuid.RFC_4122
    assert before <= made.int >> 80 <= after  # the first 48 bits: Unix time in milliseconds


def test_ids_made_one_after_another_sort_one_after_another():
    ids = [new_id() for _ in range(5_000)]
    assert ids == sorted(ids) and len(set(ids)) == len(ids)
    assert [str(i) for i in ids] == sorted(str(i) for i in ids)  # as text too (SQLite)


@pytest.mark.django_db
def test_the_ledger_events_and_cases_the_actions_make_have_time_ordered_ids(receive, staff):
    first = receive()
    actions.assign_case(first.pk, actor=staff["manager"], occurred_on=date(2024, 3, 4))
    second = receive()
    assert uuid.UUID(str(first.pk)).version == 7
    assert uuid.UUID(str(first.pk)) < uuid.UUID(str(second.pk))
    events = list(LedgerEvent.objects.order_by("seq"))
    assert len(events) == 3 and all(e.id.version == 7 for e in events)
    assert [e.id for e in events] == sorted(e.id for e in events)
