"""The national simulator: the case flow of every procuratorate, through the real procedures.

``plan`` says how many of each decision a year needs (calibrated on the 2023 work report),
``generate`` writes one procuratorate's year as ``procuracy-events/1`` lines, and ``load``
imports them through the same validation as ``procuracy import``. See docs/simulator.md.
"""
