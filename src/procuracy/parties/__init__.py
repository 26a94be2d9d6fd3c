"""Parties: persons (GB 11643 citizen ID numbers or foreign documents) and organisations
(GB 32100 unified social credit codes)."""
