use dialer_core::numbers::{DialNumber, NumberError, NumberRules, PrefixRule, same_number};

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
        assert_eq!(n.display, want, "{raw:?}");
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
        assert_eq!(n.display, format!("{number} ext. {ext}"), "{raw:?}");
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
    assert_eq!(ok(&rules, "5001").spoken(), "5 0 0 1");
    assert_eq!(
        ok(&rules, "+1 20 x 12").spoken(),
        "plus 1 2 0 extension 1 2"
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
