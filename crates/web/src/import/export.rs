//! Lists as `.xlsx` files, and the masking of personal fields in them (GB/T 35273): a name keeps
//! its first character (`张*`), an ID number and a phone their masked forms.

/// A workbook with one sheet: a bold header row, then the rows, columns sized to their text.
pub fn write_xlsx(sheet: &str, headers: &[&str], rows: &[Vec<String>]) -> Result<Vec<u8>, String> {
    let mut book = rust_xlsxwriter::Workbook::new();
    let ws = book.add_worksheet();
    ws.set_name(sheet).map_err(|e| e.to_string())?;
    let bold = rust_xlsxwriter::Format::new().set_bold();
    let mut widths: Vec<usize> = headers.iter().map(|h| h.chars().count() * 2).collect();
    for (c, h) in headers.iter().enumerate() {
        ws.write_string_with_format(0, c as u16, *h, &bold)
            .map_err(|e| e.to_string())?;
    }
    for (r, row) in rows.iter().enumerate() {
        for (c, v) in row.iter().enumerate() {
            // Everything as text: ID numbers and phones must not become numbers.
            ws.write_string(r as u32 + 1, c as u16, v)
                .map_err(|e| e.to_string())?;
            if let Some(w) = widths.get_mut(c) {
                *w = (*w).max(v.chars().count() + v.chars().filter(|ch| !ch.is_ascii()).count());
            }
        }
    }
    for (c, w) in widths.iter().enumerate() {
        ws.set_column_width(c as u16, (*w).clamp(6, 60) as f64)
            .map_err(|e| e.to_string())?;
    }
    book.save_to_buffer().map_err(|e| e.to_string())
}

/// A person's name masked: the first character, then one `*` for each other character.
pub fn mask_name(name: &str) -> String {
    let mut chars = name.trim().chars();
    match chars.next() {
        Some(first) => std::iter::once(first).chain(chars.map(|_| '*')).collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_masked_and_sheets_read_back() {
        assert_eq!(mask_name("张三"), "张*");
        assert_eq!(mask_name("欧阳娜娜"), "欧***");
        assert_eq!(mask_name(""), "");
        let bytes = write_xlsx(
            "事件",
            &["类别", "上报人"],
            &[vec!["暴露垃圾".into(), "张*".into()]],
        )
        .unwrap();
        let rows = super::super::read::read_table(&bytes, "x.xlsx").unwrap();
        assert_eq!(rows[1], vec!["暴露垃圾", "张*"]);
    }
}
