//! Rendering: what a valid composition becomes on its platform. The
//! contract outputs (`outputs`), and the choices behind them: the EC2
//! instance type, volume sizes in exact units, object names.
//!
//! This layer reads the contract model only (never the rules): the caller
//! validates first, and an invalid composition is not rendered.

pub mod core;
pub mod decisions;
pub mod docker;
pub mod ec2;
pub mod hcl;
pub mod instances;
pub mod kubernetes;
pub mod kubernetes_tf;
pub mod names;
pub mod outputs;
pub mod plan;
pub mod yaml;

use crate::contract::catalog::Catalog;
use crate::contract::composition::Composition;

pub use outputs::Outputs;
pub use plan::Plan;

pub use crate::contract::base_config::BaseConfig;

/// How to render.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// `metadata.provisioned_at`; none unless asked, so output is the
    /// same from run to run.
    pub timestamp: Option<String>,
    pub base: BaseConfig,
}

/// Why a composition was not rendered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RenderError {
    /// The platform has no renderer (a custom catalog's own platform).
    NoRenderer(String),
    /// No instance type of the catalog fits the compute profile.
    NoInstance(String),
    /// The composition lacks something validation requires (it was not
    /// validated first).
    Incomplete(String),
    /// A rendered object could not be written (a bug, not the input's fault).
    Output(String),
}

impl std::fmt::Display for RenderError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            RenderError::NoRenderer(p) => write!(
                f,
                "no renderer for platform `{p}`: wsc renders kubernetes, ec2-linux, ec2-windows, ec2-gpu and docker-sysbox"
            ),
            RenderError::NoInstance(m) | RenderError::Incomplete(m) => f.write_str(m),
            RenderError::Output(m) => write!(f, "the rendered output could not be written: {m}"),
        }
    }
}

impl std::error::Error for RenderError {}

/// The platforms wsc renders.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    Kubernetes,
    Ec2Linux,
    Ec2Windows,
    Ec2Gpu,
    DockerSysbox,
}

impl Target {
    pub fn of(platform: &str) -> Option<Self> {
        Some(match platform {
            "kubernetes" => Target::Kubernetes,
            "ec2-linux" => Target::Ec2Linux,
            "ec2-windows" => Target::Ec2Windows,
            "ec2-gpu" => Target::Ec2Gpu,
            "docker-sysbox" => Target::DockerSysbox,
            _ => return None,
        })
    }

    pub fn is_ec2(self) -> bool {
        matches!(self, Target::Ec2Linux | Target::Ec2Windows | Target::Ec2Gpu)
    }
}

/// A value the base config did not give, marked so that it cannot pass
/// for a real one (and a cluster refuses it).
pub fn placeholder(key: &str) -> String {
    format!("<wsc:placeholder {key}>")
}

/// A rendered composition.
#[derive(Debug, Clone)]
pub struct Rendered<'c> {
    pub plan: Plan<'c>,
    pub target: Target,
    pub outputs: Outputs,
    /// The Kubernetes objects (kubernetes only).
    pub objects: Vec<kubernetes::Object>,
}

impl Rendered<'_> {
    /// The workspace as Terraform blocks: `kubernetes_manifest` resources of
    /// the objects, the EC2 instance and its parts, or the docker-sysbox
    /// container and its parts.
    pub fn terraform(&self, opts: &Options) -> Result<Vec<hcl::Block>, RenderError> {
        Ok(match self.target {
            Target::Kubernetes => {
                kubernetes_tf::blocks(&self.objects, opts).map_err(RenderError::Output)?
            }
            Target::DockerSysbox => docker::blocks(&self.plan, &self.outputs),
            _ => ec2::blocks(&self.plan, &self.outputs, self.target, opts),
        })
    }
}

/// Render a composition that validates against `cat`.
pub fn render<'c>(
    comp: &Composition,
    cat: &'c Catalog,
    opts: &Options,
) -> Result<Rendered<'c>, RenderError> {
    let plan = plan::plan(comp, cat)?;
    let target = Target::of(&plan.platform.name)
        .ok_or_else(|| RenderError::NoRenderer(plan.platform.name.clone()))?;
    let outputs = outputs::outputs(&plan, target, cat, opts)?;
    let objects = if target == Target::Kubernetes {
        kubernetes::objects(&plan, cat, opts, &outputs.runtime_env)
    } else {
        Vec::new()
    };
    Ok(Rendered {
        plan,
        target,
        outputs,
        objects,
    })
}
