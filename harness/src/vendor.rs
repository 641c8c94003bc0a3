//! The target's database. Scenarios whose answer depends on it carry
//! `@vendor-<name>` (on the scenario, or on an outline's `Examples`), named
//! as Directus names databases in a schema snapshot (`sqlite`, `postgres`,
//! `mysql`, ...), and run only on a target with that database. The harness
//! reads it from the target's `/schema/snapshot` (`vendor`); `--vendor`
//! overrides it, for implementations that do not say.

use anyhow::{Result, bail};

use crate::api::{Api, Auth, Method, Request};

/// Directus' names, each with the other spellings users know it by (its
/// `DB_CLIENT`, its driver, a fork).
const NAMES: &[(&str, &[&str])] = &[
    ("sqlite", &["sqlite3"]),
    ("postgres", &["pg", "postgresql"]),
    ("mysql", &["mariadb", "mysql2"]),
    ("mssql", &["sqlserver"]),
    ("oracle", &["oracledb"]),
    ("cockroachdb", &["cockroach"]),
    ("redshift", &[]),
];

/// The database's name as Directus writes it (`pg` → `postgres`).
pub(crate) fn canonical(name: &str) -> Result<String> {
    let lower = name.trim().to_ascii_lowercase();
    for (directus, others) in NAMES {
        if *directus == lower || others.contains(&lower.as_str()) {
            return Ok((*directus).to_owned());
        }
    }
    let known: Vec<&str> = NAMES.iter().map(|(n, _)| *n).collect();
    bail!("unknown database {name:?}; known: {}", known.join(", "))
}

/// What the target's schema snapshot says its database is, if it says.
pub(crate) async fn detect(api: &Api, admin: &Auth) -> Option<String> {
    let req = Request {
        method: Method::Get,
        path: "/schema/snapshot".into(),
        auth: admin.clone(),
        ..Request::default()
    };
    let ex = api.send(req).await.ok()?;
    let named = ex.json.as_ref()?.pointer("/data/vendor")?.as_str()?;
    canonical(named).ok()
}

#[cfg(test)]
mod tests {
    use super::canonical;

    #[test]
    fn every_spelling_names_one_database() {
        for (given, name) in [("pg", "postgres"), ("MariaDB", "mysql"), ("sqlite3", "sqlite")] {
            assert_eq!(canonical(given).unwrap(), name);
        }
        assert!(canonical("dbase").unwrap_err().to_string().contains("known: sqlite, postgres"));
    }
}
