-- The job title's search and sort key (lowercased in Rust, as the other keys of 0007):
-- `filters[search]` matches the job title and `sort=job_title` orders by it. Rows written before
-- this migration get it when the store opens (`backfill_project_people_keys`, while it is NULL).
ALTER TABLE project_people ADD COLUMN search_title TEXT;
