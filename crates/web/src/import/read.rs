//! Reading a spreadsheet into rows of text: `.xlsx` (and `.xls`, `.ods`) through calamine, `.csv`
//! in UTF-8 (with or without BOM) or GBK, as Chinese spreadsheet programs save it.

use std::io::Cursor;

/// Why a file could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ReadError {
    #[error("the file is empty")]
    Empty,
    #[error("unknown file type {0:?}: give an .xlsx or a .csv file")]
    Type(String),
    #[error("the spreadsheet cannot be read ({0}); save it again as .xlsx and retry")]
    Xlsx(String),
    #[error("the spreadsheet has no sheet")]
    NoSheet,
    #[error("the CSV file cannot be read at line {line}: {reason}")]
    Csv { line: u64, reason: String },
}

/// The rows of the first sheet (or of the CSV file), each cell as trimmed-on-use text.
pub fn read_table(bytes: &[u8], file_name: &str) -> Result<Vec<Vec<String>>, ReadError> {
    if bytes.is_empty() {
        return Err(ReadError::Empty);
    }
    let ext = file_name
        .rsplit('.')
        .next()
        .unwrap_or("")
        .to_ascii_lowercase();
    match ext.as_str() {
        "xlsx" | "xlsm" | "xls" | "ods" => read_sheet(bytes),
        "csv" | "txt" => read_csv(bytes),
        // Recognise an xlsx (a zip) by its first bytes when the name says nothing.
        _ if bytes.starts_with(b"PK\x03\x04") => read_sheet(bytes),
        _ => Err(ReadError::Type(ext)),
    }
}

fn read_sheet(bytes: &[u8]) -> Result<Vec<Vec<String>>, ReadError> {
    use calamine::{Data, Reader};
    let mut book = calamine::open_workbook_auto_from_rs(Cursor::new(bytes.to_vec()))
        .map_err(|e| ReadError::Xlsx(e.to_string()))?;
    let range = book
        .worksheet_range_at(0)
        .ok_or(ReadError::NoSheet)?
        .map_err(|e| ReadError::Xlsx(e.to_string()))?;
    Ok(range
        .rows()
        .map(|row| {
            row.iter()
                .map(|c| match c {
                    Data::Empty => String::new(),
                    Data::String(s) => s.clone(),
                    Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => {
                        format!("{}", *f as i64)
                    }
                    // Too long to be exact as a number (an ID number typed into a number cell
                    // has already lost its last digits): keep the spreadsheet's own notation so
                    // the check says so instead of inventing digits.
                    Data::Float(f) if f.abs() >= 1e15 => format!("{f:E}"),
                    Data::DateTime(d) => serial_date(d.as_f64()),
                    other => other.to_string(),
                })
                .collect()
        })
        .collect())
}

/// An Excel serial day as YYYY-MM-DD (the 1900 system; day 0 is 1899-12-30).
fn serial_date(serial: f64) -> String {
    chrono::NaiveDate::from_ymd_opt(1899, 12, 30)
        .and_then(|d| d.checked_add_days(chrono::Days::new(serial.floor().max(0.0) as u64)))
        .map(|d| d.format("%Y-%m-%d").to_string())
        .unwrap_or_default()
}

fn read_csv(bytes: &[u8]) -> Result<Vec<Vec<String>>, ReadError> {
    let text: String = match std::str::from_utf8(bytes) {
        Ok(s) => s.trim_start_matches('\u{feff}').to_string(),
        Err(_) => {
            let (s, _, _) = encoding_rs::GBK.decode(bytes);
            s.into_owned()
        }
    };
    let mut r = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut rows = Vec::new();
    for rec in r.records() {
        let rec = rec.map_err(|e| ReadError::Csv {
            line: e.position().map_or(0, |p| p.line()),
            reason: e.to_string(),
        })?;
        rows.push(rec.iter().map(str::to_string).collect());
    }
    Ok(rows)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_in_utf8_with_bom_and_in_gbk() {
        let utf8 = "\u{feff}姓名,身份证号\n张三,11010519491231002X\n";
        let rows = read_table(utf8.as_bytes(), "a.csv").unwrap();
        assert_eq!(rows[0], vec!["姓名", "身份证号"]);
        let (gbk, _, _) = encoding_rs::GBK.encode("姓名,楼栋\n李四,1号楼\n");
        let rows = read_table(&gbk, "b.CSV").unwrap();
        assert_eq!(rows[1], vec!["李四", "1号楼"]);
        assert_eq!(read_table(b"", "a.csv"), Err(ReadError::Empty));
        assert!(matches!(read_table(b"x", "a.pdf"), Err(ReadError::Type(_))));
    }

    #[test]
    fn xlsx_written_and_read_back() {
        let mut book = rust_xlsxwriter::Workbook::new();
        let sheet = book.add_worksheet();
        sheet.write_string(0, 0, "姓名").unwrap();
        sheet.write_string(0, 1, "联系电话").unwrap();
        sheet.write_string(1, 0, "张三").unwrap();
        sheet.write_number(1, 1, 13800138000.0).unwrap();
        let bytes = book.save_to_buffer().unwrap();
        let rows = read_table(&bytes, "r.xlsx").unwrap();
        assert_eq!(
            rows,
            vec![vec!["姓名", "联系电话"], vec!["张三", "13800138000"]]
        );
        assert!(matches!(
            read_table(b"PK\x03\x04junk", "r.xlsx"),
            Err(ReadError::Xlsx(_))
        ));
        assert_eq!(serial_date(45000.0), "2023-03-15");
        // An ID number typed as a number.
        let mut book = rust_xlsxwriter::Workbook::new();
        let sheet = book.add_worksheet();
        sheet.write_number(0, 0, 370102194912310019.0).unwrap();
        let rows = read_table(&book.save_to_buffer().unwrap(), "n.xlsx").unwrap();
        assert!(rows[0][0].contains('E'), "{:?}", rows[0][0]);
    }
}
