//! The one finishing pass every checking command ends with: suppressions,
//! the selection and severities of the configuration, the baseline, order.

use super::{Report, Settings, baseline, suppress};
use crate::diag::{Diagnostic, SourceFile};

/// Suppressions, then the selection and severities: what decides whether a
/// finding is reported, and how loudly.
pub fn filter(files: &[SourceFile], diags: &mut Vec<Diagnostic>, settings: &Settings) {
    suppress::apply(files, diags, |code| settings.is_on(code));
    settings.apply(diags);
}

/// Finish a report: [`filter`], then the baseline (known findings become
/// information, stale entries are reported), then the interface's order.
pub fn finish(report: &mut Report, settings: &Settings) {
    filter(&report.files, &mut report.diagnostics, settings);
    if let Some(b) = &settings.baseline {
        let mut stale = Vec::new();
        baseline::apply(b, &report.files, &mut report.diagnostics, &mut stale);
        report.diagnostics.extend(stale);
        report.files.push(SourceFile {
            path: b.path.clone(),
            text: b.text.clone(),
        });
    }
    report.finish();
}
