-- Training, exams and qualification of general social workers; duty rosters.
-- Questions are not stored: they are generated from the guide in force (their ids carry a hash of
-- what they ask). A sitting keeps the questions exactly as its candidate saw them.

-- Practice: one SM-2 card per worker and question.
CREATE TABLE training_cards (
    user_id       TEXT NOT NULL REFERENCES users (id),
    question_id   TEXT NOT NULL,
    guide_code    TEXT NOT NULL,
    category_code TEXT NOT NULL,
    reps          BIGINT NOT NULL,
    interval_days BIGINT NOT NULL,
    ease_milli    BIGINT NOT NULL,
    lapses        BIGINT NOT NULL,
    due_at        BIGINT NOT NULL,
    last_at       BIGINT NOT NULL,
    PRIMARY KEY (user_id, question_id)
);

-- The guides a worker has studied (opened in the course).
CREATE TABLE training_studied (
    user_id    TEXT NOT NULL REFERENCES users (id),
    guide_code TEXT NOT NULL,
    at         BIGINT NOT NULL,
    PRIMARY KEY (user_id, guide_code)
);

-- Every answer given, in practice or an exam: progress and the weakest guides.
CREATE TABLE training_answers (
    id            TEXT PRIMARY KEY,
    user_id       TEXT NOT NULL REFERENCES users (id),
    question_id   TEXT NOT NULL,
    guide_code    TEXT NOT NULL,
    category_code TEXT NOT NULL,
    correct       BIGINT NOT NULL,
    -- practice | exam
    source        TEXT NOT NULL,
    at            BIGINT NOT NULL
);
CREATE INDEX training_answers_guide ON training_answers (category_code, guide_code);
CREATE INDEX training_answers_user ON training_answers (user_id);

CREATE TABLE exams (
    id            TEXT PRIMARY KEY,
    title         TEXT NOT NULL,
    -- exam | refresher
    kind          TEXT NOT NULL,
    categories    TEXT NOT NULL,
    -- a refresher's changed guides, comma-separated
    guides        TEXT NOT NULL DEFAULT '',
    question_count BIGINT NOT NULL,
    minutes       BIGINT NOT NULL,
    pass_percent  BIGINT NOT NULL,
    valid_months  BIGINT NOT NULL,
    opens_at      BIGINT NOT NULL,
    closes_at     BIGINT NOT NULL,
    scope_code    TEXT NOT NULL,
    created_by    TEXT NOT NULL,
    created_at    BIGINT NOT NULL
);
CREATE INDEX exams_scope ON exams (scope_code);

CREATE TABLE exam_candidates (
    exam_id TEXT NOT NULL REFERENCES exams (id),
    user_id TEXT NOT NULL REFERENCES users (id),
    PRIMARY KEY (exam_id, user_id)
);
CREATE INDEX exam_candidates_user ON exam_candidates (user_id);

-- One candidate's sitting: the draw as shown (JSON), the server's deadline, the result.
CREATE TABLE exam_sittings (
    id           TEXT PRIMARY KEY,
    exam_id      TEXT NOT NULL REFERENCES exams (id),
    user_id      TEXT NOT NULL REFERENCES users (id),
    questions    TEXT NOT NULL,
    started_at   BIGINT NOT NULL,
    deadline_at  BIGINT NOT NULL,
    finished_at  BIGINT,
    -- submitted | timed_out
    finish_kind  TEXT,
    correct      BIGINT,
    total        BIGINT NOT NULL,
    percent      BIGINT,
    passed       BIGINT,
    UNIQUE (exam_id, user_id)
);

-- Each answer is saved the moment it is given.
CREATE TABLE exam_answers (
    sitting_id TEXT NOT NULL REFERENCES exam_sittings (id),
    position   BIGINT NOT NULL,
    choice     TEXT NOT NULL,
    saved_at   BIGINT NOT NULL,
    PRIMARY KEY (sitting_id, position)
);

-- A worker's qualification per category; dates are Beijing calendar days (YYYY-MM-DD).
CREATE TABLE qualifications (
    user_id          TEXT NOT NULL REFERENCES users (id),
    category_code    TEXT NOT NULL,
    qualified_on     TEXT NOT NULL,
    expires_on       TEXT NOT NULL,
    -- guides changed in substance since, comma-separated: a refresher is due
    refresher_guides TEXT NOT NULL DEFAULT '',
    sitting_id       TEXT,
    updated_at       BIGINT NOT NULL,
    PRIMARY KEY (user_id, category_code)
);
CREATE INDEX qualifications_category ON qualifications (category_code);

-- Intake by a worker not qualified for the guide's category (the case is still accepted).
CREATE TABLE qualification_warnings (
    id            TEXT PRIMARY KEY,
    user_id       TEXT NOT NULL REFERENCES users (id),
    guide_code    TEXT NOT NULL,
    category_code TEXT NOT NULL,
    standing      TEXT NOT NULL,
    case_ref      TEXT NOT NULL DEFAULT '',
    at            BIGINT NOT NULL
);

-- Who is on duty at a community's hall on which day.
CREATE TABLE roster_shifts (
    community_code TEXT NOT NULL REFERENCES org_units (code),
    day            TEXT NOT NULL,
    user_id        TEXT NOT NULL REFERENCES users (id),
    created_by     TEXT NOT NULL,
    created_at     BIGINT NOT NULL,
    PRIMARY KEY (community_code, day, user_id)
);
CREATE INDEX roster_shifts_day ON roster_shifts (day);
