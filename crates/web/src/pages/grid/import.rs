//! The upload page for spreadsheets (`/grid/import`): choose what the file holds, the community,
//! a saved mapping (or type `HEADER=field` pairs and save them), then check (a dry run) or import.
//! The import runs in the background; its page shows progress until the report is ready, with
//! every bad row's number and reason.

use super::render;
use crate::auth::{audit_action, PageUser};
use crate::error::PageError;
use crate::i18n::Lang;
use crate::import::run::{self, Report, Request};
use crate::layout::Chrome;
use crate::pages::cases::upload;
use crate::AppState;
use askama::Template;
use axum::body::Bytes;
use axum::extract::{DefaultBodyLimit, Path, State};
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use axum::Router;
use quanke_domain::account::Role;
use quanke_domain::grid::import::{Field, Kind, SavedMapping};
use quanke_domain::org::OrgCode;
use quanke_store::import::Mode;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use tower_sessions::Session;

/// Who imports: community workers and the administrator.
pub(crate) const IMPORTERS: &[Role] = &[Role::Worker, Role::Admin];

/// The largest file the upload page takes (a spreadsheet of tens of thousands of residents).
pub(crate) const MAX_UPLOAD: usize = 16 * 1024 * 1024;

/// How long a finished job's report is kept.
const KEEP_MS: i64 = 2 * 3600 * 1000;

/// Where one import stands.
#[derive(Clone)]
enum JobState {
    Running { done: usize, total: usize },
    Done(Box<Report>),
    Failed(String),
}

#[derive(Clone)]
struct Job {
    owner: String,
    file_name: String,
    started: i64,
    state: JobState,
}

/// Imports started from the page, by id.
#[derive(Clone, Default)]
pub(crate) struct Jobs(Arc<Mutex<HashMap<String, Job>>>);

impl Jobs {
    fn insert(&self, id: &str, job: Job) {
        let mut m = self.0.lock().expect("jobs");
        let now = quanke_store::now_ms();
        m.retain(|_, j| now - j.started < KEEP_MS);
        m.insert(id.to_string(), job);
    }

    fn set(&self, id: &str, state: JobState) {
        if let Some(j) = self.0.lock().expect("jobs").get_mut(id) {
            j.state = state;
        }
    }

    fn get(&self, id: &str, owner: &str) -> Option<Job> {
        self.0
            .lock()
            .expect("jobs")
            .get(id)
            .filter(|j| j.owner == owner)
            .cloned()
    }
}

/// The form's fields, kept when it comes back with a problem.
#[derive(Default, Clone)]
struct ImportForm {
    kind: String,
    community: String,
    mapping: String,
    pairs: String,
    save_as: String,
    accept_good_rows: bool,
}

#[derive(Template)]
#[template(path = "grid/import.html")]
struct ImportPage {
    c: Chrome,
    form: ImportForm,
    communities: Vec<(String, String)>,
    /// (label key of the kind, name)
    mappings: Vec<(&'static str, String)>,
    fields: Vec<(&'static str, &'static str)>,
    problems: Vec<String>,
    max_mb: usize,
}

async fn show(
    st: &AppState,
    lang: Lang,
    session: &Session,
    me: &crate::auth::Identity,
    form: ImportForm,
    problems: Vec<String>,
) -> Result<Response, PageError> {
    let en = lang == Lang::En;
    let communities = st
        .store
        .communities_visible(&me.user.scope)
        .await?
        .into_iter()
        .filter(|u| me.user.scope.contains(&u.code))
        .map(|u| (u.code.to_string(), u.name_in(en).to_string()))
        .collect();
    let mut mappings = Vec::new();
    for (k, key) in [
        (Kind::Residents, "grid.import.kind.residents"),
        (Kind::Buildings, "grid.import.kind.buildings"),
        (Kind::Households, "grid.import.kind.households"),
    ] {
        for n in st.store.import_mapping_names(k).await? {
            mappings.push((key, n));
        }
    }
    let status = crate::pages::form_status(&problems);
    let c = Chrome::new(lang, session, Some(me), "/grid").await?;
    Ok((
        status,
        render(&ImportPage {
            c,
            form,
            communities,
            mappings,
            fields: Field::ALL.iter().map(|f| (f.code(), f.zh())).collect(),
            problems,
            max_mb: MAX_UPLOAD / 1024 / 1024,
        })?,
    )
        .into_response())
}

async fn page(
    State(st): State<AppState>,
    lang: Lang,
    session: Session,
    PageUser(me): PageUser,
) -> Result<Response, PageError> {
    let form = ImportForm {
        kind: "residents".into(),
        ..ImportForm::default()
    };
    show(&st, lang, &session, &me, form, Vec::new()).await
}

/// `POST /grid/import?_csrf=…` (`multipart/form-data`): check the form, start the job, and go to
/// its page.
async fn start(
    State(st): State<AppState>,
    lang: Lang,
    session: Session,
    PageUser(me): PageUser,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, PageError> {
    let en = lang == Lang::En;
    let msg = |zh: &str, en_text: &str| {
        if en {
            en_text.to_string()
        } else {
            zh.to_string()
        }
    };
    let parts = upload::parse(&headers, &body).unwrap_or_default();
    let text = |name: &str| {
        parts
            .iter()
            .find(|p| p.name == name)
            .map(|p| p.text().trim().to_string())
            .unwrap_or_default()
    };
    let form = ImportForm {
        kind: text("kind"),
        community: text("community"),
        mapping: text("mapping"),
        pairs: text("pairs"),
        save_as: text("save_as"),
        accept_good_rows: text("accept_good_rows") == "1",
    };
    let dry_run = text("action") == "check";
    let mut problems = Vec::new();
    let kind = Kind::parse(&form.kind);
    if kind.is_none() {
        problems.push(msg(
            "请选择文件内容：居民、楼栋或住户",
            "Choose what the file holds: residents, buildings or households",
        ));
    }
    let community = match OrgCode::parse(&form.community) {
        Ok(c) => match st.store.import_community(&c, &me.user.scope).await {
            Ok(c) => Some(c),
            Err(e) => {
                problems.push(format!("{}{e}", msg("社区有误：", "Community: ")));
                None
            }
        },
        Err(_) => {
            problems.push(msg(
                "请选择导入到哪个社区",
                "Choose the community to import into",
            ));
            None
        }
    };
    let file = parts
        .iter()
        .find(|p| p.name == "file" && !p.data.is_empty());
    if file.is_none() {
        problems.push(msg(
            "请选择一个 .xlsx 或 .csv 文件",
            "Choose an .xlsx or .csv file",
        ));
    }
    let mut mapping = SavedMapping::new();
    if let Some(k) = kind {
        if !form.mapping.is_empty() {
            match st.store.import_mapping(k, &form.mapping).await? {
                Some(m) => mapping = m,
                None => problems.push(msg(
                    "所选的列对应方案不属于这种文件",
                    "The chosen saved mapping is not for this kind of file",
                )),
            }
        }
    }
    match run::parse_pairs(&form.pairs) {
        Ok(m) => mapping.extend(m),
        Err(e) => problems.push(format!("{}{e}", msg("列对应有误：", "Column mapping: "))),
    }
    let (Some(kind), Some(community), Some(file), true) =
        (kind, community, file, problems.is_empty())
    else {
        return show(&st, lang, &session, &me, form, problems).await;
    };
    if !form.save_as.is_empty() {
        if let Err(e) = st
            .store
            .save_import_mapping(kind, &form.save_as, &mapping, &me.user.username)
            .await
        {
            let problems = vec![format!(
                "{}{e}",
                msg("保存列对应方案失败：", "Saving the mapping: ")
            )];
            return show(&st, lang, &session, &me, form, problems).await;
        }
    }
    let mode = if dry_run {
        Mode::DryRun
    } else if form.accept_good_rows {
        Mode::GoodRows
    } else {
        Mode::WholeFile
    };
    let id = uuid::Uuid::now_v7().to_string();
    let file_name = file.file_name.clone().unwrap_or_default();
    st.imports.insert(
        &id,
        Job {
            owner: me.user.id.clone(),
            file_name: file_name.clone(),
            started: quanke_store::now_ms(),
            state: JobState::Running { done: 0, total: 0 },
        },
    );
    let bytes = file.data.clone();
    let (st2, id2, me2) = (st.clone(), id.clone(), me.clone());
    tokio::spawn(async move {
        let jobs = st2.imports.clone();
        let progress = {
            let jobs = jobs.clone();
            let id = id2.clone();
            move |done: usize, total: usize| {
                if done.is_multiple_of(50) || done == total {
                    jobs.set(&id, JobState::Running { done, total });
                }
            }
        };
        let result = run::run(
            &st2.store,
            Request {
                kind,
                bytes: &bytes,
                file_name: &file_name,
                community: &community,
                mapping,
                mode,
                actor_id: Some(&me2.user.id),
            },
            &progress,
        )
        .await;
        match result {
            Ok(report) => {
                let detail = report.outcome.summary(&file_name);
                let action = if report.dry_run {
                    "import_check"
                } else {
                    "import"
                };
                if let Err(e) = audit_action(
                    &st2,
                    &me2,
                    kind.as_str(),
                    action,
                    community.as_str(),
                    &detail,
                )
                .await
                {
                    tracing::warn!(error = ?e, "could not audit an import");
                }
                jobs.set(&id2, JobState::Done(Box::new(report)));
            }
            Err(e) => jobs.set(&id2, JobState::Failed(e.to_string())),
        }
    });
    Ok(Redirect::to(&format!("/grid/import/{id}")).into_response())
}

#[derive(Template)]
#[template(path = "grid/import_job.html")]
struct JobPage {
    c: Chrome,
    file_name: String,
    status: JobStatus,
}

/// What the job's page (and its refreshing part) shows.
struct JobStatus {
    id: String,
    running: bool,
    done: usize,
    total: usize,
    percent: usize,
    failed: Option<String>,
    report: Option<Report>,
    problems: Vec<String>,
}

#[derive(Template)]
#[template(path = "grid/_import_status.html")]
struct StatusPart {
    c: Chrome,
    status: JobStatus,
}

fn status_of(id: &str, job: &Job, en: bool) -> JobStatus {
    let (running, done, total, failed, report) = match &job.state {
        JobState::Running { done, total } => (true, *done, *total, None, None),
        JobState::Done(r) => (false, 0, 0, None, Some((**r).clone())),
        JobState::Failed(e) => (false, 0, 0, Some(e.clone()), None),
    };
    JobStatus {
        id: id.to_string(),
        running,
        done,
        total,
        percent: (done * 100).checked_div(total).unwrap_or(0),
        failed,
        problems: report.as_ref().map(|r| r.problems(en)).unwrap_or_default(),
        report,
    }
}

/// The job's page, or (`part`) the refreshing part of it that htmx polls while the job runs.
async fn show_job(
    st: &AppState,
    lang: Lang,
    session: &Session,
    me: &crate::auth::Identity,
    id: &str,
    part: bool,
) -> Result<Response, PageError> {
    let job = st.imports.get(id, &me.user.id).ok_or(PageError::NotFound)?;
    let c = Chrome::new(lang, session, Some(me), "/grid").await?;
    let status = status_of(id, &job, lang == Lang::En);
    let html = if part {
        render(&StatusPart { c, status })?
    } else {
        render(&JobPage {
            c,
            status,
            file_name: job.file_name.clone(),
        })?
    };
    Ok(html.into_response())
}

async fn job(
    State(st): State<AppState>,
    lang: Lang,
    session: Session,
    PageUser(me): PageUser,
    Path(id): Path<String>,
) -> Result<Response, PageError> {
    show_job(&st, lang, &session, &me, &id, false).await
}

async fn job_status(
    State(st): State<AppState>,
    lang: Lang,
    session: Session,
    PageUser(me): PageUser,
    Path(id): Path<String>,
) -> Result<Response, PageError> {
    show_job(&st, lang, &session, &me, &id, true).await
}

/// A template to fill in: the recognised headers of a kind, as an xlsx file.
async fn template_file(Path(kind): Path<String>) -> Result<Response, PageError> {
    let kind = Kind::parse(kind.trim_end_matches(".xlsx")).ok_or(PageError::NotFound)?;
    let headers: Vec<&str> = kind.fields().iter().map(|(f, _)| f.zh()).collect();
    crate::pages::exports::xlsx(kind.as_str(), &headers, &[])
}

pub(super) fn router() -> Router<AppState> {
    Router::new()
        .route(
            "/grid/import",
            get(page)
                .post(start)
                .layer(DefaultBodyLimit::max(MAX_UPLOAD)),
        )
        .route("/grid/import/template/{kind}", get(template_file))
        .route("/grid/import/{id}", get(job))
        .route("/grid/import/{id}/status", get(job_status))
}
