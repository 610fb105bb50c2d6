//! The agent's language in the browser: which one (the `lang` option, the page's `lang`, the
//! browser's languages) and `Intl` for plurals and numbers. The messages themselves are
//! `dialer_core::i18n`; this renders them.

use std::cell::RefCell;
use std::rc::Rc;

use dialer_core::i18n::{Builtin, Formats, Lang, Plural, Text};
use js_sys::{Array, Intl, Object};
use serde_json::Value;
use wasm_bindgen::JsValue;

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

    /// Host-page event details (and promise rejections) carry messages in the desk's wire form
    /// ([`Text::to_value`]); the page gets them as words in this language.
    pub fn localize_detail(&self, detail: &mut Value) {
        if let Value::Object(map) = detail {
            for key in ["message", "state"] {
                if let Some(slot) = map.get_mut(key)
                    && let Some(text) = Text::from_value(slot)
                {
                    *slot = Value::String(self.t(text));
                }
            }
        }
    }
}

/// The language to speak: the widget's `lang` option, else the page's `<html lang>`, else the
/// browser's preferred languages; English when none of them is one the widget speaks.
pub fn choose(option: Option<&str>) -> Lang {
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
    Lang::pick(
        option
            .into_iter()
            .chain(page.as_deref())
            .chain(browser.iter().map(String::as_str)),
    )
}

/// `Intl.PluralRules` and `Intl.NumberFormat` for one language, made once.
struct IntlFormats {
    plural: RefCell<Option<Intl::PluralRules>>,
    number: RefCell<Option<js_sys::Function>>,
    lang: Lang,
}

impl IntlFormats {
    fn new(lang: Lang) -> Self {
        IntlFormats {
            plural: RefCell::new(None),
            number: RefCell::new(None),
            lang,
        }
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
