
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
    