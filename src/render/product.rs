//! `pm product show`.

use std::fmt::Write as _;

use crate::model::ProductInfo;

use super::Format;
use super::table::Grid;
use super::text::{md_block, md_cell, terminal, terminal_block};

pub(crate) fn show(info: &ProductInfo, format: Format) -> String {
    match format {
        Format::Json => super::backlog::to_json(info),
        Format::Yaml => yaml_serde::to_string(info).unwrap_or_default(),
        Format::Md => markdown(info),
        Format::Table | Format::Csv => text(info),
    }
}

fn indent(s: &str) -> String {
    terminal_block(s.trim_end()).lines().map(|l| format!("  {l}\n")).collect()
}

fn text(info: &ProductInfo) -> String {
    let mut out = format!("{}\n", terminal(&info.name));
    if let Some(stage) = info.stage {
        let _ = writeln!(out, "Stage: {}  (watch: {})", stage.as_str(), stage.suggested_kpis());
    }
    if let Some(v) = &info.vision {
        let _ = write!(out, "\nVision\n{}", indent(v));
    }
    if let Some(s) = &info.strategy {
        let _ = write!(out, "\nStrategy\n{}", indent(s));
    }
    if !info.personas.is_empty() {
        out.push_str("\nPersonas\n");
        for p in &info.personas {
            let _ = write!(out, "  {}", terminal(&p.name));
            if let Some(d) = &p.description {
                let _ = write!(out, " — {}", terminal(d));
            }
            out.push('\n');
            if !p.goals.is_empty() {
                let _ = writeln!(out, "    goals: {}", terminal(&p.goals.join("; ")));
            }
        }
    }
    if !info.stakeholders.is_empty() {
        out.push_str("\nStakeholders\n");
        for s in &info.stakeholders {
            let _ = writeln!(
                out,
                "  {}{}",
                terminal(&s.name),
                s.role.as_ref().map(|r| format!(" — {}", terminal(r))).unwrap_or_default()
            );
        }
    }
    out
}

fn markdown(info: &ProductInfo) -> String {
    let mut out = format!("# {}\n", md_cell(&info.name));
    if let Some(stage) = info.stage {
        let _ = write!(out, "\n**Stage:** {} — watch {}\n", stage.as_str(), stage.suggested_kpis());
    }
    if let Some(v) = &info.vision {
        let _ = write!(out, "\n## Vision\n\n{}\n", md_block(v.trim()));
    }
    if let Some(s) = &info.strategy {
        let _ = write!(out, "\n## Strategy\n\n{}\n", md_block(s.trim()));
    }
    if !info.personas.is_empty() {
        out.push_str("\n## Personas\n\n");
        let mut grid = Grid::new(["Persona", "Description", "Goals"]);
        for p in &info.personas {
            grid.row([p.name.as_str(), p.description.as_deref().unwrap_or(""), &p.goals.join("; ")]);
        }
        out.push_str(&grid.markdown());
    }
    if !info.stakeholders.is_empty() {
        out.push_str("\n## Stakeholders\n\n");
        let mut grid = Grid::new(["Name", "Role"]);
        for s in &info.stakeholders {
            grid.row([s.name.as_str(), s.role.as_deref().unwrap_or("")]);
        }
        out.push_str(&grid.markdown());
    }
    out
}
