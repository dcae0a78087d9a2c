//! Spreadsheets of residents, buildings and households, as real data arrives.
//!
//! 1. [`Mapping::recognise`] maps the header row to fields: Chinese headers (姓名, 身份证号, 联系电话,
//!    楼栋, 单元, 房号, 网格, 标签 …) and their English names are recognised, and a saved mapping
//!    (header text → field code) overrides or adds to that. A required field without a column is an
//!    error naming it.
//! 2. [`validate_residents`] (and the buildings and households twins) check every row and return the
//!    good rows and, for each bad row, its spreadsheet row number (the header is row 1) and every
//!    reason: missing required field, ID number checksum, bad phone, unknown building or grid,
//!    unknown tag, duplicate of an earlier row of the file.
//!
//! Nothing here touches the database: what is known (buildings, grids) comes in as [`Known`].

use crate::catalog::vocab::Tag;
use crate::grid::place::LatLon;
use crate::ids::{IdError, Phone, PhoneError, ResidentId};
use chrono::NaiveDate;
use serde::Serialize;
use std::collections::{BTreeMap, HashMap, HashSet};

/// What a file holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    Residents,
    Buildings,
    Households,
}

impl Kind {
    pub fn parse(s: &str) -> Option<Kind> {
        match s {
            "residents" => Some(Kind::Residents),
            "buildings" => Some(Kind::Buildings),
            "households" => Some(Kind::Households),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Residents => "residents",
            Kind::Buildings => "buildings",
            Kind::Households => "households",
        }
    }

    /// The fields of this kind of file and whether each is required.
    pub fn fields(self) -> &'static [(Field, bool)] {
        use Field::*;
        match self {
            Kind::Residents => &[
                (Name, true),
                (IdNumber, true),
                (Phone, false),
                (Building, false),
                (Unit, false),
                (Room, false),
                (Grid, false),
                (Tags, false),
                (Address, false),
                (DisabilityType, false),
                (DisabilityGrade, false),
                (PartyBranch, false),
                (DibaoSince, false),
            ],
            Kind::Buildings => &[
                (Building, true),
                (Grid, false),
                (Address, false),
                (Lat, false),
                (Lon, false),
            ],
            Kind::Households => &[
                (Building, true),
                (Unit, false),
                (Room, true),
                (Grid, false),
                (Address, false),
                (Rented, false),
            ],
        }
    }
}

/// A column's meaning.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Field {
    Name,
    IdNumber,
    Phone,
    Building,
    Unit,
    Room,
    Grid,
    Tags,
    Address,
    Lat,
    Lon,
    Rented,
    DisabilityType,
    DisabilityGrade,
    PartyBranch,
    DibaoSince,
}

impl Field {
    pub const ALL: [Field; 16] = [
        Field::Name,
        Field::IdNumber,
        Field::Phone,
        Field::Building,
        Field::Unit,
        Field::Room,
        Field::Grid,
        Field::Tags,
        Field::Address,
        Field::Lat,
        Field::Lon,
        Field::Rented,
        Field::DisabilityType,
        Field::DisabilityGrade,
        Field::PartyBranch,
        Field::DibaoSince,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Field::Name => "name",
            Field::IdNumber => "id_number",
            Field::Phone => "phone",
            Field::Building => "building",
            Field::Unit => "unit",
            Field::Room => "room",
            Field::Grid => "grid",
            Field::Tags => "tags",
            Field::Address => "address",
            Field::Lat => "lat",
            Field::Lon => "lon",
            Field::Rented => "rented",
            Field::DisabilityType => "disability_type",
            Field::DisabilityGrade => "disability_grade",
            Field::PartyBranch => "party_branch",
            Field::DibaoSince => "dibao_since",
        }
    }

    pub fn parse(code: &str) -> Option<Field> {
        Field::ALL.into_iter().find(|f| f.code() == code)
    }

    /// The usual header in Chinese.
    pub fn zh(self) -> &'static str {
        self.headers()[0]
    }

    /// Headers recognised for this field (compared after [`normalise_header`]); the first is the
    /// one a template uses.
    pub fn headers(self) -> &'static [&'static str] {
        match self {
            Field::Name => &["姓名", "居民姓名", "name"],
            Field::IdNumber => &[
                "身份证号",
                "身份证号码",
                "公民身份号码",
                "证件号码",
                "idnumber",
                "id_number",
                "id",
            ],
            Field::Phone => &["联系电话", "手机号", "手机号码", "电话", "phone", "mobile"],
            Field::Building => &["楼栋", "楼号", "楼栋号", "楼栋名称", "building"],
            Field::Unit => &["单元", "单元号", "unit"],
            Field::Room => &["房号", "房间号", "门牌号", "room"],
            Field::Grid => &["网格", "所属网格", "网格编码", "grid"],
            Field::Tags => &["标签", "人员类别", "人群标签", "tags"],
            Field::Address => &["地址", "现住址", "居住地址", "address"],
            Field::Lat => &["纬度", "lat", "latitude"],
            Field::Lon => &["经度", "lon", "lng", "longitude"],
            Field::Rented => &["是否出租", "出租", "出租屋", "rented"],
            Field::DisabilityType => &["残疾类别", "残疾类型", "disability_type"],
            Field::DisabilityGrade => &["残疾等级", "disability_grade"],
            Field::PartyBranch => &["所在党支部", "党支部", "party_branch"],
            Field::DibaoSince => &["低保起始日期", "享受低保时间", "dibao_since"],
        }
    }
}

/// A header as compared: trimmed, without spaces, asterisks (required marks) and full-width forms,
/// lower case.
pub fn normalise_header(h: &str) -> String {
    h.chars()
        .filter(|c| !c.is_whitespace() && *c != '*' && *c != '＊')
        .map(|c| match c {
            '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
            _ => c,
        })
        .flat_map(char::to_lowercase)
        .collect()
}

/// A saved mapping: header text → field code, e.g. `{"户主证件号": "id_number"}`.
pub type SavedMapping = BTreeMap<String, String>;

/// Which column holds which field.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Mapping {
    pub kind: Kind,
    /// Field → 0-based column.
    pub columns: BTreeMap<Field, usize>,
    /// Headers that matched nothing (ignored; shown so a mapping can be saved for them).
    pub ignored: Vec<String>,
}

/// Why the header row could not be mapped.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, Serialize)]
pub enum MappingError {
    #[error("the file has no header row")]
    NoHeader,
    #[error("required columns are missing: {}; name the headers like this or save a mapping for yours", .0.join(", "))]
    Missing(Vec<String>),
    #[error("two columns mean {field}: {first:?} and {second:?}; remove one or map one elsewhere")]
    Twice {
        field: String,
        first: String,
        second: String,
    },
    #[error("the saved mapping names an unknown field {0:?}; fields are: name, id_number, phone, building, unit, room, grid, tags, address, lat, lon, rented, disability_type, disability_grade, party_branch, dibao_since")]
    UnknownField(String),
}

impl Mapping {
    /// Map a header row. A saved mapping is tried first, then the recognised headers.
    pub fn recognise(
        kind: Kind,
        headers: &[String],
        saved: &SavedMapping,
    ) -> Result<Mapping, MappingError> {
        if headers.iter().all(|h| h.trim().is_empty()) {
            return Err(MappingError::NoHeader);
        }
        let mut saved_norm = HashMap::new();
        for (h, code) in saved {
            let f = Field::parse(code).ok_or_else(|| MappingError::UnknownField(code.clone()))?;
            saved_norm.insert(normalise_header(h), f);
        }
        let wanted: Vec<Field> = kind.fields().iter().map(|(f, _)| *f).collect();
        let mut columns: BTreeMap<Field, usize> = BTreeMap::new();
        let mut ignored = Vec::new();
        for (i, h) in headers.iter().enumerate() {
            let n = normalise_header(h);
            if n.is_empty() {
                continue;
            }
            let field = saved_norm.get(&n).copied().or_else(|| {
                wanted
                    .iter()
                    .copied()
                    .find(|f| f.headers().iter().any(|x| normalise_header(x) == n))
            });
            match field.filter(|f| wanted.contains(f)) {
                Some(f) => {
                    if let Some(&first) = columns.get(&f) {
                        return Err(MappingError::Twice {
                            field: f.code().to_string(),
                            first: headers[first].trim().to_string(),
                            second: h.trim().to_string(),
                        });
                    }
                    columns.insert(f, i);
                }
                None => ignored.push(h.trim().to_string()),
            }
        }
        let missing: Vec<String> = kind
            .fields()
            .iter()
            .filter(|(f, req)| *req && !columns.contains_key(f))
            .map(|(f, _)| format!("{} ({})", f.zh(), f.code()))
            .collect();
        if !missing.is_empty() {
            return Err(MappingError::Missing(missing));
        }
        Ok(Mapping {
            kind,
            columns,
            ignored,
        })
    }

    /// The trimmed cell of `field` in `cells`, empty when absent.
    pub fn cell<'a>(&self, cells: &'a [String], field: Field) -> &'a str {
        self.columns
            .get(&field)
            .and_then(|&i| cells.get(i))
            .map(|s| s.trim())
            .unwrap_or("")
    }
}

/// One data row of a file: its spreadsheet row number (the header is row 1) and its cells.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RawRow {
    pub row: usize,
    pub cells: Vec<String>,
}

impl RawRow {
    /// True when every cell is blank (such rows are skipped, as spreadsheets often end with some).
    pub fn is_blank(&self) -> bool {
        self.cells.iter().all(|c| c.trim().is_empty())
    }
}

/// Turn a file's rows (header first) into a header and numbered data rows, skipping blank rows.
pub fn number_rows(rows: Vec<Vec<String>>) -> (Vec<String>, Vec<RawRow>) {
    let mut it = rows.into_iter();
    let header = it.next().unwrap_or_default();
    let data = it
        .enumerate()
        .map(|(i, cells)| RawRow { row: i + 2, cells })
        .filter(|r| !r.is_blank())
        .collect();
    (header, data)
}

/// What is wrong with one field of a row.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Problem {
    Missing,
    IdNumber {
        en: String,
        zh: String,
    },
    Phone {
        en: String,
        zh: String,
    },
    UnknownBuilding {
        name: String,
    },
    UnknownGrid {
        value: String,
    },
    UnknownTag {
        value: String,
    },
    Number {
        value: String,
    },
    Date {
        value: String,
    },
    YesNo {
        value: String,
    },
    Duplicate {
        first_row: usize,
    },
    /// The ID number belongs to a resident registered in another community (`unit`).
    RegisteredElsewhere {
        unit: String,
    },
    /// A tag's fact that is not one of its allowed values.
    Fact {
        zh: String,
        en: String,
    },
}

/// A bad row: where, which field, why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RowError {
    pub row: usize,
    pub field: Field,
    pub problem: Problem,
}

impl RowError {
    /// The reason in English.
    pub fn message_en(&self) -> String {
        let f = self.field.code();
        match &self.problem {
            Problem::Missing => format!("{f} is required and empty"),
            Problem::IdNumber { en, .. } => format!("ID number: {en}"),
            Problem::Phone { en, .. } => format!("phone: {en}"),
            Problem::UnknownBuilding { name } => format!(
                "unknown building {name:?}; import the buildings first or correct the name"
            ),
            Problem::UnknownGrid { value } => {
                format!("unknown grid {value:?}; give the grid's code (e.g. 370102-003-001-01) or its full name within your scope")
            }
            Problem::UnknownTag { value } => format!(
                "unknown tag {value:?}; use tags such as 独居老人, 高龄老人, 残疾人, 低保对象, 党员, separated by ；or ,"
            ),
            Problem::Number { value } => format!("{f}: {value:?} is not a number"),
            Problem::Date { value } => format!("{f}: {value:?} is not a date YYYY-MM-DD"),
            Problem::YesNo { value } => format!("{f}: {value:?} is not 是/否 (yes/no)"),
            Problem::Duplicate { first_row } => {
                format!("{f} repeats row {first_row} of the file; keep one of the two rows")
            }
            Problem::RegisteredElsewhere { unit } => format!(
                "this person is registered under {unit}, outside the community you import into; ask that community to move them, or remove the row"
            ),
            Problem::Fact { en, .. } => en.clone(),
        }
    }

    /// The reason in Chinese.
    pub fn message_zh(&self) -> String {
        let f = self.field.zh();
        match &self.problem {
            Problem::Missing => format!("“{f}”为必填项，此行为空"),
            Problem::IdNumber { zh, .. } => format!("身份证号：{zh}"),
            Problem::Phone { zh, .. } => format!("联系电话：{zh}"),
            Problem::UnknownBuilding { name } => {
                format!("楼栋“{name}”不存在；请先导入楼栋或改正楼栋名称")
            }
            Problem::UnknownGrid { value } => format!(
                "网格“{value}”不存在或不在您的范围内；请填写网格编码（如 370102-003-001-01）或网格全称"
            ),
            Problem::UnknownTag { value } => format!(
                "标签“{value}”无法识别；可用标签如 独居老人、高龄老人、残疾人、低保对象、党员，以；或，分隔"
            ),
            Problem::Number { value } => format!("“{f}”的“{value}”不是数字"),
            Problem::Date { value } => format!("“{f}”的“{value}”不是日期（YYYY-MM-DD）"),
            Problem::YesNo { value } => format!("“{f}”的“{value}”应为“是”或“否”"),
            Problem::Duplicate { first_row } => {
                format!("“{f}”与文件第{first_row}行重复；请保留其中一行")
            }
            Problem::RegisteredElsewhere { unit } => format!(
                "此人已登记在 {unit}，不属于本次导入的社区；请联系该社区迁出，或删除此行"
            ),
            Problem::Fact { zh, .. } => zh.clone(),
        }
    }
}

/// What the database already holds, for the checks that need it.
#[derive(Debug, Clone, Default)]
pub struct Known {
    /// Building names within the importer's scope.
    pub buildings: HashSet<String>,
    /// Grid code or full name → grid code, within the importer's scope.
    pub grids: HashMap<String, String>,
}

/// A resident's tag and its facts.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TagRow {
    pub tag: Tag,
    pub detail: serde_json::Value,
}

/// A good resident row.
#[derive(Debug, Clone, PartialEq)]
pub struct ResidentRow {
    pub row: usize,
    pub name: String,
    pub id: ResidentId,
    pub phone: Option<Phone>,
    pub building: Option<String>,
    pub unit: String,
    pub room: String,
    pub grid: Option<String>,
    pub tags: Vec<TagRow>,
    pub address: String,
}

/// A good building row.
#[derive(Debug, Clone, PartialEq)]
pub struct BuildingRow {
    pub row: usize,
    pub name: String,
    pub grid: Option<String>,
    pub address: String,
    pub location: Option<LatLon>,
}

/// A good household row.
#[derive(Debug, Clone, PartialEq)]
pub struct HouseholdRow {
    pub row: usize,
    pub building: String,
    pub unit: String,
    pub room: String,
    pub grid: Option<String>,
    pub address: String,
    pub rented: bool,
}

/// The result of validating a file: the good rows and every problem of the bad ones.
#[derive(Debug, Clone, PartialEq)]
pub struct Checked<T> {
    pub good: Vec<T>,
    pub errors: Vec<RowError>,
    /// Data rows read (blank rows not counted).
    pub total: usize,
}

impl<T> Checked<T> {
    /// The numbers of the bad rows, each once.
    pub fn bad_rows(&self) -> Vec<usize> {
        let mut v: Vec<usize> = self.errors.iter().map(|e| e.row).collect();
        v.dedup();
        v
    }
}

/// Parse a tag as people write it: its code, Chinese or English name, or a short form (低保, 残疾,
/// 独居, 高龄, 矫正 …).
pub fn parse_tag(s: &str) -> Option<Tag> {
    let s = s.trim();
    if s.is_empty() {
        return None;
    }
    if let Some(t) = Tag::parse(s) {
        return Some(t);
    }
    if let Some(t) = Tag::ALL
        .iter()
        .find(|t| t.zh() == s || t.en().eq_ignore_ascii_case(s))
    {
        return Some(*t);
    }
    let short: &[(&str, Tag)] = &[
        ("独居", Tag::ElderlyAlone),
        ("高龄", Tag::Aged80),
        ("残疾", Tag::Disabled),
        ("低保", Tag::Dibao),
        ("特困", Tag::Tekun),
        ("退役", Tag::Veteran),
        ("党员", Tag::PartyMember),
        ("失业", Tag::Unemployed),
        ("流动", Tag::Floating),
        ("租户", Tag::Renter),
        ("矫正", Tag::CommunityCorrection),
        ("重点青少年", Tag::KeyYouth),
        ("留守", Tag::LeftBehindChild),
        ("独生子女", Tag::OnlyChildParent),
    ];
    short
        .iter()
        .find(|(k, _)| s.starts_with(k))
        .map(|(_, t)| *t)
}

fn split_list(s: &str) -> impl Iterator<Item = &str> {
    s.split([';', '；', ',', '，', '、', '/', '|'])
        .map(str::trim)
        .filter(|x| !x.is_empty())
}

/// Parse 是/否 as people write it.
pub fn parse_yes_no(s: &str) -> Option<bool> {
    match normalise_header(s).as_str() {
        "" | "否" | "no" | "n" | "0" | "false" | "自住" => Some(false),
        "是" | "yes" | "y" | "1" | "true" | "出租" => Some(true),
        _ => None,
    }
}

fn grid_of(m: &Mapping, r: &RawRow, known: &Known, errors: &mut Vec<RowError>) -> Option<String> {
    let g = m.cell(&r.cells, Field::Grid);
    if g.is_empty() {
        return None;
    }
    match known.grids.get(g) {
        Some(code) => Some(code.clone()),
        None => {
            errors.push(RowError {
                row: r.row,
                field: Field::Grid,
                problem: Problem::UnknownGrid {
                    value: g.to_string(),
                },
            });
            None
        }
    }
}

fn required<'a>(
    m: &Mapping,
    r: &'a RawRow,
    field: Field,
    errors: &mut Vec<RowError>,
) -> Option<&'a str> {
    let v = m.cell(&r.cells, field);
    if v.is_empty() {
        errors.push(RowError {
            row: r.row,
            field,
            problem: Problem::Missing,
        });
        None
    } else {
        Some(v)
    }
}

/// Check every resident row.
pub fn validate_residents(
    m: &Mapping,
    rows: &[RawRow],
    known: &Known,
    today: NaiveDate,
) -> Checked<ResidentRow> {
    let mut good = Vec::new();
    let mut all_errors = Vec::new();
    let mut seen: HashMap<String, usize> = HashMap::new();
    for r in rows {
        let mut errors = Vec::new();
        let name = required(m, r, Field::Name, &mut errors);
        let id =
            required(m, r, Field::IdNumber, &mut errors).and_then(|s| {
                match ResidentId::parse(s, today) {
                    Ok(id) => Some(id),
                    Err(_) if looks_like_a_number_cell(s) => {
                        errors.push(RowError {
                            row: r.row,
                            field: Field::IdNumber,
                            problem: Problem::IdNumber {
                                en: format!("{s:?} was stored as a number in the spreadsheet, which keeps only 15 digits; format the column as text and type the ID numbers again"),
                                zh: format!("“{s}”在表格中是数字格式，超过 15 位的数字已丢失末几位；请把该列设为“文本”格式后重新录入身份证号"),
                            },
                        });
                        None
                    }
                    Err(e) => {
                        errors.push(id_error(r.row, &e));
                        None
                    }
                }
            });
        if let Some(id) = &id {
            if let Some(&first_row) = seen.get(id.as_str()) {
                errors.push(RowError {
                    row: r.row,
                    field: Field::IdNumber,
                    problem: Problem::Duplicate { first_row },
                });
            } else {
                seen.insert(id.as_str().to_string(), r.row);
            }
        }
        let phone = match m.cell(&r.cells, Field::Phone) {
            "" => None,
            s => match Phone::parse(s) {
                Ok(p) => Some(p),
                Err(e) => {
                    errors.push(phone_error(r.row, &e));
                    None
                }
            },
        };
        let building = match m.cell(&r.cells, Field::Building) {
            "" => None,
            b if known.buildings.contains(b) => Some(b.to_string()),
            b => {
                errors.push(RowError {
                    row: r.row,
                    field: Field::Building,
                    problem: Problem::UnknownBuilding {
                        name: b.to_string(),
                    },
                });
                None
            }
        };
        let grid = grid_of(m, r, known, &mut errors);
        let tags = resident_tags(m, r, &mut errors);
        if errors.is_empty() {
            good.push(ResidentRow {
                row: r.row,
                name: name.unwrap_or_default().to_string(),
                id: id.expect("checked"),
                phone,
                building,
                unit: m.cell(&r.cells, Field::Unit).to_string(),
                room: m.cell(&r.cells, Field::Room).to_string(),
                grid,
                tags,
                address: m.cell(&r.cells, Field::Address).to_string(),
            });
        }
        all_errors.extend(errors);
    }
    Checked {
        good,
        errors: all_errors,
        total: rows.len(),
    }
}

fn resident_tags(m: &Mapping, r: &RawRow, errors: &mut Vec<RowError>) -> Vec<TagRow> {
    let mut tags: Vec<TagRow> = Vec::new();
    for t in split_list(m.cell(&r.cells, Field::Tags)) {
        match parse_tag(t) {
            Some(tag) if !tags.iter().any(|x| x.tag == tag) => tags.push(TagRow {
                tag,
                detail: serde_json::json!({}),
            }),
            Some(_) => {}
            None => errors.push(RowError {
                row: r.row,
                field: Field::Tags,
                problem: Problem::UnknownTag {
                    value: t.to_string(),
                },
            }),
        }
    }
    // The facts each tag needs, from their own columns.
    let facts: [(Field, Tag, &str); 4] = [
        (Field::DisabilityType, Tag::Disabled, "type"),
        (Field::DisabilityGrade, Tag::Disabled, "grade"),
        (Field::PartyBranch, Tag::PartyMember, "branch"),
        (Field::DibaoSince, Tag::Dibao, "since"),
    ];
    for (field, tag, key) in facts {
        let v = m.cell(&r.cells, field);
        if v.is_empty() {
            continue;
        }
        let fact = crate::grid::tags::facts(tag)
            .iter()
            .find(|f| f.key == key)
            .expect("every fact column names a fact of its tag");
        let v = match crate::grid::tags::check_fact(fact, v) {
            Ok(v) => v,
            Err(_) if field == Field::DibaoSince => {
                errors.push(RowError {
                    row: r.row,
                    field,
                    problem: Problem::Date {
                        value: v.to_string(),
                    },
                });
                continue;
            }
            Err((zh, en)) => {
                errors.push(RowError {
                    row: r.row,
                    field,
                    problem: Problem::Fact { zh, en },
                });
                continue;
            }
        };
        if !tags.iter().any(|x| x.tag == tag) {
            tags.push(TagRow {
                tag,
                detail: serde_json::json!({}),
            });
        }
        if let Some(t) = tags.iter_mut().find(|x| x.tag == tag) {
            t.detail[key] = serde_json::Value::String(v);
        }
    }
    tags
}

/// A cell such as `3.70102194912E17`: a long number a spreadsheet kept in its own notation.
fn looks_like_a_number_cell(s: &str) -> bool {
    (s.contains('E') || s.contains('e')) && s.parse::<f64>().is_ok()
}

fn id_error(row: usize, e: &IdError) -> RowError {
    RowError {
        row,
        field: Field::IdNumber,
        problem: Problem::IdNumber {
            en: e.message_en(),
            zh: e.message_zh(),
        },
    }
}

fn phone_error(row: usize, e: &PhoneError) -> RowError {
    RowError {
        row,
        field: Field::Phone,
        problem: Problem::Phone {
            en: e.message_en(),
            zh: e.message_zh(),
        },
    }
}

/// Check every building row. Duplicates are the same name (households and residents name their
/// building, so a name is unique within a community).
pub fn validate_buildings(m: &Mapping, rows: &[RawRow], known: &Known) -> Checked<BuildingRow> {
    let mut good = Vec::new();
    let mut all_errors = Vec::new();
    let mut seen: HashMap<String, usize> = HashMap::new();
    for r in rows {
        let mut errors = Vec::new();
        let name = required(m, r, Field::Building, &mut errors);
        let grid = grid_of(m, r, known, &mut errors);
        let mut coord = |f: Field| -> Option<f64> {
            let v = m.cell(&r.cells, f);
            if v.is_empty() {
                return None;
            }
            match v.parse::<f64>() {
                Ok(x) => Some(x),
                Err(_) => {
                    errors.push(RowError {
                        row: r.row,
                        field: f,
                        problem: Problem::Number {
                            value: v.to_string(),
                        },
                    });
                    None
                }
            }
        };
        let (lat, lon) = (coord(Field::Lat), coord(Field::Lon));
        let location = match (lat, lon) {
            (Some(a), Some(b)) => match LatLon::new(a, b) {
                Ok(p) => Some(p),
                Err(_) => {
                    errors.push(RowError {
                        row: r.row,
                        field: Field::Lat,
                        problem: Problem::Number {
                            value: format!("{a}, {b}"),
                        },
                    });
                    None
                }
            },
            _ => None,
        };
        if let Some(n) = name {
            let key = n.to_string();
            if let Some(&first_row) = seen.get(&key) {
                errors.push(RowError {
                    row: r.row,
                    field: Field::Building,
                    problem: Problem::Duplicate { first_row },
                });
            } else {
                seen.insert(key, r.row);
            }
        }
        if errors.is_empty() {
            good.push(BuildingRow {
                row: r.row,
                name: name.unwrap_or_default().to_string(),
                grid,
                address: m.cell(&r.cells, Field::Address).to_string(),
                location,
            });
        }
        all_errors.extend(errors);
    }
    Checked {
        good,
        errors: all_errors,
        total: rows.len(),
    }
}

/// Check every household row. Duplicates are the same building, unit and room.
pub fn validate_households(m: &Mapping, rows: &[RawRow], known: &Known) -> Checked<HouseholdRow> {
    let mut good = Vec::new();
    let mut all_errors = Vec::new();
    let mut seen: HashMap<(String, String, String), usize> = HashMap::new();
    for r in rows {
        let mut errors = Vec::new();
        let building = required(m, r, Field::Building, &mut errors);
        if let Some(b) = building {
            if !known.buildings.contains(b) {
                errors.push(RowError {
                    row: r.row,
                    field: Field::Building,
                    problem: Problem::UnknownBuilding {
                        name: b.to_string(),
                    },
                });
            }
        }
        let room = required(m, r, Field::Room, &mut errors);
        let unit = m.cell(&r.cells, Field::Unit);
        let grid = grid_of(m, r, known, &mut errors);
        let rented_text = m.cell(&r.cells, Field::Rented);
        let rented = parse_yes_no(rented_text).unwrap_or_else(|| {
            errors.push(RowError {
                row: r.row,
                field: Field::Rented,
                problem: Problem::YesNo {
                    value: rented_text.to_string(),
                },
            });
            false
        });
        if let (Some(b), Some(rm)) = (building, room) {
            let key = (b.to_string(), unit.to_string(), rm.to_string());
            if let Some(&first_row) = seen.get(&key) {
                errors.push(RowError {
                    row: r.row,
                    field: Field::Room,
                    problem: Problem::Duplicate { first_row },
                });
            } else {
                seen.insert(key, r.row);
            }
        }
        if errors.is_empty() {
            good.push(HouseholdRow {
                row: r.row,
                building: building.unwrap_or_default().to_string(),
                unit: unit.to_string(),
                room: room.unwrap_or_default().to_string(),
                grid,
                address: m.cell(&r.cells, Field::Address).to_string(),
                rented,
            });
        }
        all_errors.extend(errors);
    }
    Checked {
        good,
        errors: all_errors,
        total: rows.len(),
    }
}

#[cfg(test)]
mod tests;
