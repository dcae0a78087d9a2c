//! The administrator's side: compose exams (checked field by field, the form kept on error),
//! results and pass rates, the weakest guides, the competency matrix (page and xlsx), and the
//! printable certificate of a qualified general social worker.

use super::{bank, beijing_ms, category_name, standing_key, today};
use crate::auth::{audit_action, Identity, PageUser};
use crate::error::PageError;
use crate::i18n::Lang;
use crate::layout::{beijing, Chrome};
use crate::AppState;
use askama::Template;
use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use axum::Router;
use quanke_domain::account::Role;
use quanke_domain::org::{OrgCode, OrgKind};
use quanke_domain::training::exam::{ExamInput, ExamSpec};
use quanke_domain::training::qualification::{is_general, standing, Qualification};
use quanke_store::training::{ExamStats, NewExam, WeakGuide};
use quanke_store::users::User;
use serde::Deserialize;
use tower_sessions::Session;

struct WeakLine {
    w: WeakGuide,
    name: String,
    rate: i64,
}

#[derive(Template)]
#[template(path = "training/admin.html")]
struct Overview {
    c: Chrome,
    exams: Vec<ExamStats>,
    weak: Vec<(String, Vec<WeakLine>)>,
}

async fn overview(
    State(st): State<AppState>,
    lang: Lang,
    session: Session,
    PageUser(me): PageUser,
) -> Result<Response, PageError> {
    let exams = st.store.exams_within(&me.user.scope).await?;
    let weakest = st.store.weakest_guides(&me.user.scope, 200).await?;
    let view = st.catalog.get();
    let weak = view
        .catalog
        .categories
        .iter()
        .map(|k| {
            let lines: Vec<WeakLine> = weakest
                .iter()
                .filter(|w| w.category_code == k.code)
                .take(5)
                .map(|w| WeakLine {
                    name: view
                        .catalog
                        .guide(&w.guide_code)
                        .map(|g| g.name(lang == Lang::En).to_string())
                        .unwrap_or_else(|| w.guide_code.clone()),
                    rate: (w.wrong * 100).checked_div(w.total).unwrap_or(0),
                    w: w.clone(),
                })
                .collect();
            (category_name(&view.catalog, &k.code, lang), lines)
        })
        .filter(|(_, l)| !l.is_empty())
        .collect();
    let c = Chrome::new(lang, &session, Some(&me), "/training").await?;
    Ok(crate::pages::render(&Overview { c, exams, weak })?.into_response())
}

/// The exam form as typed.
#[derive(Default, Clone)]
struct ExamForm {
    title: String,
    categories: Vec<String>,
    count: String,
    minutes: String,
    pass_percent: String,
    valid_months: String,
    opens: String,
    closes: String,
    candidates: Vec<String>,
}

impl ExamForm {
    fn parse(body: &Bytes) -> ExamForm {
        let mut f = ExamForm::default();
        for (k, v) in form_urlencoded::parse(body).into_owned() {
            match k.as_str() {
                "title" => f.title = v,
                "categories" => f.categories.push(v),
                "count" => f.count = v,
                "minutes" => f.minutes = v,
                "pass_percent" => f.pass_percent = v,
                "valid_months" => f.valid_months = v,
                "opens" => f.opens = v,
                "closes" => f.closes = v,
                "candidates" => f.candidates.push(v),
                _ => {}
            }
        }
        f
    }
}

#[derive(Template)]
#[template(path = "training/exam_form.html")]
struct ExamFormPage {
    c: Chrome,
    form: ExamForm,
    categories: Vec<(String, String, usize)>,
    people: Vec<(String, String)>,
    errors: Vec<(&'static str, &'static str)>,
}

impl ExamFormPage {
    fn has_category(&self, code: &str) -> bool {
        self.form.categories.iter().any(|c| c == code)
    }
    fn has_candidate(&self, id: &str) -> bool {
        self.form.candidates.iter().any(|c| c == id)
    }
    fn error_for(&self, field: &str) -> bool {
        self.errors.iter().any(|(f, _)| *f == field)
    }
}

/// The accounts that may sit exams within the administrator's scope.
async fn learners(st: &AppState, scope: &OrgCode) -> Result<Vec<User>, PageError> {
    Ok(st
        .store
        .users_within(scope)
        .await?
        .into_iter()
        .filter(|u| matches!(u.role, Role::Worker | Role::Grid) && !u.disabled)
        .collect())
}

async fn form_page(
    st: &AppState,
    lang: Lang,
    session: &Session,
    me: &Identity,
    form: ExamForm,
    errors: Vec<(&'static str, &'static str)>,
) -> Result<ExamFormPage, PageError> {
    let view = st.catalog.get();
    let b = bank(st);
    let categories = view
        .catalog
        .categories
        .iter()
        .map(|k| {
            (
                k.code.clone(),
                category_name(&view.catalog, &k.code, lang),
                b.iter().filter(|q| q.category_code == k.code).count(),
            )
        })
        .collect();
    let people = learners(st, &me.user.scope)
        .await?
        .into_iter()
        .map(|u| (u.id.clone(), format!("{} ({})", u.display_name, u.username)))
        .collect();
    Ok(ExamFormPage {
        c: Chrome::new(lang, session, Some(me), "/training").await?,
        form,
        categories,
        people,
        errors,
    })
}

async fn new_exam(
    State(st): State<AppState>,
    lang: Lang,
    session: Session,
    PageUser(me): PageUser,
) -> Result<Response, PageError> {
    let now = chrono::Utc::now().naive_utc() + chrono::Duration::hours(8);
    let fmt = |t: chrono::NaiveDateTime| t.format("%Y-%m-%dT%H:%M").to_string();
    let form = ExamForm {
        count: "20".into(),
        minutes: "30".into(),
        pass_percent: "80".into(),
        valid_months: "24".into(),
        opens: fmt(now),
        closes: fmt(now + chrono::Duration::days(7)),
        ..Default::default()
    };
    let p = form_page(&st, lang, &session, &me, form, vec![]).await?;
    Ok(crate::pages::render(&p)?.into_response())
}

async fn create_exam(
    State(st): State<AppState>,
    lang: Lang,
    session: Session,
    PageUser(me): PageUser,
    body: Bytes,
) -> Result<Response, PageError> {
    let form = ExamForm::parse(&body);
    let view = st.catalog.get();
    let known: Vec<String> = view
        .catalog
        .categories
        .iter()
        .map(|c| c.code.clone())
        .collect();
    let b = bank(&st);
    let allowed: Vec<String> = learners(&st, &me.user.scope)
        .await?
        .into_iter()
        .map(|u| u.id)
        .collect();
    let input = ExamInput {
        title: &form.title,
        categories: &form.categories,
        count: &form.count,
        minutes: &form.minutes,
        pass_percent: &form.pass_percent,
        valid_months: &form.valid_months,
        opens: &form.opens,
        closes: &form.closes,
        candidates: &form.candidates,
    };
    let size = |cats: &[String]| b.iter().filter(|q| cats.contains(&q.category_code)).count();
    let mut result = ExamSpec::parse(&input, &known, size);
    if form.candidates.iter().any(|c| !allowed.contains(c)) {
        let p = quanke_domain::training::exam::ExamProblem {
            field: "candidates",
            code: "candidate_scope",
        };
        result = match result {
            Ok(_) => Err(vec![p]),
            Err(mut v) => {
                v.push(p);
                Err(v)
            }
        };
    }
    let spec = match result {
        Ok(s) => s,
        Err(problems) => {
            let errors = problems
                .iter()
                .map(|p| (p.field, error_key(p.code)))
                .collect();
            let p = form_page(&st, lang, &session, &me, form, errors).await?;
            return Ok(
                (StatusCode::UNPROCESSABLE_ENTITY, crate::pages::render(&p)?).into_response(),
            );
        }
    };
    let id = st
        .store
        .create_exam(&NewExam {
            title: &spec.title,
            kind: "exam",
            categories: &spec.categories,
            guides: &[],
            question_count: i64::from(spec.count),
            minutes: i64::from(spec.minutes),
            pass_percent: i64::from(spec.pass_percent),
            valid_months: i64::from(spec.valid_months),
            opens_at: beijing_ms(spec.opens),
            closes_at: beijing_ms(spec.closes),
            scope: &me.user.scope,
            created_by: &me.user.username,
            candidates: &spec.candidates,
        })
        .await?;
    audit_action(&st, &me, "exam", "exam_create", &id, &spec.title).await?;
    Ok(Redirect::to(&format!("/training/admin/exams/{id}")).into_response())
}

/// The translation key of a form problem.
fn error_key(code: &str) -> &'static str {
    match code {
        "title" => "training.err.title",
        "category_unknown" => "training.err.category_unknown",
        "categories" => "training.err.categories",
        "count" => "training.err.count",
        "count_bank" => "training.err.count_bank",
        "minutes" => "training.err.minutes",
        "pass_percent" => "training.err.pass_percent",
        "valid_months" => "training.err.valid_months",
        "opens" => "training.err.opens",
        "closes" => "training.err.closes",
        "window" => "training.err.window",
        "candidate_scope" => "training.err.candidate_scope",
        _ => "training.err.candidates",
    }
}

#[derive(Template)]
#[template(path = "training/results.html")]
struct ResultsPage {
    c: Chrome,
    e: quanke_store::training::Exam,
    window: String,
    lines: Vec<quanke_store::training::SittingLine>,
    finished: usize,
    passed: usize,
}

async fn results(
    State(st): State<AppState>,
    lang: Lang,
    session: Session,
    PageUser(me): PageUser,
    Path(id): Path<String>,
) -> Result<Response, PageError> {
    let e = st.store.exam(&id).await?.ok_or(PageError::NotFound)?;
    let in_scope = OrgCode::parse(&e.scope_code).is_ok_and(|s| me.user.scope.contains(&s));
    if !in_scope {
        return Err(PageError::NotFound);
    }
    // Sittings whose time ran out are closed now, so the numbers are final.
    for line in st.store.exam_results(&id).await? {
        if line.sitting_id.is_some() && !line.finished {
            super::exams::current(&st, &e, &line.user_id).await?;
        }
    }
    let lines = st.store.exam_results(&id).await?;
    let finished = lines.iter().filter(|l| l.finished).count();
    let passed = lines.iter().filter(|l| l.passed == Some(true)).count();
    let c = Chrome::new(lang, &session, Some(&me), "/training").await?;
    Ok(crate::pages::render(&ResultsPage {
        c,
        window: format!("{} – {}", beijing(e.opens_at), beijing(e.closes_at)),
        e,
        lines,
        finished,
        passed,
    })?
    .into_response())
}

/// One cell of the competency matrix.
struct Cell {
    code: &'static str,
    key: &'static str,
    dates: String,
    learned: usize,
}

struct MatrixRow {
    user: User,
    cells: Vec<Cell>,
    general: bool,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct MatrixQuery {
    community: String,
}

struct Matrix {
    scope: OrgCode,
    categories: Vec<(String, String)>,
    rows: Vec<MatrixRow>,
    qualified_per_category: Vec<usize>,
}

async fn matrix_data(
    st: &AppState,
    me: &Identity,
    q: &MatrixQuery,
    lang: Lang,
) -> Result<Matrix, PageError> {
    let scope = if q.community.is_empty() {
        me.user.scope.clone()
    } else {
        OrgCode::parse(&q.community)
            .ok()
            .filter(|c| me.user.scope.contains(c))
            .ok_or(PageError::NotFound)?
    };
    let view = st.catalog.get();
    let b = bank(st);
    let categories: Vec<(String, String)> = view
        .catalog
        .categories
        .iter()
        .map(|k| (k.code.clone(), category_name(&view.catalog, &k.code, lang)))
        .collect();
    let codes: Vec<String> = categories.iter().map(|c| c.0.clone()).collect();
    let quals = st.store.qualifications_within(&scope).await?;
    let learned = st.store.learned_within(&scope).await?;
    let day = today();
    let rows: Vec<MatrixRow> = learners(st, &scope)
        .await?
        .into_iter()
        .map(|u| {
            let mine: Vec<Qualification> = quals
                .iter()
                .filter(|q| q.user_id == u.id)
                .cloned()
                .collect();
            let cells = codes
                .iter()
                .map(|code| {
                    let q = mine.iter().find(|q| &q.category_code == code);
                    let s = standing(q, day);
                    let total = b.iter().filter(|x| &x.category_code == code).count();
                    let n = learned
                        .iter()
                        .find(|l| l.user_id == u.id && &l.category_code == code)
                        .map_or(0, |l| l.count as usize);
                    Cell {
                        code: s.code(),
                        key: standing_key(s),
                        dates: q
                            .map(|q| format!("{} – {}", q.qualified_on, q.expires_on))
                            .unwrap_or_default(),
                        learned: (n * 100).checked_div(total).unwrap_or(0),
                    }
                })
                .collect();
            MatrixRow {
                general: is_general(&mine, &codes, day),
                user: u,
                cells,
            }
        })
        .collect();
    let qualified_per_category = (0..codes.len())
        .map(|i| {
            rows.iter()
                .filter(|r| r.cells[i].code == "qualified")
                .count()
        })
        .collect();
    Ok(Matrix {
        scope,
        categories,
        rows,
        qualified_per_category,
    })
}

#[derive(Template)]
#[template(path = "training/matrix.html")]
struct MatrixPage {
    c: Chrome,
    m: Matrix,
    communities: Vec<(String, String)>,
    community: String,
}

async fn matrix(
    State(st): State<AppState>,
    lang: Lang,
    session: Session,
    PageUser(me): PageUser,
    Query(q): Query<MatrixQuery>,
) -> Result<Response, PageError> {
    let m = matrix_data(&st, &me, &q, lang).await?;
    let communities = st
        .store
        .units_within(&me.user.scope)
        .await?
        .into_iter()
        .filter(|u| u.kind == OrgKind::Community)
        .map(|u| (u.code.to_string(), u.name_in(lang == Lang::En).to_string()))
        .collect();
    let c = Chrome::new(lang, &session, Some(&me), "/training").await?;
    Ok(crate::pages::render(&MatrixPage {
        c,
        m,
        communities,
        community: q.community.clone(),
    })?
    .into_response())
}

async fn matrix_xlsx(
    State(st): State<AppState>,
    lang: Lang,
    PageUser(me): PageUser,
    Query(q): Query<MatrixQuery>,
) -> Result<Response, PageError> {
    use rust_xlsxwriter::{Format, Workbook};
    let m = matrix_data(&st, &me, &q, lang).await?;
    let mut wb = Workbook::new();
    let bold = Format::new().set_bold();
    let ws = wb.add_worksheet();
    let x = |r: Result<&mut rust_xlsxwriter::Worksheet, rust_xlsxwriter::XlsxError>| {
        r.map(|_| ()).map_err(PageError::internal)
    };
    x(ws.write_string_with_format(0, 0, lang.t("training.matrix.worker"), &bold))?;
    x(ws.write_string_with_format(0, 1, lang.t("training.matrix.username"), &bold))?;
    for (i, (_, name)) in m.categories.iter().enumerate() {
        x(ws.write_string_with_format(0, 2 + i as u16, name, &bold))?;
    }
    let last = 2 + m.categories.len() as u16;
    x(ws.write_string_with_format(0, last, lang.t("training.matrix.general"), &bold))?;
    for (r, row) in m.rows.iter().enumerate() {
        let r = r as u32 + 1;
        x(ws.write_string(r, 0, &row.user.display_name))?;
        x(ws.write_string(r, 1, &row.user.username))?;
        for (i, cell) in row.cells.iter().enumerate() {
            let text = if cell.dates.is_empty() {
                lang.t(cell.key).to_string()
            } else {
                format!("{} {}", lang.t(cell.key), cell.dates)
            };
            x(ws.write_string(r, 2 + i as u16, &text))?;
        }
        x(ws.write_string(
            r,
            last,
            if row.general {
                lang.t("training.yes")
            } else {
                lang.t("training.no")
            },
        ))?;
    }
    x(ws.set_column_width(0, 22))?;
    for i in 2..last {
        x(ws.set_column_width(i, 26))?;
    }
    let bytes = wb.save_to_buffer().map_err(PageError::internal)?;
    let name = format!("competency-matrix-{}.xlsx", m.scope);
    Ok(crate::pages::exports::download(&name, bytes))
}

#[derive(Template)]
#[template(path = "training/certificate.html")]
struct CertificatePage {
    c: Chrome,
    user: User,
    lines: Vec<(String, String, String)>,
    issued: String,
    valid_until: String,
    number: String,
    qr: String,
}

async fn certificate(
    State(st): State<AppState>,
    lang: Lang,
    session: Session,
    PageUser(me): PageUser,
    Path(user_id): Path<String>,
) -> Result<Response, PageError> {
    let user = st
        .store
        .user_by_id(&user_id)
        .await?
        .ok_or(PageError::NotFound)?;
    let allowed = user.id == me.user.id
        || (me.user.role == Role::Admin && me.user.scope.contains(&user.scope));
    if !allowed {
        return Err(PageError::NotFound);
    }
    let view = st.catalog.get();
    let codes: Vec<String> = view
        .catalog
        .categories
        .iter()
        .map(|c| c.code.clone())
        .collect();
    let quals = st.store.qualifications_of(&user.id).await?;
    let day = today();
    if !is_general(&quals, &codes, day) {
        return Err(PageError::NotFound);
    }
    let lines = codes
        .iter()
        .filter_map(|c| quals.iter().find(|q| &q.category_code == c))
        .map(|q| {
            (
                category_name(&view.catalog, &q.category_code, lang),
                q.qualified_on.to_string(),
                q.expires_on.to_string(),
            )
        })
        .collect();
    let issued = quals.iter().map(|q| q.qualified_on).max().unwrap_or(day);
    let valid_until = quals.iter().map(|q| q.expires_on).min().unwrap_or(day);
    let number = format!(
        "QK-{}-{:06X}",
        issued.format("%Y%m%d"),
        quanke_domain::training::fnv(&[user.id.as_str(), issued.to_string().as_str()]) & 0xff_ffff
    );
    let qr = crate::qr::svg(
        &format!("全科社工合格证 {number} {} {}", user.username, valid_until),
        110,
    );
    audit_action(
        &st,
        &me,
        "certificate",
        "certificate_view",
        &user.id,
        &number,
    )
    .await?;
    let c = Chrome::new(lang, &session, Some(&me), "/training").await?;
    Ok(crate::pages::render(&CertificatePage {
        c,
        user,
        lines,
        issued: issued.to_string(),
        valid_until: valid_until.to_string(),
        number,
        qr,
    })?
    .into_response())
}

pub(super) fn router() -> Router<AppState> {
    Router::new()
        .route("/training/admin", get(overview))
        .route("/training/admin/exams/new", get(new_exam).post(create_exam))
        .route("/training/admin/exams/{id}", get(results))
        .route("/training/admin/matrix", get(matrix))
        .route("/training/admin/matrix.xlsx", get(matrix_xlsx))
}

pub(super) fn certificate_router() -> Router<AppState> {
    Router::new().route("/training/certificate/{user_id}", get(certificate))
}
