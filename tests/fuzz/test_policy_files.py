"""Any policy file (hypothesis): random TOML documents, the shipped policies with a value changed,
removed or added anywhere, and their text damaged. The loader returns the policy or German problems
and never raises anything else; ``policy-check`` answers with exit 0, 1 or 2, never a traceback; a
damaged file that still passes the check works as the caseload's own policy (``settings --set
policy.file=…``) in the commands that use it."""

from __future__ import annotations

import datetime as dt
import shutil
import tempfile
import tomllib
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from terminassistent.domain.policy_model import Policy
from terminassistent.errors import InvalidInput
from terminassistent.policy.loader import bundled_paths, check_file, load_file
from terminassistent.services.context import fixed_clock
from tests.fuzz import toml_text
from tests.fuzz.harness import TALLY, check_run, fuzz_settings, private_data_folder, run_cli
from tests.services.handmade import LATER, NOW, build

SHIPPED = {p.stem: tomllib.loads(p.read_text(encoding="utf-8")) for p in bundled_paths()}
TEXTS = {p.stem: p.read_text(encoding="utf-8") for p in bundled_paths()}

def _all_keys(item, found: set[str]) -> set[str]:
    if isinstance(item, dict):
        for k, v in item.items():
            found.add(k)
            _all_keys(v, found)
    elif isinstance(item, list):
        for v in item:
            _all_keys(v, found)
    return found


KNOWN_KEYS = sorted(set().union(*(_all_keys(d, set()) for d in SHIPPED.values())))
keys = st.one_of(st.sampled_from(KNOWN_KEYS), st.text(max_size=12))
scalars = st.one_of(
    st.booleans(), st.integers(), st.integers(-3, 200), st.floats(), st.text(max_size=20),
    st.sampled_from(["in_person", "any", "count", "up", "down", "conversations", "2019-01-01", "", "P6M"]),
    st.dates(), st.datetimes(), st.times(), st.dates(dt.date(2000, 1, 1), dt.date(2035, 12, 31)),
)
toml_values = st.recursive(scalars, lambda inner: st.one_of(st.lists(inner, max_size=4),
                                                            st.dictionaries(keys, inner, max_size=5)), max_leaves=20)


@st.composite
def changed_policies(draw) -> str:
    """A shipped policy with one to three values replaced, removed or added at random places."""
    data = tomllib.loads(TEXTS[draw(st.sampled_from(sorted(TEXTS)))])
    for _ in range(draw(st.integers(1, 3))):
        parent, key = _somewhere(draw, data)
        how = draw(st.sampled_from(["replace", "replace", "remove", "add"]))
        if how == "remove":
            del parent[key]
        elif how == "add" and isinstance(parent, dict):
            parent[draw(keys)] = draw(toml_values)
        else:
            parent[key] = draw(toml_values)
    return toml_text.document(data)


def _somewhere(draw, data):
    """A random (container, key or index) inside ``data``."""
    parent, key = data, draw(st.sampled_from(sorted(data)))
    while isinstance(parent[key], (dict, list)) and parent[key] and draw(st.integers(0, 3)):
        parent = parent[key]
        key = draw(st.sampled_from(sorted(parent) if isinstance(parent, dict) else range(len(parent))))
    return parent, key


@st.composite
def damaged_texts(draw) -> str:
    text = TEXTS[draw(st.sampled_from(sorted(TEXTS)))]
    for _ in range(draw(st.integers(1, 4))):
        at = draw(st.integers(0, len(text)))
        piece = draw(st.one_of(st.sampled_from(['"', "[", "]", "{", "}", "=", "\n", "#", ",", "[[", "'''"]),
                               st.text(max_size=4)))
        text = text[:at] + piece + text[at + draw(st.integers(0, 3)):]
    return text


policy_texts = st.one_of(changed_policies(), damaged_texts(),
                         st.dictionaries(keys, toml_values, max_size=8).map(toml_text.document))


def _loaded(path: Path) -> Policy | None:
    """The loader's answer: a policy, or None after a German refusal naming the file."""
    policy, problems = check_file(path, "eigene.toml")
    assert all(str(p).startswith("eigene.toml") for p in problems), [str(p) for p in problems]
    try:
        loaded = load_file(path, "eigene.toml")
    except InvalidInput as refused:
        assert problems and str(refused).startswith("Die Richtliniendatei »eigene.toml« ist ungültig"), str(refused)
        return None
    assert not problems and isinstance(loaded, Policy)
    return loaded


@pytest.fixture(scope="module")
def start(tmp_path_factory):
    folder = tmp_path_factory.mktemp("fuzz-policy")
    build(folder / "hand.db").close()
    return folder


def test_any_policy_file_is_loaded_or_refused_in_german_and_a_loaded_one_works(start):
    @fuzz_settings(ci_examples=200)
    @given(policy_texts, st.booleans())
    def one_file(text, as_json):
        with tempfile.TemporaryDirectory(dir=start.parent) as scratch, private_data_folder(Path(scratch)) as here:
            path = here / "eigene.toml"
            path.write_text(text, encoding="utf-8")
            policy = _loaded(path)
            TALLY["Richtlinien (Leser)"][0 if policy else 1] += 1
            argv = ["policy-check", "eigene.toml"] + ["--json"] * as_json
            code, out, err = run_cli(argv)
            check_run("Richtlinien (policy-check)", argv, code, out, err)
            assert code == (0 if policy else 1), f"{argv}: exit {code} though the loader said {policy is not None}\n{err}"
            if policy is None:
                return
            shutil.copy2(start / "hand.db", here / "hand.db")
            code, out, err = run_cli(["settings", "--db", "hand.db", "--set", "policy.file=eigene.toml"])
            check_run("Richtlinien (im Einsatz)", ["settings"], code, out, err)
            if code != 0:
                return
            for argv in (  # every command that reads the policy: none may fail on one the check let through
["monitor", "--db", "hand.db", "--on", "27.11.2026"], ["quota", "--db", "hand.db", "--week", "2026-W49"],
                         ["propose", "--db", "hand.db", "--customer", LATER.customer_no],
                         ["plan-week", "--db", "hand.db", "--week", "2026-W49"]):
                code, out, err = run_cli(argv, clock=fixed_clock(NOW))
                check_run("Richtlinien (im Einsatz)", argv, code, out, err)
                assert code != 2, f"{argv}: {err}"

    one_file()


@fuzz_settings(ci_examples=50)
@given(st.dictionaries(keys, toml_values, max_size=8))
def test_the_toml_writer_of_these_tests_writes_what_tomllib_reads(data):
    tomllib.loads(toml_text.document(data))  # else the policy fuzzing above would only test syntax errors
