//! The library's layering, read from its sources: the modules' imports form
//! no circle, and the pure modules import no browser or UI crate, so they
//! build and test natively.
#![cfg(not(target_arch = "wasm32"))]

use std::collections::BTreeMap;
use std::path::Path;

/// The modules that hold pure logic.
const PURE: [&str; 11] = [
    "backend",
    "error",
    "expiry",
    "render",
    "retry",
    "state",
    "status",
    "texts",
    "verify",
    "widget_error",
    "wire",
];

/// Each module of `src/` (its code before its test module) by name.
fn modules() -> BTreeMap<String, String> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut modules = BTreeMap::new();
    for entry in std::fs::read_dir(&src).expect("src/ is readable").flatten() {
        let path = entry.path();
        let name = path.file_stem().and_then(|s| s.to_str()).unwrap_or_default().to_owned();
        if path.extension().is_some_and(|e| e == "rs") && !matches!(name.as_str(), "lib" | "main") {
            let text = std::fs::read_to_string(&path).unwrap_or_default();
            let code = text
                .split("#[cfg(test)]\nmod tests")
                .next()
                .unwrap_or_default()
                .to_owned();
            modules.insert(name, code);
        }
    }
    modules
}

/// The modules `code` names through `crate::`.
fn imports(code: &str, modules: &BTreeMap<String, String>) -> Vec<String> {
    let mut found = Vec::new();
    for (at, _) in code.match_indices("crate::") {
        let rest = code.get(at + "crate::".len()..).unwrap_or_default();
        let mut names = vec![rest];
        // `use crate::{a::X, b::Y}`
        if let Some(group) = rest.strip_prefix('{') {
            names = group.split('}').next().unwrap_or_default().split(',').collect();
        }
        for name in names {
            let name: String = name
                .trim()
                .chars()
                .take_while(|c| c.is_ascii_lowercase() || *c == '_')
                .collect();
            if modules.contains_key(&name) && !found.contains(&name) {
                found.push(name);
            }
        }
    }
    found
}

#[test]
fn no_module_imports_another_that_imports_it_back() {
    let modules = modules();
    assert!(modules.len() > 10, "{modules:?}");
    let graph: BTreeMap<&str, Vec<String>> = modules
        .iter()
        .map(|(name, code)| (name.as_str(), imports(code, &modules)))
        .collect();
    // Depth-first, with the path so far: a module met again on it closes a circle.
    fn visit<'a>(
        name: &'a str,
        graph: &'a BTreeMap<&str, Vec<String>>,
        path: &mut Vec<&'a str>,
        done: &mut Vec<&'a str>,
    ) {
        if let Some(at) = path.iter().position(|p| *p == name) {
            panic!("an import circle: {:?} -> {name}", path.get(at..).unwrap_or_default());
        }
        if done.contains(&name) {
            return;
        }
        path.push(name);
        for next in graph.get(name).into_iter().flatten() {
            visit(next, graph, path, done);
        }
        path.pop();
        done.push(name);
    }
    let mut done = Vec::new();
    for name in graph.keys() {
        visit(name, &graph, &mut Vec::new(), &mut done);
    }
}

#[test]
fn pure_modules_import_no_browser_or_ui_crate() {
    let modules = modules();
    for name in PURE {
        let code = modules.get(name).unwrap_or_else(|| panic!("src/{name}.rs is missing"));
        for crate_name in ["web_sys", "wasm_bindgen", "js_sys", "leptos", "gloo_net", "gloo_timers"] {
            assert!(
                !code.contains(&format!("{crate_name}::")),
                "src/{name}.rs uses {crate_name}"
            );
        }
    }
}
