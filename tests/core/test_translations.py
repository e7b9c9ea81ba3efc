"""The Chinese catalogue is complete: every UI string is in it, translated, with its placeholders intact."""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po
from django.utils.translation.template import templatize

PACKAGE_DIR = Path(__file__).resolve().parents[2] / "src" / "edubureau"
PO_PATH = PACKAGE_DIR / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.po"
HOW_TO_FIX = (
    "Run `cd src/edubureau && ../../.venv/bin/edubureau makemessages -l zh_Hans`, translate the new "
    "or fuzzy entries of src/edubureau/locale/zh_Hans/LC_MESSAGES/django.po, then "
    "`.venv/bin/edubureau compiletranslations`."
)

# %(name)s, %s, %d, %.1f … (with "%%", a literal percent sign, removed first), and {{ var }}.
PLACEHOLDER = re.compile(r"%(?:\([^)]+\))?[-#0+]*(?:\d+|\*)?(?:\.\d+)?[diouxXeEfFgGcrsa]|\{\{.*?\}\}")

# The gettext functions makemessages extracts (xgettext's Python keywords plus Django's), with the
# argument positions of (context, msgid).
PY_KEYWORDS: dict[str, tuple[int | None, int]] = {
    "_": (None, 0),
    "gettext": (None, 0),
    "gettext_lazy": (None, 0),
    "gettext_noop": (None, 0),
    "ngettext": (None, 0),
    "ngettext_lazy": (None, 0),
    "pgettext": (0, 1),
    "pgettext_lazy": (0, 1),
    "npgettext": (0, 1),
    "npgettext_lazy": (0, 1),
}

# Django's templatize() turns {% translate %}, {% blocktranslate %} (with its variables as
# %(name)s, "%" escaped, `trimmed` applied) and _("…") into these calls, with Python string literals.
_STRING = r"""u?(?:'(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*")"""
TEMPLATE_CALL = re.compile(
    rf"\b(gettext|pgettext|ngettext|npgettext|_)\(\s*({_STRING})(?:\s*,\s*({_STRING}))?"
)


def load_catalogue() -> Catalog:
    with PO_PATH.open("rb") as po_file:
        return read_po(po_file)


def placeholders(text: str) -> set[str]:
    return {re.sub(r"\s+", "", found) for found in PLACEHOLDER.findall(text.replace("%%", ""))}


def source_files(*suffixes: str) -> Iterator[Path]:
    for path in sorted(PACKAGE_DIR.rglob("*")):
        relative = path.relative_to(PACKAGE_DIR).parts
        if path.suffix in suffixes and not any(part.startswith((".", "__pycache__")) for part in relative):
            yield path


def python_msgids(path: Path) -> Iterator[tuple[str | None, str, bool]]:
    """(context, msgid, whether the call sits inside an f-string, where xgettext does not look)."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    in_fstrings = {
        id(inner) for node in ast.walk(tree) if isinstance(node, ast.JoinedStr) for inner in ast.walk(node)
    }
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        name = func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else ""
        if name not in PY_KEYWORDS:
            continue
        context_at, msgid_at = PY_KEYWORDS[name]
        args = [arg.value if isinstance(arg, ast.Constant) else None for arg in node.args]
        msgid = args[msgid_at] if len(args) > msgid_at else None
        context = args[context_at] if context_at is not None and len(args) > context_at else None
        if isinstance(msgid, str) and msgid and (context_at is None or isinstance(context, str)):
            yield context, msgid, id(node) in in_fstrings


def template_msgids(path: Path) -> Iterator[tuple[str | None, str]]:
    for match in TEMPLATE_CALL.finditer(templatize(path.read_text(encoding="utf-8"), origin=str(path))):
        function, first, second = match.groups()
        first_value = ast.literal_eval(first)
        if function.startswith("np") or function == "pgettext":
            if second is not None:
                yield first_value, ast.literal_eval(second)
        elif first_value:
            yield None, first_value


def test_catalogue_header_is_simplified_chinese() -> None:
    catalogue = load_catalogue()
    headers = dict(catalogue.mime_headers)
    assert headers["Language"] == "zh_Hans"
    assert "charset=utf-8" in headers["Content-Type"].lower()
    assert headers["Plural-Forms"] == "nplurals=1; plural=0;"
    assert not catalogue.fuzzy, "The header of the catalogue is marked fuzzy."


def test_every_entry_is_translated_and_not_fuzzy() -> None:
    problems = []
    for message in load_catalogue():
        if not message.id:
            continue
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        if message.fuzzy:
            problems.append(f"fuzzy: {message.id!r}")
        if not strings or not all(string.strip() for string in strings):
            problems.append(f"untranslated: {message.id!r}")
    assert not problems, "\n".join([*problems, HOW_TO_FIX])


def test_translations_keep_the_placeholders() -> None:
    problems = []
    for message in load_catalogue():
        if not message.id:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        expected = set().union(*(placeholders(msgid) for msgid in ids))
        for string in strings:
            if string and placeholders(string) != expected:
                problems.append(
                    f"{ids[0]!r} → {string!r}: {sorted(placeholders(string))} ≠ {sorted(expected)}"
                )
    assert not problems, "Placeholders differ between msgid and msgstr:\n" + "\n".join(problems)


def test_every_ui_string_is_in_the_catalogue() -> None:
    catalogue = load_catalogue()
    found: dict[tuple[str | None, str], str] = {}
    for path in source_files(".py"):
        for context, msgid, in_fstring in python_msgids(path):
            where = str(path.relative_to(PACKAGE_DIR))
            if in_fstring:
                where += " (inside an f-string, which makemessages does not read: move the call out of it)"
            found.setdefault((context, msgid), where)
    for path in source_files(".html", ".txt"):
        for key in template_msgids(path):
            found.setdefault(key, str(path.relative_to(PACKAGE_DIR)))
    assert len(found) > 100, "The scan found almost no UI strings: the extractor is broken."

    missing = [
        f"  {msgid!r}" + (f" (context {context!r})" if context else "") + f"  — {where}"
        for (context, msgid), where in sorted(found.items(), key=lambda item: item[1])
        if catalogue.get(msgid, context=context) is None
    ]
    assert not missing, (
        f"{len(missing)} UI string(s) are not in the zh_Hans catalogue:\n"
        + "\n".join(missing)
        + "\n"
        + HOW_TO_FIX
    )
