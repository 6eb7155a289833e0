"""The committed forms (src/terminassistent/gui/forms/ui_*.py) match their Designer sources."""

import importlib.util
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "packaging" / "build_forms.py"

pytestmark = pytest.mark.skipif(not (ROOT / "ui").is_dir(), reason="needs the source tree (ui/, packaging/)")


@pytest.fixture(scope="module")
def build_forms():
    spec = importlib.util.spec_from_file_location("build_forms", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_every_form_is_current_with_its_ui_file(build_forms, tmp_path):
    build_forms.build(build_forms.UI_DIR, tmp_path)
    fresh = {p.name: p.read_text(encoding="utf-8") for p in tmp_path.glob("ui_*.py")}
    committed = {p.name: p.read_text(encoding="utf-8") for p in build_forms.FORMS_DIR.glob("ui_*.py")}
    assert fresh, "no ui/*.ui compiled"
    assert sorted(committed) == sorted(fresh), "forms without a .ui file, or .ui files without a form"
    for name, text in fresh.items():
        assert build_forms.form_body(committed[name]) == build_forms.form_body(text), (
            f"{name} is out of date: run `python packaging/build_forms.py`"
        )


def test_generated_forms_say_where_they_come_from(build_forms):
    for form in build_forms.FORMS_DIR.glob("ui_*.py"):
        first = form.read_text(encoding="utf-8").split("\n", 1)[0]
        assert first == f"# generated from ui/{form.name[3:-3]}.ui by packaging/build_forms.py — do not edit"


def test_the_check_mode_notices_a_stale_form(build_forms, tmp_path):
    build_forms.build(build_forms.UI_DIR, tmp_path)
    assert build_forms.build(build_forms.UI_DIR, tmp_path, check=True) == []
    form = next(tmp_path.glob("ui_*.py"))
    form.write_text(form.read_text(encoding="utf-8").replace("Suchen", "Finden"), encoding="utf-8")
    assert build_forms.build(build_forms.UI_DIR, tmp_path, check=True) == [f"{form.name} (aus ui/{form.name[3:-3]}.ui)"]
