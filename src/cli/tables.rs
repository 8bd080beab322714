//! `wsc profiles`, `wsc platforms`, `wsc schema`.

use serde_json::json;

use crate::contract::catalog::{CapKind, Catalog, Layer, Support};
use crate::output::schema;

use super::{EXIT_OK, EXIT_USAGE, Env, ReportFormat, finish_write};

fn ext(layer: Layer) -> &'static str {
    match layer {
        Layer::Seed => "",
        Layer::Extension => "*",
    }
}

pub fn profiles(cat: &Catalog, format: ReportFormat, env: &mut Env<'_>) -> i32 {
    let gpu = |p: &crate::contract::catalog::ProfileDef| match p.gpu_type {
        Some(g) => format!("{} x {}", p.gpu_count, cat.gpu_types[g].name),
        None => p.gpu_count.to_string(),
    };
    let res = match format {
        ReportFormat::Text => {
            let mut s = format!(
                "{:<20} {:>4} {:>7} {:>8}  {:<17} {}\n",
                "PROFILE", "CPU", "MEMORY", "STORAGE", "GPU", "USE CASE"
            );
            for p in &cat.profiles {
                s.push_str(&format!(
                    "{:<20} {:>4} {:>7} {:>8}  {:<17} {}\n",
                    format!("{}{}", p.name, ext(p.layer)),
                    p.cpu,
                    p.memory.to_string(),
                    p.storage.to_string(),
                    gpu(p),
                    p.use_case
                ));
            }
            s.push_str("\nGPU TYPES\n");
            for g in &cat.gpu_types {
                let mem = if g.memory_gb.0 == g.memory_gb.1 {
                    format!("{} GB", g.memory_gb.0)
                } else {
                    format!("{}-{} GB", g.memory_gb.0, g.memory_gb.1)
                };
                s.push_str(&format!(
                    "{:<20} {:>9} {:>6} TFLOPS  {}\n",
                    format!("{}{}", g.name, ext(g.layer)),
                    mem,
                    g.fp32_tflops,
                    g.use_case
                ));
            }
            if cat.profiles.iter().any(|p| p.layer == Layer::Extension) {
                s.push_str("\n* extension: not in the template contract\n");
            }
            env.stdout.write_all(s.as_bytes())
        }
        ReportFormat::Json => {
            let v = json!({
                "contract": cat.version.to_string(),
                "profiles": cat.profiles.iter().map(|p| json!({
                    "name": p.name, "cpu": p.cpu, "memory": p.memory.to_string(),
                    "storage": p.storage.to_string(), "memory_bytes": p.memory.bytes,
                    "storage_bytes": p.storage.bytes, "gpu_count": p.gpu_count,
                    "gpu_type": p.gpu_type.map(|g| cat.gpu_types[g].name.clone()),
                    "use_case": p.use_case, "extension": p.layer == Layer::Extension,
                })).collect::<Vec<_>>(),
                "gpu_types": cat.gpu_types.iter().map(|g| json!({
                    "name": g.name, "memory_gb": [g.memory_gb.0, g.memory_gb.1],
                    "fp32_tflops": g.fp32_tflops, "use_case": g.use_case,
                    "extension": g.layer == Layer::Extension,
                })).collect::<Vec<_>>(),
            });
            writeln!(env.stdout, "{v:#}")
        }
    };
    finish_write(res, env).unwrap_or(EXIT_OK)
}

fn cell(cat: &Catalog, cap: usize, s: Support) -> String {
    match s {
        Support::No => "-".to_string(),
        Support::Yes => "yes".to_string(),
        Support::Values(mask) => {
            let CapKind::Enum(vals) = &cat.capabilities[cap].kind else {
                return "yes".to_string();
            };
            let v: Vec<&str> = vals
                .iter()
                .enumerate()
                .filter(|(i, _)| mask & (1 << i) != 0)
                .map(|(_, v)| v.as_str())
                .collect();
            v.join("|")
        }
    }
}

pub fn platforms(cat: &Catalog, format: ReportFormat, env: &mut Env<'_>) -> i32 {
    let res = match format {
        ReportFormat::Text => {
            let mut cols: Vec<String> = vec!["CAPABILITY".to_string()];
            cols.extend(
                cat.platforms
                    .iter()
                    .map(|p| format!("{}{}", p.name, ext(p.layer))),
            );
            let mut rows: Vec<Vec<String>> = vec![cols];
            for (ci, c) in cat.capabilities.iter().enumerate() {
                let mut row = vec![c.name.clone()];
                row.extend(cat.platforms.iter().map(|p| cell(cat, ci, p.support[ci])));
                rows.push(row);
            }
            let mut os = vec!["(os)".to_string()];
            os.extend(cat.platforms.iter().map(|p| p.os.as_str().to_string()));
            rows.push(os);
            let mut img = vec!["(images)".to_string()];
            img.extend(cat.platforms.iter().map(|p| {
                p.image_kinds
                    .iter()
                    .map(|k| k.as_str())
                    .collect::<Vec<_>>()
                    .join("|")
            }));
            rows.push(img);
            let widths: Vec<usize> = (0..rows[0].len())
                .map(|i| rows.iter().map(|r| r[i].chars().count()).max().unwrap_or(0))
                .collect();
            let mut s = String::new();
            for r in &rows {
                let line: Vec<String> = r
                    .iter()
                    .zip(&widths)
                    .map(|(c, w)| format!("{c:<w$}"))
                    .collect();
                s.push_str(line.join("  ").trim_end());
                s.push('\n');
            }
            if cat.platforms.iter().any(|p| p.layer == Layer::Extension) {
                s.push_str("\n* extension: not in the template contract\n");
            }
            env.stdout.write_all(s.as_bytes())
        }
        ReportFormat::Json => {
            let v = json!({
                "contract": cat.version.to_string(),
                "platforms": cat.platforms.iter().map(|p| json!({
                    "name": p.name,
                    "description": p.description,
                    "os": p.os.as_str(),
                    "arch": p.arch.iter().map(|a| a.as_str()).collect::<Vec<_>>(),
                    "image_kinds": p.image_kinds.iter().map(|k| k.as_str()).collect::<Vec<_>>(),
                    "extension": p.layer == Layer::Extension,
                    "supports": cat.capabilities.iter().enumerate().filter_map(|(ci, c)| match p.support[ci] {
                        Support::No => None,
                        Support::Yes => Some(json!(c.name)),
                        s @ Support::Values(_) => Some(json!({ c.name.clone(): cell(cat, ci, s).split('|').collect::<Vec<_>>() })),
                    }).collect::<Vec<_>>(),
                })).collect::<Vec<_>>(),
            });
            writeln!(env.stdout, "{v:#}")
        }
    };
    finish_write(res, env).unwrap_or(EXIT_OK)
}

pub fn schema(cat: &Catalog, name: &str, env: &mut Env<'_>) -> i32 {
    let v = match name {
        "composition" => schema::composition(cat),
        "contract" => schema::contract(),
        "toolchain" => schema::toolchain(cat),
        "base" => schema::base(cat),
        "pairings" => schema::pairings(cat),
        "config" => schema::config(),
        "base-config" => schema::base_config(),
        other => {
            let _ = writeln!(
                env.stderr,
                "wsc: no schema named `{other}` (available: {})",
                schema::NAMES.join(", ")
            );
            return EXIT_USAGE;
        }
    };
    finish_write(writeln!(env.stdout, "{v:#}"), env).unwrap_or(EXIT_OK)
}
