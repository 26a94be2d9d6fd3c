"""Figures declared once and computed from the ledger in one grouped pass (docs/figures.md)."""
