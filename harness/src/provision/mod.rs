//! Provisioning the fixture on a target through its public admin endpoints,
//! resetting it after scenarios that write, and removing it afterwards.
//!
//! The fixture (`fixture.rs`) is a directory with `schema.json` (a Directus
//! schema snapshot), `seed.json` (rows per collection, in insertion order) and
//! `personas.json` (users with policies of full-or-nothing permissions, the
//! only kind an unlicensed Directus 12 accepts). Provisioning runs in phases:
//! collections and relations (`schema.rs`), seed rows (`seed.rs`), personas
//! (`personas.rs`), then the baselines a reset (`reset.rs`) returns to.
//! Everything created is recorded, so teardown (`teardown.rs`) removes exactly
//! that and nothing else. `read.rs` reads the target with core endpoints.

mod drop;
mod fixture;
mod personas;
mod read;
mod reset;
mod schema;
mod seed;
mod teardown;

use std::collections::HashMap;

use anyhow::{Context as _, Result, anyhow, bail};

pub(crate) use self::fixture::Fixture;
pub(crate) use self::personas::Persona;
pub(crate) use self::reset::reset;
pub(crate) use self::teardown::teardown;
use crate::api::{Api, Auth};

/// What the harness created on the target.
#[derive(Debug, Default)]
pub(crate) struct Provisioned {
    collections: Vec<String>,
    policies: Vec<String>,
    roles: Vec<String>,
    users: Vec<String>,
    pub(crate) personas: HashMap<String, Persona>,
    /// Rows per collection right after seeding, keyed by primary key text.
    baseline: seed::Rows,
    /// The system rows and collections that existed after provisioning; a reset
    /// deletes those a scenario added and puts the settings back.
    system: Option<reset::SystemBaseline>,
}

/// Provisions the fixture. On failure, whatever was created is removed before
/// returning. When `interrupt` fires first, the half-built fixture is removed
/// too and the error says so.
pub(crate) async fn provision(
    api: &Api,
    admin: &Auth,
    fixture: &Fixture,
    replace: bool,
    capabilities: &[String],
    interrupt: impl std::future::Future<Output = ()>,
) -> Result<Provisioned> {
    let mut done = Provisioned::default();
    let outcome = tokio::select! {
        r = provision_into(api, admin, fixture, replace, capabilities, &mut done) => r,
        () = interrupt => Err(anyhow!("interrupted while provisioning")),
    };
    match outcome {
        Ok(()) => Ok(done),
        Err(e) => {
            let cleanup = teardown(api, admin, &done).await;
            match cleanup {
                Ok(()) => Err(e),
                Err(c) => Err(e.context(format!("and cleaning up after it failed too: {c:#}"))),
            }
        }
    }
}

/// The phases of provisioning, each recording in `done` what it created.
async fn provision_into(
    api: &Api,
    admin: &Auth,
    fixture: &Fixture,
    replace: bool,
    capabilities: &[String],
    done: &mut Provisioned,
) -> Result<()> {
    make_room(api, admin, fixture, replace).await?;
    schema::create(api, admin, fixture, done).await?;
    seed::seed(api, admin, fixture).await?;
    personas::create_all(api, admin, fixture, capabilities, done).await?;
    done.baseline =
        seed::snapshot_rows(api, admin, fixture).await.context("reading back the seeded rows")?;
    done.system = Some(
        reset::system_baseline(api, admin)
            .await
            .context("reading the system rows after provisioning")?,
    );
    Ok(())
}

/// Refuses a target that already has collections named like the fixture's,
/// unless told to replace them: then they, and the personas of earlier runs,
/// are removed first.
async fn make_room(api: &Api, admin: &Auth, fixture: &Fixture, replace: bool) -> Result<()> {
    let existing = read::list_collections(api, admin).await.context("listing collections")?;
    let names = fixture.collection_names();
    let clashes: Vec<&String> = names.iter().filter(|c| existing.contains(c)).collect();
    if !clashes.is_empty() && !replace {
        bail!(
            "the target already has collections named like the fixture's ({}); the harness never touches data it did \
             not create. Remove them, use a fresh target, or pass --replace-existing to delete them first",
            clashes.iter().map(|c| c.as_str()).collect::<Vec<_>>().join(", ")
        );
    }
    let present: Vec<String> =
        names.iter().rev().filter(|c| existing.contains(c)).cloned().collect();
    drop::drop_collections(api, admin, &present).await?;
    if replace {
        personas::remove_strays(api, admin).await?;
    }
    Ok(())
}
