//! The widget's stylesheet as it ships: `styles.css` without its comments, each run of
//! whitespace one space, and none next to `{`, `}`, `;` or `,` or after `:`; done at compile
//! time. The comments stay in the source for whoever edits it; the wasm carries what the
//! browser reads.

const SOURCE: &str = include_str!("styles.css");

/// Writes `css` made small into `out` (as much of it as fits) and returns its whole length.
/// A comment goes entirely (CSS reads it as nothing, not as a space); quoted strings are kept
/// as written.
const fn minify(css: &[u8], out: &mut [u8]) -> usize {
    const fn tight(b: u8) -> bool {
        matches!(b, b'{' | b'}' | b';' | b',')
    }
    // Bytes written, the last one, whitespace seen since, the quote of the string we are in.
    let (mut i, mut n, mut last, mut space, mut quote) = (0, 0, 0u8, false, 0u8);
    while i < css.len() {
        let b = css[i];
        if quote == 0 && b == b'/' && i + 1 < css.len() && css[i + 1] == b'*' {
            i += 3;
            while i < css.len() && !(css[i - 1] == b'*' && css[i] == b'/') {
                i += 1;
            }
            i += 1;
            continue;
        }
        if quote == 0 && b.is_ascii_whitespace() {
            space = true;
            i += 1;
            continue;
        }
        let mut write = [0u8; 3];
        let mut count = 0;
        if space && n > 0 && !tight(b) && !tight(last) && last != b':' {
            write[0] = b' ';
            count = 1;
        }
        write[count] = b;
        count += 1;
        if quote != 0 && b == b'\\' && i + 1 < css.len() {
            i += 1;
            write[count] = css[i];
            count += 1;
        } else if quote == 0 && (b == b'"' || b == b'\'') {
            quote = b;
        } else if b == quote {
            quote = 0;
        }
        let mut k = 0;
        while k < count {
            if n < out.len() {
                out[n] = write[k];
            }
            n += 1;
            k += 1;
        }
        last = write[count - 1];
        space = false;
        i += 1;
    }
    n
}

const LEN: usize = minify(SOURCE.as_bytes(), &mut []);
const BYTES: [u8; LEN] = {
    let mut out = [0u8; LEN];
    minify(SOURCE.as_bytes(), &mut out);
    out
};

/// The widget's stylesheet, adopted by its shadow root.
pub const STYLES: &str = match core::str::from_utf8(&BYTES) {
    Ok(css) => css,
    Err(_) => panic!("styles.css is UTF-8"),
};

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;

    fn small(css: &str) -> String {
        let mut out = vec![0u8; minify(css.as_bytes(), &mut [])];
        minify(css.as_bytes(), &mut out);
        String::from_utf8(out).unwrap()
    }

    /// `css` without its comments and whitespace: what minifying must not change.
    fn tokens(css: &str) -> String {
        let mut rest = css;
        let mut out = String::new();
        while let Some(at) = rest.find("/*") {
            out.push_str(&rest[..at]);
            rest = &rest[at + 2..];
            rest = &rest[rest.find("*/").unwrap() + 2..];
        }
        out.push_str(rest);
        out.split_whitespace().collect()
    }

    #[test]
    fn the_shipped_sheet_is_the_source_without_comments_and_spare_whitespace() {
        assert!(
            STYLES.len() < SOURCE.len() * 9 / 10,
            "{} of {} bytes",
            STYLES.len(),
            SOURCE.len()
        );
        assert!(!STYLES.contains("/*") && !STYLES.contains('\n') && !STYLES.contains("  "));
        assert_eq!(
            tokens(STYLES),
            tokens(SOURCE),
            "only comments and whitespace go"
        );
        // A space between selectors is a descendant combinator: it stays.
        assert!(STYLES.contains(".gws :focus-visible{"));
        assert!(STYLES.contains(":host([layout=bar]) .gws .calls-slot{"));
        assert!(STYLES.contains("calc(100% + 4px)"));
    }

    #[test]
    fn comments_whitespace_and_strings() {
        assert_eq!(small("a /* x */ b {\n  c: d ;\n}\n"), "a b{c:d;}");
        assert_eq!(small("a/**/.b, .c { e: f( 1 , 2 ) }"), "a.b,.c{e:f( 1,2 )}");
        assert_eq!(
            small("/* a */\n/***/x{content:\"  /* \\\" */  \"}"),
            "x{content:\"  /* \\\" */  \"}"
        );
        assert_eq!(small("  "), "");
    }
}
