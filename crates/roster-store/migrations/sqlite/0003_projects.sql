-- Procore REST v1.0: projects, work classifications and project (reference) people; integer ids.

CREATE TABLE projects (
    id             INTEGER PRIMARY KEY AUTOINCREMENT,
    company_id     TEXT NOT NULL REFERENCES companies(id) ON DELETE CASCADE,
    name           TEXT NOT NULL,
    project_number TEXT,
    active         INTEGER NOT NULL,
    created_at     INTEGER NOT NULL,
    updated_at     INTEGER NOT NULL
);
CREATE INDEX projects_company ON projects(company_id);

CREATE TABLE work_classifications (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    company_id  TEXT NOT NULL REFERENCES companies(id) ON DELETE CASCADE,
    name        TEXT NOT NULL,
    created_at  INTEGER NOT NULL
);
CREATE INDEX work_classifications_company ON work_classifications(company_id);

CREATE TABLE project_people (
    id                     INTEGER PRIMARY KEY AUTOINCREMENT,
    project_id             INTEGER NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
    first_name             TEXT,
    last_name              TEXT NOT NULL,
    job_title              TEXT,
    origin_id              TEXT,
    employee_id            TEXT,
    is_employee            INTEGER NOT NULL,
    work_classification_id INTEGER REFERENCES work_classifications(id),
    created_at             INTEGER NOT NULL,
    updated_at             INTEGER NOT NULL
);
CREATE INDEX project_people_project ON project_people(project_id, id);
-- Sync jobs re-run safely: one person per external id in a project.
CREATE UNIQUE INDEX project_people_origin ON project_people(project_id, origin_id) WHERE origin_id IS NOT NULL;
