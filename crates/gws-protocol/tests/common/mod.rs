//! Locates and reads the shared fixture directories at test time, so new files are covered
//! without touching the tests.

#![allow(dead_code)]

use std::path::{Path, PathBuf};

use serde_json::Value;

/// `GWS_FIXTURES_DIR` (the folder holding `gws-8.5-captures/` and `gws-docs-samples/`), else
/// `/work/shared/fixtures` reached from this crate.
pub fn fixtures_root() -> PathBuf {
    match std::env::var_os("GWS_FIXTURES_DIR") {
        Some(dir) => PathBuf::from(dir),
        None => Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/fixtures"),
    }
}

/// The fixture directories every test walks.
pub fn fixture_dirs() -> Vec<PathBuf> {
    let root = fixtures_root();
    vec![
        root.join("gws-8.5-captures/notifications"),
        root.join("gws-8.5-captures/rest"),
        root.join("gws-docs-samples"),
    ]
}

/// A fixture file: its name without `.json` and its JSON.
pub struct Fixture {
    pub name: String,
    pub json: Value,
}

/// Every `*.json` file of every fixture directory, sorted by path. Panics (fails the test) if a
/// directory is missing or unreadable, so a wrong path can never make the suite pass vacuously.
pub fn all_fixtures() -> Vec<Fixture> {
    let mut paths = Vec::new();
    for dir in fixture_dirs() {
        let entries = std::fs::read_dir(&dir)
            .unwrap_or_else(|err| panic!("fixture directory {} unreadable: {err}", dir.display()));
        for entry in entries {
            let path = entry.expect("directory entry").path();
            if path.extension().is_some_and(|ext| ext == "json") {
                paths.push(path);
            }
        }
    }
    paths.sort();
    paths
        .into_iter()
        .map(|path| {
            let text = std::fs::read_to_string(&path)
                .unwrap_or_else(|err| panic!("{} unreadable: {err}", path.display()));
            let json = serde_json::from_str(&text)
                .unwrap_or_else(|err| panic!("{} is not JSON: {err}", path.display()));
            let name = path
                .file_stem()
                .and_then(|stem| stem.to_str())
                .expect("utf-8 file name")
                .to_owned();
            Fixture { name, json }
        })
        .collect()
}

/// What a fixture file contains, recognised from its shape.
pub enum Shape<'a> {
    /// A CometD message `{channel, data}`.
    Notification,
    /// A capture `{request:{method,path,body}, response:{status,body}}`.
    Capture {
        method: &'a str,
        path: &'a str,
        request_body: &'a Value,
        http_status: Option<u64>,
        response_body: &'a Value,
    },
    /// A docs sample `{method, path, body, response}` (response = the body).
    DocsRequest {
        method: &'a str,
        path: &'a str,
        request_body: &'a Value,
        response_body: &'a Value,
    },
}

pub fn shape_of(fixture: &Fixture) -> Shape<'_> {
    let json = &fixture.json;
    if json.get("channel").is_some() && json.get("data").is_some() {
        return Shape::Notification;
    }
    if let (Some(request), Some(response)) = (json.get("request"), json.get("response")) {
        return Shape::Capture {
            method: request["method"].as_str().expect("request.method"),
            path: request["path"].as_str().expect("request.path"),
            request_body: &request["body"],
            http_status: response["status"].as_u64(),
            response_body: &response["body"],
        };
    }
    if let (Some(method), Some(path)) = (json.get("method"), json.get("path")) {
        return Shape::DocsRequest {
            method: method.as_str().expect("method"),
            path: path.as_str().expect("path"),
            request_body: &json["body"],
            response_body: &json["response"],
        };
    }
    panic!(
        "fixture {} has a shape these tests do not know; teach tests/common about it",
        fixture.name
    );
}
