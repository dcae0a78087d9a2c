//! The work on grid events shared by the pages and the API: checking a report and placing it in
//! its grid, offering likely duplicates, taking actions with the role and workflow checked first
//! (so the caller gets a precise answer), supervision, extensions, measures. Every change is
//! written to the audit log as well as to the event's own history.

use crate::auth::{audit_action, Identity};
use crate::error::{ApiError, FieldError};
use crate::AppState;
use base64::Engine;
use quanke_domain::account::Role;
use quanke_domain::grid::category::{self, Category};
use quanke_domain::grid::event::{
    self, Action, ActionKind, Clock, Outcome, Source, TransitionError,
};
use quanke_domain::grid::measures::{self, Facts, Measures};
use quanke_domain::grid::place::LatLon;
use quanke_domain::org::OrgCode;
use quanke_store::events::{Actor, Event, EventFilter, Extension, NewEvent};
use quanke_store::StoreError;
use serde::{Deserialize, Serialize};

/// A message in both languages.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Msg {
    pub zh: String,
    pub en: String,
}

fn msg(zh: impl Into<String>, en: impl Into<String>) -> Msg {
    Msg {
        zh: zh.into(),
        en: en.into(),
    }
}

/// Roles that report events and work them on the grid side.
pub(crate) const REPORTERS: &[Role] = &[Role::Grid, Role::Worker, Role::Admin];
/// Roles that supervise and decide extensions.
pub(crate) const SUPERVISORS: &[Role] = &[Role::Worker, Role::Admin];

/// An event as the API shows it.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct EventView {
    #[serde(flatten)]
    pub event: Event,
    pub category_zh: &'static str,
    pub category_en: &'static str,
    pub clock: Option<Clock>,
    pub possible_actions: Vec<&'static str>,
}

impl EventView {
    pub fn new(event: Event, now: i64) -> EventView {
        let cat = category::category(&event.category);
        EventView {
            category_zh: cat.map_or("", |c| c.zh),
            category_en: cat.map_or("", |c| c.en),
            clock: event.clock(now),
            possible_actions: event.state.actions().iter().map(|a| a.as_str()).collect(),
            event,
        }
    }
}

/// A photo sent with a report: its type and base64 bytes.
#[derive(Debug, Clone, Deserialize, Default)]
#[serde(default)]
pub(crate) struct PhotoInput {
    pub content_type: String,
    pub data: String,
}

/// A report as sent by a form or the API.
#[derive(Debug, Clone, Deserialize, Default)]
#[serde(default)]
pub(crate) struct Report {
    pub category: String,
    pub description: String,
    pub lat: Option<f64>,
    pub lon: Option<f64>,
    pub address: String,
    /// grid_worker (default) | resident | system
    pub source: String,
    pub reporter_name: String,
    /// Report even though likely duplicates exist.
    pub force: bool,
    /// The open event this report repeats: it is recorded and closed as a duplicate.
    pub duplicate_of: Option<String>,
    pub photos: Vec<PhotoInput>,
}

/// Why a report was not recorded.
#[derive(Debug)]
pub(crate) enum ReportError {
    Invalid(Vec<(&'static str, Msg)>),
    /// Open events of the same category within 50 m, with their distances.
    Duplicates(Vec<(Event, f64)>),
    Store(StoreError),
}

impl From<StoreError> for ReportError {
    fn from(e: StoreError) -> Self {
        ReportError::Store(e)
    }
}

fn actor(me: &Identity) -> Actor<'_> {
    Actor {
        id: Some(&me.user.id),
        name: &me.user.username,
        role: me.user.role,
    }
}

const MAX_PHOTO: usize = 1024 * 1024;

/// Check a report, place it, offer duplicates, record it.
pub(crate) async fn report(st: &AppState, me: &Identity, r: &Report) -> Result<Event, ReportError> {
    let mut errors: Vec<(&'static str, Msg)> = Vec::new();
    if !REPORTERS.contains(&me.user.role) {
        errors.push((
            "",
            msg("您的角色不能上报事件", "your role may not report events"),
        ));
        return Err(ReportError::Invalid(errors));
    }
    let cat: Option<&Category> = category::category(r.category.trim());
    if cat.is_none() {
        errors.push(("category", msg("请选择事件类别", "choose a category from the list (GET the page or see the documentation for codes such as litter, dispute)")));
    }
    let n = r.description.trim().chars().count();
    if n == 0 || n > 2000 {
        errors.push((
            "description",
            msg(
                "请描述事件（1到2000字）",
                "describe the event in 1 to 2000 characters",
            ),
        ));
    }
    let point = match (r.lat, r.lon) {
        (Some(a), Some(b)) => match LatLon::new(a, b) {
            Ok(p) => Some(p),
            Err(e) => {
                errors.push((
                    "lat",
                    msg(
                        "位置不正确：纬度在-90到90之间，经度在-180到180之间",
                        e.to_string(),
                    ),
                ));
                None
            }
        },
        _ => {
            errors.push((
                "lat",
                msg(
                    "请给出事件位置（纬度、经度），可点“使用当前位置”",
                    "give the event's position as lat and lon (decimal degrees)",
                ),
            ));
            None
        }
    };
    if r.address.chars().count() > 200 {
        errors.push((
            "address",
            msg("地址最多200字", "the address is at most 200 characters"),
        ));
    }
    let source = if r.source.trim().is_empty() {
        Some(Source::GridWorker)
    } else {
        Source::parse(r.source.trim())
    };
    if source.is_none() {
        errors.push((
            "source",
            msg(
                "请选择上报来源",
                "source is one of grid_worker, resident, system",
            ),
        ));
    }
    let reporter = r.reporter_name.trim();
    let reporter = if reporter.is_empty() && source == Some(Source::GridWorker) {
        me.user.display_name.clone()
    } else {
        reporter.to_string()
    };
    if reporter.is_empty() || reporter.chars().count() > 40 {
        errors.push((
            "reporter_name",
            msg(
                "请填写上报人姓名（最多40字）",
                "give the reporter's name (at most 40 characters)",
            ),
        ));
    }
    let mut photos = Vec::new();
    if r.photos.len() > 3 {
        errors.push(("photos", msg("最多3张照片", "at most 3 photos")));
    }
    for p in r.photos.iter().take(3) {
        let ok_type = matches!(
            p.content_type.as_str(),
            "image/jpeg" | "image/png" | "image/webp"
        );
        match base64::engine::general_purpose::STANDARD.decode(p.data.trim()) {
            Ok(bytes) if ok_type && !bytes.is_empty() && bytes.len() <= MAX_PHOTO => {
                photos.push((p.content_type.clone(), bytes))
            }
            _ => errors.push((
                "photos",
                msg(
                    "照片须为 JPEG、PNG 或 WebP，每张不超过1 MB",
                    "each photo is a base64 JPEG, PNG or WebP of at most 1 MB",
                ),
            )),
        }
    }
    let (Some(cat), Some(point), Some(source), true) = (cat, point, source, errors.is_empty())
    else {
        return Err(ReportError::Invalid(errors));
    };
    let scope = &me.user.scope;
    let Some(grid) = st.store.place_point(scope, point).await? else {
        return Err(ReportError::Invalid(vec![(
            "lat",
            msg(
                "该位置不在您负责的任何网格内；请核对位置",
                "the point lies outside every grid within your scope; check the position",
            ),
        )]));
    };
    let dup_of = r
        .duplicate_of
        .as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty());
    if let Some(d) = dup_of {
        match st.store.event(d, scope).await {
            Ok(e) if e.is_open() => {}
            _ => {
                return Err(ReportError::Invalid(vec![(
                    "duplicate_of",
                    msg(
                        "所选的原事件不存在或已办结",
                        "duplicate_of names no open event within your scope",
                    ),
                )]))
            }
        }
    } else if !r.force {
        let near = st.store.likely_duplicates(scope, cat.code, point).await?;
        if !near.is_empty() {
            return Err(ReportError::Duplicates(near));
        }
    }
    let a = actor(me);
    let e = st
        .store
        .create_event(
            &NewEvent {
                org_code: &grid,
                category: cat.code,
                description: r.description.trim(),
                point,
                address: r.address.trim(),
                source,
                reporter_name: &reporter,
                reported_by: Some(&me.user.id),
                duplicate_of: dup_of,
            },
            &a,
        )
        .await?;
    for (t, bytes) in &photos {
        st.store.add_event_photo(&e.id, t, bytes).await?;
    }
    let detail = format!("category={} grid={}", cat.code, grid);
    audit(st, me, "event_report", &e.id, &detail).await?;
    if dup_of.is_some() {
        let closed = st
            .store
            .act_on_event(
                &e.id,
                scope,
                e.version,
                &Actor {
                    role: Role::Admin,
                    ..a
                },
                &Action::Close {
                    outcome: Outcome::Duplicate,
                },
                dup_of.unwrap_or_default(),
            )
            .await?;
        return Ok(closed);
    }
    Ok(e)
}

async fn audit(
    st: &AppState,
    me: &Identity,
    action: &str,
    id: &str,
    detail: &str,
) -> Result<(), StoreError> {
    audit_action(st, me, "grid_event", action, id, detail)
        .await
        .map_err(|e| StoreError::Invalid(format!("{e:?}")))
}

/// An action as sent by a form or the API.
#[derive(Debug, Clone, Deserialize, Default)]
#[serde(default)]
pub(crate) struct ActionInput {
    pub action: String,
    pub version: i64,
    pub note: String,
    pub department: String,
    pub deadline_hours: Option<i64>,
    pub passed: Option<bool>,
    pub outcome: Option<String>,
}

/// Why an action (or supervision, or an extension) was refused.
#[derive(Debug)]
pub(crate) enum WorkError {
    Forbidden(Msg),
    /// Not possible in the event's state, or the record changed meanwhile.
    Conflict(Msg),
    Invalid(Vec<(&'static str, Msg)>),
    Store(StoreError),
}

impl From<StoreError> for WorkError {
    fn from(e: StoreError) -> Self {
        match e {
            StoreError::Stale => WorkError::Conflict(msg(
                "该事件刚被他人处理；请刷新后再操作",
                "the event was changed by someone else; fetch it again",
            )),
            other => WorkError::Store(other),
        }
    }
}

impl WorkError {
    pub fn into_api(self) -> ApiError {
        match self {
            WorkError::Forbidden(_) => ApiError::Forbidden("your role may not do this to an event"),
            WorkError::Conflict(m) => ApiError::Conflict(m.en),
            WorkError::Invalid(errs) => ApiError::Invalid(
                errs.into_iter()
                    .map(|(f, m)| FieldError {
                        field: f.into(),
                        message: m.en,
                    })
                    .collect(),
            ),
            WorkError::Store(e) => e.into(),
        }
    }

    /// The messages in one language, for a page.
    pub fn messages(&self, en: bool) -> Option<Vec<String>> {
        let pick = |m: &Msg| if en { m.en.clone() } else { m.zh.clone() };
        match self {
            WorkError::Forbidden(m) | WorkError::Conflict(m) => Some(vec![pick(m)]),
            WorkError::Invalid(v) => Some(v.iter().map(|(_, m)| pick(m)).collect()),
            WorkError::Store(_) => None,
        }
    }
}

fn parse_action(a: &ActionInput) -> Result<Action, Vec<(&'static str, Msg)>> {
    let Some(kind) = ActionKind::parse(a.action.trim()) else {
        return Err(vec![(
            "action",
            msg(
                "未知的操作",
                "action is one of accept, settle, dispatch, handle, feedback, verify, close",
            ),
        )]);
    };
    Ok(match kind {
        ActionKind::Accept => Action::Accept,
        ActionKind::Settle => Action::Settle,
        ActionKind::Handle => Action::Handle,
        ActionKind::Feedback => Action::Feedback,
        ActionKind::Dispatch => {
            let mut errs = Vec::new();
            if a.department.trim().is_empty() || a.department.chars().count() > 60 {
                errs.push((
                    "department",
                    msg(
                        "请填写承办部门（最多60字）",
                        "name the department (at most 60 characters)",
                    ),
                ));
            }
            let hours = a.deadline_hours.filter(|h| (1..=720).contains(h));
            if hours.is_none() {
                errs.push((
                    "deadline_hours",
                    msg(
                        "办理时限为1到720小时",
                        "deadline_hours is a whole number from 1 to 720",
                    ),
                ));
            }
            if !errs.is_empty() {
                return Err(errs);
            }
            Action::Dispatch {
                department: a.department.trim().to_string(),
                deadline_ms: quanke_store::now_ms() + hours.unwrap_or(1) * 3_600_000,
            }
        }
        ActionKind::Verify => match a.passed {
            Some(passed) => Action::Verify { passed },
            None => {
                return Err(vec![(
                    "passed",
                    msg(
                        "请选择核查是否通过",
                        "passed is true (the work is done) or false (send it back)",
                    ),
                )])
            }
        },
        ActionKind::Close => match a.outcome.as_deref().and_then(Outcome::parse) {
            Some(outcome) => Action::Close { outcome },
            None => {
                return Err(vec![(
                "outcome",
                msg(
                    "请选择结案结果",
                    "outcome is one of fixed, unable_to_fix, not_responsible, duplicate, referral",
                ),
            )])
            }
        },
    })
}

fn transition_msg(e: &TransitionError) -> WorkError {
    match e {
        TransitionError::Role(_) => {
            WorkError::Forbidden(msg("您的角色不能对事件做此操作", e.to_string()))
        }
        TransitionError::NotNow { .. } => WorkError::Conflict(msg(
            "事件当前的状态不能做此操作；请刷新页面查看",
            e.to_string(),
        )),
        TransitionError::OutcomeNeedsWork(_) => WorkError::Invalid(vec![(
            "outcome",
            msg(
                "未经处置和核查，只能以“重复”“非本部门职责”“转办”结案",
                e.to_string(),
            ),
        )]),
        TransitionError::NoDepartment | TransitionError::DeadlineInPast => WorkError::Invalid(
            vec![("department", msg("请填写承办部门和时限", e.to_string()))],
        ),
    }
}

/// Take an action on an event.
pub(crate) async fn act(
    st: &AppState,
    me: &Identity,
    id: &str,
    a: &ActionInput,
) -> Result<Event, WorkError> {
    let e = st.store.event(id, &me.user.scope).await?;
    let action = parse_action(a).map_err(WorkError::Invalid)?;
    let note = a.note.trim();
    if note.chars().count() > 1000 {
        return Err(WorkError::Invalid(vec![(
            "note",
            msg("说明最多1000字", "the note is at most 1000 characters"),
        )]));
    }
    event::next_for(me.user.role, e.state, &action, quanke_store::now_ms())
        .map_err(|x| transition_msg(&x))?;
    let after = st
        .store
        .act_on_event(id, &me.user.scope, a.version, &actor(me), &action, note)
        .await?;
    let detail = format!("{}→{}", e.state.as_str(), after.state.as_str());
    audit(
        st,
        me,
        &format!("event_{}", action.kind().as_str()),
        id,
        &detail,
    )
    .await?;
    Ok(after)
}

/// Raise a supervision flag.
pub(crate) async fn supervise(
    st: &AppState,
    me: &Identity,
    id: &str,
    note: &str,
) -> Result<Event, WorkError> {
    if !SUPERVISORS.contains(&me.user.role) {
        return Err(WorkError::Forbidden(msg(
            "只有社区工作人员和街道管理员可以督办",
            "only community workers and administrators may supervise",
        )));
    }
    let n = note.trim().chars().count();
    if n == 0 || n > 500 {
        return Err(WorkError::Invalid(vec![(
            "note",
            msg(
                "请写明督办要求（1到500字）",
                "say what is asked, in 1 to 500 characters",
            ),
        )]));
    }
    let e = st.store.event(id, &me.user.scope).await?;
    if !e.is_open() {
        return Err(WorkError::Conflict(msg(
            "事件已办结，无需督办",
            "the event is finished; there is nothing to supervise",
        )));
    }
    let after = st
        .store
        .supervise_event(id, &me.user.scope, &actor(me), note)
        .await?;
    audit(st, me, "event_supervise", id, "").await?;
    Ok(after)
}

/// An extension request as sent.
#[derive(Debug, Clone, Deserialize, Default)]
#[serde(default)]
pub(crate) struct ExtensionInput {
    pub hours: Option<i64>,
    pub reason: String,
}

/// Ask for more time on the current stage.
pub(crate) async fn request_extension(
    st: &AppState,
    me: &Identity,
    id: &str,
    x: &ExtensionInput,
) -> Result<Extension, WorkError> {
    let mut errs = Vec::new();
    let hours = x.hours.filter(|h| (1..=720).contains(h));
    if hours.is_none() {
        errs.push((
            "hours",
            msg(
                "延期时长为1到720小时",
                "hours is a whole number from 1 to 720",
            ),
        ));
    }
    let n = x.reason.trim().chars().count();
    if n == 0 || n > 500 {
        errs.push((
            "reason",
            msg(
                "请写明延期理由（1到500字）",
                "give the reason in 1 to 500 characters",
            ),
        ));
    }
    if !errs.is_empty() {
        return Err(WorkError::Invalid(errs));
    }
    let e = st.store.event(id, &me.user.scope).await?;
    if !e.is_open() {
        return Err(WorkError::Conflict(msg(
            "事件已办结，不能申请延期",
            "the event is finished; no more time can be asked for",
        )));
    }
    let ext = st
        .store
        .request_extension(
            id,
            &me.user.scope,
            &actor(me),
            hours.unwrap_or(1),
            &x.reason,
        )
        .await?;
    audit(st, me, "event_extension_request", id, "").await?;
    Ok(ext)
}

/// Approve or refuse an extension.
pub(crate) async fn decide_extension(
    st: &AppState,
    me: &Identity,
    id: &str,
    ext: &str,
    approve: bool,
) -> Result<Event, WorkError> {
    if !SUPERVISORS.contains(&me.user.role) {
        return Err(WorkError::Forbidden(msg(
            "只有社区工作人员和街道管理员可以审批延期",
            "only community workers and administrators may decide extensions",
        )));
    }
    let after = match st
        .store
        .decide_extension(id, ext, &me.user.scope, &actor(me), approve)
        .await
    {
        Err(StoreError::Invalid(_)) => {
            return Err(WorkError::Conflict(msg(
                "该延期申请已审批过",
                "this extension request was already decided",
            )))
        }
        other => other?,
    };
    let action = if approve {
        "event_extension_approve"
    } else {
        "event_extension_refuse"
    };
    audit(st, me, action, id, "").await?;
    Ok(after)
}

/// The measures of the events within `scope`.
pub(crate) async fn measures(st: &AppState, scope: &OrgCode) -> Result<Measures, StoreError> {
    let now = quanke_store::now_ms();
    let list = st
        .store
        .events_within(scope, &EventFilter::default())
        .await?;
    let facts: Vec<Facts> = list
        .iter()
        .map(|e| Facts {
            grid: e.org_code.to_string(),
            category: e.category.clone(),
            settled_in_grid: e.state == event::State::Filed,
            finished: !e.is_open(),
            created_at: e.created_at,
            closed_at: e.closed_at,
            overdue: e.clock(now) == Some(Clock::Red),
        })
        .collect();
    Ok(measures::compute(&facts))
}
