//! The file library's system collections, `directus_files` and
//! `directus_folders`, with their fields as Directus 12.4's `GET /fields`
//! reports them, and the relations that reach into them from other system
//! collections (a user's avatar, the settings' logo, background, favicon and
//! default folder). Their bytes are not rows: `crate::storage` keeps them.

use serde_json::json;

use super::{SETTINGS, USERS, collection, f, rel};
use crate::schema::{Collection, FieldType, OnDelete, Relation};

pub(crate) const FILES: &str = "directus_files";
pub(crate) const FOLDERS: &str = "directus_folders";

/// `directus_files`: one row per stored file, its metadata and where its bytes are.
pub(super) fn files() -> Collection {
    use FieldType::*;
    collection(
        FILES,
        vec![
            f("id", Uuid).pk().special(&["uuid"]).unique(),
            f("storage", String).required(),
            f("filename_disk", String),
            f("filename_download", String).required(),
            f("title", String),
            f("type", String),
            f("folder", String).special(&["m2o"]),
            f("uploaded_by", String).special(&["user-created"]),
            f("created_on", DateTime)
                .special(&["date-created"])
                .required()
                .default(json!("CURRENT_TIMESTAMP")),
            f("modified_by", String).special(&["user-updated"]),
            f("modified_on", DateTime)
                .special(&["date-created", "date-updated"])
                .required()
                .default(json!("CURRENT_TIMESTAMP")),
            f("charset", String),
            f("filesize", BigInteger),
            f("width", Integer),
            f("height", Integer),
            f("duration", Integer),
            f("embed", String),
            f("description", Text),
            f("location", Text),
            f("tags", Json).special(&["cast-json"]),
            f("metadata", Json).special(&["cast-json"]),
            f("focal_point_x", Integer),
            f("focal_point_y", Integer),
            f("tus_id", String),
            f("tus_data", Json).special(&["cast-json"]),
            f("uploaded_on", DateTime),
            f("focal_point_divider", Alias).special(&["alias", "no-data"]),
            f("storage_divider", Alias).special(&["alias", "no-data"]),
        ],
        false,
    )
}

/// `directus_folders`: a tree of folders (`parent`); `type` tells the file
/// library's folders from the flows' (which only admins see).
pub(super) fn folders() -> Collection {
    use FieldType::*;
    collection(
        FOLDERS,
        vec![
            f("id", Uuid).pk().special(&["uuid"]).unique(),
            f("name", String).required(),
            f("parent", String),
            f("type", String).required().default(json!("files")),
        ],
        false,
    )
}

/// Relations into and between the file library's collections.
pub(super) fn relations() -> Vec<Relation> {
    let no_action = || Some(OnDelete::NoAction);
    vec![
        rel(FOLDERS, "parent", FOLDERS, None, None, no_action()),
        rel(FILES, "folder", FOLDERS, None, None, OnDelete::SetNull),
        rel(FILES, "uploaded_by", USERS, None, None, no_action()),
        rel(FILES, "modified_by", USERS, None, None, no_action()),
        // No foreign key in the database: an avatar outlives nothing.
        rel(USERS, "avatar", FILES, None, None, None),
        rel(SETTINGS, "project_logo", FILES, None, None, no_action()),
        rel(SETTINGS, "public_foreground", FILES, None, None, no_action()),
        rel(SETTINGS, "public_background", FILES, None, None, no_action()),
        rel(SETTINGS, "public_favicon", FILES, None, None, no_action()),
        rel(SETTINGS, "storage_default_folder", FOLDERS, None, None, OnDelete::SetNull),
    ]
}
