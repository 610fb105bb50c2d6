//! The agent's language in the browser: which one (the `lang` option, the nearest `lang` around
//! the widget, the page's, the browser's languages) and `Intl` for plurals and numbers. The
//! messages themselves are `dialer_core::i18n`; this renders them.

use std::cell::RefCell;
use std::rc::Rc;

use dialer_core::i18n::{Builtin, Formats, Lang, Plural, Text, duration_words};
use js_sys::{Array, Function, Intl, Object, Reflect};
use wasm_bindgen::{JsCast, JsValue};

/// A language plus the browser's formats for it; components read it from a Yew context.
#[derive(Clone)]
pub struct Locale {
    pub lang: Lang,
    formats: Rc<IntlFormats>,
}

impl PartialEq for Locale {
    fn eq(&self, other: &Self) -> bool {
        self.lang == other.lang
    }
}

impl Locale {
    pub fn new(lang: Lang) -> Self {
        Locale {
            lang,
            formats: Rc::new(IntlFormats::new(lang)),
        }
    }

    /// A message in this language.
    pub fn t(&self, text: impl Into<Text>) -> String {
        text.into().render(self.lang, &*self.formats)
    }

    /// A running duration as the widget shows it: "1:05", "1:02:05" (the same in the four
    /// languages).
    pub fn clock(&self, seconds: u64) -> String {
        dialer_core::desk::view::format_duration(seconds)
    }

    /// A duration in words for screen readers ("1 Minute, 5 Sekunden"): the browser's
    /// `Intl.DurationFormat` where it has one, else the catalogue's words.
    pub fn duration_words(&self, seconds: u64) -> String {
        self.formats
            .duration(seconds)
            .filter(|words| !words.is_empty())
            .unwrap_or_else(|| self.t(duration_words(seconds)))
    }
}

/// The language to speak ([`Lang::choose`]): the widget's `lang` option, else the nearest
/// `lang` around `host` (its own attribute, else an ancestor's: `closest("[lang]")`), else the
/// page's `<html lang>`, else the browser's preferred languages; English when none of them is
/// one the widget speaks. Only reads the DOM; the order is decided in `dialer_core::i18n`.
pub fn choose(option: Option<&str>, host: Option<&web_sys::Element>) -> Lang {
    let nearest = host
        .and_then(|h| h.closest("[lang]").ok().flatten())
        .and_then(|e| e.get_attribute("lang"));
    let window = web_sys::window();
    let page = window
        .as_ref()
        .and_then(|w| w.document())
        .and_then(|d| d.document_element())
        .and_then(|e| e.get_attribute("lang"));
    let browser: Vec<String> = window
        .map(|w| {
            w.navigator()
                .languages()
                .iter()
                .filter_map(|l| l.as_string())
                .collect()
        })
        .unwrap_or_default();
    Lang::choose(
        option,
        nearest.as_deref(),
        page.as_deref(),
        browser.iter().map(String::as_str),
    )
}

/// `Intl.PluralRules`, `Intl.NumberFormat` and `Intl.DurationFormat` for one language, made
/// once.
struct IntlFormats {
    plural: RefCell<Option<Intl::PluralRules>>,
    number: RefCell<Option<js_sys::Function>>,
    /// `Intl.DurationFormat(lang, {style: "long"})` and its `format`; `None` inside when the
    /// browser has none.
    duration: RefCell<Option<Option<(JsValue, Function)>>>,
    lang: Lang,
}

impl IntlFormats {
    fn new(lang: Lang) -> Self {
        IntlFormats {
            plural: RefCell::new(None),
            number: RefCell::new(None),
            duration: RefCell::new(None),
            lang,
        }
    }

    /// `seconds` in words by `Intl.DurationFormat`, if the browser has it.
    fn duration(&self, seconds: u64) -> Option<String> {
        let mut slot = self.duration.borrow_mut();
        let (formatter, format) = slot
            .get_or_insert_with(|| {
                let ctor: Function = Reflect::get(&js_sys::global(), &"Intl".into())
                    .and_then(|intl| Reflect::get(&intl, &"DurationFormat".into()))
                    .ok()?
                    .dyn_into()
                    .ok()?;
                let options = Object::new();
                Reflect::set(&options, &"style".into(), &"long".into()).ok()?;
                let args = Array::of2(&self.locales(), &options);
                let formatter = Reflect::construct(&ctor, &args).ok()?;
                let format = Reflect::get(&formatter, &"format".into())
                    .ok()?
                    .dyn_into()
                    .ok()?;
                Some((formatter, format))
            })
            .as_ref()?;
        let parts = Object::new();
        for (unit, n) in [
            ("hours", seconds / 3600),
            ("minutes", (seconds / 60) % 60),
            ("seconds", seconds % 60),
        ] {
            Reflect::set(&parts, &unit.into(), &JsValue::from_f64(n as f64)).ok()?;
        }
        format.call1(formatter, &parts).ok()?.as_string()
    }

    fn locales(&self) -> Array {
        Array::of1(&JsValue::from_str(self.lang.tag()))
    }
}

impl Formats for IntlFormats {
    fn plural(&self, lang: Lang, n: u64) -> Plural {
        if lang != self.lang {
            return Builtin.plural(lang, n);
        }
        let mut rules = self.plural.borrow_mut();
        let rules =
            rules.get_or_insert_with(|| Intl::PluralRules::new(&self.locales(), &Object::new()));
        Plural::from_name(&String::from(rules.select(n as f64)))
    }

    fn number(&self, lang: Lang, n: u64) -> String {
        if lang != self.lang {
            return Builtin.number(lang, n);
        }
        let mut format = self.number.borrow_mut();
        let format = format.get_or_insert_with(|| {
            Intl::NumberFormat::new(&self.locales(), &Object::new()).format()
        });
        format
            .call1(&JsValue::NULL, &JsValue::from_f64(n as f64))
            .ok()
            .and_then(|s| s.as_string())
            .unwrap_or_else(|| Builtin.number(lang, n))
    }
}
