"""``terminassistent check`` finds exactly what reading every row in Python and joining every
appointment with every other one would find, though it reads only the rows SQLite picks out and
joins appointments within a day of each other."""

import datetime as dt
import json
import sqlite3

import pytest
from hypothesis import HealthCheck, assume, example, given, settings
from hypothesis import strategies as st

from terminassistent.domain.model import (
    AbsenceKind, AppointmentKind, AppointmentStatus, Channel, ContactKind, Flag, Profile, Purpose, Salutation, Status,
)  # fmt: skip
from terminassistent.storage import Caseload, columns, integrity, rows
from terminassistent.storage.migrations import MIGRATIONS

SCREENED = ("customers", "contacts", "appointments", "absences")
ENUMS = (AbsenceKind, AppointmentKind, AppointmentStatus, Channel, ContactKind, Flag, Profile, Purpose, Salutation, Status)


def two(lo: int, hi: int):
    return st.integers(lo, hi).map(lambda n: f"{n:02d}")


def dates():
    """Text that is, or nearly is, an ISO date: days and months out of range, years 0 and 10000."""
    valid = st.dates().map(dt.date.isoformat)
    near = st.tuples(st.integers(0, 10000), two(0, 13), two(0, 32)).map(lambda t: f"{t[0]:04d}-{t[1]}-{t[2]}")
    return st.one_of(valid, near, valid.map(lambda d: d.replace("-", "")), valid.map(lambda d: d + " "))


def moments():
    """Text that is, or nearly is, a UTC moment as the program writes it; also near the hour the
    clocks go back and the ends of the calendar."""
    written = st.datetimes(min_value=dt.datetime(1, 1, 1), max_value=dt.datetime(9999, 12, 31, 23, 59, 59)).map(
        lambda m: m.replace(microsecond=0).isoformat() + "Z")
    autumn = st.tuples(st.integers(1990, 2040), st.integers(24, 31), st.integers(0, 3), two(0, 59)).map(
        lambda t: f"{t[0]}-10-{t[1]:02d}T{t[2]:02d}:{t[3]}:00Z")
    near = st.tuples(st.integers(0, 10000), two(0, 13), two(0, 32), two(0, 25), two(0, 60), two(0, 60)).map(
        lambda t: f"{t[0]:04d}-{t[1]}-{t[2]}T{t[3]}:{t[4]}:{t[5]}Z")
    variants = written.flatmap(lambda m: st.sampled_from(
        [m, m[:-1], m[:-1] + "+00:00", m[:-1] + "+01:00", m.replace("T", " "), m[:-1] + ".5Z", m + "\x00", m.lower()]))
    return st.one_of(written, autumn, near, variants)


def words():
    members = [m.value for kind in ENUMS for m in kind]
    return st.sampled_from(members).flatmap(
        lambda w: st.sampled_from([w, w.upper(), f" {w}", w + "\x00", w[:-1], ""]))


def json_texts():
    member = words()
    arrays = st.lists(st.one_of(member, st.integers(-1, 8), st.none(), st.lists(member, max_size=1)), max_size=3)
    objects = st.fixed_dictionaries({}, optional={
        "mornings_only": st.one_of(st.booleans(), st.none()),
        "avoid_weekdays": st.one_of(st.lists(st.one_of(st.integers(-1, 8), st.floats(0, 6), st.text("0123456789", max_size=2)),
                                             max_size=3), st.none(), st.integers(0, 6), st.text("0123456", max_size=3)),
    })
    encoded = st.one_of(arrays, objects).map(json.dumps)
    return st.one_of(
        encoded,
        encoded.map(lambda t: t + "x"),
        encoded.map(lambda t: "\ufeff" + t),
        encoded.map(lambda t: t.replace("_", "\\u005f")),
        st.just('{"avoid_weekdays": [1], "avoid_weekdays": [9]}'),
        st.just('{"avoid_weekdays": [9], "avoid_weekdays": [1]}'),
        st.just("[NaN]"), st.just("[\"held\"]\x00x"), st.just("[\"held\",]"), st.just("[]"), st.just("{}"),
    )


def stored_values():
    """Any value a column might hold: every storage class, and text near each form."""
    return st.one_of(
        st.none(), st.integers(-2, 10**12), st.floats(allow_nan=False), st.binary(max_size=8), st.text(max_size=12),
        dates(), moments(), words(), json_texts(),
    )


# -- each column's SQL condition against its Python reader --------------------------------------


@pytest.fixture(scope="module")
def declared_types(tmp_path_factory):
    """Every screened column with the type the schema declares (it decides what SQLite stores)."""
    path = tmp_path_factory.mktemp("schema") / "schema.db"
    Caseload.create(path).close()
    conn = sqlite3.connect(path)
    found = {(t, info[1]): info[2] for t in SCREENED for info in conn.execute(f"PRAGMA table_info({t})")}
    conn.close()
    return found


COLUMN_CASES = [(table, column, helper, tuple(args)) for table in SCREENED for column, helper, *args in rows.COLUMNS[table]]


@pytest.mark.parametrize("table, column, helper, args", COLUMN_CASES, ids=[f"{c[0]}.{c[1]}" for c in COLUMN_CASES])
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(value=stored_values())
def test_a_value_the_sql_passes_is_read_by_python(declared_types, table, column, helper, args, value):
    conn = sqlite3.connect(":memory:")
    conn.execute(f"CREATE TABLE t ({column} {declared_types[(table, column)]})")
    conn.execute("INSERT INTO t VALUES (?)", (value,))
    conn.row_factory = sqlite3.Row
    row = conn.execute(f"SELECT {column}, ({columns.SOUND[helper](column, *args)}) IS 1 AS sound FROM t").fetchone()
    if row["sound"]:
        helper(row, column, *args)  # raises BadValue if the SQL passed a value Python cannot read


def test_every_screened_column_has_an_sql_condition():
    assert {helper for _, _, helper, _ in COLUMN_CASES} <= set(columns.SOUND)


# -- whole tables: the screened check against reading every row ----------------------------------


def valid_value(table: str, column: str):
    """Mostly what the program writes, so whole rows pass the screen often enough."""
    kinds = {"salutation": Salutation, "status": Status, "profile": Profile, "channel": Channel, "kind": None}
    if column in ("start_utc", "end_utc", "at_utc"):
        return st.datetimes(min_value=dt.datetime(1990, 1, 1), max_value=dt.datetime(2040, 1, 1)).map(
            lambda m: m.replace(microsecond=0).isoformat() + "Z")
    if column in ("birth_date", "deviation_date", "cooperation_plan"):
        return st.dates().map(dt.date.isoformat)
    if column == "kind":
        kind = {"contacts": ContactKind, "appointments": AppointmentKind, "absences": AbsenceKind}[table]
        return st.sampled_from([m.value for m in kind])
    if column == "status" and table == "appointments":
        return st.sampled_from([m.value for m in AppointmentStatus])
    if kinds.get(column):
        return st.sampled_from([m.value for m in kinds[column]])
    if column in ("flags", "purposes"):
        kind = Flag if column == "flags" else Purpose
        return st.lists(st.sampled_from([m.value for m in kind]), max_size=2).map(json.dumps)
    if column == "preferences":
        return st.just('{"mornings_only": true, "afternoons_only": false, "avoid_weekdays": [4]}')
    if column == "sequence":
        return st.integers(0, 5)
    return st.text(max_size=5)


def table_rows(table: str):
    names = [column for column, *_ in rows.COLUMNS[table]]
    cell = {n: st.one_of(valid_value(table, n), valid_value(table, n), stored_values()) for n in names}
    return st.lists(st.fixed_dictionaries(cell), min_size=1, max_size=6)


def naive_problems(conn: sqlite3.Connection, table: str) -> list[str]:
    return [rows.record_problem(table, row, bad) for row in conn.execute(f"SELECT * FROM {table}")
            for bad in rows.row_problems(table, row)]


@pytest.mark.parametrize("table", SCREENED)
@settings(max_examples=25, deadline=None)
@given(data=st.data())
def test_the_check_reports_what_reading_every_row_reports(table, data):
    conn = sqlite3.connect(":memory:")
    for migration in MIGRATIONS:
        conn.executescript(migration)
    conn.row_factory = sqlite3.Row
    conn.execute("PRAGMA ignore_check_constraints = ON")  # an end before its start, as another tool might write
    written = 0
    for values in data.draw(table_rows(table)):
        if table in ("contacts", "appointments"):
            values["customer_no"] = values["customer_no"] if values["customer_no"] is not None else "x"
        try:
            conn.execute(f"INSERT INTO {table} ({', '.join(values)}) VALUES ({', '.join('?' for _ in values)})",
                         list(values.values()))
            written += 1
        except sqlite3.IntegrityError:  # NOT NULL: such a row cannot be stored
            pass
    assume(written)
    assert integrity.record_problems(conn, table) == naive_problems(conn, table)
    conn.close()


# -- overlapping appointments: the windowed join against the join of every pair -------------------

NAIVE_OVERLAPS = """SELECT a.id, b.id, a.start_utc FROM appointments a JOIN appointments b
    ON a.id < b.id AND a.start_utc < b.end_utc AND b.start_utc < a.end_utc
    WHERE a.status IN ('booked', 'held') AND b.status IN ('booked', 'held') ORDER BY 1, 2"""

BASE = dt.datetime(2026, 10, 24, 22, 0)  # the night the clocks go back, at UTC


def utc_text(minutes: int) -> str:
    return (BASE + dt.timedelta(minutes=minutes)).isoformat() + "Z"


appointment_rows = st.tuples(
    st.integers(0, 2 * 24 * 60).map(utc_text),
    st.one_of(st.integers(1, 180), st.integers(1, 3 * 24 * 60), st.just(24 * 60), st.just(24 * 60 + 1), st.integers(-60, 0)),
    st.sampled_from(["booked", "held", "missed", "cancelled"]),
    st.sampled_from(["", "", "", "", "space", "offset", "invalid", "garbage", "long", "blob"]),
)


def stored(start: str, minutes: int, damage: str) -> tuple[str | bytes, str]:
    end = (dt.datetime.fromisoformat(start[:-1]) + dt.timedelta(minutes=minutes)).isoformat() + "Z"
    if damage == "space":
        return start.replace("T", " "), end
    if damage == "offset":
        return start[:-1] + "+00:00", end[:-1] + "+00:00"
    if damage == "invalid":
        return start[:8] + "32" + start[10:], end
    if damage == "garbage":
        return "bald", end
    if damage == "long":
        return start, "2027-01-01T00:00:00Z"
    if damage == "blob":
        return start.encode(), end
    return start, end


@settings(max_examples=200, deadline=None)
@given(calendar=st.lists(appointment_rows, max_size=25))
@example(calendar=[("2026-10-25T00:30:00Z", 40, "booked", ""), ("2026-10-25T00:00:00Z", 1440, "held", "")])
@example(calendar=[("2026-10-25T23:30:00Z", 40, "booked", ""), ("2026-10-25T00:00:00Z", 1440, "held", "")])
@example(calendar=[("2026-10-25T00:30:00Z", 40, "booked", ""), ("2026-10-24T00:30:00Z", 1441, "held", "")])
def test_the_windowed_overlap_join_finds_the_pairs_of_the_full_join(calendar):
    conn = sqlite3.connect(":memory:")
    conn.execute("""CREATE TABLE appointments (id INTEGER PRIMARY KEY, start_utc TEXT NOT NULL, end_utc TEXT NOT NULL,
                    status TEXT NOT NULL)""")
    conn.execute("CREATE INDEX appointments_by_start ON appointments(start_utc)")
    for start, minutes, status, damage in calendar:
        conn.execute("INSERT INTO appointments (start_utc, end_utc, status) VALUES (?, ?, ?)",
                     (*stored(start, minutes, damage), status))
    assert integrity.overlapping_appointments(conn) == conn.execute(NAIVE_OVERLAPS).fetchall()


def test_the_overlap_sweep_reads_the_calendar_in_the_order_of_the_start_index(tmp_path):
    path = tmp_path / "bestand.db"
    Caseload.create(path).close()
    conn = sqlite3.connect(path)
    plan = [r[3] for r in conn.execute("EXPLAIN QUERY PLAN " + integrity.calendar_sql())]
    assert any("USING INDEX appointments_by_start" in step for step in plan), plan
    assert not any("TEMP B-TREE" in step for step in plan), plan  # no sort of its own: linear
    plan = [r[3] for r in conn.execute("EXPLAIN QUERY PLAN " + integrity.any_overlap_sql())]
    assert any("SEARCH b USING INDEX appointments_by_start" in step for step in plan), plan  # a look-up, not a scan


# -- the fast paths: exactly the values the exact conditions accept --------------------------------


def near_moments():
    """Text of the moment's shape with every field just in and just out of range (leap days, hour
    24, day 31 of short months, the ends of the calendar), and the same spoilt in small ways."""
    field = lambda lo, hi: st.integers(lo, hi).map(lambda n: f"{n:02d}")  # noqa: E731
    years = st.one_of(st.sampled_from([0, 1, 999, 1000, 1900, 1996, 2000, 2024, 2026, 8999, 9000, 9999]),
                      st.integers(0, 9999)).map(lambda y: f"{y:04d}")
    shaped = st.tuples(years, field(0, 19), field(0, 39), field(0, 29), field(0, 60), field(0, 60)).map(
        lambda t: f"{t[0]}-{t[1]}-{t[2]}T{t[3]}:{t[4]}:{t[5]}Z")
    spoilt = st.tuples(shaped, st.integers(0, 19), st.sampled_from([" ", "x", "\x00", "\u0663", "ü", "t", "z", "+", "-", "9"]))
    return st.one_of(
        shaped,
        spoilt.map(lambda t: t[0][: t[1]] + t[2] + t[0][t[1] + 1:]),  # one character replaced
        spoilt.map(lambda t: t[0][: t[1]] + t[2] + t[0][t[1]:]),  # one character inserted
        shaped.flatmap(lambda m: st.sampled_from([m + " ", " " + m, m + "\x00", m + "\x00x", m[:-1], m[:-1] + "+00:00",
                                                  m.replace("T", " "), m.encode(), m.encode("utf-16-le")])),
    )


@settings(max_examples=600, deadline=None)
@given(value=st.one_of(near_moments(), stored_values()))
@example(value="2026-10-25T00:30:00Z")  # the hour the clocks go back (DST fold)
@example(value="2026-02-29T08:00:00Z")
@example(value="2024-02-29T08:00:00Z")
@example(value="2026-04-31T08:00:00Z")
@example(value="2026-01-09T24:00:00Z")
@example(value=20260302080000)
@example(value=b"2026-03-02T08:00:00Z")
def test_the_fast_moment_check_accepts_what_the_exact_one_accepts(value):
    conn = sqlite3.connect(":memory:")
    conn.execute("CREATE TABLE t (m TEXT)")
    conn.execute("INSERT INTO t VALUES (?)", (value,))
    fast, exact = conn.execute(f"SELECT {columns.sql_moment('m')}, {columns.sql_moment_exact('m')} FROM t").fetchone()
    assert fast == exact


def test_the_fast_moment_check_on_every_day_and_hour_of_the_calendar_edges():
    """Every month 00-19, day 00-39 and hour 00-29 of leap and common years, against the exact check."""
    conn = sqlite3.connect(":memory:")
    conn.execute("CREATE TABLE t (m TEXT)")
    conn.executemany("INSERT INTO t VALUES (?)", [
        (f"{year}-{month:02d}-{day:02d}T{hour:02d}:{minute}Z",)
        for year in ("1000", "1900", "2000", "2024", "2026", "8999") for month in range(20) for day in range(40)
        for hour in range(30) for minute in ("00:00", "59:59", "60:00")])
    differ = conn.execute(f"SELECT m FROM t WHERE ({columns.sql_moment('m')}) IS NOT ({columns.sql_moment_exact('m')})")
    assert differ.fetchall() == []
    assert conn.execute(f"SELECT count(*) FROM t WHERE {columns.sql_moment_exact('m')}").fetchone()[0] > 50_000


def list_check(kind, value) -> tuple:
    conn = sqlite3.connect(":memory:")
    conn.execute("CREATE TABLE t (l TEXT)")
    conn.execute("INSERT INTO t VALUES (?)", (value,))
    return conn.execute(
        f"SELECT {columns.SOUND[columns.read_choices]('l', kind)}, {columns.sql_choices_exact('l', kind)} FROM t").fetchone()


@pytest.mark.parametrize("kind", [Flag, Purpose])
def test_the_fast_list_check_on_every_short_list(kind):
    """Every list of up to two of the kind's values, of other words and of spoilt ones, as the
    program writes it and written otherwise."""
    words = [m.value for m in kind] + [m.value.upper() for m in kind] + [m.value for m in Status] + ["", "x", "ü"]
    lists = [[]] + [[w] for w in words] + [[a, b] for a in words for b in words]
    for values in lists:
        for text in (json.dumps(values), json.dumps(values, separators=(",", ":")), json.dumps(values) + " "):
            fast, exact = list_check(kind, text)
            assert fast == exact, text


@pytest.mark.parametrize("kind", [Flag, Purpose])
@settings(max_examples=200, deadline=None)
@given(value=st.one_of(
    st.lists(words(), max_size=3).flatmap(lambda v: st.sampled_from(
        [json.dumps(v), json.dumps(v).encode(), json.dumps(v) + "\x00", json.dumps(v, ensure_ascii=False)])),
    json_texts(), stored_values(),
))
def test_the_fast_list_check_accepts_what_the_exact_one_accepts(kind, value):
    fast, exact = list_check(kind, value)
    assert fast == exact


@pytest.mark.parametrize("kind", ENUMS)
@pytest.mark.parametrize("declared", ["TEXT", "", "NUMERIC", "INTEGER", "BLOB"])
@settings(max_examples=60, deadline=None)
@given(value=st.one_of(stored_values(), words().map(str.encode), st.sampled_from([0, 1, 1.0, "0", "1", " 1", "1e0"])))
def test_the_choice_check_without_the_storage_class_accepts_what_it_accepted(kind, declared, value):
    conn = sqlite3.connect(":memory:")
    conn.execute(f"CREATE TABLE t (c {declared})")
    conn.execute("INSERT INTO t VALUES (?)", (value,))
    fast, exact = conn.execute(
        f"SELECT ({columns.SOUND[columns.read_choice]('c', kind)}) IS 1, ({columns.sql_choice_exact('c', kind)}) IS 1 FROM t"
    ).fetchone()
    assert fast == exact
