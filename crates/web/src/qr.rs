//! QR codes as inline SVG (for receipts and queue tickets): made on the server, nothing loaded.

use qrcode::render::svg;
use qrcode::{EcLevel, QrCode};

/// An SVG QR code for `data`, at least `size` pixels square, black on white. Long data gives a
/// denser code; data too long for any QR version gives an empty string.
pub fn svg(data: &str, size: u32) -> String {
    match QrCode::with_error_correction_level(data.as_bytes(), EcLevel::M) {
        Ok(code) => code
            .render::<svg::Color<'_>>()
            .min_dimensions(size, size)
            .dark_color(svg::Color("#000000"))
            .light_color(svg::Color("#ffffff"))
            .quiet_zone(true)
            .build(),
        Err(_) => String::new(),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn makes_an_svg() {
        let s = super::svg("https://quanke.example/track?n=A012", 160);
        assert!(s.contains("<svg") && s.contains("</svg>"));
        assert!(s.contains("#000000"));
    }
}
