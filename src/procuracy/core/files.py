"""Reading the files users give the command line."""

from __future__ import annotations

import json
import sys
from typing import Any

from django.core.management.base import CommandError


def read_json(path: str) -> Any:
    """The JSON document in ``path`` (``-``: standard input), or one line naming the file and
    what is wrong with it (missing, not UTF-8, not JSON and where). A byte order mark at its
    start (as Windows editors save UTF-8) is not part of the document."""
    try:
        if path == "-":
            return json.loads(sys.stdin.buffer.read().decode("utf-8-sig"))
        with open(path, encoding="utf-8-sig") as fh:
            return json.load(fh)
    except OSError as exc:
        raise CommandError(f"{path}: {exc.strerror}") from None
    except UnicodeDecodeError:
        raise CommandError(f"{path}: not UTF-8 text") from None
    except json.JSONDecodeError as exc:
        raise CommandError(f"{path}: not JSON (line {exc.lineno}: {exc.msg})") from None
