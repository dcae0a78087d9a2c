use super::*;

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 29).unwrap()
}

fn s(v: &[&str]) -> Vec<String> {
    v.iter().map(|x| x.to_string()).collect()
}

fn known() -> Known {
    let mut k = Known::default();
    k.buildings.insert("1号楼".into());
    k.buildings.insert("2号楼".into());
    k.grids
        .insert("370102-003-001-01".into(), "370102-003-001-01".into());
    k.grids
        .insert("甸柳第一社区第一网格".into(), "370102-003-001-01".into());
    k
}

const GOOD_ID: &str = "11010519491231002X";
const OTHER_ID: &str = "370102198001010015";

#[test]
fn chinese_headers_are_recognised_and_unknown_ones_ignored() {
    let h = s(&[
        "序号",
        "姓名*",
        "身份证号码",
        "联系电话",
        "楼栋",
        "单元",
        "房号",
        "网格",
        "标签",
    ]);
    let m = Mapping::recognise(Kind::Residents, &h, &SavedMapping::new()).unwrap();
    assert_eq!(m.columns[&Field::Name], 1);
    assert_eq!(m.columns[&Field::IdNumber], 2);
    assert_eq!(m.columns[&Field::Tags], 8);
    assert_eq!(m.ignored, vec!["序号".to_string()]);
    // English and full-width headers too.
    let h = s(&["Name", "ＩＤ Number", "phone"]);
    let m = Mapping::recognise(Kind::Residents, &h, &SavedMapping::new()).unwrap();
    assert_eq!(m.columns[&Field::IdNumber], 1);
}

#[test]
fn a_saved_mapping_covers_headers_of_its_own() {
    let h = s(&["户主姓名", "户主证件号"]);
    let e = Mapping::recognise(Kind::Residents, &h, &SavedMapping::new()).unwrap_err();
    assert_eq!(
        e,
        MappingError::Missing(vec!["姓名 (name)".into(), "身份证号 (id_number)".into()])
    );
    let mut saved = SavedMapping::new();
    saved.insert("户主姓名".into(), "name".into());
    saved.insert("户主证件号".into(), "id_number".into());
    let m = Mapping::recognise(Kind::Residents, &h, &saved).unwrap();
    assert_eq!(m.columns[&Field::Name], 0);
    saved.insert("x".into(), "shoe_size".into());
    assert_eq!(
        Mapping::recognise(Kind::Residents, &h, &saved),
        Err(MappingError::UnknownField("shoe_size".into()))
    );
    let twice = s(&["姓名", "身份证号", "公民身份号码"]);
    assert!(matches!(
        Mapping::recognise(Kind::Residents, &twice, &SavedMapping::new()),
        Err(MappingError::Twice { .. })
    ));
    assert_eq!(
        Mapping::recognise(Kind::Residents, &s(&["", " "]), &SavedMapping::new()),
        Err(MappingError::NoHeader)
    );
}

#[test]
fn every_kind_of_bad_row_is_reported_with_its_row_number_and_reason() {
    let rows = vec![
        s(&[
            "姓名",
            "身份证号",
            "联系电话",
            "楼栋",
            "网格",
            "标签",
            "残疾等级",
        ]),
        s(&[
            "张三",
            GOOD_ID,
            "138 0013 8000",
            "1号楼",
            "甸柳第一社区第一网格",
            "独居老人；低保",
            "",
        ]),
        s(&["李四", "110105194912310021", "", "", "", "", ""]), // checksum
        s(&["", OTHER_ID, "", "", "", "", ""]),                 // missing name
        s(&["王五", OTHER_ID, "12345", "9号楼", "", "", ""]),   // phone, building
        s(&["", "", "", "", "", "", ""]),                       // blank: skipped
        s(&["赵六", GOOD_ID, "", "", "不存在网格", "火星人", "二级"]), // duplicate, grid, tag
    ];
    let (header, data) = number_rows(rows);
    let m = Mapping::recognise(Kind::Residents, &header, &SavedMapping::new()).unwrap();
    let c = validate_residents(&m, &data, &known(), today());
    assert_eq!(c.total, 5);
    assert_eq!(c.good.len(), 1);
    let g = &c.good[0];
    assert_eq!((g.row, g.name.as_str()), (2, "张三"));
    assert_eq!(g.grid.as_deref(), Some("370102-003-001-01"));
    assert_eq!(
        g.tags.iter().map(|t| t.tag).collect::<Vec<_>>(),
        vec![Tag::ElderlyAlone, Tag::Dibao]
    );
    let found: Vec<(usize, Field, &str)> = c
        .errors
        .iter()
        .map(|e| {
            let kind = match &e.problem {
                Problem::Missing => "missing",
                Problem::IdNumber { .. } => "id",
                Problem::Phone { .. } => "phone",
                Problem::UnknownBuilding { .. } => "building",
                Problem::UnknownGrid { .. } => "grid",
                Problem::UnknownTag { .. } => "tag",
                Problem::Duplicate { .. } => "duplicate",
                _ => "other",
            };
            (e.row, e.field, kind)
        })
        .collect();
    assert_eq!(
        found,
        vec![
            (3, Field::IdNumber, "id"),
            (4, Field::Name, "missing"),
            (5, Field::IdNumber, "duplicate"),
            (5, Field::Phone, "phone"),
            (5, Field::Building, "building"),
            (7, Field::IdNumber, "duplicate"),
            (7, Field::Grid, "grid"),
            (7, Field::Tags, "tag"),
        ]
    );
    assert_eq!(c.bad_rows(), vec![3, 4, 5, 7]);
    let dup = c.errors.iter().find(|e| e.row == 7).unwrap();
    assert_eq!(dup.problem, Problem::Duplicate { first_row: 2 });
    assert!(dup.message_zh().contains("第2行"));
    assert!(c.errors[0].message_zh().contains("校验码"));
    assert!(c.errors[0].message_en().contains("check character"));
}

#[test]
fn tag_facts_come_from_their_columns() {
    let rows = vec![
        s(&[
            "姓名",
            "身份证号",
            "标签",
            "残疾类别",
            "残疾等级",
            "党支部",
            "低保起始日期",
        ]),
        s(&[
            "张三",
            GOOD_ID,
            "残疾人",
            "肢体",
            "二级",
            "第一党支部",
            "2020-03-01",
        ]),
        s(&["李四", OTHER_ID, "", "", "", "", "2020/03/01"]),
    ];
    let (header, data) = number_rows(rows);
    let m = Mapping::recognise(Kind::Residents, &header, &SavedMapping::new()).unwrap();
    let c = validate_residents(&m, &data, &known(), today());
    let tags = &c.good[0].tags;
    assert_eq!(tags[0].tag, Tag::Disabled);
    assert_eq!(
        tags[0].detail,
        serde_json::json!({"type": "肢体", "grade": "二级"})
    );
    assert_eq!(tags[1].tag, Tag::PartyMember);
    assert_eq!(tags[2].detail, serde_json::json!({"since": "2020-03-01"}));
    assert_eq!(c.errors.len(), 1);
    assert_eq!(c.errors[0].field, Field::DibaoSince);
}

#[test]
fn tags_as_people_write_them() {
    assert_eq!(parse_tag("低保"), Some(Tag::Dibao));
    assert_eq!(parse_tag("dibao"), Some(Tag::Dibao));
    assert_eq!(parse_tag("Veteran"), Some(Tag::Veteran));
    assert_eq!(parse_tag("独居"), Some(Tag::ElderlyAlone));
    assert_eq!(parse_tag("火星人"), None);
}

#[test]
fn buildings_and_households() {
    let rows = vec![
        s(&["楼栋", "网格", "纬度", "经度"]),
        s(&["3号楼", "370102-003-001-01", "36.667", "117.041"]),
        s(&["3号楼", "370102-003-001-01", "", ""]),
        s(&["4号楼", "", "北纬", "117"]),
        s(&["", "", "", ""]),
        s(&["5号楼", "", "95", "117"]),
    ];
    let (header, data) = number_rows(rows);
    let m = Mapping::recognise(Kind::Buildings, &header, &SavedMapping::new()).unwrap();
    let c = validate_buildings(&m, &data, &known());
    assert_eq!(c.good.len(), 1);
    assert!(c.good[0].location.is_some());
    assert_eq!(c.bad_rows(), vec![3, 4, 6]);

    let rows = vec![
        s(&["楼栋", "单元", "房号", "是否出租"]),
        s(&["1号楼", "1", "101", "是"]),
        s(&["1号楼", "1", "101", ""]),
        s(&["9号楼", "1", "102", "否"]),
        s(&["2号楼", "", "", "也许"]),
    ];
    let (header, data) = number_rows(rows);
    let m = Mapping::recognise(Kind::Households, &header, &SavedMapping::new()).unwrap();
    let c = validate_households(&m, &data, &known());
    assert_eq!(c.good.len(), 1);
    assert!(c.good[0].rented);
    assert_eq!(c.bad_rows(), vec![3, 4, 5]);
    assert_eq!(
        c.errors.iter().filter(|e| e.row == 5).count(),
        2,
        "{:?}",
        c.errors
    );
}

#[test]
fn an_id_number_kept_as_a_number_is_named_as_such() {
    let rows = vec![s(&["姓名", "身份证号"]), s(&["张三", "3.7010219491231E17"])];
    let (header, data) = number_rows(rows);
    let m = Mapping::recognise(Kind::Residents, &header, &SavedMapping::new()).unwrap();
    let c = validate_residents(&m, &data, &known(), today());
    assert_eq!(c.bad_rows(), vec![2]);
    assert!(
        c.errors[0].message_zh().contains("文本"),
        "{}",
        c.errors[0].message_zh()
    );
    assert!(c.errors[0]
        .message_en()
        .contains("format the column as text"));
}
