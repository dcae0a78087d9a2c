-- Cases (办件): intake at the window, the workflow behind it, the one-time notices, the residents'
-- ratings, and the calendar years an administrator loads without a release.
--
-- A case keeps the guide's code AND version in force at intake, so later edits of the guide do not
-- change a running case. Dates of the working-day count are TEXT 'YYYY-MM-DD' (Beijing days);
-- instants are Unix ms. `version` is the optimistic-concurrency counter of every change.

CREATE TABLE cases (
    id              TEXT PRIMARY KEY,
    number          TEXT NOT NULL UNIQUE,
    guide_code      TEXT NOT NULL,
    guide_version   BIGINT NOT NULL,
    applicant_id    TEXT NOT NULL REFERENCES residents (id),
    -- the applicant's unit (grid or community): scope is a prefix of it
    org_code        TEXT NOT NULL,
    -- the applicant's name as the public tracking page shows it (张*明)
    name_masked     TEXT NOT NULL,
    -- the last four digits of the applicant's phone, checked by the public tracking page
    phone_last4     TEXT NOT NULL DEFAULT '',
    -- notice_issued | accepted | returned | suspended | completed | rejected
    status          TEXT NOT NULL,
    current_step    BIGINT NOT NULL DEFAULT 0,
    -- the acting role of the current step (worker | grid | reviewer | department | resident | admin)
    step_role       TEXT NOT NULL,
    -- who the current step was transferred to, if anyone
    assignee_id     TEXT REFERENCES users (id),
    -- the guide's promised time limit (承诺时限) in working days, and the current step's own
    promised_days   BIGINT NOT NULL,
    step_days       BIGINT NOT NULL DEFAULT 0,
    accepted_on     TEXT,
    step_started_on TEXT,
    deadline        TEXT,
    step_deadline   TEXT,
    -- 1 when a deadline goes through a year without a calendar: recomputed when it is loaded
    provisional     BIGINT NOT NULL DEFAULT 0,
    -- the day the current pause (补正 or 公示) began, while one runs
    paused_since    TEXT,
    -- the closed pauses, JSON [{"start","end"}] of the days that do not count
    pauses          TEXT NOT NULL DEFAULT '[]',
    -- the materials received, JSON array of keys
    received        TEXT NOT NULL DEFAULT '[]',
    result          TEXT NOT NULL DEFAULT '',
    -- the secret in the receipt's QR code: opens the tracking page without the phone digits
    track_token     TEXT NOT NULL UNIQUE,
    created_by      TEXT NOT NULL REFERENCES users (id),
    created_at      BIGINT NOT NULL,
    updated_at      BIGINT NOT NULL,
    closed_at       BIGINT,
    version         BIGINT NOT NULL DEFAULT 1
);
CREATE INDEX cases_org ON cases (org_code);
CREATE INDEX cases_status_deadline ON cases (status, deadline);
CREATE INDEX cases_applicant ON cases (applicant_id);

-- Append-only: what happened to a case, who did it, when and why. Never updated or deleted.
CREATE TABLE case_events (
    id          TEXT PRIMARY KEY,
    case_id     TEXT NOT NULL REFERENCES cases (id),
    seq         BIGINT NOT NULL,
    at          BIGINT NOT NULL,
    actor_id    TEXT REFERENCES users (id),
    actor_name  TEXT NOT NULL,
    -- intake | notice | accept | advance | return | suspend | resume | reject | transfer | complete | rate | warning
    kind        TEXT NOT NULL,
    from_status TEXT NOT NULL DEFAULT '',
    to_status   TEXT NOT NULL DEFAULT '',
    step        BIGINT NOT NULL DEFAULT 0,
    note        TEXT NOT NULL DEFAULT '',
    -- JSON with the event's particulars (materials, the transferee, eligibility answers)
    detail      TEXT NOT NULL DEFAULT '{}',
    UNIQUE (case_id, seq)
);

-- Scanned materials attached to an event (base64 text, the same on both databases; ≤ 1 MiB each).
CREATE TABLE case_attachments (
    id           TEXT PRIMARY KEY,
    case_id      TEXT NOT NULL REFERENCES cases (id),
    event_id     TEXT NOT NULL REFERENCES case_events (id),
    file_name    TEXT NOT NULL,
    content_type TEXT NOT NULL,
    size         BIGINT NOT NULL,
    data         TEXT NOT NULL,
    created_at   BIGINT NOT NULL
);
CREATE INDEX case_attachments_case ON case_attachments (case_id);

-- The one-time notice (一次性告知书): everything missing, listed once, as handed over.
CREATE TABLE case_notices (
    id         TEXT PRIMARY KEY,
    case_id    TEXT NOT NULL REFERENCES cases (id),
    -- JSON array of material keys
    missing    TEXT NOT NULL,
    issued_by  TEXT NOT NULL REFERENCES users (id),
    issued_at  BIGINT NOT NULL
);
CREATE INDEX case_notices_case ON case_notices (case_id);

-- The resident's rating after completion (好差评), one per case.
CREATE TABLE case_ratings (
    case_id  TEXT PRIMARY KEY REFERENCES cases (id),
    -- very_satisfied | satisfied | neutral | dissatisfied | very_dissatisfied
    rating   TEXT NOT NULL,
    score    BIGINT NOT NULL,
    comment  TEXT NOT NULL DEFAULT '',
    rated_at BIGINT NOT NULL
);

-- The daily sequence behind case numbers.
CREATE TABLE case_counters (
    day TEXT PRIMARY KEY,
    n   BIGINT NOT NULL
);

-- Failed look-ups on the public tracking page, for rate limiting (by address and by number).
CREATE TABLE track_failures (
    id     TEXT PRIMARY KEY,
    ip     TEXT NOT NULL,
    number TEXT NOT NULL,
    at     BIGINT NOT NULL
);
CREATE INDEX track_failures_ip ON track_failures (ip, at);
CREATE INDEX track_failures_number ON track_failures (number, at);

-- Calendar years loaded by an administrator (holiday-cn JSON), over the built-in ones.
CREATE TABLE calendar_years (
    year      BIGINT PRIMARY KEY,
    content   TEXT NOT NULL,
    loaded_by TEXT NOT NULL,
    loaded_at BIGINT NOT NULL
);
