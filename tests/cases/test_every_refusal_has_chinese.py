"""Every refusal a case manager can meet in the case modules (and in the modules outside them
that the staff web calls: access, figures, orgs, parties, staff) says it in Chinese too: each
``raise`` of a domain or procedure error passes its ``zh`` (a re-raise passes the caught
error's, ``zh=exc.zh``), each ``PayloadError`` its third argument; so does an error a helper
builds for its caller to raise (``return Forbidden(..., zh=...)``). Read from the source with
``ast``, so that a new refusal without Chinese fails here, named by file and line, before a
Chinese page shows it in English. Pure Python: no database."""

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[2] / "src" / "procuracy"

#: The case modules read: the engine, the actions and the approvals, the declarations' payload
#: checks, and the procedures' own modules (those that exist).
CASE_MODULES = tuple(
    f"cases/{name}"
    for name in (
        "engine.py",
        "actions.py",
        "approvals.py",
        "declarations.py",
        "criminal.py",
        "general.py",
        "pil.py",
        "supervision.py",
        "complaints.py",
        "investigation.py",
    )
    if (SRC / "cases" / name).exists()
)

#: The modules outside the cases whose refusals a Chinese page shows: a record not found or
#: refused, the figures (an unknown figure, edition or procuratorate, a year without data), the
#: parties' and the staff's actions. Not ``simulator/load.py``: that is the command line's
#: ``simulate``, in English only, never shown on a page.
OTHER_MODULES = (
    "access.py",
    "figures/service.py",
    "orgs/selectors.py",
    "parties/actions.py",
    "staff/actions.py",
)

#: The modules read, as paths under ``src/procuracy``.
MODULES = CASE_MODULES + OTHER_MODULES

#: The errors whose Chinese is the keyword ``zh``.
WITH_ZH_KEYWORD = frozenset(
    {"ProcedureError", "ValidationFailed", "DomainError", "Conflict", "Forbidden", "NotFound"}
)

#: Raises that may stay without Chinese, each with its reason: (module, function, error
#: class) -> why. Only a programming error or an internal signal belongs here, never a
#: refusal of what a user entered. Empty today: every refusal of these modules has its Chinese.
EXEMPT: dict[tuple[str, str, str], str] = {}


def _name(func: ast.expr) -> str | None:
    """``ValidationFailed`` for ``ValidationFailed(...)`` and ``errors.ValidationFailed(...)``."""
    if isinstance(func, ast.Name):
        return func.id
    if isinstance(func, ast.Attribute):
        return func.attr
    return None


def _given(value: ast.expr) -> bool:
    """A Chinese text is passed: anything but a literal None."""
    return not (isinstance(value, ast.Constant) and value.value is None)


def _has_chinese(call: ast.Call, name: str) -> bool:
    for keyword in call.keywords:
        if keyword.arg == "zh":
            return _given(keyword.value)
    if name == "PayloadError":  # PayloadError(field, message, zh)
        return len(call.args) >= 3 and _given(call.args[2])
    return False


def _raises(module: str):
    """(line, enclosing function, error class, has Chinese) of each ``raise X(...)`` of the
    errors checked here in ``module``, and of each ``X(...)`` built elsewhere (a helper's,
    raised by its caller)."""
    tree = ast.parse((SRC / module).read_text(encoding="utf-8"), filename=module)
    found = []

    def visit(node: ast.AST, function: str) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef):
                visit(child, child.name)
                continue
            if isinstance(child, ast.Call):
                name = _name(child.func)
                if name in WITH_ZH_KEYWORD or name == "PayloadError":
                    found.append((child.lineno, function, name, _has_chinese(child, name)))
            visit(child, function)

    visit(tree, "<module>")
    return found


def test_the_modules_are_read():
    cases = {"cases/engine.py", "cases/actions.py", "cases/approvals.py", "cases/declarations.py"}
    assert cases <= set(MODULES)
    assert "cases/criminal.py" in MODULES
    assert all((SRC / module).exists() for module in OTHER_MODULES)
    assert set(OTHER_MODULES) <= set(MODULES)
    assert "simulator/load.py" not in MODULES  # the command line's, English only


@pytest.mark.parametrize("module", MODULES)
def test_every_refusal_raised_in_the_module_has_its_chinese(module):
    missing = [
        f"src/procuracy/{module}:{line} {name} in {function}()"
        for line, function, name, has_zh in _raises(module)
        if not has_zh and (module, function, name) not in EXEMPT
    ]
    assert not missing, "refusals without Chinese (zh):\n" + "\n".join(missing)


def test_the_check_sees_the_refusals_and_the_exemptions_are_still_needed():
    """The parse finds the refusals it is meant to (so that a rename cannot make this test
    pass on nothing), and every exemption still names a raise without Chinese."""
    counts = {module: len(_raises(module)) for module in MODULES}
    core = ("cases/engine.py", "cases/actions.py", "cases/approvals.py", "cases/declarations.py")
    for module in core + OTHER_MODULES:
        assert counts[module] > 0, module
    assert sum(counts[module] for module in CASE_MODULES) > 80, counts
    # access 4, figures 5, orgs 2, parties 8, staff 5 (at least)
    assert sum(counts[module] for module in OTHER_MODULES) >= 24, counts
    bare = {
        (module, function, name)
        for module in MODULES
        for _line, function, name, has_zh in _raises(module)
        if not has_zh
    }
    stale = sorted(set(EXEMPT) - bare)
    assert not stale, f"exemptions that match no raise without Chinese: {stale}"


def _check(source: str) -> list[bool]:
    """``_has_chinese`` of each raise in ``source``."""
    out = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Raise) and isinstance(node.exc, ast.Call):
            out.append(_has_chinese(node.exc, _name(node.exc.func)))
    return out


def test_what_counts_as_chinese():
    assert _check('raise ValidationFailed("x", field="f", zh="某")') == [True]
    assert _check('raise errors.NotFound(f"no {x}", zh=f"找不到{x}")') == [True]
    assert _check("raise ProcedureError(exc.message, field=exc.field, zh=exc.zh) from None") == [
        True
    ]
    assert _check('raise ValidationFailed("x", field="f")') == [False]
    assert _check('raise Conflict("x", zh=None)') == [False]
    assert _check('raise PayloadError(name, "must be text", "应为文字")') == [True]
    assert _check('raise PayloadError(name, "must be text")') == [False]
    assert _check('raise PayloadError(name, "must be text", zh="应为文字")') == [True]
