"""Reading policy files: the bundled ones by id, any file by path; parsed policies are cached."""

from __future__ import annotations

import re
import threading
import tomllib
from pathlib import Path

from terminassistent.domain.policy_model import Policy
from terminassistent.errors import InvalidInput, UserError, os_reason
from terminassistent.paths import policies_dir
from terminassistent.policy.build import build_policy
from terminassistent.policy.schema import Problem, Problems

_POSITION = re.compile(r"\s*\((?:at line (\d+), column (\d+)|at end of document)\)\s*$")
_TOML_WORDS = (
    ("Invalid value", "ungültiger oder fehlender Wert"),
    ("Cannot overwrite a value", "ein Schlüssel wird doppelt gesetzt"),
    ("Cannot declare", "eine Tabelle wird doppelt angelegt"),
    ("Expected '=' after a key", "nach dem Schlüssel fehlt »=«"),
    ("Expected newline or end of document", "nach einem Eintrag folgt noch etwas in derselben Zeile "
                                            "(Anführungszeichen vergessen oder ungültiges Datum?)"),
    ("Unterminated string", "eine Zeichenkette wird nicht geschlossen"),
    ("Unclosed array", "eine Liste wird nicht geschlossen"),
    ("Unclosed inline table", "eine Tabelle in geschweiften Klammern wird nicht geschlossen"),
    ("Invalid statement", "ungültige Zeile"),
    ("Illegal character", "unzulässiges Zeichen"),
)

_lock = threading.Lock()
_cache: dict[Path, tuple[tuple[int, int], Policy]] = {}


def _toml_problem(name: str, text: str, error: tomllib.TOMLDecodeError) -> Problem:
    message = str(error)
    match = _POSITION.search(message)
    line = column = None
    if match and match.group(1):
        line, column = int(match.group(1)), int(match.group(2))
    elif match:
        line = max(1, len(text.splitlines()))
    english = _POSITION.sub("", message)
    reason = next((german for prefix, german in _TOML_WORDS if english.startswith(prefix)), "Syntaxfehler")
    where = f" (Spalte {column})" if column else " (am Dateiende)" if match else ""
    return Problem(name, line, "", f"Die Datei ist kein gültiges TOML: {reason}{where}.")


def check_file(path: Path | str, name: str | None = None) -> tuple[Policy | None, list[Problem]]:
    """Parse and validate one file: (the policy or None, every problem found)."""
    path = Path(path)
    name = name or str(path)
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return None, [Problem(name, None, "", "Die Datei gibt es nicht.")]
    except IsADirectoryError:
        return None, [Problem(name, None, "", "Das ist ein Ordner, keine Richtliniendatei.")]
    except OSError as exc:
        return None, [Problem(name, None, "", f"Die Datei lässt sich nicht lesen ({os_reason(exc)}).")]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        return None, [Problem(name, line, "", "Die Datei ist nicht in UTF-8 gespeichert.")]
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        return None, [_toml_problem(name, text, exc)]
    except RecursionError:  # the parser recurses into every nested list or table
        return None, [Problem(name, None, "", "Die Datei ist zu tief verschachtelt (Listen oder Tabellen in "
                                              "Hunderten Ebenen); so ist keine Richtliniendatei aufgebaut.")]
    problems = Problems(name, text)
    policy = build_policy(data, problems, path=str(path))
    return policy, sorted(problems.items, key=lambda p: p.line or 0)  # file order; file-wide ones first


def refusal(name: str, problems: list[Problem]) -> InvalidInput:
    count = "1 Problem" if len(problems) == 1 else f"{len(problems)} Probleme"
    return InvalidInput(f"Die Richtliniendatei »{name}« ist ungültig und wurde nicht geladen ({count}):",
                        [str(p) for p in problems])


def load_file(path: Path | str, name: str | None = None) -> Policy:
    """One policy file; an invalid file is refused whole (InvalidInput listing every problem)."""
    path = Path(path)
    try:
        stat = path.stat()
        stamp = (stat.st_mtime_ns, stat.st_size)
        resolved = path.resolve()
    except OSError:
        stamp, resolved = None, None
    with _lock:
        cached = _cache.get(resolved) if resolved else None
        if cached and cached[0] == stamp:
            return cached[1]
    policy, problems = check_file(path, name)
    if problems or policy is None:
        raise refusal(name or str(path), problems)
    if resolved is not None:
        with _lock:
            _cache[resolved] = (stamp, policy)
    return policy


def bundled_paths() -> list[Path]:
    return sorted(policies_dir().glob("*.toml"))


def known_ids() -> list[str]:
    return [p.stem for p in bundled_paths()]


def load_policy(policy_id: str) -> Policy:
    """A bundled policy by its id (ba-2010, uelzen-2019, moenchengladbach-2012, aa90-jba)."""
    wanted = str(policy_id).strip().lower()
    paths = {p.stem: p for p in bundled_paths()}
    if wanted not in paths:
        known = ", ".join(sorted(paths)) or "keine"
        raise UserError(f"Das Kontaktdichtekonzept »{policy_id}« ist unbekannt (bekannt: {known}).")
    policy = load_file(paths[wanted], name=paths[wanted].name)
    if policy.id != wanted:
        raise InvalidInput(f"Die Datei »{paths[wanted].name}« trägt die Kennung »{policy.id}«; "
                           f"sie muss »{wanted}« heißen wie die Datei.")
    return policy


def load_bundled() -> tuple[Policy, ...]:
    """Every shipped policy, sorted by id."""
    return tuple(load_policy(stem) for stem in known_ids())


def clear_cache() -> None:
    with _lock:
        _cache.clear()
