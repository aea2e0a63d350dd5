-- How many people each company has had removed: numbered pages of the people list are read from
-- remembered anchors while it stays the same (src/sql/page_anchors.rs). Creates only append to
-- the list's order; a removal shifts every page after it.
ALTER TABLE people_counts ADD COLUMN removed INTEGER NOT NULL DEFAULT 0;

DROP TRIGGER people_counted_out;
CREATE TRIGGER people_counted_out AFTER DELETE ON people BEGIN
    UPDATE people_counts SET people = people - 1, removed = removed + 1 WHERE company_id = OLD.company_id;
END;
