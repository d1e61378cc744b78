//! A minimal SVG writer: the few elements the charts use, every text escaped, every number
//! written with at most one decimal.

use std::fmt::Write;

/// Categorical colours (Tableau 10), cycled.
pub(crate) const PALETTE: [&str; 10] = [
    "#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948", "#b07aa1", "#ff9da7",
    "#9c755f", "#bab0ac",
];

/// The colour of series `n`.
pub(crate) fn colour(n: usize) -> &'static str {
    PALETTE[n % PALETTE.len()]
}

/// Escapes text for XML content and attribute values.
pub(crate) fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            // Characters XML 1.0 does not allow at all.
            c if (c as u32) < 0x20 && !matches!(c, '\t' | '\n' | '\r') => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
    out
}

/// Text alignment.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Anchor {
    Start,
    Middle,
    End,
}

impl Anchor {
    fn as_str(self) -> &'static str {
        match self {
            Self::Start => "start",
            Self::Middle => "middle",
            Self::End => "end",
        }
    }
}

/// An SVG document being written.
pub(crate) struct Svg {
    out: String,
}

impl Svg {
    /// Opens a `width` × `height` drawing whose accessible title is `title`.
    pub(crate) fn new(width: f64, height: f64, title: &str) -> Self {
        let mut out = String::new();
        let _ = write!(
            out,
            r#"<svg xmlns="http://www.w3.org/2000/svg" width="{width:.0}" height="{height:.0}" viewBox="0 0 {width:.0} {height:.0}" role="img" font-family="sans-serif"><title>{}</title>"#,
            escape(title)
        );
        Self { out }
    }

    pub(crate) fn rect(&mut self, x: f64, y: f64, width: f64, height: f64, fill: &str) {
        let _ = write!(
            self.out,
            r#"<rect x="{x:.1}" y="{y:.1}" width="{:.1}" height="{:.1}" fill="{}"/>"#,
            width.max(0.0),
            height.max(0.0),
            escape(fill)
        );
    }

    pub(crate) fn line(&mut self, from: (f64, f64), to: (f64, f64), stroke: &str) {
        let _ = write!(
            self.out,
            r#"<line x1="{:.1}" y1="{:.1}" x2="{:.1}" y2="{:.1}" stroke="{}" stroke-width="1"/>"#,
            from.0,
            from.1,
            to.0,
            to.1,
            escape(stroke)
        );
    }

    pub(crate) fn polyline(&mut self, points: &[(f64, f64)], stroke: &str) {
        if points.is_empty() {
            return;
        }
        let mut list = String::new();
        for (at, (x, y)) in points.iter().enumerate() {
            if at > 0 {
                list.push(' ');
            }
            let _ = write!(list, "{x:.1},{y:.1}");
        }
        let _ = write!(
            self.out,
            r#"<polyline points="{list}" fill="none" stroke="{}" stroke-width="1.5"/>"#,
            escape(stroke)
        );
    }

    pub(crate) fn text(&mut self, at: (f64, f64), anchor: Anchor, size: u32, text: &str) {
        let _ = write!(
            self.out,
            r#"<text x="{:.1}" y="{:.1}" text-anchor="{}" font-size="{size}">{}</text>"#,
            at.0,
            at.1,
            anchor.as_str(),
            escape(text)
        );
    }

    /// Closes the document.
    pub(crate) fn finish(mut self) -> String {
        self.out.push_str("</svg>");
        self.out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup_and_control_characters() {
        assert_eq!(
            escape(r#"a<b & "c" 'd'>"#),
            "a&lt;b &amp; &quot;c&quot; &#39;d&#39;&gt;"
        );
        assert_eq!(escape("x\u{1}y"), "x\u{FFFD}y");
    }

    #[test]
    fn writes_elements() {
        let mut svg = Svg::new(10.0, 20.0, "t & u");
        svg.rect(1.0, 2.0, 3.0, -4.0, "red");
        svg.polyline(&[(0.0, 1.0), (2.5, 3.0)], "blue");
        svg.polyline(&[], "blue");
        svg.text((1.0, 1.0), Anchor::End, 9, "<g>");
        let text = svg.finish();
        assert!(text.contains("<title>t &amp; u</title>"), "{text}");
        assert!(text.contains(r#"height="0.0""#), "{text}");
        assert!(text.contains(r#"points="0.0,1.0 2.5,3.0""#), "{text}");
        assert!(text.contains(r#"text-anchor="end" font-size="9">&lt;g&gt;</text>"#));
        assert_eq!(text.matches("<polyline").count(), 1);
        assert!(text.ends_with("</svg>"));
    }
}
