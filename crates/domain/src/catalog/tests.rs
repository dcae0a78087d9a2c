use super::*;

const CATEGORIES: &str = r#"
[[category]]
code = "MZ"
name_zh = "民政服务"
name_en = "Civil affairs"
order = 1
"#;

fn item(body: &str) -> SourceFile {
    SourceFile {
        path: "catalog/items/MZ/MZ-004.toml".into(),
        text: body.to_string(),
    }
}

const GOOD: &str = r#"
code = "MZ-004"
category = "MZ"
name_zh = "高龄津贴"
name_en = "Old-age allowance"

[[guide]]
code = "MZ-004-01"
situation = "new"
name_zh = "高龄津贴申领"
name_en = "Old-age allowance: claim"
summary_zh = "年满80周岁的老人按月领取高龄津贴。"
summary_en = "People aged 80 or over receive a monthly allowance."
aliases = ["老人补贴", "八十岁补贴", "高龄补贴"]
department_zh = "区民政局"
department_en = "District Civil Affairs Bureau"
window_zh = "社区综合受理窗口"
window_en = "Community one-stop window"
hours_zh = "周一至周五"
hours_en = "Mon-Fri"
phone = "0531-88561201"
complaint_phone = "12345"
who_zh = "年满80周岁的老人"
who_en = "People aged 80 or over"
conditions_zh = ["年满80周岁"]
conditions_en = ["Aged 80 or over"]
legal_days = 20
promised_days = 10
fee_yuan = 0
fee_zh = "不收费"
fee_en = "Free"
legal_basis = ["《老年人权益保障法》"]
result_zh = "按月发放"
result_en = "Paid monthly"
delivery = ["bank"]
visits = 1
life_events = ["turning_80"]

[[guide.rule]]
kind = "age_min"
value = 80
text_zh = "年满80周岁"
text_en = "Aged 80 or over"

[[guide.material]]
key = "id_card"
name_zh = "居民身份证"
name_en = "ID card"
form = "original"
copies = 1
required = true

[[guide.step]]
name_zh = "受理"
name_en = "Intake"
role = "worker"
what_zh = "查验材料"
what_en = "Check the materials"
days = 1

[[guide.step]]
name_zh = "审核"
name_en = "Review"
role = "department"
what_zh = "审核发放"
what_en = "Review and pay"
days = 9

[[guide.faq]]
q_zh = "问一"
a_zh = "答一"
q_en = "Q1"
a_en = "A1"

[[guide.faq]]
q_zh = "问二"
a_zh = "答二"
q_en = "Q2"
a_en = "A2"
"#;

fn parse(body: &str) -> (Catalog, Vec<Problem>) {
    Catalog::parse(
        &SourceFile {
            path: "catalog/categories.toml".into(),
            text: CATEGORIES.into(),
        },
        &[item(body)],
    )
}

#[test]
fn a_complete_guide_has_no_problems() {
    let (c, problems) = parse(GOOD);
    assert!(problems.is_empty(), "{problems:?}");
    assert_eq!(
        c.summary(),
        Summary {
            categories: 1,
            items: 1,
            guides: 1
        }
    );
    let g = c.guide("MZ-004-01").unwrap();
    assert_eq!(g.rules[0].check, RuleCheck::AgeMin(80));
    assert_eq!(g.item_code(), "MZ-004");
    assert_eq!(g.category_code(), "MZ");
    assert_eq!(c.guides_for_event(vocab::LifeEvent::Turning80).len(), 1);
}

#[test]
fn problems_name_file_and_field() {
    let bad = GOOD
        .replace("promised_days = 10", "promised_days = 30")
        .replace(
            "aliases = [\"老人补贴\", \"八十岁补贴\", \"高龄补贴\"]",
            "aliases = []",
        )
        .replace("days = 9", "days = 29")
        .replace(
            "life_events = [\"turning_80\"]",
            "life_events = []\nrelated = [\"MZ-999-01\"]",
        );
    let (_, problems) = parse(&bad);
    let text: Vec<String> = problems.iter().map(|p| p.to_string()).collect();
    let has = |needle: &str| text.iter().any(|t| t.contains(needle));
    assert!(has("catalog/items/MZ/MZ-004.toml: guide MZ-004-01 / promised_days: 30 is more than legal_days 20"), "{text:?}");
    assert!(has("guide MZ-004-01 / aliases"), "{text:?}");
    assert!(
        has("guide MZ-004-01 / step: the steps take 30 working days"),
        "{text:?}"
    );
    assert!(has("guide MZ-004-01 / life_events"), "{text:?}");
    assert!(has("no guide has the code MZ-999-01"), "{text:?}");
}

#[test]
fn typos_and_unknown_values_are_caught() {
    let (_, problems) = parse(&GOOD.replace("fee_zh", "fee_zhh"));
    assert!(problems[0].message.contains("fee_zhh"), "{problems:?}");
    let (_, problems) = parse(&GOOD.replace("situation = \"new\"", "situation = \"brand_new\""));
    assert!(problems[0].message.contains("brand_new"), "{problems:?}");
    let (_, problems) = parse(&GOOD.replace("value = 80", "value = \"eighty\""));
    assert!(!problems.is_empty());
}

#[test]
fn round_trip_through_toml() {
    let (c, _) = parse(GOOD);
    let text = Catalog::item_toml(&c.items[0]);
    let (again, problems) = parse(&text);
    assert!(problems.is_empty(), "{problems:?}\n{text}");
    assert_eq!(again.items[0], c.items[0]);
}

#[test]
fn cpsv_export_names_every_service() {
    let (c, _) = parse(GOOD);
    let doc = cpsv::export(&c);
    let graph = doc["@graph"].as_array().unwrap();
    let svc = graph
        .iter()
        .find(|n| n["@type"] == "cpsv:PublicService")
        .unwrap();
    assert_eq!(svc["dct:identifier"], "MZ-004-01");
    assert_eq!(svc["cv:processingTime"], "P10D");
    assert_eq!(svc["cv:hasInput"][0]["dct:identifier"], "id_card");
}

/// The repository's own catalog: 8 categories, 83 items, 101 guides, no problems.
#[test]
fn the_repository_catalog_is_complete() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../catalog");
    let categories = SourceFile {
        path: "catalog/categories.toml".into(),
        text: std::fs::read_to_string(root.join("categories.toml")).unwrap(),
    };
    let mut items = Vec::new();
    for dir in std::fs::read_dir(root.join("items")).unwrap() {
        for f in std::fs::read_dir(dir.unwrap().path()).unwrap() {
            let p = f.unwrap().path();
            items.push(SourceFile {
                path: p.display().to_string(),
                text: std::fs::read_to_string(&p).unwrap(),
            });
        }
    }
    let (c, problems) = Catalog::parse(&categories, &items);
    assert!(
        problems.is_empty(),
        "{}",
        problems
            .iter()
            .map(|p| p.to_string())
            .collect::<Vec<_>>()
            .join("\n")
    );
    assert_eq!(
        c.summary(),
        Summary {
            categories: 8,
            items: 83,
            guides: 101
        }
    );
    for required in [
        "MZ-001-01",
        "MZ-001-02",
        "MZ-001-03",
        "MZ-001-04",
        "CG-007-01",
        "DJ-005-01",
    ] {
        assert!(c.guide(required).is_some(), "{required}");
    }
}

#[test]
fn changed_fields_lists_what_differs() {
    let (c, _) = parse(GOOD);
    let old = c.guide("MZ-004-01").unwrap().clone();
    let mut new = old.clone();
    assert!(changed_fields(&old, &new).is_empty());
    new.promised_days = 5;
    new.materials[0].copies = 2;
    assert_eq!(
        changed_fields(&old, &new),
        vec!["material".to_string(), "promised_days".to_string()]
    );
}
