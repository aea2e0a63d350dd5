-- The polling cursors sync jobs use (`updated_after`, `created_after`, and the LaborChart
-- `updated_from`/`created_from` ranges): a company's people found by when they were created or last
-- changed, without walking the company.
CREATE INDEX people_created ON people(company_id, created_at);
CREATE INDEX people_updated ON people(company_id, updated_at);
