//! Checks of the deployment files in `deploy/`, without a container engine or a cluster:
//! every compose, Kubernetes and Docker file is parsed and the facts that matter are
//! asserted (what runs, in which order, with which settings, probes, limits and rights).
//!
//! Only tests live here; `cargo test -p lotse-deploy-check` runs them.

#[cfg(test)]
mod support;

#[cfg(test)]
mod compose;

#[cfg(test)]
mod dockerfile;

#[cfg(test)]
mod kubernetes;
