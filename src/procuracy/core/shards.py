"""Work split among worker processes: shards of about the same weight."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TypeVar

T = TypeVar("T")


def balanced(items: Sequence[T], weight: Callable[[T], int], n: int) -> list[list[T]]:
    """``items`` in at most ``n`` non-empty shards of about the same total weight: the
    heaviest first, each to the lightest shard so far. Each shard keeps the items' order;
    items of no weight are left out."""
    shards: list[list[int]] = [[] for _ in range(n)]
    totals = [0] * n
    for i in sorted(range(len(items)), key=lambda i: -weight(items[i])):
        w = weight(items[i])
        if w <= 0:
            continue
        k = totals.index(min(totals))
        shards[k].append(i)
        totals[k] += w
    return [[items[i] for i in sorted(s)] for s in shards if s]
