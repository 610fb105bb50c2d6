use dialer_core::numbers::{
    DialNumber, NumberError, NumberRules, Pattern, PrefixRule, RuleError, same_number,
};

fn ok(rules: &NumberRules, raw: &str) -> DialNumber {
    match rules.normalize(raw) {
        Ok(n) => n,
        Err(e) => panic!("{raw:?} should be dialable, got {e}"),
    }
}

fn err(rules: &NumberRules, raw: &str) -> NumberError {
    match rules.normalize(raw) {
        Ok(n) => panic!("{raw:?} should be refused, got {n:?}"),
        Err(e) => e,
    }
}

#[test]
fn default_rules_strip_separators_and_keep_plus() {
    let rules = NumberRules::default();
    let table = [
        ("5001", "5001"),
        ("  5001  ", "5001"),
        ("(201) 555-0123", "2015550123"),
        ("201.555.0123", "2015550123"),
        ("+1 201 555 0123", "+12015550123"),
        ("+44 (0)20 7946-0958", "+4402079460958"),
        ("+1\u{00A0}201\u{2013}555\u{2013}0123", "+12015550123"),
        ("201/555/0123", "2015550123"),
        ("*67 201 555 0123", "*672015550123"),
        ("555-1234, ", "5551234"),
    ];
    for (raw, want) in table {
        let n = ok(&rules, raw);
        assert_eq!(n.number, want, "{raw:?}");
        assert_eq!(n.extension, None, "{raw:?}");
        assert_eq!(n.shown().en(), want, "{raw:?}");
    }
}

#[test]
fn default_rules_are_neutral_for_internal_dns() {
    let rules = NumberRules::default();
    assert!(rules.rules.is_empty());
    assert_eq!(ok(&rules, "5001").number, "5001");
    assert_eq!(ok(&rules, "100").number, "100");
    assert_eq!(ok(&rules, "2015550123").number, "2015550123");
}

#[test]
fn extension_forms_are_split_off() {
    let rules = NumberRules::default();
    let table = [
        ("201-555-0123 x123", "2015550123", "123"),
        ("201-555-0123x123", "2015550123", "123"),
        ("201-555-0123 X 123", "2015550123", "123"),
        ("201-555-0123 ext. 123", "2015550123", "123"),
        ("201-555-0123 Ext 123", "2015550123", "123"),
        ("201-555-0123 ext: 123", "2015550123", "123"),
        ("201-555-0123 extension 123", "2015550123", "123"),
        ("+1 201 555 0123;ext=123", "+12015550123", "123"),
        ("5001 x 1-2-3", "5001", "123"),
    ];
    for (raw, number, ext) in table {
        let n = ok(&rules, raw);
        assert_eq!(n.number, number, "{raw:?}");
        assert_eq!(n.extension.as_deref(), Some(ext), "{raw:?}");
        assert_eq!(n.shown().en(), format!("{number} ext. {ext}"), "{raw:?}");
    }
}

#[test]
fn star_extension_only_when_configured() {
    let default = NumberRules::default();
    // By default '*' is a dialable feature-code character, not an extension marker.
    assert_eq!(ok(&default, "2015550123*55").number, "2015550123*55");

    let star = NumberRules {
        extension_markers: vec!["*".into(), "x".into()],
        ..NumberRules::default()
    };
    let n = ok(&star, "201 555 0123 *55");
    assert_eq!(n.number, "2015550123");
    assert_eq!(n.extension.as_deref(), Some("55"));
    // A leading '*' has no digits before it: it stays a feature code.
    let n = ok(&star, "*67 5551234");
    assert_eq!(n.number, "*675551234");
    assert_eq!(n.extension, None);
}

#[test]
fn star_and_hash_can_be_forbidden() {
    let rules = NumberRules {
        allow_star_and_hash: false,
        ..NumberRules::default()
    };
    assert_eq!(
        err(&rules, "*67 5551234"),
        NumberError::InvalidCharacter {
            input: "*67 5551234".into(),
            character: '*'
        }
    );
}

#[test]
fn tel_uris_are_parsed() {
    let rules = NumberRules::default();
    let table: [(&str, &str, Option<&str>); 8] = [
        ("tel:+1-201-555-0123", "+12015550123", None),
        ("tel:+1-201-555-0123;ext=1234", "+12015550123", Some("1234")),
        ("TEL:+1.201.555.0123", "+12015550123", None),
        ("tel:+1(201)555-0123", "+12015550123", None),
        ("tel:%2B1%20201%20555%200123", "+12015550123", None),
        ("tel:5001;phone-context=example.com", "5001", None),
        ("tel://5001", "5001", None),
        (
            "tel:863-1234;phone-context=+1-914-555;EXT=22",
            "8631234",
            Some("22"),
        ),
    ];
    for (raw, number, ext) in table {
        let n = ok(&rules, raw);
        assert_eq!(n.number, number, "{raw:?}");
        assert_eq!(n.extension.as_deref(), ext, "{raw:?}");
    }
}

#[test]
fn broken_tel_uris_get_plain_messages() {
    let rules = NumberRules::default();
    let e = err(&rules, "tel:+1-201%2");
    assert_eq!(
        e.to_string(),
        "“tel:+1-201%2” is not a valid phone link: it has a broken %-escape."
    );
    let e = err(&rules, "tel:;ext=12");
    assert_eq!(
        e.to_string(),
        "“tel:;ext=12” is not a valid phone link: it has no number."
    );
    let e = err(&rules, "tel:+1-201-555-0123;ext=12ab");
    assert!(matches!(e, NumberError::InvalidExtension { .. }), "{e:?}");
    let e = err(&rules, "tel:%FF%FE");
    assert!(matches!(e, NumberError::InvalidTelUri { .. }), "{e:?}");
}

#[test]
fn invalid_inputs_have_plain_messages() {
    let rules = NumberRules {
        min_digits: 4,
        max_digits: 15,
        ..NumberRules::default()
    };
    let cases = [
        ("", "Please enter a phone number."),
        ("   ", "Please enter a phone number."),
        ("abc", "“abc” is not a phone number."),
        ("--", "“--” is not a phone number."),
        (
            "555-CALL-NOW",
            "“555-CALL-NOW” is not a phone number: “C” can't be dialled.",
        ),
        (
            "555+1234",
            "“555+1234” is not a phone number: “+” can only come first.",
        ),
        (
            "123",
            "The number is too short (3 digits; at least 4 needed).",
        ),
        (
            "+1",
            "The number is too short (1 digit; at least 4 needed).",
        ),
        (
            "1234567890123456",
            "The number is too long (16 digits; at most 15 allowed).",
        ),
        (
            "5551234 ext 12b",
            "The extension in “5551234 ext 12b” is not valid: it must be digits only.",
        ),
        (
            "5551234 ext",
            "The extension in “5551234 ext” is not valid: it must be digits only.",
        ),
    ];
    for (raw, message) in cases {
        assert_eq!(err(&rules, raw).to_string(), message, "{raw:?}");
    }
}

#[test]
fn huge_or_odd_input_never_panics() {
    let rules = NumberRules::default();
    let huge = "1".repeat(10_000);
    assert_eq!(err(&rules, &huge), NumberError::InputTooLong);
    // Multi-byte text around markers must not break byte offsets.
    for raw in [
        "İx5",
        "5İx12",
        "ǅ5001x",
        "5001 x ǅ",
        "tel:",
        "tel",
        "x",
        "+",
        "%",
        "tel:%",
    ] {
        let _ = rules.normalize(raw);
    }
    // The quoted input is shortened.
    let long = format!("{}abc", "a".repeat(60));
    let msg = err(&rules, &long).to_string();
    assert!(msg.contains('…'), "{msg}");
    assert!(msg.chars().count() < 80, "{msg}");
}

#[test]
fn prefix_rules_first_match_wins() {
    let rules = NumberRules::wwe_north_america();
    assert_eq!(ok(&rules, "(201) 555-0123").number, "+12015550123");
    assert_eq!(ok(&rules, "1 201 555 0123").number, "+12015550123");
    // 12 digits: neither 10 nor 11, so the third rule adds the international access code.
    assert_eq!(ok(&rules, "44 20 7946 0958").number, "011442079460958");
    // Already starts with 011: no rule matches, dialled as written.
    assert_eq!(ok(&rules, "011 44 20 7946 0958").number, "011442079460958");
    // 8 digits starting with 0 but not 011 → 011 prefix.
    assert_eq!(ok(&rules, "02079460").number, "01102079460");
    assert_eq!(ok(&rules, "5001").number, "5001"); // short DN untouched
    assert_eq!(ok(&rules, "+44 20 7946 0958").number, "+442079460958"); // already international
}

#[test]
fn prefix_rules_order_matters() {
    let broad = PrefixRule::new(r"^\d+$", "9", "outside line").unwrap();
    let narrow = PrefixRule::new(r"^\d{4}$", "", "internal DN").unwrap();
    let narrow_first = NumberRules {
        rules: vec![narrow.clone(), broad.clone()],
        ..NumberRules::default()
    };
    assert_eq!(ok(&narrow_first, "5001").number, "5001");
    assert_eq!(ok(&narrow_first, "5551234").number, "95551234");
    let broad_first = NumberRules {
        rules: vec![broad, narrow],
        ..NumberRules::default()
    };
    assert_eq!(ok(&broad_first, "5001").number, "95001");
}

#[test]
fn rules_deserialise_from_widget_options() {
    let json = r#"{
        "minDigits": 4,
        "extensionMarkers": ["ext", "*"],
        "rules": [
            {"expression": "^\\d{10}$", "prefix": "+1", "description": "US"},
            {"expression": "^0\\d+$", "prefix": "9"}
        ]
    }"#;
    let rules: NumberRules = serde_json::from_str(json).unwrap();
    assert_eq!(rules.min_digits, 4);
    assert_eq!(rules.max_digits, NumberRules::default().max_digits);
    assert_eq!(rules.rules.len(), 2);
    assert_eq!(rules.rules[0].description, "US");
    assert_eq!(rules.rules[1].description, "");
    assert_eq!(ok(&rules, "2015550123").number, "+12015550123");
    assert_eq!(ok(&rules, "0201 *7").number, "90201");
    assert_eq!(ok(&rules, "0201 *7").extension.as_deref(), Some("7"));

    // Round trip keeps the expression text.
    let back: NumberRules = serde_json::from_value(serde_json::to_value(&rules).unwrap()).unwrap();
    assert_eq!(back, rules);

    // Empty options = defaults.
    let empty: NumberRules = serde_json::from_str("{}").unwrap();
    assert_eq!(empty, NumberRules::default());
}

#[test]
fn invalid_rule_expression_is_a_configuration_error() {
    let json = r#"{"rules": [{"expression": "^(\\d+$", "prefix": "9"}]}"#;
    let e = serde_json::from_str::<NumberRules>(json).unwrap_err();
    assert!(e.to_string().contains("is not a valid pattern"), "{e}");
    let e = PrefixRule::new("(?=lookahead)", "", "").unwrap_err();
    assert_eq!(e.expression, "(?=lookahead)");
}

#[test]
fn spoken_form_reads_digits_one_by_one() {
    let rules = NumberRules::default();
    assert_eq!(ok(&rules, "5001").spoken().en(), "5 0 0 1");
    let spoken = ok(&rules, "+1 20 x 12").spoken();
    assert_eq!(spoken.en(), "+ 1 2 0 extension 1 2");
    assert_eq!(
        spoken.render(dialer_core::i18n::Lang::De, &dialer_core::i18n::Builtin),
        "+ 1 2 0 Durchwahl 1 2",
        "the screen reader says the symbols in its own language; the words are the widget's"
    );
}

#[test]
fn same_number_comparison() {
    assert!(same_number("5001", "5001"));
    assert!(same_number("+1 201 555 0123", "2015550123"));
    assert!(same_number("12015550123", "+1-201-555-0123"));
    assert!(!same_number("5001", "15001")); // short DNs must match exactly
    assert!(!same_number("2015550123", "2015550124"));
    assert!(!same_number("", ""));
}

// ---------------------------------------------------------------------------------------------
// The pattern matcher behind the preprocessing rules (`dialer_core::pattern`).
// ---------------------------------------------------------------------------------------------

fn pattern(expression: &str) -> Pattern {
    match Pattern::new(expression) {
        Ok(p) => p,
        Err(e) => panic!("{expression:?} should compile, got: {e}"),
    }
}

/// (expression, texts it matches, texts it does not match)
type MatchCase = (
    &'static str,
    &'static [&'static str],
    &'static [&'static str],
);

fn check_table(table: &[MatchCase]) {
    for &(expression, yes, no) in table {
        let p = pattern(expression);
        assert_eq!(p.as_str(), expression);
        for text in yes {
            assert!(p.is_match(text), "{expression:?} should match {text:?}");
        }
        for text in no {
            assert!(
                !p.is_match(text),
                "{expression:?} should not match {text:?}"
            );
        }
    }
}

#[test]
fn pattern_literals_escapes_and_classes() {
    check_table(&[
        ("", &["", "5001"], &[]),
        ("5", &["5", "152", "5001"], &["", "1234"]),
        ("011", &["011", "9011", "0112"], &["01", "0101"]),
        (r"\d", &["7", "+1"], &["", "+", "*#", "a", "٣"]),
        (r"\D", &["+", "a", "é", "12#"], &["", "123"]),
        (".", &["1", "+", "é"], &["", "\n"]),
        (r"^\+1", &["+12015550123"], &["12015550123", "+2"]),
        (
            r"^\(\)\.\*\#\\\-\?\|\[\]\{\}\$\^$",
            &[r"().*#\-?|[]{}$^"],
            &["()"],
        ),
        (r"^\ \%\&\~\,\:$", &[" %&~,:"], &["%&~,:"]),
        // A lone `]` or `}` is an ordinary character, as in the regex crates.
        ("^]}$", &["]}"], &["]"]),
        ("[0-9]", &["5", "a5"], &["a", ""]),
        ("^[02-9]", &["0", "2", "9"], &["1", "a", ""]),
        ("^[^0-9]", &["+", "é", "\n"], &["5", ""]),
        ("^[^1]$", &["2", "a"], &["1", "", "22"]),
        (r"^[+*#]$", &["+", "*", "#"], &["1", "-"]),
        (r"^[\d*#]+$", &["12*#", "#"], &["12+", ""]),
        (r"^[\D]$", &["a", "+"], &["1"]),
        (r"^[^\d]$", &["a"], &["1"]),
        (r"^[^\D]$", &["1"], &["a"]),
        ("^[-1]$", &["-", "1"], &["2"]),
        ("^[1-]$", &["-", "1"], &["2"]),
        ("^[^-]$", &["1"], &["-"]),
        ("^[0-2-5]$", &["0", "2", "-", "5"], &["3", "4"]),
        (r"^[\]\[\\^]$", &["]", "[", "\\", "^"], &["a"]),
        ("^[a^]$", &["a", "^"], &["b"]),
        ("^[.]$", &["."], &["1"]),
        ("^é.$", &["éa", "éé"], &["e1"]),
    ]);
}

#[test]
fn pattern_anchors() {
    check_table(&[
        ("^5", &["5", "5001"], &["15", ""]),
        ("5$", &["5", "15"], &["51", "", "5\n"]),
        ("^5$", &["5"], &["55", "15", ""]),
        ("^$", &[""], &["1", "\n"]),
        ("^", &["", "x"], &[]),
        ("$", &["", "x"], &[]),
        ("1^2", &[], &["12", "1^2"]),
        ("1$2", &[], &["12", "1$2"]),
        ("^^1$$", &["1"], &["11"]),
        (r"^\d{4}$", &["5001"], &["500", "50012", "+5001"]),
        // Unanchored patterns match anywhere, like `Regex::is_match`.
        (
            r"\d{4}",
            &["5001", "+150012", "ab1234cd"],
            &["123", "12a34"],
        ),
    ]);
}

#[test]
fn pattern_alternation_and_groups() {
    check_table(&[
        ("^1|2$", &["1x", "x2", "12"], &["x1", "2x", ""]),
        ("^(1|2)$", &["1", "2"], &["12", "x1", ""]),
        ("^(?:1|22|333)$", &["1", "22", "333"], &["2", "33", "1333"]),
        ("^(|9)1$", &["1", "91"], &["991"]),
        ("^(9|)1$", &["1", "91"], &["991"]),
        ("|", &["", "1"], &[]),
        ("^()$", &[""], &["1"]),
        ("^(?:)1$", &["1"], &["11"]),
        ("^((1|2)(3|4))+$", &["13", "2414"], &["1", "12", "135"]),
        (
            "^(?:0(?:1(?:2|3)|4)|5)$",
            &["012", "013", "04", "5"],
            &["01", "0", "014", "45"],
        ),
        (r"^(\+|00)\d+$", &["+44", "0044"], &["044", "+", "00"]),
        ("(^1|x)2", &["12", "x2", "ax2"], &["a12", "1x"]),
        ("(1$|2)3", &["23"], &["13", "1"]),
        (
            r"^(?:[1-9]\d{7,}|0[02-9]\d{6,}|01[02-9]\d{5,})$",
            &["12345678", "02345678", "01234567", "442079460958"],
            &["01123456789", "1234567", "0234567", "0123456", "011"],
        ),
    ]);
}

#[test]
fn pattern_repetition() {
    check_table(&[
        ("^1?2$", &["2", "12"], &["112", "1"]),
        ("^1*2$", &["2", "12", "1112"], &["1", "132"]),
        ("^1+2$", &["12", "1112"], &["2", "1"]),
        ("^(12)+$", &["12", "1212"], &["", "121", "1221"]),
        ("^(12)*$", &["", "1212"], &["1"]),
        ("^(1?)*$", &["", "11"], &["2"]),
        ("^(1*)*2$", &["2", "112"], &["3", "1"]),
        ("^(1*)+$", &["", "111"], &["12"]),
        ("^()*1$", &["1"], &["11"]),
        ("^(|1)+$", &["", "1", "11"], &["2"]),
        ("^(?:1|12)*2$", &["2", "12", "122", "112"], &["1", "1222"]),
        ("^1*?2$", &["2", "112"], &["1"]),
        ("^1+?$", &["1", "11"], &[""]),
        ("^1??2$", &["2", "12"], &["112"]),
        (r"^\d+\*\d+$", &["12*3"], &["12*", "*3"]),
        ("^a.*z$", &["az", "a123z"], &["a\nz", "a1"]),
    ]);
}

#[test]
fn pattern_counted_repetition_edges() {
    check_table(&[
        ("^1{0}$", &[""], &["1"]),
        ("^1{0}2$", &["2"], &["12"]),
        ("^1{0,0}$", &[""], &["1"]),
        ("^1{1}$", &["1"], &["", "11"]),
        ("^1{1,1}$", &["1"], &["", "11"]),
        ("^1{2,3}$", &["11", "111"], &["1", "1111"]),
        ("^1{0,2}$", &["", "1", "11"], &["111"]),
        ("^1{2,}$", &["11", "11111"], &["1", ""]),
        ("^1{0,}$", &["", "11"], &["2"]),
        ("^(12){2}$", &["1212"], &["12", "121212"]),
        (
            r"^(\d{2}){2,3}$",
            &["1234", "123456"],
            &["12345", "12", "1234567"],
        ),
        (
            r"^\d{3}-?\d{4}$",
            &["5551234", "555-1234"],
            &["555--1234", "55-51234"],
        ),
        ("^1{2}?$", &["11"], &["1", "111"]),
        ("^(1{2})*$", &["", "11", "1111"], &["1", "111"]),
        (
            "^(1|2{2}){2}$",
            &["11", "122", "221", "2222"],
            &["12", "222", "2211"],
        ),
        (r"^\d{1000}$", &[], &["1", ""]),
    ]);
    let thousand = "7".repeat(1000);
    assert!(pattern(r"^\d{1000}$").is_match(&thousand));
    assert!(!pattern(r"^\d{1000}$").is_match(&thousand[1..]));
    assert!(pattern(r"^\d{999,}$").is_match(&format!("{thousand}7")));
}

#[test]
fn pattern_refuses_unsupported_syntax_in_plain_words() {
    let table = [
        ("(?=011)", "look-ahead “(?=…)” and “(?!…)” is not supported"),
        (
            r"^(?!011)\d{8,}$",
            "look-ahead “(?=…)” and “(?!…)” is not supported",
        ),
        (
            "(?<=1)2",
            "look-behind “(?<=…)” and “(?<!…)” is not supported",
        ),
        (
            "(?<!1)2",
            "look-behind “(?<=…)” and “(?<!…)” is not supported",
        ),
        (
            "(?<cc>1)",
            "named groups are not supported; use “(…)” or “(?:…)”",
        ),
        (
            "(?P<cc>1)",
            "named groups are not supported; use “(…)” or “(?:…)”",
        ),
        (
            "(?i)x",
            "flags and special groups such as “(?i)” are not supported; only “(?:…)” is",
        ),
        (
            "(?",
            "flags and special groups such as “(?i)” are not supported; only “(?:…)” is",
        ),
        (r"(\d)\1", "back-references such as “\\1” are not supported"),
        (
            r"\s",
            "“\\s” is not supported (only \\d, \\D and a backslash before punctuation, such as \\+ or \\(, are)",
        ),
        (
            r"\b1",
            "“\\b” is not supported (only \\d, \\D and a backslash before punctuation, such as \\+ or \\(, are)",
        ),
        (
            r"\<",
            "“\\<” is not supported (only \\d, \\D and a backslash before punctuation, such as \\+ or \\(, are)",
        ),
        (
            r"[\w]",
            "“\\w” is not supported (only \\d, \\D and a backslash before punctuation, such as \\+ or \\(, are)",
        ),
        ("1\\", "it ends with a lone “\\”"),
        (r"^(\d+$", "a “(” is never closed"),
        ("((1)", "a “(” is never closed"),
        ("1)", "“)” has no matching “(”"),
        ("(1))", "“)” has no matching “(”"),
        ("[0-9", "a “[” is never closed"),
        ("[", "a “[” is never closed"),
        (
            "[]",
            "a class “[]” cannot be empty (to match a “]”, write “\\]” inside the brackets)",
        ),
        (
            "[^]",
            "a class “[]” cannot be empty (to match a “]”, write “\\]” inside the brackets)",
        ),
        (
            "[]1]",
            "a class “[]” cannot be empty (to match a “]”, write “\\]” inside the brackets)",
        ),
        ("[9-0]", "the range “9-0” is backwards"),
        (
            r"[\d-9]",
            "“\\d-9”: \\d and \\D cannot be one end of a range",
        ),
        (
            r"[0-\D]",
            "“0-\\D”: \\d and \\D cannot be one end of a range",
        ),
        (
            "[[:digit:]]",
            "“[” inside a class is not supported (write “\\[” for the character)",
        ),
        ("[0--9]", "“--” inside a class is not supported"),
        ("[0&&1]", "“&&” inside a class is not supported"),
        ("*1", "“*” has nothing before it to repeat"),
        ("+", "“+” has nothing before it to repeat"),
        ("(?:?)", "“?” has nothing before it to repeat"),
        ("1|*", "“*” has nothing before it to repeat"),
        ("{3}", "“{3}” has nothing before it to repeat"),
        (
            "1**",
            "“*” follows another repetition; put the repeated part in a group first",
        ),
        (
            "1{2}{3}",
            "“{3}” follows another repetition; put the repeated part in a group first",
        ),
        (
            "1*??",
            "“?” follows another repetition; put the repeated part in a group first",
        ),
        ("^*", "“^*”: “^” cannot be repeated"),
        ("1$+", "“$+”: “$” cannot be repeated"),
        (
            "1{",
            "“{” is not a repeat count such as {3}, {2,} or {2,5} (write “\\{” for the character)",
        ),
        (
            "1{x}",
            "“{” is not a repeat count such as {3}, {2,} or {2,5} (write “\\{” for the character)",
        ),
        (
            "1{,3}",
            "“{” is not a repeat count such as {3}, {2,} or {2,5} (write “\\{” for the character)",
        ),
        (
            "1{2",
            "“{2” is not a repeat count such as {3}, {2,} or {2,5} (write “\\{” for the character)",
        ),
        (
            "1{2,3",
            "“{2,3” is not a repeat count such as {3}, {2,} or {2,5} (write “\\{” for the character)",
        ),
        (
            "1{ 2}",
            "“{” is not a repeat count such as {3}, {2,} or {2,5} (write “\\{” for the character)",
        ),
        ("1{3,2}", "in “{3,2}” the smaller count must come first"),
        ("1{1001}", "the repeat count 1001 is more than 1000"),
        (
            "1{2,99999999999}",
            "the repeat count 99999999999 is more than 1000",
        ),
        (
            r"(\d{100}){101}",
            "it is too big once its repeat counts are written out (more than 10000 steps)",
        ),
        (
            "((){1000}){1000}",
            "it is too big once its repeat counts are written out (more than 10000 steps)",
        ),
    ];
    for (expression, reason) in table {
        match Pattern::new(expression) {
            Ok(p) => panic!("{expression:?} should be refused, got {p:?}"),
            Err(e) => assert_eq!(e.reason, reason, "{expression:?}"),
        }
        // The same reason reaches the rule's configuration error, whose form is unchanged.
        let e = PrefixRule::new(expression, "9", "").unwrap_err();
        assert_eq!(
            e,
            RuleError {
                expression: expression.to_string(),
                reason: reason.to_string()
            }
        );
        assert_eq!(
            e.to_string(),
            format!("The dialling rule “{expression}” is not a valid pattern: {reason}")
        );
    }
    // Deep nesting is refused rather than overflowing the stack.
    let deep = format!("{}1{}", "(".repeat(100_000), ")".repeat(100_000));
    assert_eq!(
        Pattern::new(&deep).unwrap_err().reason,
        "groups are nested more than 64 deep"
    );
    pattern(&format!("{}1{}", "(".repeat(64), ")".repeat(64)));
    // Just under the size limit is fine.
    pattern(r"(\d{99}){99}");
}

#[test]
fn wwe_rules_by_digit_count() {
    let rules = NumberRules::wwe_north_america();
    assert_eq!(rules.rules.len(), 3, "every documented rule compiles");
    let expressions: Vec<&str> = rules.rules.iter().map(|r| r.expression.as_str()).collect();
    assert_eq!(
        expressions,
        [
            r"^\d{10}$",
            r"^\d{11}$",
            r"^(?:[1-9]\d{7,}|0[02-9]\d{6,}|01[02-9]\d{5,})$"
        ]
    );
    let table = [
        // 10 digits → +1 (first rule wins over the third).
        ("2015550123", "+12015550123"),
        ("0115550123", "+10115550123"),
        // 11 digits → +
        ("12015550123", "+12015550123"),
        ("01155501234", "+01155501234"),
        // 8 or more digits, not 10 or 11, not starting with 011 → 011
        ("12345678", "01112345678"),
        ("123456789", "011123456789"),
        ("442079460958", "011442079460958"),
        ("02079460", "01102079460"),
        ("01234567", "01101234567"),
        ("0123456789012", "0110123456789012"),
        // Starting with 011 (and not 10/11 digits): untouched.
        ("01144207946", "+01144207946"), // 11 digits: the second rule still applies
        ("011442079460958", "011442079460958"),
        ("01112345", "01112345"),
        // Fewer than 8 digits, or not digits only: untouched.
        ("5551234", "5551234"),
        ("5001", "5001"),
        ("+442079460958", "+442079460958"),
        ("*672015550123", "*672015550123"),
        ("2015550123#", "2015550123#"),
    ];
    for (raw, want) in table {
        assert_eq!(ok(&rules, raw).number, want, "{raw:?}");
    }
}

#[test]
fn pathological_patterns_take_linear_work() {
    // Patterns that make a backtracking engine take exponential time; the matcher's work is
    // counted, not timed: at most two visits per instruction per character position.
    let digits = "1".repeat(39);
    let not_matching = format!("{digits}x");
    let long = "1".repeat(200); // the longest text the rules ever see
    let cases = [
        (r"(\d*)*$", &not_matching, true), // `$` matches at the end, after the x
        (r"^(\d*)*$", &not_matching, false),
        (r"^(\d+)+$", &not_matching, false),
        (r"^(\d|\d)*$", &not_matching, false),
        (r"^(\d|1)+y", &not_matching, false),
        (r"^(\d*)*(\d*)*(\d*)*x$", &digits, false),
        (r"^(1?){39}1{39}$", &digits, true),
        (r"^(1?){40}1{40}$", &digits, false),
        (r"^((\d{1,5}){1,5}){1,5}$", &not_matching, false),
        (r"(.*)*(.*)*(.*)*z", &not_matching, false),
        (r"^(\d{99}){99}x", &long, false), // a biggest-possible pattern
    ];
    for (expression, text, want) in cases {
        let (matched, steps, bound) = pattern(expression).match_cost(text);
        assert_eq!(matched, want, "{expression:?}");
        assert!(
            steps <= bound,
            "{expression:?}: {steps} steps, bound {bound}"
        );
        assert!(steps > 0, "{expression:?}: the count counts");
    }
}

#[test]
fn rule_expression_text_is_kept_for_equality_and_serialisation() {
    let a = PrefixRule::new(r"^\d{10}$", "+1", "US").unwrap();
    let b = PrefixRule::new(r"^\d{10}$", "+1", "US").unwrap();
    let c = PrefixRule::new(r"^[0-9]{10}$", "+1", "US").unwrap();
    assert_eq!(a, b);
    assert_ne!(a, c); // same meaning, different text
    assert_eq!(a.expression.as_str(), r"^\d{10}$");
    assert_eq!(a.expression.to_string(), r"^\d{10}$");
    assert_eq!(format!("{:?}", a.expression), r#"Pattern("^\\d{10}$")"#);
    assert!(a.matches("2015550123"));
    assert!(!a.matches("201555012"));
    let json = serde_json::to_value(&a).unwrap();
    assert_eq!(
        json,
        serde_json::json!({"expression": r"^\d{10}$", "prefix": "+1", "description": "US"})
    );
    let e = serde_json::from_str::<PrefixRule>(r#"{"expression": "(?i)x"}"#).unwrap_err();
    assert!(
        e.to_string().starts_with(
            "The dialling rule “(?i)x” is not a valid pattern: flags and special groups"
        ),
        "{e}"
    );
}

// ---------------------------------------------------------------------------------------------
// Differential tests: on its subset the matcher must agree with a real regex engine (regex-lite,
// a dev-dependency only), and it must never accept a pattern that regex-lite refuses.
// ---------------------------------------------------------------------------------------------

/// xorshift64*: deterministic, no extra dependency.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }
}

const TEXT_CHARS: [char; 10] = ['0', '1', '2', '9', '+', '*', '#', 'a', 'é', '\n'];

fn random_text(rng: &mut Rng) -> String {
    let len = rng.below(9);
    (0..len)
        .map(|_| TEXT_CHARS[rng.below(TEXT_CHARS.len())])
        .collect()
}

/// A random pattern of the supported subset.
fn random_pattern(rng: &mut Rng, depth: usize) -> String {
    let branches = if rng.below(4) == 0 {
        2 + rng.below(2)
    } else {
        1
    };
    let mut out = Vec::new();
    for _ in 0..branches {
        let mut branch = String::new();
        for _ in 0..rng.below(4) {
            branch.push_str(&random_piece(rng, depth));
        }
        out.push(branch);
    }
    out.join("|")
}

fn random_piece(rng: &mut Rng, depth: usize) -> String {
    let atom = match rng.below(12) {
        0 if depth < 3 => {
            let open = rng.pick(&["(", "(?:"]);
            format!("{open}{})", random_pattern(rng, depth + 1))
        }
        1 => return rng.pick(&["^", "$"]).to_string(), // anchors are not repeated
        2 => rng
            .pick(&[
                "[0-2]", "[^1]", "[02-9]", r"[\d#]", "[-1]", "[a-]", r"[^\D]", r"[+*#]", "[^0-9a]",
                r"[\D0]", "[9-9]", r"[\]a]",
            ])
            .to_string(),
        3 => rng.pick(&[r"\d", r"\D", "."]).to_string(),
        4 => rng
            .pick(&[r"\+", r"\*", r"\#", "#", r"\.", r"\\", "é", r"\-"])
            .to_string(),
        _ => rng.pick(&["0", "1", "2", "9", "a"]).to_string(),
    };
    let quantifier = match rng.below(10) {
        0 => "?".to_string(),
        1 => "*".to_string(),
        2 => "+".to_string(),
        3 => format!("{{{}}}", rng.below(4)),
        4 => format!("{{{},}}", rng.below(4)),
        5 => {
            let min = rng.below(3);
            format!("{{{},{}}}", min, min + rng.below(3))
        }
        _ => String::new(),
    };
    let lazy = if !quantifier.is_empty() && rng.below(5) == 0 {
        "?"
    } else {
        ""
    };
    format!("{atom}{quantifier}{lazy}")
}

#[test]
fn matcher_agrees_with_regex_lite_on_generated_patterns() {
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let mut compared = 0;
    let mut matched = 0;
    for _ in 0..4000 {
        let expression = random_pattern(&mut rng, 0);
        let ours = pattern(&expression);
        let theirs = regex_lite::Regex::new(&expression)
            .unwrap_or_else(|e| panic!("regex-lite refuses {expression:?}: {e}"));
        let mut texts: Vec<String> = (0..25).map(|_| random_text(&mut rng)).collect();
        texts.extend(["", "2015550123", "011442079460958"].map(String::from));
        for text in &texts {
            let want = theirs.is_match(text);
            assert_eq!(
                ours.is_match(text),
                want,
                "{expression:?} on {text:?}: regex-lite says {want}"
            );
            compared += 1;
            matched += usize::from(want);
        }
    }
    // Both outcomes are well represented.
    assert!(
        matched > compared / 5 && matched < compared * 4 / 5,
        "{matched}/{compared}"
    );
}

#[test]
fn matcher_never_accepts_what_regex_lite_refuses() {
    const SYNTAX: [&str; 27] = [
        "0", "1", "a", "\\", "d", "D", "(", ")", "?", ":", "|", "[", "]", "^", "$", "-", "*", "+",
        "{", "}", ",", "2", ".", "=", "!", "<", "&",
    ];
    let mut rng = Rng(0xD1B5_4A32_D192_ED03);
    let mut accepted = 0;
    for _ in 0..60_000 {
        let len = 1 + rng.below(8);
        let expression: String = (0..len).map(|_| rng.pick(&SYNTAX)).collect();
        let Ok(ours) = Pattern::new(&expression) else {
            continue;
        };
        let theirs = regex_lite::Regex::new(&expression)
            .unwrap_or_else(|e| panic!("we accept {expression:?} but regex-lite refuses it: {e}"));
        accepted += 1;
        for _ in 0..10 {
            let text = random_text(&mut rng);
            assert_eq!(
                ours.is_match(&text),
                theirs.is_match(&text),
                "{expression:?} on {text:?}"
            );
        }
    }
    assert!(
        accepted > 5_000,
        "only {accepted} random patterns were accepted"
    );
}

/// The options readers used by the widget (no derived deserializer in its wasm) agree with the
/// derives on what they accept and what they refuse.
#[test]
fn option_readers_agree_with_the_derives() {
    use dialer_core::dial_guard::GuardConfig;
    use serde_json::json;
    let rules = [
        json!({}),
        json!({"stripChars": "-", "extensionMarkers": ["x"], "allowStarAndHash": false,
               "minDigits": 4, "maxDigits": 12, "other": 1,
               "rules": [{"expression": "^\\d{7}$", "prefix": "9"}, {"expression": "^1", "description": "d"}]}),
        json!({"rules": [{"prefix": "9"}]}),
        json!({"rules": [{"expression": "(?=x)"}]}),
        json!({"minDigits": "4"}),
        json!({"minDigits": -1}),
        json!({"extensionMarkers": "x"}),
        json!({"allowStarAndHash": 1}),
    ];
    // Stricter than the derive on one point: serde also reads a struct from a JSON array.
    assert!(NumberRules::from_json(&json!([])).is_err());
    for value in rules {
        let derived = serde_json::from_value::<NumberRules>(value.clone());
        let hand = NumberRules::from_json(&value);
        match (&derived, &hand) {
            (Ok(a), Ok(b)) => assert_eq!(a, b, "{value}"),
            (Err(_), Err(_)) => {}
            _ => panic!("{value}: derive {derived:?}, hand {hand:?}"),
        }
    }
    for value in [
        json!({}),
        json!({"settleMs": 2000, "inFlightTimeoutMs": 9000, "exclusiveWindowMs": 5}),
        json!({"settleMs": "2000"}),
        json!(null),
    ] {
        let derived = serde_json::from_value::<GuardConfig>(value.clone());
        let hand = GuardConfig::from_json(&value);
        match (&derived, &hand) {
            (Ok(a), Ok(b)) => assert_eq!(a, b, "{value}"),
            (Err(_), Err(_)) => {}
            _ => panic!("{value}: derive {derived:?}, hand {hand:?}"),
        }
    }
}
