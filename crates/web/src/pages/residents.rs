//! Residents: find (name, pinyin, ID number, phone, last four digits), register, view and edit,
//! always masked; the full ID number and phone only after a stated reason, which is audited.

use crate::auth::{audit_action, Identity, PageUser};
use crate::error::PageError;
use crate::i18n::Lang;
use crate::layout::{beijing, Chrome};
use crate::residents::{check, Problem, ResidentInput};
use crate::AppState;
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::{Form, Router};
use quanke_domain::catalog::vocab::Tag;
use quanke_domain::ids::Phone;
use quanke_domain::org::{OrgCode, OrgKind};
use quanke_store::residents::{Resident, ResidentChanges, ResidentTag, Revealed};
use quanke_store::StoreError;
use serde::Deserialize;
use tower_sessions::Session;

#[derive(Template)]
#[template(path = "residents/list.html")]
struct ListPage {
    c: Chrome,
    q: String,
    rows: Vec<Resident>,
    total: i64,
    today: chrono::NaiveDate,
}

#[derive(Template)]
#[template(path = "residents/form.html")]
struct FormPage {
    c: Chrome,
    /// None when registering.
    id: Option<String>,
    version: i64,
    form: ResidentInput,
    units: Vec<(String, String)>,
    tags: Vec<TagGroup>,
    problems: Vec<Problem>,
    return_to: String,
    /// Shown (masked) when editing: the ID number cannot be changed.
    id_masked: String,
}

impl FormPage {
    fn has_error(&self, field: &str) -> bool {
        self.problems.iter().any(|p| p.field == field)
    }
}

/// A tag and its facts: (tag name, [(fact name, value, or None while masked)]).
type TagLine = (&'static str, Vec<(&'static str, Option<String>)>);

#[derive(Template)]
#[template(path = "residents/view.html")]
struct ViewPage {
    c: Chrome,
    r: Resident,
    /// Each tag with its facts.
    tag_lines: Vec<TagLine>,
    /// Some fact is masked (until a reveal).
    facts_hidden: bool,
    age: u32,
    unit_name: String,
    /// Where they live: (household id, `1号楼 2单元 301`), when recorded.
    household: Option<(String, String)>,
    revealed: Option<Revealed>,
    reason: String,
    reason_error: bool,
    updated: String,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct ListQuery {
    q: String,
}

const LIMIT: usize = 100;

fn today() -> chrono::NaiveDate {
    chrono::Local::now().date_naive()
}

async fn list(
    State(st): State<AppState>,
    lang: Lang,
    session: Session,
    PageUser(me): PageUser,
    Query(p): Query<ListQuery>,
) -> Result<Response, PageError> {
    let q: String = p.q.chars().take(100).collect();
    let rows = st.store.search_residents(&me.user.scope, &q, LIMIT).await?;
    let total = st.store.count_residents(&me.user.scope).await?;
    let c = Chrome::new(lang, &session, Some(&me), "/residents").await?;
    Ok(super::render(&ListPage {
        c,
        q,
        rows,
        total,
        today: today(),
    })?
    .into_response())
}

/// Communities and grids within the caller's reach, for the form's select.
async fn units(
    st: &AppState,
    me: &Identity,
    lang: Lang,
) -> Result<Vec<(String, String)>, PageError> {
    let en = lang == Lang::En;
    let mut out = Vec::new();
    // A grid worker also sees their community (the record then goes into their grid).
    let mut scope = me.user.scope.clone();
    if let Some(u) = st.store.unit_by_code(&scope).await? {
        if u.kind == OrgKind::Grid {
            if let Some(p) = u.parent_code.clone() {
                scope = p;
            }
        }
    }
    for u in st.store.units_within(&scope).await? {
        if u.kind == OrgKind::Subdistrict {
            continue;
        }
        if !(me.user.scope.contains(&u.code) || u.code.contains(&me.user.scope)) {
            continue;
        }
        let indent = if u.kind == OrgKind::Grid { "　" } else { "" };
        out.push((
            u.code.to_string(),
            format!("{indent}{} ({})", u.name_in(en), u.code),
        ));
    }
    Ok(out)
}

/// One fact's input on the form.
pub(crate) struct FactField {
    /// `disabled.grade`; the input is named `fact.disabled.grade`.
    pub name: String,
    pub zh: &'static str,
    pub en: &'static str,
    pub value: String,
    /// `text`, `date` or `choice`.
    pub kind: &'static str,
    pub options: &'static [&'static str],
}

/// One tag's checkbox and its facts.
pub(crate) struct TagChoice {
    pub code: &'static str,
    pub zh: &'static str,
    pub en: &'static str,
    pub on: bool,
    pub facts: Vec<FactField>,
}

/// The tags of one data domain.
pub(crate) struct TagGroup {
    pub zh: &'static str,
    pub en: &'static str,
    pub tags: Vec<TagChoice>,
}

/// The tag checkboxes grouped by data domain, each with its facts' inputs, as typed.
fn tag_choices(form: &ResidentInput) -> Vec<TagGroup> {
    use quanke_domain::grid::category::Domain;
    use quanke_domain::grid::tags::{domain_of, facts, FactKind};
    Domain::ALL
        .iter()
        .map(|d| TagGroup {
            zh: d.zh(),
            en: d.en(),
            tags: Tag::ALL
                .iter()
                .filter(|t| domain_of(**t) == *d)
                .map(|t| TagChoice {
                    code: t.code(),
                    zh: t.zh(),
                    en: t.en(),
                    on: form.tags.iter().any(|s| s == t.code()),
                    facts: facts(*t)
                        .iter()
                        .map(|f| {
                            let name = format!("{}.{}", t.code(), f.key);
                            let (kind, options) = match f.kind {
                                FactKind::Text => ("text", &[][..]),
                                FactKind::Date => ("date", &[][..]),
                                FactKind::Choice(o) => ("choice", o),
                            };
                            FactField {
                                value: form.facts.get(&name).cloned().unwrap_or_default(),
                                name,
                                zh: f.zh,
                                en: f.en,
                                kind,
                                options,
                            }
                        })
                        .collect(),
                })
                .collect(),
        })
        .filter(|g| !g.tags.is_empty())
        .collect()
}

/// The facts stored on a resident's tags, as the form's `tag.fact` keys.
fn stored_facts(r: &Resident) -> std::collections::BTreeMap<String, String> {
    let mut out = std::collections::BTreeMap::new();
    for t in &r.tags {
        if let Some(obj) = t.detail.as_object() {
            for (k, v) in obj {
                let text = match v {
                    serde_json::Value::String(s) => s.clone(),
                    other => other.to_string(),
                };
                out.insert(format!("{}.{k}", t.tag.code()), text);
            }
        }
    }
    out
}

/// Only local paths may be returned to (no open redirect).
fn safe_return(r: &str) -> String {
    if r.starts_with('/') && !r.starts_with("//") && !r.contains('\\') {
        r.to_string()
    } else {
        String::new()
    }
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct NewQuery {
    return_to: String,
    id_number: String,
    name: String,
}

async fn new_form(
    State(st): State<AppState>,
    lang: Lang,
    session: Session,
    PageUser(me): PageUser,
    Query(p): Query<NewQuery>,
) -> Result<Response, PageError> {
    let units = units(&st, &me, lang).await?;
    let form = ResidentInput {
        community_code: units.first().map(|u| u.0.clone()).unwrap_or_default(),
        id_number: p.id_number,
        name: p.name,
        ..Default::default()
    };
    let c = Chrome::new(lang, &session, Some(&me), "/residents").await?;
    let page = FormPage {
        c,
        id: None,
        version: 0,
        tags: tag_choices(&form),
        form,
        units,
        problems: vec![],
        return_to: safe_return(&p.return_to),
        id_masked: String::new(),
    };
    Ok(super::render(&page)?.into_response())
}

/// The form as sent: fields plus the repeated `tags` and the hidden `return_to` / `version`.
fn parse_form(body: &[u8]) -> (ResidentInput, String, i64) {
    let mut input = ResidentInput::default();
    let mut return_to = String::new();
    let mut version = 0;
    for (k, v) in form_urlencoded::parse(body) {
        let v = v.into_owned();
        match k.as_ref() {
            "name" => input.name = v,
            "id_number" => input.id_number = v,
            "phone" => input.phone = v,
            "community_code" => input.community_code = v,
            "grid_code" => input.grid_code = v,
            "address" => input.address = v,
            "tags" => input.tags.push(v),
            k if k.starts_with("fact.") => {
                input.facts.insert(k["fact.".len()..].to_string(), v);
            }
            "return_to" => return_to = safe_return(&v),
            "version" => version = v.parse().unwrap_or(0),
            _ => {}
        }
    }
    (input, return_to, version)
}

async fn create(
    State(st): State<AppState>,
    lang: Lang,
    session: Session,
    PageUser(me): PageUser,
    body: axum::body::Bytes,
) -> Result<Response, PageError> {
    let (input, return_to, _) = parse_form(&body);
    let mut problems = match check(&st.store, &me.user, &input).await {
        Ok(new) => match st.store.create_resident(&new, Some(&me.user.id)).await {
            Ok(r) => {
                audit_action(&st, &me, "resident", "resident_create", &r.id, &r.org_code).await?;
                let to = if return_to.is_empty() {
                    format!("/residents/{}", r.id)
                } else {
                    let sep = if return_to.contains('?') { '&' } else { '?' };
                    format!("{return_to}{sep}applicant={}", r.id)
                };
                return Ok(Redirect::to(&to).into_response());
            }
            Err(StoreError::Conflict(_)) => vec![duplicate_problem(&st, &me, &new.id_number).await],
            Err(StoreError::NotFound(_)) => vec![Problem {
                field: "community_code",
                zh: "所选社区或网格不存在。".into(),
                en: "The community or grid chosen does not exist.".into(),
            }],
            Err(e) => return Err(e.into()),
        },
        Err(p) => p,
    };
    problems.dedup_by(|a, b| a.field == b.field && a.zh == b.zh);
    let units = units(&st, &me, lang).await?;
    let c = Chrome::new(lang, &session, Some(&me), "/residents").await?;
    let page = FormPage {
        c,
        id: None,
        version: 0,
        tags: tag_choices(&input),
        form: input,
        units,
        problems,
        return_to,
        id_masked: String::new(),
    };
    Ok((StatusCode::UNPROCESSABLE_ENTITY, super::render(&page)?).into_response())
}

async fn duplicate_problem(
    st: &AppState,
    me: &Identity,
    number: &quanke_domain::ids::ResidentId,
) -> Problem {
    match st.store.resident_by_id_number(number, &me.user.scope).await {
        Ok(Some(r)) => Problem {
            field: "id_number",
            zh: format!("该身份证号已登记：{}（{}），请直接使用该记录。", r.name, r.id_masked),
            en: format!(
                "This ID number is already registered: {} ({}); use that record.",
                r.name, r.id_masked
            ),
        },
        _ => Problem {
            field: "id_number",
            zh: "该身份证号已在其他社区登记，请联系街道管理员。".into(),
            en: "This ID number is already registered in another community; ask the subdistrict administrator.".into(),
        },
    }
}

async fn unit_name(st: &AppState, code: &str, lang: Lang) -> String {
    match OrgCode::parse(code) {
        Ok(c) => match st.store.unit_by_code(&c).await {
            Ok(Some(u)) => u.name_in(lang == Lang::En).to_string(),
            _ => code.to_string(),
        },
        Err(_) => code.to_string(),
    }
}

#[allow(clippy::too_many_arguments)]
async fn view_page(
    st: &AppState,
    lang: Lang,
    session: &Session,
    me: &Identity,
    r: Resident,
    revealed: Option<Revealed>,
    reason: String,
    reason_error: bool,
) -> Result<ViewPage, PageError> {
    let c = Chrome::new(lang, session, Some(me), "/residents").await?;
    let en = lang == Lang::En;
    let tag_lines: Vec<TagLine> = r
        .tags
        .iter()
        .map(|t| {
            let facts = quanke_domain::grid::tags::facts(t.tag)
                .iter()
                .filter_map(|f| {
                    let v = t.detail.get(f.key)?;
                    let text = match v {
                        serde_json::Value::String(s) => s.clone(),
                        other => other.to_string(),
                    };
                    let shown = (revealed.is_some()
                        || !quanke_domain::grid::tags::sensitive(t.tag))
                    .then_some(text);
                    Some((if en { f.en } else { f.zh }, shown))
                })
                .collect();
            (if en { t.tag.en() } else { t.tag.zh() }, facts)
        })
        .collect();
    let facts_hidden = tag_lines
        .iter()
        .any(|(_, fs)| fs.iter().any(|f| f.1.is_none()));
    Ok(ViewPage {
        c,
        facts_hidden,
        tag_lines,
        age: r.age_on(today()),
        unit_name: unit_name(st, &r.org_code, lang).await,
        household: match &r.household_id {
            Some(h) => st
                .store
                .household(h, &me.user.scope)
                .await
                .ok()
                .map(|x| (x.id.clone(), x.label())),
            None => None,
        },
        updated: beijing(r.updated_at),
        r,
        revealed,
        reason,
        reason_error,
    })
}

async fn view(
    State(st): State<AppState>,
    lang: Lang,
    session: Session,
    PageUser(me): PageUser,
    Path(id): Path<String>,
) -> Result<Response, PageError> {
    let r = scoped(&st, &me, &id).await?;
    let page = view_page(&st, lang, &session, &me, r, None, String::new(), false).await?;
    Ok(super::render(&page)?.into_response())
}

async fn scoped(st: &AppState, me: &Identity, id: &str) -> Result<Resident, PageError> {
    match st.store.resident(id, &me.user.scope).await {
        Ok(r) => Ok(r),
        Err(StoreError::NotFound(_)) => Err(PageError::NotFound),
        Err(e) => Err(e.into()),
    }
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct RevealForm {
    reason: String,
}

async fn reveal(
    State(st): State<AppState>,
    lang: Lang,
    session: Session,
    PageUser(me): PageUser,
    Path(id): Path<String>,
    Form(f): Form<RevealForm>,
) -> Result<Response, PageError> {
    let r = scoped(&st, &me, &id).await?;
    let reason: String = f.reason.trim().chars().take(200).collect();
    if reason.chars().count() < 2 {
        let page = view_page(&st, lang, &session, &me, r, None, reason, true).await?;
        return Ok((StatusCode::UNPROCESSABLE_ENTITY, super::render(&page)?).into_response());
    }
    let revealed = st.store.reveal_resident(&r.id, &me.user.scope).await?;
    audit_action(&st, &me, "resident", "resident_reveal", &r.id, &reason).await?;
    let page = view_page(&st, lang, &session, &me, r, Some(revealed), reason, false).await?;
    Ok(([(header::CACHE_CONTROL, "no-store")], super::render(&page)?).into_response())
}

async fn edit_form(
    State(st): State<AppState>,
    lang: Lang,
    session: Session,
    PageUser(me): PageUser,
    Path(id): Path<String>,
) -> Result<Response, PageError> {
    let r = scoped(&st, &me, &id).await?;
    let units = units(&st, &me, lang).await?;
    let form = ResidentInput {
        name: r.name.clone(),
        id_number: String::new(),
        phone: String::new(),
        community_code: r.org_code.clone(),
        grid_code: String::new(),
        address: r.address.clone(),
        tags: r.tags.iter().map(|t| t.tag.code().to_string()).collect(),
        facts: stored_facts(&r),
    };
    let c = Chrome::new(lang, &session, Some(&me), "/residents").await?;
    let page = FormPage {
        c,
        id: Some(r.id.clone()),
        version: r.version,
        tags: tag_choices(&form),
        form,
        units,
        problems: vec![],
        return_to: String::new(),
        id_masked: format!(
            "{}{}",
            r.id_masked,
            r.phone_masked
                .as_ref()
                .map(|p| format!(" · {p}"))
                .unwrap_or_default()
        ),
    };
    Ok(super::render(&page)?.into_response())
}

async fn update(
    State(st): State<AppState>,
    lang: Lang,
    session: Session,
    PageUser(me): PageUser,
    Path(id): Path<String>,
    body: axum::body::Bytes,
) -> Result<Response, PageError> {
    let r = scoped(&st, &me, &id).await?;
    let (input, _, version) = parse_form(&body);
    // The ID number cannot change: check the rest with the stored number.
    let stored = st.store.reveal_resident(&r.id, &me.user.scope).await?;
    let mut checked_input = input.clone();
    checked_input.id_number = stored.id_number.clone();
    let keep_phone = input.phone.trim().is_empty();
    if keep_phone {
        checked_input.phone = stored.phone.clone().unwrap_or_default();
    }
    let mut problems = match check(&st.store, &me.user, &checked_input).await {
        Ok(new) => {
            let mut tags: Vec<ResidentTag> = new.tags.clone();
            // The form carries the known facts; details it does not know (from elsewhere) stay.
            for t in tags.iter_mut() {
                if let Some(old) = r.tags.iter().find(|o| o.tag == t.tag) {
                    let known = quanke_domain::grid::tags::facts(t.tag);
                    if let (Some(o), Some(n)) = (old.detail.as_object(), t.detail.as_object_mut()) {
                        for (k, v) in o {
                            if !known.iter().any(|f| f.key == k) {
                                n.insert(k.clone(), v.clone());
                            }
                        }
                    }
                }
            }
            let changes = ResidentChanges {
                name: new.name,
                phone: new.phone,
                org_code: new.org_code,
                address: new.address,
                household_id: r.household_id.clone(),
                tags,
            };
            match st.store.update_resident(&r.id, &me.user.scope, version, &changes).await {
                Ok(after) => {
                    audit_action(&st, &me, "resident", "resident_update", &after.id, "").await?;
                    return Ok(Redirect::to(&format!("/residents/{}", after.id)).into_response());
                }
                Err(StoreError::Stale) => vec![Problem {
                    field: "",
                    zh: "该记录已被他人修改，请重新打开后再改。".into(),
                    en: "Someone else changed this record meanwhile; open it again and redo your change.".into(),
                }],
                Err(StoreError::Invalid(m)) => vec![Problem {
                    field: "community_code",
                    zh: m.clone(),
                    en: m,
                }],
                Err(e) => return Err(e.into()),
            }
        }
        Err(p) => p,
    };
    problems.retain(|p| p.field != "id_number");
    if !keep_phone {
        if let Err(e) = Phone::parse(&input.phone) {
            if !problems.iter().any(|p| p.field == "phone") {
                problems.push(Problem {
                    field: "phone",
                    zh: e.message_zh(),
                    en: e.message_en(),
                });
            }
        }
    }
    let units = units(&st, &me, lang).await?;
    let c = Chrome::new(lang, &session, Some(&me), "/residents").await?;
    let page = FormPage {
        c,
        id: Some(r.id.clone()),
        version,
        tags: tag_choices(&input),
        form: input,
        units,
        problems,
        return_to: String::new(),
        id_masked: r.id_masked.clone(),
    };
    Ok((StatusCode::UNPROCESSABLE_ENTITY, super::render(&page)?).into_response())
}

pub(super) fn router() -> Router<AppState> {
    Router::new()
        .route("/residents", get(list).post(create))
        .route("/residents/new", get(new_form))
        .route("/residents/{id}", get(view))
        .route("/residents/{id}/edit", get(edit_form).post(update))
        .route("/residents/{id}/reveal", post(reveal))
}
