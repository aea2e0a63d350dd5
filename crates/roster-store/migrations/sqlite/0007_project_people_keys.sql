-- Search and sort keys of project people, lowercased in Rust (ProjectPersonData::search_keys,
-- sort_key) so both stores match and order non-ASCII names alike. Rows written before this
-- migration get their keys when the store opens (`backfill_project_people_keys`).
ALTER TABLE project_people ADD COLUMN search_name TEXT NOT NULL DEFAULT '';
ALTER TABLE project_people ADD COLUMN search_employee TEXT NOT NULL DEFAULT '';
ALTER TABLE project_people ADD COLUMN sort_name TEXT NOT NULL DEFAULT '';
