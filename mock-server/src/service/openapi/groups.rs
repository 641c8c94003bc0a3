//! The system endpoints, grouped by Directus' tag names: the groups 12.4
//! documents, with their operation ids, and in the same style the endpoints
//! the mock serves that 12.4's document leaves out (policies, access, shares,
//! dashboards, panels, notifications, translations, license, ...).

use crate::system;

/// Who sees a group (beyond the permissions on its collection).
pub(super) enum Who {
    Anyone,
    User,
    Admin,
}

/// One operation: path, method, operation id, summary.
pub(super) type Op = (&'static str, &'static str, &'static str, &'static str);

/// The seven item operations of a collection's route, Directus' way:
/// `get{Many}`, `create{One}`, `update{Many}`, `delete{Many}` on the list,
/// `get{One}`, `update{One}`, `delete{One}` on `{id}`.
pub(super) struct Crud {
    pub(super) base: &'static str,
    pub(super) one: &'static str,
    pub(super) many: &'static str,
}

impl Crud {
    /// The operations, as owned strings (path, method, operation id, summary).
    pub(super) fn operations(&self) -> Vec<(String, &'static str, String, String)> {
        let (base, one, many) = (self.base, self.one, self.many);
        let item = format!("{base}/{{id}}");
        let noun = base.trim_start_matches('/');
        vec![
            (base.to_owned(), "get", format!("get{many}"), format!("List {noun}.")),
            (base.to_owned(), "post", format!("create{one}"), format!("Create {noun}.")),
            (base.to_owned(), "patch", format!("update{many}"), format!("Update {noun}.")),
            (base.to_owned(), "delete", format!("delete{many}"), format!("Delete {noun}.")),
            (item.clone(), "get", format!("get{one}"), format!("Read one of the {noun}.")),
            (item.clone(), "patch", format!("update{one}"), format!("Update one of the {noun}.")),
            (item, "delete", format!("delete{one}"), format!("Delete one of the {noun}.")),
        ]
    }
}

/// A group of system endpoints: Directus' tag, who sees it, the collection
/// whose permissions decide each operation, its item operations if it has
/// any, and its other operations.
pub(super) struct Group {
    pub(super) tag: &'static str,
    pub(super) description: &'static str,
    pub(super) who: Who,
    pub(super) collection: Option<&'static str>,
    pub(super) crud: Option<Crud>,
    pub(super) operations: &'static [Op],
}

const fn crud(base: &'static str, one: &'static str, many: &'static str) -> Option<Crud> {
    Some(Crud { base, one, many })
}

/// A group whose collection's permissions decide each operation.
const fn items(
    tag: &'static str,
    description: &'static str,
    collection: &'static str,
    crud: Option<Crud>,
    operations: &'static [Op],
) -> Group {
    Group { tag, description, who: Who::Anyone, collection: Some(collection), crud, operations }
}

pub(super) const SYSTEM_GROUPS: &[Group] = &[
    Group {
        tag: "Authentication",
        description: "Log in and out, and renew tokens.",
        who: Who::Anyone,
        collection: None,
        crud: None,
        operations: &[
            ("/auth", "get", "authProviders", "The configured login providers."),
            ("/auth/login", "post", "login", "Log in with email and password."),
            ("/auth/refresh", "post", "refresh", "Exchange a refresh token for new tokens."),
            ("/auth/logout", "post", "logout", "End the session of a refresh token."),
            (
                "/auth/password/request",
                "post",
                "passwordRequest",
                "Ask for a password reset email.",
            ),
        ],
    },
    Group {
        tag: "Server",
        description: "The server itself.",
        who: Who::Anyone,
        collection: None,
        crud: None,
        operations: &[
            ("/", "get", "root", "Redirects to the Data Studio."),
            ("/server/info", "get", "serverInfo", "Project and server information."),
            ("/server/ping", "get", "ping", "Answers pong."),
            ("/server/health", "get", "health", "The health of the server and its services."),
            ("/server/setup", "post", "setup", "Create the first admin of an empty project."),
            ("/server/specs/oas", "get", "oas", "This document."),
            ("/server/specs/graphql", "get", "graphqlSdl", "The GraphQL schema of the items."),
            ("/server/specs/graphql/{scope}", "get", "graphqlSdlScope", "A GraphQL schema."),
        ],
    },
    Group {
        tag: "Utilities",
        description: "Sorting, caches and random strings.",
        who: Who::User,
        collection: None,
        crud: None,
        operations: &[
            ("/utils/sort/{collection}", "post", "sort", "Move an item to the place of another."),
            ("/utils/cache/clear", "post", "clear-cache", "Clear the caches (admins)."),
            ("/utils/random/string", "get", "random", "A random string."),
        ],
    },
    Group {
        tag: "Schema",
        description: "Snapshots of the data model, their differences, and applying them.",
        who: Who::Admin,
        collection: None,
        crud: None,
        operations: &[
            ("/schema/snapshot", "get", "schemaSnapshot", "The data model as a snapshot."),
            ("/schema/diff", "post", "schemaDiff", "What a snapshot changes."),
            ("/schema/apply", "post", "schemaApply", "Apply a difference."),
        ],
    },
    Group {
        tag: "License",
        description: "The project's license.",
        who: Who::User,
        collection: None,
        crud: None,
        operations: &[("/license", "get", "license", "The license of the project.")],
    },
    Group {
        tag: "Extensions",
        description: "Installed extensions and the registry.",
        who: Who::Admin,
        collection: None,
        crud: None,
        operations: &[
            ("/extensions", "get", "listExtensions", "List installed extensions."),
            ("/extensions/{id}", "patch", "updateExtensions", "Update an extension."),
            ("/extensions/{id}", "delete", "deleteExtension", "Remove an extension."),
            ("/extensions/sources/{chunk}", "get", "extensionSource", "The app's bundle."),
            ("/extensions/registry", "get", "registry", "Search the registry."),
            ("/extensions/registry/{kind}/{id}", "get", "registryPage", "A registry entry."),
            ("/extensions/registry/install", "post", "install", "Install from the registry."),
            ("/extensions/registry/reinstall", "post", "reinstall", "Reinstall an extension."),
            ("/extensions/registry/uninstall/{id}", "delete", "uninstall", "Uninstall one."),
        ],
    },
    items(
        "Collections",
        "Collections of the schema.",
        "directus_collections",
        None,
        &[
            ("/collections", "get", "getCollections", "List collections."),
            ("/collections", "post", "createCollection", "Create a collection."),
            ("/collections/{id}", "get", "getCollection", "Read a collection."),
            ("/collections/{id}", "patch", "updateCollection", "Update a collection."),
            ("/collections/{id}", "delete", "deleteCollection", "Delete a collection."),
        ],
    ),
    items(
        "Fields",
        "Fields of the schema.",
        "directus_fields",
        None,
        &[
            ("/fields", "get", "getFields", "List all fields."),
            ("/fields/{collection}", "get", "getCollectionFields", "List a collection's fields."),
            ("/fields/{collection}", "post", "createField", "Create a field."),
            ("/fields/{collection}", "patch", "updateFields", "Update several fields."),
            ("/fields/{collection}/{id}", "get", "getCollectionField", "Read a field."),
            ("/fields/{collection}/{id}", "patch", "updateField", "Update a field."),
            ("/fields/{collection}/{id}", "delete", "deleteField", "Delete a field."),
        ],
    ),
    // 12.4 documents `/relations/{id}`; the routes are by collection and field.
    items(
        "Relations",
        "Relations of the schema.",
        "directus_relations",
        None,
        &[
            ("/relations", "get", "getRelations", "List relations."),
            ("/relations", "post", "createRelation", "Create a relation."),
            ("/relations/{collection}", "get", "getCollectionRelations", "A collection's."),
            ("/relations/{collection}/{id}", "get", "getRelation", "Read a relation."),
            ("/relations/{collection}/{id}", "patch", "updateRelation", "Update a relation."),
            ("/relations/{collection}/{id}", "delete", "deleteRelation", "Delete a relation."),
        ],
    ),
    items(
        "Users",
        "Users, and the current user.",
        system::USERS,
        crud("/users", "User", "Users"),
        &[
            ("/users/me", "get", "getMe", "Read the current user."),
            ("/users/me", "patch", "updateMe", "Update the current user."),
            ("/users/me/track/page", "patch", "updateLastUsedPageMe", "Record the last page."),
            ("/users/me/tfa/generate", "post", "meTfaGenerate", "A new two-factor secret."),
            ("/users/me/tfa/enable", "post", "meTfaEnable", "Turn two-factor login on."),
            ("/users/me/tfa/disable", "post", "meTfaDisable", "Turn two-factor login off."),
            ("/users/{id}/tfa/disable", "post", "disableUserTfa", "Turn a user's off (admins)."),
        ],
    ),
    items(
        "Roles",
        "Roles.",
        system::ROLES,
        crud("/roles", "Role", "Roles"),
        &[("/roles/me", "get", "getMyRoles", "The current user's roles.")],
    ),
    items(
        "Policies",
        "Policies: permissions and access rules given to roles and users.",
        system::POLICIES,
        crud("/policies", "Policy", "Policies"),
        &[("/policies/me/globals", "get", "getMyGlobals", "The caller's app and admin access.")],
    ),
    items(
        "Access",
        "Which policies apply to which roles and users.",
        system::ACCESS,
        crud("/access", "Access", "Accesses"),
        &[],
    ),
    items(
        "Permissions",
        "Permissions of policies.",
        system::PERMISSIONS,
        crud("/permissions", "Permission", "Permissions"),
        &[
            ("/permissions/me", "get", "getMyPermissions", "The current user's permissions."),
            ("/permissions/me/{collection}", "get", "getMyCollectionPermissions", "By collection."),
            ("/permissions/me/{collection}/{id}", "get", "getMyItemPermissions", "For one item."),
        ],
    ),
    items(
        "Activity",
        "What happened: creates, updates, deletes and logins.",
        system::ACTIVITY,
        None,
        &[
            ("/activity", "get", "getActivities", "List activity."),
            ("/activity/{id}", "get", "getActivity", "Read one activity."),
        ],
    ),
    items(
        "Revisions",
        "The data of each change.",
        system::REVISIONS,
        None,
        &[
            ("/revisions", "get", "getRevisions", "List revisions."),
            ("/revisions/{id}", "get", "getRevision", "Read one revision."),
        ],
    ),
    items(
        "Files",
        "Files in the library, their metadata and uploads.",
        system::FILES,
        crud("/files", "File", "Files"),
        &[("/files/import", "post", "importFile", "Import a file from a URL.")],
    ),
    // Like 12.4, every caller's document lists the assets route, the
    // public's too; what it answers depends on the file's read permission.
    Group {
        tag: "Assets",
        description: "The content of files, transformed on request.",
        who: Who::Anyone,
        collection: None,
        crud: None,
        operations: &[
            ("/assets/{id}", "get", "getAsset", "Read a file's content."),
            ("/assets/{id}/{filename}", "get", "getAssetNamed", "The same, with a file name."),
        ],
    },
    items(
        "Folders",
        "Folders that group files.",
        system::FOLDERS,
        crud("/folders", "Folder", "Folders"),
        &[],
    ),
    items(
        "Settings",
        "Project settings.",
        system::SETTINGS,
        None,
        &[
            ("/settings", "get", "getSettings", "Read the settings."),
            ("/settings", "patch", "updateSetting", "Update the settings."),
        ],
    ),
    items(
        "Presets",
        "Bookmarks and the saved layouts of collections.",
        system::PRESETS,
        crud("/presets", "Preset", "Presets"),
        &[],
    ),
    items(
        "Comments",
        "Comments on items.",
        system::COMMENTS,
        crud("/comments", "Comment", "Comments"),
        &[],
    ),
    items(
        "Notifications",
        "Notifications sent to users.",
        system::NOTIFICATIONS,
        crud("/notifications", "Notification", "Notifications"),
        &[],
    ),
    items(
        "Translations",
        "Translation strings of the Data Studio.",
        system::TRANSLATIONS,
        crud("/translations", "Translation", "Translations"),
        &[],
    ),
    items(
        "Shares",
        "Links that share an item without an account.",
        system::SHARES,
        crud("/shares", "Share", "Shares"),
        &[
            ("/shares/auth", "post", "authenticateShare", "Log in as a share."),
            ("/shares/invite", "post", "inviteShare", "Send a share by email."),
            ("/shares/info/{id}", "get", "getShareInfo", "A share's public information."),
        ],
    ),
    items(
        "Versions",
        "Content versions of items.",
        system::VERSIONS,
        crud("/versions", "ContentVersion", "ContentVersions"),
        &[
            ("/versions/{id}/save", "post", "saveContentVersion", "Save changes to a version."),
            ("/versions/{id}/compare", "get", "compareContentVersion", "Compare with the item."),
            ("/versions/{id}/promote", "post", "promoteContentVersion", "Apply to the item."),
        ],
    ),
    items(
        "Dashboards",
        "Insights dashboards.",
        system::DASHBOARDS,
        crud("/dashboards", "Dashboard", "Dashboards"),
        &[],
    ),
    items(
        "Panels",
        "Panels of Insights dashboards.",
        system::PANELS,
        crud("/panels", "Panel", "Panels"),
        &[],
    ),
    items(
        "Flows",
        "Automations: a trigger and its operations.",
        system::FLOWS,
        crud("/flows", "Flow", "Flows"),
        &[
            ("/flows/trigger/{id}", "get", "triggerFlowGet", "Run a webhook flow (GET)."),
            ("/flows/trigger/{id}", "post", "triggerFlow", "Run a webhook flow (POST)."),
        ],
    ),
    items(
        "Operations",
        "The steps of flows.",
        system::OPERATIONS,
        crud("/operations", "Operation", "Operations"),
        &[],
    ),
];
