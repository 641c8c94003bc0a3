//! What `directus bootstrap` does for a fresh database: system collections,
//! the Administrator role and policy, the public policy, the admin user
//! (with the configured email, password and static token), the settings row.
//! Then, optionally, a fixture directory (`service::fixture`) and an
//! imported state (`--import`, the same format).

use std::path::Path;
use std::sync::Arc;

use indexmap::IndexMap;
use serde_json::{Value, json};

use super::{App, Clock, IdGen, control};
use crate::config::Config;
use crate::error::Error;
use crate::schema::Schema;
use crate::store::{Db, Pk, Store};
use crate::system;

fn insert(db: &mut Db, collection: &str, pk: Pk, row: Value) {
    if let Value::Object(m) = row {
        db.table_mut(collection).insert(pk, m);
    }
}

/// A fresh database with the bootstrap rows.
fn fresh_db(config: &Config) -> anyhow::Result<Db> {
    let mut collections: IndexMap<String, _> =
        system::collections().into_iter().map(|c| (c.name.clone(), c)).collect();
    if config.vendor.reads_system_dates_as_timestamps() {
        for field in collections.values_mut().flat_map(|c| c.fields.values_mut()) {
            if field.ty == crate::schema::FieldType::DateTime {
                field.ty = crate::schema::FieldType::Timestamp;
            }
        }
    }
    let mut schema = Schema::new(collections, system::relations());
    let more = config.vendor.more_indexed_system_fields().iter();
    schema.indexed_system_fields.extend(more.map(|(c, f)| ((*c).to_owned(), (*f).to_owned())));
    let mut db = Db::new(schema, config.vendor);
    if let Some(name) = &config.db_database {
        db.database = name.as_str().into();
    }
    let s = |v: &str| Pk::Str(v.into());
    insert(
        &mut db,
        system::ROLES,
        s(system::ADMIN_ROLE_ID),
        json!({"id": system::ADMIN_ROLE_ID, "name": "Administrator", "icon": "verified",
               "description": "$t:admin_description", "parent": null}),
    );
    insert(
        &mut db,
        system::POLICIES,
        s(system::ADMIN_POLICY_ID),
        json!({"id": system::ADMIN_POLICY_ID, "name": "Administrator", "icon": "verified",
               "description": "$t:admin_description", "ip_access": null, "enforce_tfa": false,
               "admin_access": true, "app_access": true}),
    );
    insert(
        &mut db,
        system::POLICIES,
        s(system::PUBLIC_POLICY_ID),
        json!({"id": system::PUBLIC_POLICY_ID, "name": "$t:public_label", "icon": "public",
               "description": "$t:public_description", "ip_access": null, "enforce_tfa": false,
               "admin_access": false, "app_access": false}),
    );
    let admin_access_id = "5a1b2c3d-0000-4000-8000-000000000005";
    let public_access_id = "5a1b2c3d-0000-4000-8000-000000000006";
    insert(
        &mut db,
        system::ACCESS,
        s(admin_access_id),
        json!({"id": admin_access_id, "role": system::ADMIN_ROLE_ID, "user": null, "policy": system::ADMIN_POLICY_ID, "sort": null}),
    );
    insert(
        &mut db,
        system::ACCESS,
        s(public_access_id),
        json!({"id": public_access_id, "role": null, "user": null, "policy": system::PUBLIC_POLICY_ID, "sort": 1}),
    );
    let password = super::auth::hash_value(&config.admin_password).map_err(to_anyhow)?;
    insert(
        &mut db,
        system::USERS,
        s(system::ADMIN_USER_ID),
        json!({"id": system::ADMIN_USER_ID, "first_name": "Admin", "last_name": "User",
               "email": config.admin_email, "password": password, "location": null, "title": null,
               "description": null, "tags": null, "avatar": null, "language": null, "tfa_secret": null,
               "status": "active", "role": system::ADMIN_ROLE_ID, "token": config.admin_token,
               "last_access": null, "last_page": null, "provider": "default", "external_identifier": null,
               "auth_data": null, "email_notifications": true, "appearance": null, "theme_dark": null,
               "theme_light": null, "theme_light_overrides": null, "theme_dark_overrides": null,
               "text_direction": "auto"}),
    );
    insert(
        &mut db,
        system::SETTINGS,
        Pk::Int(1),
        system::fresh_settings_row(&config.project_name, &super::RandomIds.uuid()),
    );
    Ok(db)
}

/// Builds the application state, loading the fixture if the config names one.
pub(crate) fn build(
    config: Config,
    clock: Arc<dyn Clock>,
    ids: Arc<dyn IdGen>,
) -> anyhow::Result<App> {
    let mut config = config;
    match config.secret.as_deref() {
        None | Some("") => {
            tracing::warn!(
                "\"SECRET\" env variable is missing. Using a random value instead. Tokens will not persist between restarts. This is not appropriate for production usage."
            );
            config.secret = Some(super::RandomIds.token(32));
        }
        Some(secret) if secret.len() < 32 => tracing::warn!(
            "\"SECRET\" env variable is shorter than 32 bytes which is insecure. This is not appropriate for production usage."
        ),
        Some(_) => {}
    }
    let db = fresh_db(&config)?;
    let config_storage_dir = config.files.storage_dir.clone();
    // The control plane steers the clock and the ids; unset, they are the given ones.
    let start_clock = config.now.map_or(control::steer::Mode::Base, control::steer::Mode::Frozen);
    let clock = Arc::new(control::steer::SteeredClock::new(clock, start_clock));
    let ids = Arc::new(control::steer::SeededIds::new(ids, config.id_seed));
    let flows_env = super::flows::env::environment(&config);
    let mut app = App {
        store: Store::new(db),
        flows_env,
        config,
        control: control::Plane::new(Arc::clone(&clock), Arc::clone(&ids)),
        clock,
        ids,
        auth_cache: Default::default(),
        reads: Default::default(),
        rate_limits: Default::default(),
        login_attempts: Default::default(),
        realtime: Default::default(),
        storage: match &config_storage_dir {
            Some(dir) => crate::storage::Storage::disk(dir)
                .map_err(|e| anyhow::anyhow!("the storage directory {}: {e}", dir.display()))?,
            None => crate::storage::Storage::memory(),
        },
        transforms: Default::default(),
        transforming: Default::default(),
    };
    // Start-up data is not a request: the batch mutation limit does not apply.
    let limit = app.config.max_batch_mutation.take();
    for dir in [app.config.fixture.clone(), app.config.import.clone()].into_iter().flatten() {
        load_fixture(&app, &dir)
            .map_err(|e| anyhow::anyhow!("loading fixture {}: {e:#}", dir.display()))?;
    }
    app.config.max_batch_mutation = limit;
    control::keep_start(&app);
    Ok(app)
}

/// Loads a fixture directory (see [`super::fixture`] for its layout).
pub(crate) fn load_fixture(app: &App, dir: &Path) -> anyhow::Result<()> {
    let fixture = super::fixture::Fixture::read(dir)?;
    super::fixture::load(app, &fixture)
}

fn to_anyhow(e: Error) -> anyhow::Error {
    anyhow::anyhow!("{e}")
}
