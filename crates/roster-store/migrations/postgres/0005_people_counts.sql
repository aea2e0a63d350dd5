-- How many people each company has, kept by the database itself: the unfiltered people list
-- answers its total from here instead of counting the company's rows on every page. Statement
-- triggers: a batch of creates moves a company's count once, not once per person.
CREATE TABLE people_counts (
    company_id TEXT PRIMARY KEY REFERENCES companies(id) ON DELETE CASCADE,
    people     BIGINT NOT NULL
);
INSERT INTO people_counts (company_id, people) SELECT company_id, COUNT(*) FROM people GROUP BY company_id;

CREATE FUNCTION people_counted_in() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO people_counts (company_id, people)
        SELECT company_id, COUNT(*) FROM new_people GROUP BY company_id
        ON CONFLICT (company_id) DO UPDATE SET people = people_counts.people + EXCLUDED.people;
    RETURN NULL;
END $$;
CREATE TRIGGER people_counted_in AFTER INSERT ON people
    REFERENCING NEW TABLE AS new_people FOR EACH STATEMENT EXECUTE FUNCTION people_counted_in();

CREATE FUNCTION people_counted_out() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE people_counts c SET people = c.people - gone.n
        FROM (SELECT company_id, COUNT(*) AS n FROM old_people GROUP BY company_id) gone
        WHERE c.company_id = gone.company_id;
    RETURN NULL;
END $$;
CREATE TRIGGER people_counted_out AFTER DELETE ON people
    REFERENCING OLD TABLE AS old_people FOR EACH STATEMENT EXECUTE FUNCTION people_counted_out();
