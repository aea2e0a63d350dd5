-- The polling cursors sync jobs use (`updated_after`, `created_after`, and the LaborChart
-- `updated_from`/`created_from` ranges): a company's people found by when they were created or last
-- changed, without walking the company.
CREATE INDEX people_created ON people(company_id, created_at);
CREATE INDEX people_updated ON people(company_id, updated_at);

-- The people count in shards: each statement that adds or removes people moves one of sixteen rows
-- of its company, picked at random, instead of the one row every create of the company used to
-- lock until its commit. Two processes' batches of creates then rarely wait for each other. The
-- total is the sum of a company's rows (at most sixteen).
ALTER TABLE people_counts ADD COLUMN shard SMALLINT NOT NULL DEFAULT 0;
ALTER TABLE people_counts DROP CONSTRAINT people_counts_pkey;
ALTER TABLE people_counts ADD PRIMARY KEY (company_id, shard);

CREATE OR REPLACE FUNCTION people_counted_in() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO people_counts (company_id, shard, people)
        SELECT company_id, floor(random() * 16)::smallint, COUNT(*) FROM new_people GROUP BY company_id
        ON CONFLICT (company_id, shard) DO UPDATE SET people = people_counts.people + EXCLUDED.people;
    RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION people_counted_out() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO people_counts (company_id, shard, people)
        SELECT company_id, floor(random() * 16)::smallint, -COUNT(*) FROM old_people
        WHERE EXISTS (SELECT 1 FROM companies c WHERE c.id = old_people.company_id)
        GROUP BY company_id
        ON CONFLICT (company_id, shard) DO UPDATE SET people = people_counts.people + EXCLUDED.people;
    RETURN NULL;
END $$;
