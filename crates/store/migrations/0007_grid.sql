-- The grid: grid polygons, grid events (report → closure) with every action, supervision flags and
-- extension requests, visits and recurring visiting duties, saved import mappings.
--
-- Points are micro-degrees (BIGINT, 1e-6° ≈ 0.1 m) so both databases store them exactly.

CREATE TABLE grid_shapes (
    org_code    TEXT PRIMARY KEY REFERENCES org_units (code),
    -- a GeoJSON Polygon or MultiPolygon, WGS 84 [longitude, latitude]
    geojson     TEXT NOT NULL,
    updated_at  BIGINT NOT NULL,
    version     BIGINT NOT NULL DEFAULT 1
);

CREATE TABLE grid_events (
    id            TEXT PRIMARY KEY,
    -- the grid the point lies in
    org_code      TEXT NOT NULL,
    category      TEXT NOT NULL,
    description   TEXT NOT NULL,
    lat_e6        BIGINT NOT NULL,
    lon_e6        BIGINT NOT NULL,
    address       TEXT NOT NULL DEFAULT '',
    -- grid_worker | resident | system
    source        TEXT NOT NULL,
    reporter_name TEXT NOT NULL,
    reporter_phone TEXT NOT NULL DEFAULT '',
    reported_by   TEXT,
    -- reported | accepted | dispatched | handled | fed_back | verified | filed | closed
    state         TEXT NOT NULL,
    -- fixed | unable_to_fix | not_responsible | duplicate | referral, once final
    outcome       TEXT,
    department    TEXT NOT NULL DEFAULT '',
    deadline_at   BIGINT,
    -- when the event entered its current state (the stage clock starts here)
    stage_at      BIGINT NOT NULL,
    -- time added to the current stage's limits by approved extensions
    extension_ms  BIGINT NOT NULL DEFAULT 0,
    supervised    BIGINT NOT NULL DEFAULT 0,
    duplicate_of  TEXT,
    created_at    BIGINT NOT NULL,
    updated_at    BIGINT NOT NULL,
    closed_at     BIGINT,
    version       BIGINT NOT NULL DEFAULT 1
);
CREATE INDEX grid_events_org ON grid_events (org_code);
CREATE INDEX grid_events_open ON grid_events (category, state);

-- Append-only: every action on an event (who, when, what, why).
CREATE TABLE grid_event_actions (
    id          TEXT PRIMARY KEY,
    event_id    TEXT NOT NULL REFERENCES grid_events (id),
    at          BIGINT NOT NULL,
    actor_id    TEXT,
    actor_name  TEXT NOT NULL,
    action      TEXT NOT NULL,
    from_state  TEXT NOT NULL,
    to_state    TEXT NOT NULL,
    note        TEXT NOT NULL DEFAULT ''
);
CREATE INDEX grid_event_actions_event ON grid_event_actions (event_id);

CREATE TABLE grid_event_photos (
    id            TEXT PRIMARY KEY,
    event_id      TEXT NOT NULL REFERENCES grid_events (id),
    content_type  TEXT NOT NULL,
    -- base64 of the image
    data          TEXT NOT NULL,
    created_at    BIGINT NOT NULL
);
CREATE INDEX grid_event_photos_event ON grid_event_photos (event_id);

-- Supervision flags (督办): raised by someone above, cleared when the event is finished.
CREATE TABLE grid_event_flags (
    id          TEXT PRIMARY KEY,
    event_id    TEXT NOT NULL REFERENCES grid_events (id),
    at          BIGINT NOT NULL,
    by_id       TEXT,
    by_name     TEXT NOT NULL,
    note        TEXT NOT NULL
);
CREATE INDEX grid_event_flags_event ON grid_event_flags (event_id);

CREATE TABLE grid_event_extensions (
    id            TEXT PRIMARY KEY,
    event_id      TEXT NOT NULL REFERENCES grid_events (id),
    -- the state the extension was asked for
    state         TEXT NOT NULL,
    hours         BIGINT NOT NULL,
    reason        TEXT NOT NULL,
    requested_at  BIGINT NOT NULL,
    requested_by  TEXT NOT NULL,
    -- NULL while pending; 1 approved, 0 refused
    approved      BIGINT,
    decided_at    BIGINT,
    decided_by    TEXT
);
CREATE INDEX grid_event_extensions_event ON grid_event_extensions (event_id);

CREATE TABLE grid_visits (
    id            TEXT PRIMARY KEY,
    org_code      TEXT NOT NULL,
    household_id  TEXT,
    resident_id   TEXT,
    visited_on    TEXT NOT NULL,
    visitor_id    TEXT,
    visitor_name  TEXT NOT NULL,
    found         TEXT NOT NULL,
    follow_up     TEXT NOT NULL DEFAULT '',
    created_at    BIGINT NOT NULL
);
CREATE INDEX grid_visits_org ON grid_visits (org_code);
CREATE INDEX grid_visits_resident ON grid_visits (resident_id);

-- Recurring duties: every resident with `tag` under `org_code` visited every `every_days` days.
CREATE TABLE grid_visit_duties (
    id          TEXT PRIMARY KEY,
    org_code    TEXT NOT NULL,
    tag         TEXT NOT NULL,
    every_days  BIGINT NOT NULL,
    since       TEXT NOT NULL,
    created_by  TEXT NOT NULL,
    created_at  BIGINT NOT NULL,
    UNIQUE (org_code, tag)
);

-- Saved column mappings for imports: header text → field code, as JSON.
CREATE TABLE import_mappings (
    kind        TEXT NOT NULL,
    name        TEXT NOT NULL,
    mapping     TEXT NOT NULL,
    created_by  TEXT NOT NULL,
    created_at  BIGINT NOT NULL,
    PRIMARY KEY (kind, name)
);
