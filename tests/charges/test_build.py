"""The committed catalogue is exactly what scripts/build_charges.py makes of the statute texts."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "scripts" / "build_charges.py"
DATA = ROOT / "src" / "procuracy" / "charges" / "data" / "charges.json"
LAW_DIR = Path(os.environ.get("PROCURACY_LAW_DIR", ROOT.parent / "shared" / "law"))


def test_committed_json_is_sorted_and_pretty():
    text = DATA.read_text(encoding="utf-8")
    data = json.loads(text)
    assert text == json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    assert data["format"] == 1
    assert set(data["sources"]) == {"criminal-law", "spp-1997"} | {f"sup-{n}" for n in range(1, 9)}


@pytest.mark.skipif(
    not (LAW_DIR / "刑法(2023-12-29修正).md").exists(),
    reason=f"statute texts not present beside the repository ({LAW_DIR})",
)
def test_build_reproduces_committed_json(tmp_path):
    out = tmp_path / "charges.json"
    subprocess.run(
        [sys.executable, str(SCRIPT), "--law-dir", str(LAW_DIR), "--out", str(out), "-q"],
        check=True,
    )
    assert out.read_text(encoding="utf-8") == DATA.read_text(encoding="utf-8")


@pytest.mark.skipif(
    not (LAW_DIR / "刑法(2023-12-29修正).md").exists(),
    reason=f"statute texts not present beside the repository ({LAW_DIR})",
)
def test_build_parses_every_source():
    sys.path.insert(0, str(SCRIPT.parent))
    try:
        import build_charges
    finally:
        sys.path.pop(0)
    data, _ = build_charges.build(LAW_DIR)
    assert data["sources"]["spp-1997"]["items"] == 414
    effective = {k: v["in_force_from"] for k, v in data["sources"].items()}
    assert effective == {
        "criminal-law": "1997-10-01",
        "spp-1997": "1997-10-01",
        "sup-1": "2002-03-26",
        "sup-2": "2003-08-21",
        "sup-3": "2007-11-06",
        "sup-4": "2009-10-16",
        "sup-5": "2011-05-01",
        "sup-6": "2015-11-01",
        "sup-7": "2021-03-01",
        "sup-8": "2024-03-01",
    }
    assert build_charges.cn_int("四百零八") == 408
    assert build_charges.cn_int("二百一十九") == 219
    assert build_charges.parse_refs("第229条第1款、第2款")[0] == ["229(1)", "229(2)"]
    assert build_charges.parse_refs("第3款", "229")[0] == ["229(3)"]
