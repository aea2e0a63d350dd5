-- A person's custom field values: JSON on the person's row (`{"<field id>": value}`, NULL when
-- none), so a read answers them from the row it already reads; `person_field_keys` is the indexed
-- copy a list's `?<integration name>=<value>` filter reads (one row per exact key: the value, or
-- each option of a multi-select). Both are rewritten together in the write transaction.
ALTER TABLE people ADD COLUMN custom_values TEXT;
CREATE TABLE person_field_keys (
    field_id  TEXT NOT NULL REFERENCES custom_fields(id) ON DELETE CASCADE,
    key       TEXT NOT NULL,
    person_id TEXT NOT NULL REFERENCES people(id) ON DELETE CASCADE,
    PRIMARY KEY (field_id, key, person_id)
);
CREATE INDEX person_field_keys_person ON person_field_keys(person_id);
