-- Company custom field definitions. A field's integration name (generated from its name) is the
-- key its values go by, so it is unique in the company. `field_values` holds the options of a
-- select field as a JSON array.
CREATE TABLE custom_fields (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    id               TEXT NOT NULL UNIQUE,
    company_id       TEXT NOT NULL REFERENCES companies(id) ON DELETE CASCADE,
    name             TEXT NOT NULL,
    integration_name TEXT NOT NULL,
    field_type       TEXT NOT NULL,
    can_filter       BOOLEAN NOT NULL,
    integration_only BOOLEAN NOT NULL,
    on_people        BOOLEAN NOT NULL,
    on_projects      BOOLEAN NOT NULL,
    description      TEXT,
    field_values     TEXT NOT NULL,
    sort_by          TEXT NOT NULL,
    created_at       INTEGER NOT NULL,
    updated_at       INTEGER NOT NULL
);
CREATE UNIQUE INDEX custom_fields_integration_name ON custom_fields(company_id, integration_name);
