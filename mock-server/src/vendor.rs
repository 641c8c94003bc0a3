//! The database the mock behaves like. Directus answers some requests the way
//! its database does (text comparison, NULL order, numbers as strings, date
//! functions, type strictness, error details); the mock reproduces each of
//! SQLite, PostgreSQL and MySQL/MariaDB, chosen as Directus chooses its
//! database (`DB_CLIENT`: `sqlite3`, `pg`, `mysql`). Every such difference is
//! a method here, so the engine asks the vendor a question instead of
//! testing which vendor it is.

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
}
