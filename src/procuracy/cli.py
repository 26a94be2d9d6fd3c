"""The ``procuracy`` command line: Procuracy's own commands and Django's, one entry point."""

from __future__ import annotations

import errno
import os
import sys

PROJECT_APPS_PREFIX = "procuracy."


def _project_help() -> str:
    from django.core.management import get_commands, load_command_class

    lines = [
        "usage: procuracy COMMAND [options]",
        "",
        "Procuracy commands (procuracy COMMAND --help for each):",
    ]
    commands = get_commands()
    ours = sorted(name for name, app in commands.items() if app.startswith(PROJECT_APPS_PREFIX))
    for name in ours:
        command = load_command_class(commands[name], name)
        if getattr(command, "hidden", False):  # another command's part (bench_deadlines)
            continue
        summary = (command.help or "").strip().splitlines()[0] if command.help else ""
        lines.append(f"  {name:<16} {summary}")
    others = sorted(
        name for name, app in commands.items() if not app.startswith(PROJECT_APPS_PREFIX)
    )
    lines += [
        "",
        "Django commands, also available (e.g. procuracy migrate, procuracy runserver):",
        "  " + ", ".join(others),
    ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    argv = list(sys.argv if argv is None else argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "procuracy.settings")
    from django.core.exceptions import ImproperlyConfigured

    try:
        import django

        django.setup()
    except ImproperlyConfigured as exc:
        print(f"procuracy: configuration error: {exc}", file=sys.stderr)
        raise SystemExit(2) from None

    if len(argv) < 2 or (argv[1] in ("-h", "--help", "help") and len(argv) == 2):
        print(_project_help())
        return
    from django.core.management import execute_from_command_line

    argv[0] = "procuracy"
    from django.db.utils import OperationalError, ProgrammingError

    try:
        execute_from_command_line(argv)
    except BrokenPipeError:
        # Output piped into a reader that stopped early (procuracy ... | head): not an error.
        sys.stderr.close()
        raise SystemExit(0) from None
    except (OperationalError, ProgrammingError) as exc:
        from django.db import connection

        if _unreachable(exc):
            detail = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
            print(f"procuracy: cannot reach the database: {detail}", file=sys.stderr)
            raise SystemExit(2) from None
        if connection.vendor == "sqlite" and "unable to open database file" in str(exc):
            print(
                f"procuracy: cannot open the database file {connection.settings_dict['NAME']}: "
                "its folder must exist and be writable",
                file=sys.stderr,
            )
            raise SystemExit(2) from None
        if not _missing_table(exc):
            raise
        print(
            f"procuracy: the database {connection.settings_dict['NAME']} has no tables for "
            "this version yet: run `procuracy migrate` first",
            file=sys.stderr,
        )
        raise SystemExit(2) from None
    except OSError as exc:
        # The output could not be written (a full disk, a failing device): one line. Any other
        # OSError names its file and is a command's own to report.
        if exc.filename is not None or exc.errno not in _OUTPUT_ERRORS:
            raise
        print(f"procuracy: cannot write the output: {exc.strerror or exc}", file=sys.stderr)
        raise SystemExit(1) from None


_OUTPUT_ERRORS = {errno.ENOSPC, errno.EIO, errno.EDQUOT, errno.EFBIG}


def _unreachable(exc: Exception) -> bool:
    """No connection to the database server (refused, unknown host, no such database, wrong
    credentials): psycopg's connection errors, SQLSTATE class 08 or 28, or 3D000."""
    cause = exc.__cause__
    state = getattr(cause, "sqlstate", None) or ""
    if state.startswith(("08", "28")) or state == "3D000":
        return True
    return type(cause).__name__ == "OperationalError" and "connection failed" in str(exc)


def _missing_table(exc: Exception) -> bool:
    """A table the command reads is not there: an empty (unmigrated) database, or one older
    than this version's migrations (PostgreSQL's SQLSTATE 42P01, whatever the server's
    language; SQLite's message)."""
    if getattr(exc.__cause__, "sqlstate", None) == "42P01":
        return True
    return "no such table" in str(exc)


if __name__ == "__main__":
    main()
