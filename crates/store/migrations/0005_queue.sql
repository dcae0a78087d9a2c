-- The service hall's queue: one hall per community with numbered windows, and its tickets.
--
-- A hall's kiosk and display board run on devices in the hall without a staff login: they are
-- reached through the hall's device key (a random secret; rotating it cuts off old devices).
-- A resident follows a ticket by its id and its track code, printed as a QR code.

CREATE TABLE queue_halls (
    community_code TEXT PRIMARY KEY REFERENCES org_units (code),
    windows        BIGINT NOT NULL,
    device_key     TEXT NOT NULL UNIQUE,
    created_at     BIGINT NOT NULL,
    updated_at     BIGINT NOT NULL
);

-- status: waiting, called, serving, done, no_show. A ticket transferred to another window is
-- waiting again with target_window set; it keeps its arrival time (and so its place).
CREATE TABLE queue_tickets (
    id             TEXT PRIMARY KEY,
    hall_code      TEXT NOT NULL REFERENCES queue_halls (community_code),
    day            TEXT NOT NULL,
    prefix         TEXT NOT NULL,
    seq            BIGINT NOT NULL,
    category       TEXT NOT NULL DEFAULT '',
    priority       TEXT NOT NULL DEFAULT '',
    status         TEXT NOT NULL,
    track_code     TEXT NOT NULL,
    window_no      BIGINT,
    target_window  BIGINT,
    worker_id      TEXT REFERENCES users (id),
    worker_name    TEXT,
    case_no        TEXT,
    recalls        BIGINT NOT NULL DEFAULT 0,
    arrived_at     BIGINT NOT NULL,
    called_at      BIGINT,
    started_at     BIGINT,
    finished_at    BIGINT,
    version        BIGINT NOT NULL DEFAULT 1,
    UNIQUE (hall_code, day, prefix, seq)
);
CREATE INDEX queue_tickets_status ON queue_tickets (hall_code, status, arrived_at);
CREATE INDEX queue_tickets_arrived ON queue_tickets (hall_code, arrived_at);
