//! A small reader for `multipart/form-data` bodies (an action's scanned files, a calendar year
//! file), so that forms upload files without a further dependency. The body is already limited
//! to 2 MiB by the application's body limit.

use axum::body::Bytes;
use axum::http::{header, HeaderMap};

/// One part of the form.
pub(crate) struct Part {
    pub name: String,
    /// Set for file inputs (may be empty when no file was chosen).
    pub file_name: Option<String>,
    pub content_type: String,
    pub data: Vec<u8>,
}

impl Part {
    /// The part as text.
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.data).into_owned()
    }
}

/// The parts of a multipart body, or None when the body is not one.
pub(crate) fn parse(headers: &HeaderMap, body: &Bytes) -> Option<Vec<Part>> {
    let ct = headers.get(header::CONTENT_TYPE)?.to_str().ok()?;
    if !ct.starts_with("multipart/form-data") {
        return None;
    }
    let boundary = ct
        .split(';')
        .find_map(|p| p.trim().strip_prefix("boundary="))?
        .trim_matches('"');
    let delim = format!("--{boundary}");
    let d = delim.as_bytes();
    let mut parts = Vec::new();
    let mut pos = find(body, d, 0)? + d.len();
    loop {
        // After a delimiter: "--" ends the body, otherwise CRLF and a part.
        if body.get(pos..pos + 2) == Some(b"--") {
            break;
        }
        pos += 2;
        let head_end = find(body, b"\r\n\r\n", pos)?;
        let head = String::from_utf8_lossy(&body[pos..head_end]).into_owned();
        let data_start = head_end + 4;
        let next = find(body, d, data_start)?;
        // The data ends before the CRLF that precedes the next delimiter.
        let data_end = next.saturating_sub(2).max(data_start);
        let mut name = String::new();
        let mut file_name = None;
        let mut content_type = String::from("text/plain");
        for line in head.split("\r\n") {
            let lower = line.to_ascii_lowercase();
            if lower.starts_with("content-disposition:") {
                name = param(line, "name").unwrap_or_default();
                file_name = param(line, "filename");
            } else if let Some(v) = lower.strip_prefix("content-type:") {
                content_type = v.trim().to_string();
            }
        }
        parts.push(Part {
            name,
            file_name,
            content_type,
            data: body[data_start..data_end].to_vec(),
        });
        pos = next + d.len();
    }
    Some(parts)
}

fn find(hay: &[u8], needle: &[u8], from: usize) -> Option<usize> {
    if from > hay.len() {
        return None;
    }
    hay[from..]
        .windows(needle.len())
        .position(|w| w == needle)
        .map(|i| i + from)
}

/// `name="value"` from a header line (`filename` is not confused with `name`).
fn param(line: &str, key: &str) -> Option<String> {
    line.split(';').skip(1).find_map(|p| {
        let (k, v) = p.trim().split_once('=')?;
        (k.trim().eq_ignore_ascii_case(key)).then(|| v.trim().trim_matches('"').to_string())
    })
}

/// The first text field named `name`.
pub(crate) fn field(parts: &[Part], name: &str) -> String {
    parts
        .iter()
        .find(|p| p.name == name && p.file_name.is_none())
        .map(Part::text)
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_fields_and_files() {
        let body = "--XyZ\r\nContent-Disposition: form-data; name=\"note\"\r\n\r\n你好\r\n--XyZ\r\n\
            Content-Disposition: form-data; name=\"file\"; filename=\"a.png\"\r\nContent-Type: image/png\r\n\r\n\
            \u{1}\u{2}\r\n\r\n--XyZ--\r\n";
        let mut h = HeaderMap::new();
        h.insert(
            header::CONTENT_TYPE,
            "multipart/form-data; boundary=XyZ".parse().unwrap(),
        );
        let parts = parse(&h, &Bytes::from(body)).unwrap();
        assert_eq!(parts.len(), 2);
        assert_eq!(field(&parts, "note"), "你好");
        assert_eq!(parts[1].file_name.as_deref(), Some("a.png"));
        assert_eq!(parts[1].content_type, "image/png");
        assert_eq!(parts[1].data, b"\x01\x02\r\n");
    }
}
