"""Cases: the event-type registry, the procedures, the ledger and its projections.

``declarations`` and ``criminal`` are the catalogue (plain declarations with their legal
basis); ``engine`` folds events into a case's state (pure Python, no Django); ``ledger``,
``models``, ``actions`` and ``selectors`` store and serve it. See docs/ledger.md.
"""
