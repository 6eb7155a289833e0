"""What every command-line test does: run a command in-process, and read the caseload back."""

import io
import json

from terminassistent.cli import main
from terminassistent.services.caseload_io.export import write_export
from terminassistent.storage import Caseload


def run(capsys, *args, clock=None):
    """Exit code, stdout and stderr of ``terminassistent ARGS`` (with the program's clock fixed at
    ``clock``, if given); no traceback may reach the user."""
    code = main([str(a) for a in args], clock=clock)
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return code, out, err


def exported(caseload: Caseload):
    """The whole open caseload as export shows it: equal exports mean nothing was written."""
    out = io.StringIO()
    write_export(caseload, out)
    return json.loads(out.getvalue())


def snapshot(db):
    """The whole caseload in the file ``db`` as export shows it."""
    with Caseload.open(db) as c:
        return exported(c)
