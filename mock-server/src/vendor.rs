//! The database the mock behaves like. Directus answers some requests the way
//! its database does (text comparison, NULL order, numbers as strings, date
//! functions, type strictness, error details); the mock reproduces each of
//! SQLite, PostgreSQL and MySQL/MariaDB, chosen as Directus chooses its
//! database (`DB_CLIENT`: `sqlite3`, `pg`, `mysql`). Every such difference is
//! a method here, so the engine asks the vendor a question instead of
//! testing which vendor it is.

use serde_json::Value;

use crate::error::{Error, ErrorCode};
use crate::schema::OnDelete;

/// A `DELETE` statement a foreign key refused: its table, key column and the
/// keys as the client sent them, quoted as SQL literals.
pub(crate) struct FkStatement<'a> {
    pub(crate) table: &'a str,
    pub(crate) key: &'a str,
    pub(crate) quoted: Vec<String>,
}

/// The foreign key that refused it: `child.field` references `parent.parent_key`.
pub(crate) struct FkRefusal {
    pub(crate) child: String,
    pub(crate) field: String,
    pub(crate) parent: String,
    pub(crate) parent_key: String,
    pub(crate) on_delete: OnDelete,
}

/// The database MySQL's messages name (the mock has one: Directus' default `DB_DATABASE`).
const MYSQL_DATABASE: &str = "directus";

/// A database Directus runs on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum Vendor {
    /// SQLite (`DB_CLIENT=sqlite3`), the database of a default Directus.
    #[default]
    #[value(name = "sqlite3", alias = "sqlite")]
    Sqlite,
    /// PostgreSQL (`DB_CLIENT=pg`): what most production projects run, Directus
    /// Cloud and the official Docker guides included.
    #[value(name = "pg", alias = "postgres", alias = "postgresql")]
    Postgres,
    /// MySQL or MariaDB (`DB_CLIENT=mysql`).
    #[value(name = "mysql", alias = "mariadb")]
    Mysql,
}

impl Vendor {
    /// Whether NULL sorts above every value (last ascending, first descending):
    /// PostgreSQL's order. SQLite and MySQL sort it below every value.
    pub(crate) fn nulls_sort_high(self) -> bool {
        self == Vendor::Postgres
    }

    /// The name Directus gives it in a schema snapshot (`vendor`).
    pub(crate) fn snapshot_name(self) -> &'static str {
        match self {
            Vendor::Sqlite => "sqlite",
            Vendor::Postgres => "postgres",
            Vendor::Mysql => "mysql",
        }
    }

    /// A `time` value as the column reads it back: SQLite keeps the text as
    /// written; PostgreSQL's and MySQL's time columns add the seconds a
    /// well-formed `HH:MM` leaves out (`10:20` reads `10:20:00`).
    pub(crate) fn stored_time(self, written: &str) -> String {
        let bytes = written.as_bytes();
        let hh_mm = bytes.len() == 5
            && bytes[2] == b':'
            && bytes.iter().enumerate().all(|(i, b)| i == 2 || b.is_ascii_digit());
        if self != Vendor::Sqlite && hh_mm { format!("{written}:00") } else { written.to_owned() }
    }

    /// Whether a `_json` path condition reads the value at the path as text
    /// (PostgreSQL's `->>`, MySQL's `JSON_UNQUOTE(JSON_EXTRACT(...))`), so a
    /// bracket value `"1"` equals the JSON number 1. SQLite's `json_extract`
    /// keeps the number.
    pub(crate) fn json_extracts_text(self) -> bool {
        self != Vendor::Sqlite
    }

    /// A field's payload with `schema.data_type` as this database names the
    /// column: PostgreSQL reports a `varchar` as `character varying` (its
    /// information schema's name). The other names follow SQLite's.
    pub(crate) fn column_types(self, mut field: Value) -> Value {
        if self == Vendor::Postgres
            && let Some(ty) = field.pointer_mut("/schema/data_type")
            && ty.as_str() == Some("varchar")
        {
            *ty = Value::from("character varying");
        }
        field
    }

    /// RECORD_NOT_UNIQUE for a duplicate in a unique column, as Directus reads
    /// it from the database's error. MariaDB names only the index
    /// (`<table>_<column>_unique`): Directus takes the collection up to the
    /// index's first `_` and the field from the rest, so a table with `_` in
    /// its name is misnamed (`directus_users.token` reads as collection
    /// `directus`, field `users_token`, whose value the payload does not have),
    /// and it adds `primaryKey: false`. SQLite and PostgreSQL name the column.
    pub(crate) fn unique_violation(self, collection: &str, field: &str, value: &Value) -> Error {
        if self != Vendor::Mysql {
            return Error::not_unique(collection, field, value);
        }
        let index = format!("{collection}_{field}_unique");
        let named = index.split('_').next().unwrap_or_default();
        let parsed = &index[named.len() + 1..index.len() - "_unique".len()];
        let error = if parsed == field {
            Error::not_unique(named, parsed, value)
        } else {
            Error::new(
                ErrorCode::RecordNotUnique,
                format!("Value for field \"{parsed}\" in collection \"{named}\" has to be unique."),
            )
            .with("collection", named)
            .with("field", parsed)
        };
        error.with("primaryKey", false)
    }

    /// RECORD_NOT_UNIQUE for a key that is taken. MariaDB's error names the
    /// index `PRIMARY`, no table: Directus answers without collection or value.
    pub(crate) fn primary_key_taken(self, collection: &str, key: &str, value: &Value) -> Error {
        match self {
            Vendor::Mysql => Error::new(ErrorCode::RecordNotUnique, "Value has to be unique.")
                .with("collection", Value::Null)
                .with("field", key)
                .with("value", Value::Null),
            _ => Error::not_unique(collection, key, value),
        }
    }

    /// The raw message of a delete that a foreign key refuses, as Directus
    /// passes the database's error to an admin: the statement as the driver
    /// shows it (SQLite and MySQL with the values inlined, PostgreSQL with
    /// placeholders), then the database's own text. Directus names a foreign
    /// key `<table>_<column>_foreign`.
    pub(crate) fn fk_delete_message(self, st: &FkStatement<'_>, fk: &FkRefusal) -> String {
        let constraint = format!("{}_{}_foreign", fk.child, fk.field);
        match self {
            Vendor::Sqlite => format!(
                "delete from `{}` where `{}` in ({}) - SQLITE_CONSTRAINT: FOREIGN KEY constraint failed",
                st.table,
                st.key,
                st.quoted.join(", ")
            ),
            Vendor::Postgres => {
                let params: Vec<String> = (1..=st.quoted.len()).map(|i| format!("${i}")).collect();
                format!(
                    "delete from \"{}\" where \"{}\" in ({}) - update or delete on table \"{}\" violates foreign key constraint \"{constraint}\" on table \"{}\"",
                    st.table,
                    st.key,
                    params.join(", "),
                    fk.parent,
                    fk.child
                )
            }
            Vendor::Mysql => {
                // MariaDB prints the constraint's definition; RESTRICT is its default and not shown.
                let rule = match fk.on_delete {
                    OnDelete::Restrict => String::new(),
                    other => format!(" ON DELETE {}", other.as_str()),
                };
                format!(
                    "delete from `{}` where `{}` in ({}) - Cannot delete or update a parent row: a foreign key constraint fails (`{MYSQL_DATABASE}`.`{}`, CONSTRAINT `{constraint}` FOREIGN KEY (`{}`) REFERENCES `{}` (`{}`){rule})",
                    st.table,
                    st.key,
                    st.quoted.join(", "),
                    fk.child,
                    fk.field,
                    fk.parent,
                    fk.parent_key
                )
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_gain_seconds_outside_sqlite() {
        assert_eq!(Vendor::Sqlite.stored_time("10:20"), "10:20");
        assert_eq!(Vendor::Postgres.stored_time("10:20"), "10:20:00");
        assert_eq!(Vendor::Mysql.stored_time("10:20"), "10:20:00");
        assert_eq!(Vendor::Postgres.stored_time("10:20:30"), "10:20:30");
        assert_eq!(Vendor::Postgres.stored_time("1a:20"), "1a:20");
    }

    #[test]
    fn mysql_names_a_unique_column_from_its_index() {
        let err = Vendor::Mysql.unique_violation("directus_users", "token", &Value::from("t"));
        let text = format!("{err:?}");
        assert!(text.contains("in collection \\\"directus\\\""), "{text}");
        assert!(text.contains("users_token"), "{text}");
        let plain = format!(
            "{:?}",
            Vendor::Postgres.unique_violation("directus_users", "token", &Value::from("t"))
        );
        assert!(!plain.contains("users_token") && !plain.contains("primaryKey"), "{plain}");
    }

    #[test]
    fn fk_messages_name_the_database_statement() {
        let st =
            FkStatement { table: "articles", key: "id", quoted: vec!["'3'".into(), "4".into()] };
        let fk = FkRefusal {
            child: "reviews".into(),
            field: "article".into(),
            parent: "articles".into(),
            parent_key: "id".into(),
            on_delete: OnDelete::NoAction,
        };
        assert!(
            Vendor::Sqlite
                .fk_delete_message(&st, &fk)
                .ends_with("in ('3', 4) - SQLITE_CONSTRAINT: FOREIGN KEY constraint failed")
        );
        assert!(
            Vendor::Postgres
                .fk_delete_message(&st, &fk)
                .starts_with("delete from \"articles\" where \"id\" in ($1, $2) - ")
        );
        assert!(
            Vendor::Mysql
                .fk_delete_message(&st, &fk)
                .ends_with("REFERENCES `articles` (`id`) ON DELETE NO ACTION)")
        );
    }
}
