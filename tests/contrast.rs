//! The widget's default colours meet WCAG 2.1 AA: text 4.5:1 against its background
//! (1.4.3), borders of controls 3:1 (1.4.11). Read from the stylesheet itself, so a colour
//! change that breaks contrast fails here, not in an audit.
#![cfg(not(target_arch = "wasm32"))]

const STYLES: &str = include_str!("../src/components/styles.css");

/// The default of `--_name: var(--gws-name, #rrggbb)`.
fn default_colour(name: &str) -> (f64, f64, f64) {
    let needle = format!("--_{name}: var(--gws-{name}, #");
    let at = STYLES
        .find(&needle)
        .unwrap_or_else(|| panic!("no default for --_{name} in styles.css"));
    let hex = &STYLES[at + needle.len()..at + needle.len() + 6];
    let channel = |i: usize| u8::from_str_radix(&hex[i..i + 2], 16).expect("hex colour") as f64;
    (channel(0), channel(2), channel(4))
}

fn luminance((r, g, b): (f64, f64, f64)) -> f64 {
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

fn contrast(a: &str, b: &str) -> f64 {
    let (la, lb) = (luminance(default_colour(a)), luminance(default_colour(b)));
    (la.max(lb) + 0.05) / (la.min(lb) + 0.05)
}

#[test]
fn text_colours_have_at_least_4_5_to_1() {
    // (text, background) pairs as styles.css uses them.
    for (fg, bg) in [
        ("fg", "bg"),
        ("muted", "bg"),
        ("accent", "bg"),
        ("accent-fg", "accent"),
        ("danger", "bg"),
        ("danger-fg", "danger"),
        ("ok", "bg"),
        ("warn", "bg"),
    ] {
        let ratio = contrast(fg, bg);
        assert!(ratio >= 4.5, "--_{fg} on --_{bg}: {ratio:.2}:1 < 4.5:1");
    }
}

#[test]
fn control_borders_and_focus_have_at_least_3_to_1() {
    for (ui, bg) in [("border", "bg"), ("focus", "bg")] {
        let ratio = contrast(ui, bg);
        assert!(ratio >= 3.0, "--_{ui} on --_{bg}: {ratio:.2}:1 < 3:1");
    }
}
