//! The widget's default colours meet WCAG 2.1 AA in both themes: text 4.5:1 against its
//! background (1.4.3), borders of controls and the focus ring 3:1 (1.4.11). Read from the
//! stylesheet itself, so a colour change that breaks contrast fails here, not in an audit.
//!
//! styles.css has three palettes of `--_name: var(--gws-name, #rrggbb)` defaults: the light
//! one in `.gws { … }`, the dark one in `:host([theme=dark]) .gws { … }` and again, for the
//! system's dark mode, in `@media (prefers-color-scheme: dark) { :host(:not([theme=light])) .gws
//! { … } }`. Every palette must define every colour, the two dark blocks must be the same, and
//! every colour must be in at least one checked pair (a new colour cannot slip by untested).
#![cfg(not(target_arch = "wasm32"))]

use std::collections::BTreeMap;

const STYLES: &str = include_str!("../src/components/styles.css");

const LIGHT: &str = ".gws {";
const DARK: &str = ":host([theme=dark]) .gws {";
const DARK_MEDIA: &str = "@media (prefers-color-scheme: dark) {";
const DARK_SYSTEM: &str = ":host(:not([theme=light])) .gws {";

/// (text, background) pairs as styles.css uses them: body text, muted text (also disabled
/// buttons and placeholders), outline buttons, filled buttons, the error banner, the
/// connection indicator's colours.
const TEXT_PAIRS: [(&str, &str); 8] = [
    ("fg", "bg"),
    ("muted", "bg"),
    ("accent", "bg"),
    ("accent-fg", "accent"),
    ("danger", "bg"),
    ("danger-fg", "danger"),
    ("ok", "bg"),
    ("warn", "bg"),
];
/// (user-interface component, background) pairs: control borders and the focus ring.
const UI_PAIRS: [(&str, &str); 2] = [("border", "bg"), ("focus", "bg")];

type Rgb = (f64, f64, f64);
type Palette = BTreeMap<String, Rgb>;

/// The body of the rule whose selector (with its `{`) is `head`, searched from `from`.
fn block<'a>(css: &'a str, head: &str, from: usize) -> (&'a str, usize) {
    let at = css[from..]
        .find(head)
        .map(|i| from + i)
        .unwrap_or_else(|| panic!("no rule `{head}` in styles.css"));
    let body = at + head.len();
    let end = css[body..]
        .find('}')
        .map(|i| body + i)
        .unwrap_or_else(|| panic!("rule `{head}` is not closed"));
    (&css[body..end], at)
}

fn hex(text: &str, what: &str) -> Rgb {
    let hex = text
        .strip_prefix('#')
        .unwrap_or_else(|| panic!("{what}: default `{text}` is not a #rrggbb colour"));
    assert!(
        hex.len() == 6 && hex.bytes().all(|b| b.is_ascii_hexdigit()),
        "{what}: default `{text}` is not a #rrggbb colour"
    );
    let channel = |i: usize| u8::from_str_radix(&hex[i..i + 2], 16).unwrap() as f64;
    (channel(0), channel(2), channel(4))
}

/// Every `--_name: var(--gws-name, #rrggbb)` declaration of a rule body.
fn palette(body: &str, rule: &str) -> Palette {
    let mut colours = Palette::new();
    for decl in body.split(';') {
        let decl = decl.trim();
        let Some(rest) = decl.strip_prefix("--_") else {
            continue;
        };
        let (name, value) = rest
            .split_once(':')
            .unwrap_or_else(|| panic!("{rule}: bad declaration `{decl}`"));
        let name = name.trim();
        let value = value.trim();
        let inner = value
            .strip_prefix(&format!("var(--gws-{name},"))
            .and_then(|v| v.strip_suffix(')'))
            .unwrap_or_else(|| {
                panic!("{rule}: --_{name} must be `var(--gws-{name}, #rrggbb)`, is `{value}`")
            });
        let inner = inner.trim();
        if name == "radius" {
            continue; // not a colour
        }
        colours.insert(name.to_string(), hex(inner, &format!("{rule} --_{name}")));
    }
    colours
}

fn strip_comments(css: &str) -> String {
    let mut out = String::with_capacity(css.len());
    let mut rest = css;
    while let Some(start) = rest.find("/*") {
        out.push_str(&rest[..start]);
        let end = rest[start..]
            .find("*/")
            .expect("unclosed comment in styles.css");
        rest = &rest[start + end + 2..];
    }
    out.push_str(rest);
    out
}

/// The three palettes of the stylesheet: (name, colours).
fn palettes(css: &str) -> Vec<(&'static str, Palette)> {
    let css = strip_comments(css);
    let (light, _) = block(&css, LIGHT, 0);
    let (dark, _) = block(&css, DARK, 0);
    let (_, media) = block(&css, DARK_MEDIA, 0);
    let (system, at) = block(&css, DARK_SYSTEM, media);
    assert!(
        css[media + DARK_MEDIA.len()..at].trim().is_empty(),
        "`{DARK_SYSTEM}` must be the first rule inside `{DARK_MEDIA}`"
    );
    vec![
        ("light", palette(light, "light")),
        ("dark", palette(dark, "dark (theme=dark)")),
        (
            "dark (system)",
            palette(system, "dark (prefers-color-scheme)"),
        ),
    ]
}

fn luminance((r, g, b): Rgb) -> f64 {
    let lin = |c: f64| {
        let c = c / 255.0;
        if c <= 0.03928 {
            c / 12.92
        } else {
            ((c + 0.055) / 1.055).powf(2.4)
        }
    };
    0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b)
}

fn ratio(a: Rgb, b: Rgb) -> f64 {
    let (la, lb) = (luminance(a), luminance(b));
    (la.max(lb) + 0.05) / (la.min(lb) + 0.05)
}

/// Every pair of a palette below its WCAG AA minimum, in words.
fn failures(theme: &str, colours: &Palette) -> Vec<String> {
    let pairs = TEXT_PAIRS
        .iter()
        .map(|p| (p, 4.5))
        .chain(UI_PAIRS.iter().map(|p| (p, 3.0)));
    let mut out = Vec::new();
    for ((fg, bg), min) in pairs {
        let (Some(&a), Some(&b)) = (colours.get(*fg), colours.get(*bg)) else {
            out.push(format!("{theme}: --_{fg} or --_{bg} has no default"));
            continue;
        };
        let r = ratio(a, b);
        if r < min {
            out.push(format!("{theme}: --_{fg} on --_{bg}: {r:.2}:1 < {min}:1"));
        }
    }
    out
}

#[test]
fn every_colour_pair_meets_aa_in_both_themes() {
    let all = palettes(STYLES);
    assert_eq!(all.len(), 3);
    let mut problems = Vec::new();
    for (theme, colours) in &all {
        assert!(colours.len() >= 11, "{theme}: only {colours:?}");
        problems.extend(failures(theme, colours));
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn themes_define_the_same_colours_and_the_dark_blocks_agree() {
    let all = palettes(STYLES);
    let names = |p: &Palette| p.keys().cloned().collect::<Vec<_>>();
    assert_eq!(names(&all[0].1), names(&all[1].1), "light vs dark colours");
    assert_eq!(
        all[1].1, all[2].1,
        "theme=dark and the system's dark mode must use one palette"
    );
    // Every colour is checked against something.
    let checked: Vec<&str> = TEXT_PAIRS
        .iter()
        .chain(UI_PAIRS.iter())
        .flat_map(|(a, b)| [*a, *b])
        .collect();
    for name in names(&all[0].1) {
        assert!(
            checked.contains(&name.as_str()),
            "--_{name} is in no checked pair"
        );
    }
}

#[test]
fn known_ratios() {
    let white = (255.0, 255.0, 255.0);
    let black = (0.0, 0.0, 0.0);
    assert!((ratio(white, black) - 21.0).abs() < 1e-9);
    assert!((ratio(white, white) - 1.0).abs() < 1e-9);
    // #767676 on white is the classic just-passing grey (4.54:1).
    let grey = (118.0, 118.0, 118.0);
    assert!((ratio(grey, white) - 4.54).abs() < 0.01);
}

/// The check can fail: a stylesheet with a low-contrast colour in either theme is reported.
#[test]
fn a_low_contrast_colour_is_reported() {
    let broken_dark = STYLES.replacen(
        "--_muted: var(--gws-muted, #9198a1);",
        "--_muted: var(--gws-muted, #4a5058);",
        1,
    );
    assert!(broken_dark != STYLES, "the dark muted default moved");
    let all = palettes(&broken_dark);
    let found = failures(all[1].0, &all[1].1);
    assert!(
        found.iter().any(|f| f.contains("--_muted on --_bg")),
        "{found:?}"
    );
    assert!(failures(all[0].0, &all[0].1).is_empty());

    let broken_light = STYLES.replacen(
        "--_border: var(--gws-border, #8c959f);",
        "--_border: var(--gws-border, #d0d7de);",
        1,
    );
    assert!(broken_light != STYLES, "the light border default moved");
    let all = palettes(&broken_light);
    let found = failures(all[0].0, &all[0].1);
    assert!(
        found.iter().any(|f| f.contains("--_border on --_bg")),
        "{found:?}"
    );
}

#[test]
#[should_panic(expected = "must use one palette")]
fn dark_blocks_that_disagree_are_reported() {
    // Only the system-dark block (the second dark one) changes.
    let at = STYLES.find(DARK_SYSTEM).unwrap();
    let (head, tail) = STYLES.split_at(at);
    let tail = tail.replacen("#e6edf3", "#ffffff", 1);
    let all = palettes(&format!("{head}{tail}"));
    assert_eq!(
        all[1].1, all[2].1,
        "theme=dark and the system's dark mode must use one palette"
    );
}
