"""The schema, as an append-only list of migrations.

Migration N takes a database from ``user_version`` N-1 to N. Never edit a released migration:
append a new one. ``tests/storage/test_migrations.py`` keeps the SHA-256 of every released
migration (and fails if one changes), and upgrades databases built from frozen copies of the
released migrations (``tests/data/schema/vN.sql``, what older versions ran) and checks that
nothing is lost. When a new migration is released, add its checksum there.
"""

from __future__ import annotations

MIGRATIONS: tuple[str, ...] = (
    # 1: the first schema
    """
    CREATE TABLE caseworker (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        name TEXT NOT NULL DEFAULT '',
        office TEXT NOT NULL DEFAULT '',
        room TEXT NOT NULL DEFAULT '',
        phone TEXT NOT NULL DEFAULT '',
        email TEXT NOT NULL DEFAULT '',
        bundesland TEXT NOT NULL DEFAULT 'NW',
        weekly_hours REAL NOT NULL DEFAULT 39,
        full_time_hours REAL NOT NULL DEFAULT 39,
        pattern TEXT NOT NULL DEFAULT '{}',
        policy_id TEXT NOT NULL DEFAULT 'aa90-jba'
    );
    CREATE TABLE customers (
        customer_no TEXT PRIMARY KEY,
        salutation TEXT NOT NULL DEFAULT 'divers',
        last_name TEXT NOT NULL,
        first_name TEXT NOT NULL,
        birth_date TEXT NOT NULL,
        status TEXT NOT NULL,
        profile TEXT,
        flags TEXT NOT NULL DEFAULT '[]',
        street TEXT,
        postal_code TEXT,
        city TEXT,
        preferences TEXT NOT NULL DEFAULT '{}',
        notes TEXT NOT NULL DEFAULT ''
    );
    CREATE TABLE contacts (
        id INTEGER PRIMARY KEY,
        customer_no TEXT NOT NULL REFERENCES customers(customer_no) ON UPDATE CASCADE ON DELETE CASCADE,
        at_utc TEXT NOT NULL,
        channel TEXT NOT NULL,
        kind TEXT NOT NULL,
        note TEXT NOT NULL DEFAULT '',
        deviation_date TEXT,
        deviation_reason TEXT
    );
    CREATE TABLE appointments (
        id INTEGER PRIMARY KEY,
        customer_no TEXT NOT NULL REFERENCES customers(customer_no) ON UPDATE CASCADE ON DELETE CASCADE,
        start_utc TEXT NOT NULL,
        end_utc TEXT NOT NULL,
        kind TEXT NOT NULL,
        channel TEXT NOT NULL,
        status TEXT NOT NULL,
        reason TEXT NOT NULL DEFAULT '',
        sequence INTEGER NOT NULL DEFAULT 0,
        CHECK (end_utc > start_utc)
    );
    CREATE TABLE absences (
        id INTEGER PRIMARY KEY,
        start_utc TEXT NOT NULL,
        end_utc TEXT NOT NULL,
        kind TEXT NOT NULL,
        note TEXT NOT NULL DEFAULT '',
        CHECK (end_utc > start_utc)
    );
    INSERT INTO caseworker (id) VALUES (1);
    """,
    # 2: indexes for the calendar and history look-ups; a key/value table for settings that
    # later features declare (slot length, buffers, letterhead …) without a migration each.
    """
    CREATE INDEX appointments_by_start ON appointments(start_utc);
    CREATE INDEX appointments_by_customer ON appointments(customer_no, start_utc);
    CREATE INDEX contacts_by_customer ON contacts(customer_no, at_utc);
    CREATE TABLE settings (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL
    );
    """,
    # 3: the purposes of each invitation (§ 309 Abs. 2 SGB III), kept so that repeated identical
    # invitations can be recognised; the date of the customer's current Kooperationsplan.
    """
    ALTER TABLE appointments ADD COLUMN purposes TEXT NOT NULL DEFAULT '[]';
    ALTER TABLE customers ADD COLUMN cooperation_plan TEXT;
    """,
    # 4: the journal of user actions (storage/journal.py): what each action changed, before and
    # after, by whom and when; for history, undo and redo, and for a window to learn what a
    # command run beside it changed.
    """
    CREATE TABLE journal (
        id INTEGER PRIMARY KEY,
        at_utc TEXT NOT NULL,
        user TEXT NOT NULL,
        action TEXT NOT NULL,
        kind TEXT NOT NULL DEFAULT 'action' CHECK (kind IN ('action', 'undo', 'redo')),
        target INTEGER REFERENCES journal(id),
        undone INTEGER NOT NULL DEFAULT 0,
        customers TEXT NOT NULL DEFAULT '[]',
        changes TEXT NOT NULL DEFAULT '[]'
    );
    """,
    # 5: a customer's Abgang (date and reason; erased after the retention period), and a record of
    # each invitation letter and calendar file written for an appointment: undo must know whether
    # one went out for an appointment it takes back. Not a column of appointments: undo compares
    # appointment rows with the journal, and a printed letter is not a change of the appointment.
    """
    ALTER TABLE customers ADD COLUMN left_on TEXT;
    ALTER TABLE customers ADD COLUMN leave_reason TEXT NOT NULL DEFAULT '';
    CREATE TABLE documents (
        id INTEGER PRIMARY KEY,
        appointment_id INTEGER NOT NULL,
        customer_no TEXT NOT NULL,
        kind TEXT NOT NULL CHECK (kind IN ('letter', 'calendar')),
        at_utc TEXT NOT NULL,
        sequence INTEGER NOT NULL,
        after_entry INTEGER NOT NULL
    );
    CREATE INDEX documents_by_appointment ON documents(appointment_id);
    """,
    # 6: the Jobcenter's finding on a missed appointment (Meldeversäumnis established or not, the
    # day of the decision, a note), apart from the outcome "missed": only an established finding
    # counts as an earlier Meldeversäumnis in the Rechtsfolgenbelehrung of later invitations.
    """
    ALTER TABLE appointments ADD COLUMN finding_on TEXT;
    ALTER TABLE appointments ADD COLUMN finding_established INTEGER;
    ALTER TABLE appointments ADD COLUMN finding_note TEXT NOT NULL DEFAULT '';
    """,
    # 7: the history of each customer's groups (status, Profillage, flags) with the moment of every
    # change, so that a contact is judged by the groups on its day (a phone call in Marktprofil);
    # a customer's first record has no moment and holds for every earlier day. Existing customers
    # start with their current groups. A phone conversation's reason for counting (phone_reason).
    """
    CREATE TABLE customer_groups (
        id INTEGER PRIMARY KEY,
        customer_no TEXT NOT NULL REFERENCES customers(customer_no) ON UPDATE CASCADE ON DELETE CASCADE,
        since_utc TEXT,
        status TEXT NOT NULL,
        profile TEXT,
        flags TEXT NOT NULL DEFAULT '[]'
    );
    CREATE INDEX customer_groups_by_customer ON customer_groups(customer_no, since_utc);
    INSERT INTO customer_groups (customer_no, since_utc, status, profile, flags)
        SELECT customer_no, NULL, status, profile, flags FROM customers;
    ALTER TABLE contacts ADD COLUMN phone_reason TEXT NOT NULL DEFAULT '';
    """,
    # 8: no table changes: the journal may hold a run of inserted rows written once as columns and
    # values (storage/journal.py, ``encode_rows``), which a program of schema 7 cannot undo; the new
    # number makes such a program refuse the file instead of failing on Rückgängig.
    """
    SELECT 1;
    """,
)

LATEST = len(MIGRATIONS)
