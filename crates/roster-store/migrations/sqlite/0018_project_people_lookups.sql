-- Project people found without walking a project: by origin id and employee id (Roster's filters),
-- and by the list's search, a substring of the name or the job title, from the trigrams of their
-- lowercased keys (an FTS5 index kept by triggers; a search of fewer than three letters has no
-- trigram and reads the project).
CREATE INDEX project_people_origin_id ON project_people(origin_id) WHERE origin_id IS NOT NULL;
CREATE INDEX project_people_employee_id ON project_people(employee_id) WHERE employee_id IS NOT NULL;

CREATE VIRTUAL TABLE project_people_text USING fts5(
    search_name, search_title, content = 'project_people', content_rowid = 'id', tokenize = 'trigram'
);
INSERT INTO project_people_text (project_people_text) VALUES ('rebuild');

CREATE TRIGGER project_people_text_in AFTER INSERT ON project_people BEGIN
    INSERT INTO project_people_text (rowid, search_name, search_title)
        VALUES (new.id, new.search_name, new.search_title);
END;
CREATE TRIGGER project_people_text_out AFTER DELETE ON project_people BEGIN
    INSERT INTO project_people_text (project_people_text, rowid, search_name, search_title)
        VALUES ('delete', old.id, old.search_name, old.search_title);
END;
CREATE TRIGGER project_people_text_change AFTER UPDATE OF search_name, search_title ON project_people BEGIN
    INSERT INTO project_people_text (project_people_text, rowid, search_name, search_title)
        VALUES ('delete', old.id, old.search_name, old.search_title);
    INSERT INTO project_people_text (rowid, search_name, search_title)
        VALUES (new.id, new.search_name, new.search_title);
END;
