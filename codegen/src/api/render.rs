//! A [`Report`] as plain text for a terminal, Markdown for a pull-request comment, or JSON.

use std::fmt::Write as _;

use super::diff::{Change, Report, Scope, Severity};

/// The first line: counts and the semver bump.
pub fn headline(report: &Report) -> String {
    if report.is_empty() {
        return format!("Rust API: no change ({} → {})", report.old, report.new);
    }
    format!(
        "Rust API ({} → {}): {} breaking, {} compatible, {} doc-only; semver: {}",
        report.old,
        report.new,
        report.breaking,
        report.compatible,
        report.doc_changes,
        report.bump.as_str()
    )
}

/// The groups of a report, in order: (module, scope, changes).
fn groups(report: &Report) -> Vec<(&str, &Scope, Vec<&Change>)> {
    let mut out: Vec<(&str, &Scope, Vec<&Change>)> = Vec::new();
    for c in &report.changes {
        match out.last_mut() {
            Some((m, s, list)) if *m == c.module && **s == c.scope => list.push(c),
            _ => out.push((&c.module, &c.scope, vec![c])),
        }
    }
    out
}

fn scope_title(scope: &Scope) -> String {
    match scope {
        Scope::Crate => "crate".into(),
        Scope::Operation {
            resource,
            method,
            endpoint,
        } => format!("{resource}.{method}()  [{endpoint}]"),
        Scope::Resource { resource } => resource.clone(),
        Scope::Type { name, usage } => format!("type {name} ({usage})"),
    }
}

/// Plain text for a terminal.
pub fn text(report: &Report) -> String {
    let mut s = headline(report);
    s.push('\n');
    let mut module: Option<&str> = None;
    for (m, scope, changes) in groups(report) {
        if module != Some(m) {
            let _ = writeln!(s, "\n{}", if m.is_empty() { "crate root" } else { m });
            module = Some(m);
        }
        let _ = writeln!(s, "  {}", scope_title(scope));
        for c in changes {
            let _ = writeln!(s, "    {:<10}  {}", c.severity.as_str(), c.message);
        }
    }
    if report.doc_changes > 0 {
        let _ = writeln!(
            s,
            "\n{} item(s) changed documentation only (not listed)",
            report.doc_changes
        );
    }
    s
}

/// Markdown for a pull-request comment.
pub fn markdown(report: &Report) -> String {
    let mut s = String::new();
    let _ = writeln!(s, "### Rust API changes: {}\n", report.bump.as_str());
    let _ = writeln!(s, "`{}` → `{}`\n", report.old, report.new);
    if report.is_empty() {
        s.push_str("No change to the generated crate's API.\n");
        return s;
    }
    let _ = writeln!(
        s,
        "| breaking | compatible | doc-only | semver |\n| ---: | ---: | ---: | --- |\n| {} | {} | {} | {} |",
        report.breaking,
        report.compatible,
        report.doc_changes,
        report.bump.as_str()
    );
    let mut module: Option<&str> = None;
    for (m, scope, changes) in groups(report) {
        if module != Some(m) {
            let _ = writeln!(
                s,
                "\n#### {}",
                if m.is_empty() {
                    "crate root".to_owned()
                } else {
                    format!("`{m}`")
                }
            );
            module = Some(m);
        }
        let title = match scope {
            Scope::Operation {
                resource,
                method,
                endpoint,
            } => format!("`{resource}.{method}()` ({endpoint})"),
            Scope::Type { name, usage } => format!("type `{name}` ({usage})"),
            Scope::Resource { resource } => format!("`{resource}`"),
            Scope::Crate => "crate".into(),
        };
        let _ = writeln!(s, "\n{title}\n");
        for c in changes {
            let mark = match c.severity {
                Severity::Breaking => "**breaking**",
                Severity::Compatible => "compatible",
            };
            let _ = writeln!(s, "- {mark}: {}", c.message);
        }
    }
    if report.doc_changes > 0 {
        let _ = writeln!(
            s,
            "\n{} item(s) changed documentation only (not listed).",
            report.doc_changes
        );
    }
    s
}

/// JSON for bots: the [`Report`] as it is.
pub fn json(report: &Report) -> String {
    let mut s =
        serde_json::to_string_pretty(report).unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"));
    s.push('\n');
    s
}
