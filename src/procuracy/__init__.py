"""Procuracy: an open-source digital procuratorate."""

__version__ = "0.1.0"
