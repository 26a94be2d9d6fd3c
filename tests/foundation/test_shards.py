"""Work split among worker processes (core/shards.py), used by the simulator's and the facts
sync's workers."""

from hypothesis import given
from hypothesis import strategies as st

from procuracy.core.shards import balanced


@given(st.lists(st.integers(0, 1000), max_size=60), st.integers(1, 5))
def test_every_weighted_item_is_in_one_shard_in_order_and_the_shards_are_balanced(weights, n):
    items = list(range(len(weights)))
    shards = balanced(items, weights.__getitem__, n)
    assert len(shards) <= n and all(shards)
    assert sorted(i for s in shards for i in s) == [i for i in items if weights[i] > 0]
    for shard in shards:
        assert shard == sorted(shard)
    totals = [sum(weights[i] for i in s) for s in shards]
    if len(totals) > 1:  # greedy: no shard exceeds another by more than its heaviest item
        assert max(totals) - min(totals) <= max(weights)
