//! Choosing an EC2 instance type for a compute profile from the catalog's
//! instance types: the smallest whose vCPUs, memory and GPUs all meet it.

use crate::contract::catalog::{Catalog, InstanceClass, InstanceTypeDef};
use crate::contract::model::Quantity;

/// Memory per vCPU above which a profile takes a memory-optimised type.
pub const GENERAL_GIB_PER_VCPU: u64 = 4;

/// What a profile asks of an instance.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Need {
    pub vcpu: u32,
    pub memory_bytes: u64,
    pub gpus: u32,
    /// The GPU type's index in the catalog, for GPU profiles.
    pub gpu_type: Option<usize>,
}

/// The chosen type and what it gives beyond the need.
#[derive(Debug, Clone, PartialEq)]
pub struct Choice<'c> {
    pub instance: &'c InstanceTypeDef,
    /// What the type has more of than asked, in words (`32 vCPUs for 16`).
    pub over: Vec<String>,
}

/// Why no type was chosen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NoFit {
    /// The catalog has no type of the class or GPU type the profile needs.
    NoCandidates(String),
    /// The largest candidate is too small.
    TooLarge(String),
}

impl std::fmt::Display for NoFit {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            NoFit::NoCandidates(m) | NoFit::TooLarge(m) => f.write_str(m),
        }
    }
}

/// The class of type a profile without GPUs takes.
pub fn class_for(need: &Need) -> InstanceClass {
    if need.gpus > 0 {
        InstanceClass::Gpu
    } else if need.memory_bytes > u64::from(need.vcpu) * GENERAL_GIB_PER_VCPU * Quantity::GI {
        InstanceClass::Memory
    } else {
        InstanceClass::General
    }
}

/// The smallest type (fewest vCPUs, then least memory, then fewest GPUs,
/// then by name) that meets every part of the need.
pub fn choose<'c>(cat: &'c Catalog, need: &Need) -> Result<Choice<'c>, NoFit> {
    let class = class_for(need);
    let gpu_name = need
        .gpu_type
        .and_then(|g| cat.gpu_types.get(g))
        .map(|g| g.name.as_str());
    let mut candidates: Vec<&InstanceTypeDef> = cat
        .instance_types
        .iter()
        .filter(|i| {
            if need.gpus > 0 {
                i.class == InstanceClass::Gpu
                    && (need.gpu_type.is_none() || i.gpu_type == need.gpu_type)
            } else {
                i.class == class
            }
        })
        .collect();
    let what = match gpu_name {
        Some(g) if need.gpus > 0 => format!("with {g} GPUs"),
        _ if need.gpus > 0 => "with GPUs".to_string(),
        _ => format!("of class {}", class.as_str()),
    };
    if candidates.is_empty() {
        return Err(NoFit::NoCandidates(format!(
            "the catalog has no EC2 instance type {what}"
        )));
    }
    candidates.sort_by(|a, b| {
        (a.vcpu, a.memory.bytes, a.gpus, &a.name).cmp(&(b.vcpu, b.memory.bytes, b.gpus, &b.name))
    });
    let Some(best) = candidates.into_iter().find(|i| {
        i.vcpu >= need.vcpu && i.memory.bytes >= need.memory_bytes && i.gpus >= need.gpus
    }) else {
        return Err(NoFit::TooLarge(format!(
            "no EC2 instance type {what} has {} vCPUs, {} of memory and {} GPUs",
            need.vcpu,
            Quantity {
                bytes: need.memory_bytes
            },
            need.gpus
        )));
    };
    let mut over = Vec::new();
    if best.vcpu > need.vcpu {
        over.push(format!("{} vCPUs for {}", best.vcpu, need.vcpu));
    }
    if best.memory.bytes > need.memory_bytes {
        over.push(format!(
            "{} of memory for {}",
            best.memory,
            Quantity {
                bytes: need.memory_bytes
            }
        ));
    }
    if best.gpus > need.gpus {
        over.push(format!("{} GPUs for {}", best.gpus, need.gpus));
    }
    Ok(Choice {
        instance: best,
        over,
    })
}
