//! Case work shared by the pages and the JSON API: intake (guide → applicant → materials →
//! eligibility → one-time notice or acceptance), actions on a case with their checks in the order
//! the API promises (403 role, 409 stale version, 422 state), and the view of a case.

use crate::auth::Identity;
use crate::error::{ApiError, FieldError};
use crate::AppState;
use chrono::NaiveDate;
use quanke_domain::account::Role;
use quanke_domain::calendar::Calendar;
use quanke_domain::cases::{
    self, eligibility, mask_name, workflow, Action, ActionError, CaseState, RuleResult, Status,
    Urgency,
};
use quanke_domain::catalog::vocab::StepRole;
use quanke_domain::catalog::Guide;
use quanke_domain::org::OrgCode;
use quanke_domain::training::qualification::Standing;
use quanke_store::cases::{
    today, ActionInput, Actor, Case, CaseEvent, NewAttachment, NewCase, NoticeRecord,
};
use quanke_store::StoreError;
use serde::Serialize;

/// The largest scanned file kept with an action, and the types accepted.
pub(crate) const MAX_ATTACHMENT: usize = 1024 * 1024;
pub(crate) const ATTACHMENT_TYPES: &[&str] = &["application/pdf", "image/jpeg", "image/png"];

/// Why case work was refused, each mapped to a status by its caller.
#[derive(Debug)]
pub(crate) enum WorkError {
    /// 403: the role may not act on the current step.
    Forbidden(String),
    /// 404: no such case (or guide, applicant) within the caller's scope.
    NotFound(String),
    /// 409: the case changed since the caller read it.
    Stale,
    /// 422: bad input or an action the state does not allow; (field, message).
    Invalid(Vec<(String, String)>),
    Store(StoreError),
}

impl From<StoreError> for WorkError {
    fn from(e: StoreError) -> Self {
        match e {
            StoreError::Stale => WorkError::Stale,
            StoreError::NotFound(w) => WorkError::NotFound(format!("{w} not found")),
            other => WorkError::Store(other),
        }
    }
}

impl From<WorkError> for ApiError {
    fn from(e: WorkError) -> Self {
        match e {
            WorkError::Forbidden(why) => {
                tracing::info!(%why, "case work refused for the role");
                ApiError::Forbidden(
                "your role may not do this: intake is for workers, grid workers and administrators; \
                 each step of a case is acted on by the role it names",
                )
            }
            WorkError::NotFound(m) => ApiError::NotFound(m),
            WorkError::Stale => ApiError::Conflict(
                "the case was changed by someone else since you read it; fetch it again and decide anew"
                    .into(),
            ),
            WorkError::Invalid(errors) => ApiError::Invalid(
                errors
                    .into_iter()
                    .map(|(field, message)| FieldError { field, message })
                    .collect(),
            ),
            WorkError::Store(e) => ApiError::from(e),
        }
    }
}

fn invalid(field: &str, message: impl Into<String>) -> WorkError {
    WorkError::Invalid(vec![(field.to_string(), message.into())])
}

/// Whether the caller may take in applications for this guide's category without a warning: a
/// general social worker (or grid worker) not qualified for the category — never examined,
/// expired, or due a refresher after a material change of a guide — is warned, not blocked.
/// `en` picks the language of the text; `None` chooses both (for the case's record).
pub(crate) async fn qualification_warning(
    st: &AppState,
    me: &Identity,
    guide: &Guide,
    en: Option<bool>,
) -> Result<Option<(Standing, String)>, WorkError> {
    if !matches!(me.user.role, Role::Worker | Role::Grid) {
        return Ok(None);
    }
    let category = guide.category_code();
    let standing = st
        .store
        .qualification_for(&me.user.id, category, today())
        .await?;
    let (zh, en_text) = match standing {
        Standing::Qualified => return Ok(None),
        Standing::Expired => (
            format!("您的「{category}」类业务资格已过期：仍可受理，但请尽快参加考试。"),
            format!("Your qualification for category {category} has expired: you may still accept this, but take the exam soon."),
        ),
        Standing::NeedsRefresher => (
            format!("「{category}」类的办事指南有实质变化，您需要参加复训考试：仍可受理，请核对新版指南。"),
            format!("A guide of category {category} changed in substance and you are due a refresher exam: you may still accept this; check the new guide."),
        ),
        Standing::None => (
            format!("您尚未取得「{category}」类业务资格：仍可受理，此提醒会被记录。"),
            format!("You are not yet qualified for category {category}: you may still accept this; the warning is recorded."),
        ),
    };
    let text = match en {
        Some(true) => en_text,
        Some(false) => zh,
        None => format!("{zh} / {en_text}"),
    };
    Ok(Some((standing, text)))
}

/// The applicant as intake needs them.
pub(crate) struct Applicant {
    pub id: String,
    pub org_code: OrgCode,
    pub name: String,
    pub phone_last4: String,
    pub facts: eligibility::Applicant,
}

/// Find the applicant within the caller's scope.
pub(crate) async fn applicant(
    st: &AppState,
    me: &Identity,
    id: &str,
) -> Result<Applicant, WorkError> {
    let r =
        match st.store.resident(id, &me.user.scope).await {
            Ok(r) => r,
            Err(StoreError::NotFound(_)) => return Err(invalid(
                "applicant_id",
                "no resident with this id within your scope; find or register the applicant first",
            )),
            Err(e) => return Err(e.into()),
        };
    let org_code = OrgCode::parse(&r.org_code.to_string())
        .map_err(|e| WorkError::Store(StoreError::Invalid(e.to_string())))?;
    let lives = st.store.unit_by_code(&org_code).await?.is_some();
    Ok(Applicant {
        id: r.id.clone(),
        org_code,
        name: r.name.clone(),
        phone_last4: r.phone_last4.clone().unwrap_or_default(),
        facts: eligibility::Applicant {
            birth_date: Some(r.birth_date),
            tags: r.tags.iter().map(|t| t.tag).collect(),
            lives_in_subdistrict: Some(lives),
        },
    })
}

/// The guide in force with its version.
pub(crate) async fn guide_in_force(st: &AppState, code: &str) -> Result<(Guide, i64), WorkError> {
    let version = st
        .store
        .guide_state(code)
        .await?
        .and_then(|s| s.published_version);
    let Some(version) = version else {
        return Err(invalid(
            "guide_code",
            format!("no guide in force has the code {code:?}; search the catalog for it"),
        ));
    };
    let guide = st
        .store
        .guide_version(code, version)
        .await?
        .ok_or_else(|| invalid("guide_code", format!("guide {code} has no content")))?;
    Ok((guide, version))
}

/// The guide version a case was accepted under.
pub(crate) async fn guide_of(st: &AppState, case: &Case) -> Result<Guide, WorkError> {
    st.store
        .guide_version(&case.guide_code, case.guide_version)
        .await?
        .ok_or_else(|| {
            WorkError::NotFound(format!("guide {} v{}", case.guide_code, case.guide_version))
        })
}

/// The eligibility answers for an applicant.
pub(crate) fn check_eligibility(guide: &Guide, who: &Applicant) -> Vec<RuleResult> {
    eligibility::evaluate(guide, &who.facts, today())
}

/// Take in an application: a case accepted with its deadline, or given a one-time notice of every
/// required material not received. `ticked` are the plain-language conditions the worker checked.
pub(crate) async fn take_in(
    st: &AppState,
    me: &Identity,
    guide_code: &str,
    applicant_id: &str,
    materials: &[String],
    ticked: &[String],
) -> Result<(Case, Vec<String>), WorkError> {
    if !workflow::may_take_in(me.user.role) {
        return Err(WorkError::Forbidden(
            "your role may not take in applications".into(),
        ));
    }
    let (guide, version) = guide_in_force(st, guide_code).await?;
    let who = applicant(st, me, applicant_id).await?;
    let missing =
        cases::missing_materials(&guide, materials).map_err(|m| invalid("materials", m))?;
    let answers = check_eligibility(&guide, &who);
    let calendar = st.store.calendar().await?;
    let warning = qualification_warning(st, me, &guide, None).await?;
    let mut received: Vec<String> = Vec::new();
    for m in materials {
        if !received.contains(m) {
            received.push(m.clone());
        }
    }
    let case = st
        .store
        .create_case(&NewCase {
            guide: &guide,
            guide_version: version,
            applicant_id: &who.id,
            org_code: &who.org_code,
            name_masked: &mask_name(&who.name),
            phone_last4: &who.phone_last4,
            received: &received,
            missing: &missing,
            eligibility: serde_json::json!({ "rules": answers, "ticked": ticked }),
            warning: warning.as_ref().map(|w| w.1.clone()),
            today: today(),
            calendar: &calendar,
            actor: Actor {
                id: &me.user.id,
                name: &me.user.username,
            },
        })
        .await?;
    if let Some((standing, _)) = warning {
        st.store
            .record_qualification_warning(
                &me.user.id,
                &guide.code,
                guide.category_code(),
                standing,
                &case.number,
            )
            .await?;
    }
    Ok((case, missing))
}

/// The steps of a guide as (name, role) for the state machine.
pub(crate) fn steps(guide: &Guide, en: bool) -> Vec<(String, StepRole)> {
    guide
        .steps
        .iter()
        .map(|s| {
            (
                if en {
                    s.name_en.clone()
                } else {
                    s.name_zh.clone()
                },
                s.role,
            )
        })
        .collect()
}

/// What an action request carries.
pub(crate) struct ActRequest<'a> {
    pub action: &'a str,
    pub note: &'a str,
    pub version: Option<i64>,
    /// For a transfer: the user name of the person the step goes to.
    pub to: Option<&'a str>,
    pub attachments: Vec<NewAttachment>,
}

/// Act on a case: 404 outside scope, 422 for an unknown action or a missing version, then 403 for
/// a role that does not act on the current step, 409 for a stale version, 422 for an action the
/// state does not allow (or a missing note).
pub(crate) async fn act(
    st: &AppState,
    me: &Identity,
    number: &str,
    req: ActRequest<'_>,
) -> Result<Case, WorkError> {
    let case = st.store.case_by_number(number, &me.user.scope).await?;
    let mut errors = Vec::new();
    let action = Action::parse(req.action);
    if action.is_none() {
        errors.push((
            "action".to_string(),
            format!(
                "{:?} is not an action; use one of: {}",
                req.action,
                Action::ALL.map(|a| a.as_str()).join(", ")
            ),
        ));
    }
    if req.version.is_none() {
        errors.push((
            "version".to_string(),
            "give the case's version as you read it (GET the case first)".to_string(),
        ));
    }
    let (Some(action), Some(version)) = (action, req.version) else {
        return Err(WorkError::Invalid(errors));
    };
    if req.note.chars().count() > 2000 {
        return Err(invalid("note", "a note is at most 2000 characters"));
    }
    let guide = guide_of(st, &case).await?;
    let steps = steps(&guide, false);
    let state = CaseState {
        status: case.status,
        step: usize::try_from(case.current_step).unwrap_or(0),
    };
    if let Err(e) = workflow::check_role(me.user.role, state, action, &steps) {
        return Err(WorkError::Forbidden(e.to_string()));
    }
    if version != case.version {
        return Err(WorkError::Stale);
    }
    let transition =
        workflow::transition(state, steps.len(), action, req.note).map_err(|e| match e {
            ActionError::NoteRequired(_) => invalid("note", e.to_string()),
            other => invalid("action", other.to_string()),
        })?;
    let assignee = if action == Action::Transfer {
        let name = req.to.map(str::trim).unwrap_or("");
        if name.is_empty() {
            return Err(invalid(
                "to",
                "name the account (user name) the step goes to",
            ));
        }
        let user = st.store.user_by_username(name).await?;
        let ok = user.filter(|u| {
            !u.disabled
                && workflow::may_act(u.role, case.step_role)
                && OrgCode::parse(&case.org_code).is_ok_and(|c| u.scope.related(&c))
        });
        let Some(u) = ok else {
            return Err(invalid(
                "to",
                format!("{name:?} is not an active account that acts on this step within the case's community"),
            ));
        };
        Some((u.id, u.username))
    } else {
        None
    };
    let calendar = st.store.calendar().await?;
    let case = st
        .store
        .act_on_case(
            &case,
            &guide,
            ActionInput {
                action,
                transition,
                note: req.note,
                version,
                assignee: assignee.as_ref().map(|(i, n)| (i.as_str(), n.as_str())),
                attachments: req.attachments,
                today: today(),
                calendar: &calendar,
                actor: Actor {
                    id: &me.user.id,
                    name: &me.user.username,
                },
            },
        )
        .await?;
    Ok(case)
}

/// One step of a case as shown to people.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct StepView {
    pub index: usize,
    pub name_zh: String,
    pub name_en: String,
    pub role: &'static str,
    pub days: u32,
    /// done | current | waiting
    pub state: &'static str,
}

/// The steps of a case with where it is.
pub(crate) fn step_views(guide: &Guide, case: &Case) -> Vec<StepView> {
    let cur = usize::try_from(case.current_step).unwrap_or(0);
    guide
        .steps
        .iter()
        .enumerate()
        .map(|(i, s)| StepView {
            index: i,
            name_zh: s.name_zh.clone(),
            name_en: s.name_en.clone(),
            role: s.role.code(),
            days: s.days,
            state: match case.status {
                Status::Completed => "done",
                Status::NoticeIssued => "waiting",
                _ if i < cur => "done",
                _ if i == cur => "current",
                _ => "waiting",
            },
        })
        .collect()
}

/// How urgent a running case is today (None when it is not running).
pub(crate) fn urgency(calendar: &Calendar, case: &Case, today: NaiveDate) -> Option<Urgency> {
    if !matches!(
        case.status,
        Status::Accepted | Status::Returned | Status::Suspended
    ) {
        return None;
    }
    let deadline = case.deadline?;
    Some(Urgency::of(
        calendar,
        u32::try_from(case.promised_days).unwrap_or(0),
        deadline,
        today,
    ))
}

/// The full record of a case for the API.
pub(crate) fn case_json(
    case: &Case,
    guide: &Guide,
    events: &[CaseEvent],
    notice: Option<&NoticeRecord>,
    urgency: Option<Urgency>,
) -> serde_json::Value {
    let steps = step_views(guide, case);
    let cur = steps
        .get(usize::try_from(case.current_step).unwrap_or(0))
        .cloned();
    serde_json::json!({
        "number": case.number,
        "guide": {
            "code": case.guide_code,
            "version": case.guide_version,
            "name_zh": guide.name_zh,
            "name_en": guide.name_en,
            "promised_days": guide.promised_days,
        },
        "guide_code": case.guide_code,
        "guide_version": case.guide_version,
        "applicant": { "id": case.applicant_id, "name_masked": case.name_masked },
        "org_code": case.org_code,
        "status": case.status,
        "current_step": cur.map(|s| serde_json::json!({
            "index": s.index, "name_zh": s.name_zh, "name_en": s.name_en, "role": s.role,
            "deadline": case.step_deadline,
        })),
        "steps": steps,
        "accepted_on": case.accepted_on,
        "deadline": case.deadline,
        "provisional": case.provisional,
        "urgency": urgency,
        "paused_since": case.paused_since,
        "received": case.received,
        "missing": notice.map(|n| n.missing.clone()).unwrap_or_default(),
        "assignee_id": case.assignee_id,
        "result": case.result,
        "history": events,
        "version": case.version,
    })
}

/// True when `role` sees case work at all (for guards' documentation).
pub(crate) const CASE_READERS: &[Role] = &[Role::Admin, Role::Worker, Role::Grid, Role::Reviewer];
/// Who takes in applications.
pub(crate) const INTAKE: &[Role] = &[Role::Admin, Role::Worker, Role::Grid];
