//! Guides from the repository catalog, printed in both languages.

use super::helpers::{catalog, guide, print, squash};
use quanke_pdf::Lang;

#[test]
fn a_chinese_guide_is_a_one_or_two_page_pdf_with_its_name_and_materials() {
    let (g, item, category) = guide("MZ-001-01");
    let pdf = print(&g, item, category, Lang::Zh);
    assert!(pdf.bytes.starts_with(b"%PDF"));
    let pages = pdf.pages();
    assert!((1..=2).contains(&pages), "{pages} pages");
    let fonts = pdf.fonts();
    assert!(
        fonts.contains("Noto") || fonts.contains("CJK"),
        "no CJK font embedded:\n{fonts}"
    );
    let text = pdf.text();
    // A table cell may wrap a long name, and pdftotext then interleaves the row's cells: look
    // for the shortest material name, which fits on one line.
    let material = g
        .materials
        .iter()
        .map(|m| &m.name_zh)
        .min_by_key(|n| n.chars().count());
    for expected in [
        &g.name_zh,
        material.unwrap(),
        &category.name_zh,
        &item.name_zh,
        &g.steps[0].name_zh,
        &g.faqs[0].q_zh,
        &g.legal_basis[0],
        &g.phone,
    ] {
        assert!(text.contains(&squash(expected)), "missing {expected:?}");
    }
    assert!(text.contains("30个工作日") && text.contains("20个工作日"));
    assert!(text.contains("打印日期"), "no print date");
}

#[test]
fn an_english_guide_is_printed_in_english() {
    let (g, item, category) = guide("CG-006-01");
    let pdf = print(&g, item, category, Lang::En);
    assert!(pdf.bytes.starts_with(b"%PDF"));
    assert!((1..=2).contains(&pdf.pages()));
    let text = pdf.text();
    for expected in [
        &g.name_en,
        &g.summary_en,
        &category.name_en,
        &g.faqs[0].a_en,
    ] {
        assert!(text.contains(&squash(expected)), "missing {expected:?}");
    }
    assert!(
        !text.contains(&squash(&g.name_zh)),
        "Chinese name in English guide"
    );
}

#[test]
fn typst_markup_in_a_guide_is_printed_literally() {
    let (mut g, item, category) = guide("MZ-001-01");
    let nasty = r#"#panic("x") *b* _i_ $x^2$ [a] \ @ref <lbl> = h // c /* d */ ~ `r` '"#;
    g.name_zh = format!("低保{nasty}");
    g.summary_zh = nasty.to_owned();
    g.materials[0].name_zh = format!("身份证{nasty}");
    g.materials[0].note_zh = Some(r"\#\[\]".to_owned());
    g.faqs[0].a_zh = format!("答{nasty}");
    g.legal_basis[0] = format!("《办法》{nasty}");
    let pdf = print(&g, item, category, Lang::Zh);
    let text = pdf.text();
    let literal = squash(nasty);
    let occurrences = text.matches(&literal).count();
    assert!(
        occurrences >= 5,
        "the markup was not printed literally ({occurrences} times) in:\n{text}"
    );
    assert!(text.contains(r"\#\[\]"));
}

/// Every guide of the catalog, in both languages: none may fail or need more than two pages.
#[test]
fn every_guide_prints_on_one_or_two_pages() {
    let c = catalog();
    let mut counts = std::collections::BTreeMap::new();
    let mut too_long = Vec::new();
    let mut total = 0;
    for item in &c.items {
        let category = c.category(&item.category).unwrap();
        for g in &item.guides {
            total += 1;
            for lang in [Lang::Zh, Lang::En] {
                let pages = print(g, item, category, lang).pages();
                *counts.entry((lang == Lang::Zh, pages)).or_insert(0) += 1;
                if pages > 2 {
                    too_long.push(format!("{} {lang:?}: {pages} pages", g.code));
                }
            }
        }
    }
    println!("{total} guides; (chinese, pages) → count: {counts:?}");
    assert!(total >= 100, "only {total} guides");
    assert!(
        too_long.is_empty(),
        "longer than 2 pages:\n{}",
        too_long.join("\n")
    );
}

#[test]
fn a_guide_without_materials_says_so() {
    let (mut g, item, category) = guide("CG-002-01");
    g.materials.clear();
    let text = print(&g, item, category, Lang::Zh).text();
    assert!(text.contains("本事项无需提交材料"), "{text}");
}
