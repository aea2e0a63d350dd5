-- How many people each company has, kept by the database itself: the unfiltered people list
-- answers its total from here instead of counting the company's rows on every page.
CREATE TABLE people_counts (
    company_id TEXT PRIMARY KEY REFERENCES companies(id) ON DELETE CASCADE,
    people     INTEGER NOT NULL
);
INSERT INTO people_counts (company_id, people) SELECT company_id, COUNT(*) FROM people GROUP BY company_id;

CREATE TRIGGER people_counted_in AFTER INSERT ON people BEGIN
    INSERT INTO people_counts (company_id, people) VALUES (NEW.company_id, 1)
        ON CONFLICT (company_id) DO UPDATE SET people = people + 1;
END;

CREATE TRIGGER people_counted_out AFTER DELETE ON people BEGIN
    UPDATE people_counts SET people = people - 1 WHERE company_id = OLD.company_id;
END;
