-- People found without walking the company: by email in any status (the partial unique index
-- covers active people only), phone, and, case-insensitively, first name, last name and employee
-- number. Exact filters and the web app's prefix search both read them (sql/people.rs); byte
-- order ("C") makes a prefix a range whatever the database's collation.
CREATE INDEX people_email ON people(company_id, email_norm COLLATE "C");
CREATE INDEX people_phone ON people(company_id, phone COLLATE "C");
CREATE INDEX people_first_name ON people(company_id, lower(first_name) COLLATE "C");
CREATE INDEX people_last_name ON people(company_id, lower(last_name) COLLATE "C");
CREATE INDEX people_employee_number ON people(company_id, lower(employee_number) COLLATE "C");
