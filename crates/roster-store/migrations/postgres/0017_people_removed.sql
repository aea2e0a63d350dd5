-- Numbered pages of a company's people list are read from remembered anchors (src/sql/page_anchors.rs)
-- while two things hold: the company has had no one removed since (the `removed` count, summed over
-- its shards), and the anchor was taken from a settled read, one that no smaller `seq` can commit
-- after. Every statement that inserts people shares advisory lock 7203102017 until its transaction
-- ends, taken before any row gets its `seq`; a page read is settled when the lock was free after
-- it, and the company's counts had not moved.
ALTER TABLE people_counts ADD COLUMN removed BIGINT NOT NULL DEFAULT 0;

CREATE OR REPLACE FUNCTION people_counted_out() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO people_counts (company_id, shard, people, removed)
        SELECT company_id, floor(random() * 16)::smallint, -COUNT(*), COUNT(*) FROM old_people
        WHERE EXISTS (SELECT 1 FROM companies c WHERE c.id = old_people.company_id)
        GROUP BY company_id
        ON CONFLICT (company_id, shard) DO UPDATE
        SET people = people_counts.people + EXCLUDED.people, removed = people_counts.removed + EXCLUDED.removed;
    RETURN NULL;
END $$;

CREATE FUNCTION people_inserting() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_advisory_xact_lock_shared(7203102017);
    RETURN NULL;
END $$;
CREATE TRIGGER people_inserting BEFORE INSERT ON people
    FOR EACH STATEMENT EXECUTE FUNCTION people_inserting();
