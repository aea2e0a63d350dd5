-- How many people each company has, kept by the database itself: the unfiltered people list
-- answers its total from here instead of counting the company's rows on every page.
CREATE TABLE people_counts (
    company_id TEXT PRIMARY KEY REFERENCES companies(id) ON DELETE CASCADE,
    people     INTEGER NOT NULL
) WITHOUT ROWID;
-- Every company has its row from the start (backfilled here, then made with the company), so that
-- counting a person in or out is a plain update of one row.
INSERT INTO people_counts (company_id, people)
    SELECT c.id, (SELECT COUNT(*) FROM people p WHERE p.company_id = c.id) FROM companies c;

CREATE TRIGGER people_counts_for_company AFTER INSERT ON companies BEGIN
    INSERT INTO people_counts (company_id, people) VALUES (NEW.id, 0);
END;

CREATE TRIGGER people_counted_in AFTER INSERT ON people BEGIN
    UPDATE people_counts SET people = people + 1 WHERE company_id = NEW.company_id;
END;

CREATE TRIGGER people_counted_out AFTER DELETE ON people BEGIN
    UPDATE people_counts SET people = people - 1 WHERE company_id = OLD.company_id;
END;
