-- Community basic information that intake needs: buildings, households, residents and their tags.
--
-- Residents hang under the most specific unit known: the grid (370102-003-001-01) when known, else
-- the community (370102-003-001), so "within my scope" is a prefix query for every role.
-- ID numbers and phones are encrypted (id_cipher, phone_cipher) and found by keyed hash
-- (id_hash, phone_hash); only masked forms are stored in clear.

CREATE TABLE buildings (
    id          TEXT PRIMARY KEY,
    org_code    TEXT NOT NULL REFERENCES org_units (code),
    name        TEXT NOT NULL,
    address     TEXT NOT NULL DEFAULT '',
    lat         DOUBLE PRECISION,
    lon         DOUBLE PRECISION,
    created_at  BIGINT NOT NULL,
    updated_at  BIGINT NOT NULL,
    version     BIGINT NOT NULL DEFAULT 1
);
CREATE INDEX buildings_org ON buildings (org_code);

CREATE TABLE households (
    id          TEXT PRIMARY KEY,
    org_code    TEXT NOT NULL REFERENCES org_units (code),
    building_id TEXT REFERENCES buildings (id),
    unit        TEXT NOT NULL DEFAULT '',
    room        TEXT NOT NULL DEFAULT '',
    address     TEXT NOT NULL DEFAULT '',
    created_at  BIGINT NOT NULL,
    updated_at  BIGINT NOT NULL,
    version     BIGINT NOT NULL DEFAULT 1
);
CREATE INDEX households_org ON households (org_code);
CREATE INDEX households_building ON households (building_id);

CREATE TABLE residents (
    id           TEXT PRIMARY KEY,
    org_code     TEXT NOT NULL REFERENCES org_units (code),
    household_id TEXT REFERENCES households (id),
    name         TEXT NOT NULL,
    name_keys    TEXT NOT NULL DEFAULT '',
    id_cipher    TEXT NOT NULL,
    id_hash      TEXT NOT NULL UNIQUE,
    id_masked    TEXT NOT NULL,
    birth_date   TEXT NOT NULL,
    sex          TEXT NOT NULL,
    phone_cipher TEXT,
    phone_hash   TEXT,
    phone_masked TEXT,
    phone_last4  TEXT,
    address      TEXT NOT NULL DEFAULT '',
    created_by   TEXT,
    created_at   BIGINT NOT NULL,
    updated_at   BIGINT NOT NULL,
    version      BIGINT NOT NULL DEFAULT 1
);
CREATE INDEX residents_org ON residents (org_code);
CREATE INDEX residents_phone ON residents (phone_hash);
CREATE INDEX residents_household ON residents (household_id);

CREATE TABLE resident_tags (
    resident_id TEXT NOT NULL REFERENCES residents (id),
    tag         TEXT NOT NULL,
    detail      TEXT NOT NULL DEFAULT '{}',
    created_at  BIGINT NOT NULL,
    PRIMARY KEY (resident_id, tag)
);
CREATE INDEX resident_tags_tag ON resident_tags (tag);
