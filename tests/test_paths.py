"""Where the program finds its bundled data: a checkout, an installed wheel, a PyInstaller bundle."""

import sys

from terminassistent import paths


def test_a_checkout_reads_the_data_beside_the_sources():
    assert (paths.policies_dir() / "aa90-jba.toml").is_file()
    assert (paths.resources_dir() / "legal").is_dir()


def test_a_bundle_reads_its_own_folder_and_never_the_checkout(monkeypatch, tmp_path):
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "_MEIPASS", str(tmp_path), raising=False)
    assert paths.policies_dir() == tmp_path / "terminassistent" / "_data" / "policies"
    assert paths.resources_dir() == tmp_path / "terminassistent" / "_data" / "resources"


def test_the_default_database_lives_in_the_users_data_folder(monkeypatch, tmp_path):
    monkeypatch.setattr(sys, "platform", "linux")
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))
    assert paths.default_database() == tmp_path / "terminassistent" / "caseload.db"
