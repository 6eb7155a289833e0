"""What every command-line test does: run a command in-process, and read the caseload back."""

from terminassistent.cli import main
from terminassistent.services.caseload_io.export import export_caseload
from terminassistent.storage import Caseload


def run(capsys, *args, clock=None):
    """Exit code, stdout and stderr of ``terminassistent ARGS`` (with the program's clock fixed at
    ``clock``, if given); no traceback may reach the user."""
    code = main([str(a) for a in args], clock=clock)
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return code, out, err


def snapshot(db):
    """The whole caseload as export shows it: equal snapshots mean nothing was written."""
    with Caseload.open(db) as c:
        return export_caseload(c)
