# The database behind a real Directus started by start.sh, per DB_CLIENT (sourced
# by start.sh and stop.sh). database_create RUN_DIR exports Directus' DB_*
# variables, creating a database (and a role) of its own on a local server when
# DB_HOST is not given, and records what it made in RUN_DIR/database.env;
# database_drop RUN_DIR drops exactly that. Servers listen on 127.0.0.1 only.

# The locale of a PostgreSQL database start.sh creates (its text order).
PG_LOCALE="${PG_LOCALE:-C.UTF-8}"

# Random hex digits (no pipe from /dev/urandom: SIGPIPE would trip pipefail).
random_hex() { od -An -N"$1" -tx1 /dev/urandom | tr -d ' \n'; }

# Runs psql as the cluster's superuser.
pg_admin() {
  if [[ $(id -u) == 0 ]]; then runuser -u postgres -- psql -X -q -v ON_ERROR_STOP=1 "$@"
  else psql -X -q -v ON_ERROR_STOP=1 "$@"; fi
}

# The local PostgreSQL 15, started if it is down.
pg_ensure() {
  if ! pg_isready -q -h 127.0.0.1 -p 5432; then
    pg_ctlcluster 15 main start
    for _ in $(seq 1 40); do pg_isready -q -h 127.0.0.1 -p 5432 && return 0; sleep 0.25; done
    echo "PostgreSQL 15 did not start" >&2
    return 1
  fi
}

# The local MariaDB: Debian's mariadb-server, installed if missing, started if
# down, and only ever listening on loopback.
mysql_ensure() {
  if ! command -v mariadbd > /dev/null 2>&1; then
    echo "installing mariadb-server (Debian package) ..."
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive \
      apt-get install -y --no-install-recommends mariadb-server) > "$1/mariadb-install.log" 2>&1 \
      || { tail -20 "$1/mariadb-install.log" >&2; return 1; }
  fi
  # Serialised: parallel start.sh runs must not start the server twice.
  (
    flock 9
    if ! mariadb-admin ping > /dev/null 2>&1; then
      if ! grep -rqs '^bind-address *= *127.0.0.1' /etc/mysql/mariadb.conf.d/; then
        printf '[mariadbd]\nbind-address = 127.0.0.1\n' > /etc/mysql/mariadb.conf.d/99-loopback.cnf
      fi
      # 9>&-: the server must not inherit (and hold forever) the lock.
      service mariadb start 9>&- > "$1/mariadb-start.log" 2>&1 || { cat "$1/mariadb-start.log" >&2; exit 1; }
    fi
  ) 9> /tmp/real-directus-mariadb.lock
  local bound
  bound=$(mariadb -N -e "select @@bind_address")
  if [[ $bound != 127.0.0.1 ]]; then
    echo "MariaDB listens on '$bound', not on 127.0.0.1 only: refusing to use it" >&2
    return 1
  fi
}

database_create() {
  local run=$1 name password
  case $DB_CLIENT in
    sqlite3)
      export DB_FILENAME="${DB_FILENAME:-$run/data.db}"
      return 0 ;;
    pg | mysql) ;;
    *) echo "DB_CLIENT=$DB_CLIENT: start.sh knows sqlite3, pg and mysql" >&2; return 2 ;;
  esac
  if [[ -n ${DB_HOST:-} ]]; then
    return 0
  fi
  # A fresh name, valid on every vendor: lower-case letters, digits, underscore.
  name="dconf_$(random_hex 6)"
  password=$(random_hex 12)
  if [[ $DB_CLIENT == pg ]]; then
    pg_ensure
    # The collation is pinned, so text sorts the same whatever the cluster's default.
    pg_admin -c "create role $name login password '$password'" \
      -c "create database $name owner $name template template0 encoding 'UTF8' lc_collate '$PG_LOCALE' lc_ctype '$PG_LOCALE'"
    export DB_PORT=5432
  else
    mysql_ensure "$run"
    # The collation of the driver's connections (mysql2: utf8mb4_unicode_ci): with
    # another default, Directus' many-to-any joins compare a column with a CAST in
    # the connection's collation and fail with "Illegal mix of collations".
    mariadb -e "create database $name character set utf8mb4 collate utf8mb4_unicode_ci; create user '$name'@'127.0.0.1' identified by '$password';
      grant all on $name.* to '$name'@'127.0.0.1'"
    export DB_PORT=3306
  fi
  export DB_HOST=127.0.0.1 DB_DATABASE=$name DB_USER=$name DB_PASSWORD=$password
  printf 'created_client=%s\ncreated_name=%s\n' "$DB_CLIENT" "$name" > "$run/database.env"
}

database_drop() {
  local run=$1 created_client= created_name=
  [[ -f $run/database.env ]] || return 0
  # shellcheck disable=SC1091
  source "$run/database.env"
  case $created_client in
    pg)
      pg_admin -c "drop database if exists $created_name with (force)" -c "drop role if exists $created_name" ;;
    mysql)
      mariadb -e "drop database if exists $created_name; drop user if exists '$created_name'@'127.0.0.1'" ;;
  esac
  rm -f "$run/database.env"
}
