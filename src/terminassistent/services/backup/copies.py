"""Backups a caseworker never has to think of.

A copy of the caseload (SQLite's backup API: consistent while the window or a command writes;
owner-only) is taken at the first start of each day and before every bulk action (an import, a
planned week, an erasure, a restore), into the folder of the setting ``backup.folder`` (default: a
folder »Sicherungen« beside the caseload file). Copies are named
``<caseload file>.<YYYYMMDD-HHMMSS>.<reason>.bak``; two within the same second get ``-2``, ``-3``.
Of the copies in that folder, all of today's are kept, then the newest of each of the last 7 days
with a copy and the newest of each of the last 4 weeks with a copy; older ones are deleted.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import re
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from terminassistent import settings as S
from terminassistent.domain.model import BERLIN
from terminassistent.errors import StoreError, UserError, os_reason
from terminassistent.services.context import Context, system_clock
from terminassistent.storage import Caseload
from terminassistent.storage.copies import inspect
from terminassistent.storage.database import new_private_file

DAILY, WEEKLY = 7, 4
REASONS = {
    "taeglich": "tägliche Sicherung",
    "manuell": "von Hand",
    "vor-import": "vor einem Import",
    "vor-planung": "vor dem Planen einer Woche",
    "vor-loeschung": "vor dem Löschen abgelaufener Daten",
    "vor-wiederherstellung": "vor dem Wiederherstellen einer Sicherung",
    "vor-verschluesselung": "vor dem Ver- oder Entschlüsseln",
}
_NAME = re.compile(r"^(?P<db>.+)\.(?P<stamp>\d{8}-\d{6})\.(?P<reason>[a-z]+(?:-[a-z]+)*)(?:-\d+)?\.bak$")
log = logging.getLogger("terminassistent")


@dataclass(frozen=True)
class Backup:
    path: Path
    created: dt.datetime  # Berlin time, to the second
    reason: str  # a key of REASONS ("manuell" for a copy written elsewhere with --to)
    customers: int

    def as_dict(self) -> dict[str, Any]:
        return {"backup": str(self.path), "customers": self.customers, "created": self.created,
                "reason": self.reason}

    def line(self) -> str:
        return (f"{self.created:%d.%m.%Y %H:%M}  {self.customers} Kunden  ({REASONS.get(self.reason, self.reason)})  "
                f"{self.path}")


def folder(caseload: Caseload) -> Path:
    """Where the copies of this caseload go."""
    chosen = S.BACKUP_FOLDER.read(caseload)
    return Path(chosen).expanduser() if chosen else caseload.path.parent / "Sicherungen"


def create_backup(caseload: Caseload, reason: str = "manuell", *, to: Path | None = None,
                  now: dt.datetime | None = None) -> Backup:
    """A consistent, owner-only copy of the caseload: into ``to`` (a new file) or into the backup
    folder, whose old copies are then thinned out."""
    now = (now or system_clock()).astimezone(BERLIN).replace(microsecond=0)
    if to is not None:
        target = Path(to)
        if target.exists() or target.is_symlink():
            raise UserError(f"Die Datei »{target}« gibt es schon; sie wird nicht überschrieben.")
    else:
        _make_folder(folder(caseload))
        target = folder(caseload) / f"{caseload.path.name}.{now:%Y%m%d-%H%M%S}.{reason}.bak"
    # Written under a temporary name first: a copy cut short (a crash, a full disk) never bears a
    # backup's name, so it is never taken for today's copy nor offered for a restore.
    part = _new_file(target.with_name(f".{target.name}.{os.getpid()}.part"))
    caseload.copy_to(part)
    try:
        target = _place(part, target, exact=to is not None)
    finally:
        part.unlink(missing_ok=True)
    if to is None:
        prune(target.parent, caseload.path.name, now.date())
    return Backup(target, now, reason, caseload.customer_count())


def before_bulk(caseload: Caseload, reason: str, now: dt.datetime | None = None) -> Backup:
    """The copy before an import, a planned week, an erasure or a restore; the action is refused
    (nothing changed) when the copy cannot be made."""
    try:
        return create_backup(caseload, reason, now=now)
    except UserError as exc:
        raise UserError(f"{exc} Vor dieser Änderung muss eine Sicherung angelegt werden; es wurde nichts geändert. "
                        f"Bitte prüfen Sie den Sicherungsordner (Einstellung »{S.BACKUP_FOLDER.key}«).") from None


def daily_backup(ctx: Context) -> Backup | None:
    """Today's first copy, unless the backup folder has one of today already (call at every
    start; the command line does so for every command)."""
    today = ctx.today()
    if any(created.date() == today for _, created, _ in _named(folder(ctx.caseload), ctx.caseload.path.name)):
        return None
    return create_backup(ctx.caseload, "taeglich", now=ctx.now())


def quiet_daily_backup(ctx: Context) -> None:
    """``daily_backup`` for a command: a copy that cannot be made is logged (without path or data)
    and does not stop the command; ``terminassistent backup`` says why."""
    try:
        daily_backup(ctx)
    except (UserError, OSError) as exc:
        log.warning("tägliche Sicherung nicht möglich: %s", type(exc).__name__)


def backups(ctx: Context) -> list[Backup]:
    """The copies in the backup folder, newest first, each checked (a damaged or foreign file in
    the folder is left out)."""
    found = []
    for path, created, reason in _named(folder(ctx.caseload), ctx.caseload.path.name):
        try:
            info = inspect(path, ctx.caseload.key)  # a copy of an encrypted caseload is encrypted alike
        except StoreError:
            continue
        found.append(Backup(path, created, reason, info.customers))
    return found


def prune(where: Path, db_name: str, today: dt.date) -> list[Path]:
    """Delete the copies of ``db_name`` in ``where`` beyond today's, the newest of each of the
    last 7 days and of each of the last 4 weeks; returns what was deleted."""
    copies = sorted(_named(where, db_name), key=lambda c: c[1], reverse=True)
    keep = {p for p, created, _ in copies if created.date() >= today}
    for key, count in ((lambda d: d, DAILY), (lambda d: d.isocalendar()[:2], WEEKLY)):
        seen: list = []
        for path, created, _ in copies:
            bucket = key(created.date())
            if bucket not in seen and len(seen) < count:
                seen.append(bucket)
                keep.add(path)
    deleted = []
    for part in where.glob(f".{db_name}.*.part"):  # left by a copy that was cut short
        try:
            if part.stat().st_mtime < time.time() - 3600:
                part.unlink()
        except OSError:
            pass
    for path, _, _ in copies:
        if path not in keep:
            try:
                path.unlink()
                deleted.append(path)
            except OSError:
                pass  # tried again with the next copy
    return deleted


def _named(where: Path, db_name: str) -> list[tuple[Path, dt.datetime, str]]:
    """The copies of ``db_name`` in ``where`` by their names, newest first."""
    try:
        names = os.listdir(where)
    except OSError:
        return []
    found = []
    for name in names:
        m = _NAME.match(name)
        if m is None or m["db"] != db_name:
            continue
        try:
            created = dt.datetime.strptime(m["stamp"], "%Y%m%d-%H%M%S").replace(tzinfo=BERLIN)
        except ValueError:
            continue
        found.append((where / name, created, m["reason"]))
    return sorted(found, key=lambda c: c[1], reverse=True)


def _make_folder(where: Path) -> None:
    try:
        where.mkdir(parents=True, exist_ok=True, mode=0o700)
    except OSError as exc:
        raise UserError(f"Der Sicherungsordner »{where}« kann nicht angelegt werden: {os_reason(exc)}.") from None
    if not where.is_dir():
        raise UserError(f"»{where}« ist kein Ordner; die Sicherung kann dort nicht angelegt werden.")


def _new_file(path: Path) -> Path:
    try:
        return new_private_file(path)
    except OSError as exc:
        raise UserError(f"Die Sicherung »{path}« kann nicht angelegt werden: {os_reason(exc)}.") from None


def _place(part: Path, target: Path, *, exact: bool) -> Path:
    """Give the finished copy its name: ``target``, or (in the backup folder) the first free
    ``-2``, ``-3`` … variant; never replacing a file."""
    for number in range(1, 2 if exact else 1000):
        name = target if number == 1 else target.with_name(f"{target.stem}-{number}{target.suffix}")
        try:
            os.link(part, name)
            return name
        except FileExistsError:
            continue
        except OSError as exc:  # a drive without hard links (a FAT-formatted stick): rename instead
            if name.exists():
                continue
            try:
                os.replace(part, name)
                return name
            except OSError:
                raise UserError(f"Die Sicherung »{name}« kann nicht angelegt werden: {os_reason(exc)}.") from None
    raise UserError(f"Die Datei »{target}« gibt es schon; sie wird nicht überschrieben.")
