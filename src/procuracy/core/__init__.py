"""Cross-cutting pieces: the actions decorator, domain errors and the demo command."""
