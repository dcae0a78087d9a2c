//! What the resident pages and the resident API share: checking what was typed into a
//! [`NewResident`], with a message per field in both languages, and placing the record in a unit
//! the caller may reach.

use quanke_domain::account::Role;
use quanke_domain::catalog::vocab::Tag;
use quanke_domain::ids::{Phone, ResidentId};
use quanke_domain::org::{OrgCode, OrgKind};
use quanke_store::residents::{NewResident, ResidentTag};
use quanke_store::users::User;
use quanke_store::Store;

/// Roles that read and register residents (the reviewer sees applicants through cases only; the
/// auditor reads the audit log only).
pub(crate) const READERS: &[Role] = &[Role::Admin, Role::Worker, Role::Grid];

/// What was typed, as text: kept as it is to show the form again.
#[derive(Debug, Default, Clone, serde::Deserialize)]
#[serde(default)]
pub(crate) struct ResidentInput {
    pub name: String,
    pub id_number: String,
    pub phone: String,
    /// The community (or grid) the resident lives in.
    pub community_code: String,
    /// The grid, when known (optional).
    pub grid_code: String,
    pub address: String,
    /// Tag codes (`elderly_alone`, …).
    pub tags: Vec<String>,
    /// The facts of the chosen tags, keyed `tag.fact` (`disabled.grade` → `二级`); see
    /// `quanke_domain::grid::tags::facts`.
    pub facts: std::collections::BTreeMap<String, String>,
}

/// One problem with one field.
#[derive(Debug, Clone)]
pub(crate) struct Problem {
    pub field: &'static str,
    pub zh: String,
    pub en: String,
}

impl Problem {
    pub(crate) fn new(
        field: &'static str,
        zh: impl Into<String>,
        en: impl Into<String>,
    ) -> Problem {
        Problem {
            field,
            zh: zh.into(),
            en: en.into(),
        }
    }

    pub fn message(&self, en: bool) -> &str {
        if en {
            &self.en
        } else {
            &self.zh
        }
    }
}

fn today() -> chrono::NaiveDate {
    chrono::Local::now().date_naive()
}

/// Check the input; place the resident in the grid given, else the community given, which must
/// lie within the caller's scope (a grid worker's residents go into their own grid).
pub(crate) async fn check(
    store: &Store,
    me: &User,
    input: &ResidentInput,
) -> Result<NewResident, Vec<Problem>> {
    let mut problems = Vec::new();
    let name = input.name.trim();
    let n = name.chars().count();
    if n == 0 {
        problems.push(Problem::new("name", "请填写姓名。", "Enter the name."));
    } else if n > 50 || name.chars().any(|c| c.is_control() || c.is_ascii_digit()) {
        problems.push(Problem::new(
            "name",
            "姓名最多 50 个字，不能含数字。",
            "The name has at most 50 characters and no digits.",
        ));
    }
    let id_number = match ResidentId::parse(&input.id_number, today()) {
        Ok(id) => Some(id),
        Err(e) => {
            problems.push(Problem::new(
                "id_number",
                format!("身份证号：{}", e.message_zh()),
                format!("ID number: {}", e.message_en()),
            ));
            None
        }
    };
    let phone = if input.phone.trim().is_empty() {
        None
    } else {
        match Phone::parse(&input.phone) {
            Ok(p) => Some(p),
            Err(e) => {
                problems.push(Problem::new(
                    "phone",
                    format!("手机号：{}", e.message_zh()),
                    format!("Phone: {}", e.message_en()),
                ));
                None
            }
        }
    };
    let org = place(store, me, input).await;
    let org = match org {
        Ok(o) => Some(o),
        Err(p) => {
            problems.push(p);
            None
        }
    };
    if input.address.trim().chars().count() > 200 {
        problems.push(Problem::new(
            "address",
            "地址最多 200 个字。",
            "The address has at most 200 characters.",
        ));
    }
    let mut tags = Vec::new();
    for code in &input.tags {
        if code.is_empty() {
            continue;
        }
        match Tag::parse(code) {
            Some(t) => {
                let mut tag = ResidentTag::plain(t);
                for fact in quanke_domain::grid::tags::facts(t) {
                    let name = format!("{}.{}", t.code(), fact.key);
                    let value = input.facts.get(&name).map(|v| v.trim()).unwrap_or("");
                    if value.is_empty() {
                        continue;
                    }
                    match quanke_domain::grid::tags::check_fact(fact, value) {
                        Ok(v) => tag.detail[fact.key] = serde_json::Value::String(v),
                        Err((zh, en)) => problems.push(Problem {
                            field: "facts",
                            zh,
                            en: format!("{name}: {en}"),
                        }),
                    }
                }
                tags.push(tag);
            }
            None => problems.push(Problem::new(
                "tags",
                format!("未知的标签 {code}。"),
                format!(
                    "unknown tag {code}; use one of: {}",
                    Tag::ALL
                        .iter()
                        .map(|t| t.code())
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            )),
        }
    }
    match (problems.is_empty(), id_number, org) {
        (true, Some(id_number), Some(org_code)) => Ok(NewResident {
            name: name.to_string(),
            id_number,
            phone,
            org_code,
            address: input.address.trim().to_string(),
            household_id: None,
            tags,
        }),
        _ => Err(problems),
    }
}

async fn place(store: &Store, me: &User, input: &ResidentInput) -> Result<OrgCode, Problem> {
    let bad_unit = || {
        Problem::new(
            "community_code",
            "请选择您负责范围内的社区或网格。",
            "Choose a community or grid within your area (e.g. 370102-003-001).",
        )
    };
    let wanted = if input.grid_code.trim().is_empty() {
        input.community_code.trim()
    } else {
        input.grid_code.trim()
    };
    if wanted.is_empty() {
        return Err(Problem::new(
            "community_code",
            "请选择社区。",
            "Choose the community (community_code).",
        ));
    }
    let code = OrgCode::parse(wanted).map_err(|_| bad_unit())?;
    let unit = store
        .unit_by_code(&code)
        .await
        .ok()
        .flatten()
        .ok_or_else(bad_unit)?;
    if unit.kind == OrgKind::Subdistrict {
        return Err(bad_unit());
    }
    if me.scope.contains(&code) {
        return Ok(code);
    }
    // A grid worker registering someone in "their community" places them in their own grid.
    if code.contains(&me.scope) {
        return Ok(me.scope.clone());
    }
    Err(bad_unit())
}
