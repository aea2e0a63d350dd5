-- Project people found without walking a project: by origin id and employee id (Roster's filters),
-- and by the list's search, a substring of the name or the job title (`LIKE '%…%'`), from trigram
-- indexes of their lowercased keys (pg_trgm, a trusted extension since PostgreSQL 13: the
-- database's owner may create it). A search of fewer than three letters has no trigram and reads
-- the project.
CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE INDEX project_people_origin_id ON project_people(origin_id) WHERE origin_id IS NOT NULL;
CREATE INDEX project_people_employee_id ON project_people(employee_id) WHERE employee_id IS NOT NULL;
CREATE INDEX project_people_name_trgm ON project_people USING gin (search_name gin_trgm_ops);
CREATE INDEX project_people_title_trgm ON project_people USING gin (search_title gin_trgm_ops);
