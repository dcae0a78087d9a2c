-- The service catalog: categories, items, guides and every version of every guide.
-- A guide's content is its whole record as JSON (the same struct the files hold), so a case can
-- keep pointing at the version in force when it was accepted.

CREATE TABLE catalog_categories (
    code     TEXT PRIMARY KEY,
    name_zh  TEXT NOT NULL,
    name_en  TEXT NOT NULL,
    sort     BIGINT NOT NULL
);

CREATE TABLE catalog_items (
    code          TEXT PRIMARY KEY,
    category_code TEXT NOT NULL REFERENCES catalog_categories (code),
    name_zh       TEXT NOT NULL,
    name_en       TEXT NOT NULL,
    aliases       TEXT NOT NULL DEFAULT '[]'
);
CREATE INDEX catalog_items_category ON catalog_items (category_code);

CREATE TABLE catalog_guides (
    code              TEXT PRIMARY KEY,
    item_code         TEXT NOT NULL REFERENCES catalog_items (code),
    sort              BIGINT NOT NULL,
    published_version BIGINT,
    draft_version     BIGINT,
    updated_at        BIGINT NOT NULL
);
CREATE INDEX catalog_guides_item ON catalog_guides (item_code);

CREATE TABLE catalog_guide_versions (
    guide_code   TEXT NOT NULL REFERENCES catalog_guides (code),
    version      BIGINT NOT NULL,
    -- draft | published | superseded | discarded
    status       TEXT NOT NULL,
    content      TEXT NOT NULL,
    -- files | browser
    source       TEXT NOT NULL,
    changed_by   TEXT NOT NULL,
    changed_at   BIGINT NOT NULL,
    -- the top-level fields that differ from the version before, comma-separated
    changes      TEXT NOT NULL DEFAULT '',
    note         TEXT NOT NULL DEFAULT '',
    published_at BIGINT,
    PRIMARY KEY (guide_code, version)
);
