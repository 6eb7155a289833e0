
    CREATE INDEX appointments_by_start ON appointments(start_utc);
    CREATE INDEX appointments_by_customer ON appointments(customer_no, start_utc);
    CREATE INDEX contacts_by_customer ON contacts(customer_no, at_utc);
    CREATE TABLE settings (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL
    );
    