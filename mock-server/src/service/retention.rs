//! Data retention, as Directus 12.4's retention schedule does it
//! (`RETENTION_ENABLED`, `RETENTION_SCHEDULE`): on each tick of the cron
//! schedule, activity older than `ACTIVITY_RETENTION` (flow runs: older than
//! `FLOW_LOGS_RETENTION`) is deleted with its revisions (the foreign key
//! cascades), and when revisions are kept for less time than activity, the
//! revisions whose activity is older than `REVISIONS_RETENTION` go too.
//!
//! Beyond Directus, `DIRECTUS_MOCK_MAX_ACTIVITY` bounds how many activity
//! rows (and so revisions) the mock keeps: past it, the oldest go after each
//! write, so a mock that runs for weeks holds a bounded log.

use std::collections::HashSet;
use std::str::FromStr;
use std::time::Duration;

use chrono::{DateTime, Utc};
use serde_json::Value;

use super::App;
use crate::config::Config;
use crate::store::{Db, Pk};
use crate::system::{ACTIVITY, REVISIONS};

/// How many rows one run of the schedule removed.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Removed {
    pub(crate) activity: usize,
    pub(crate) revisions: usize,
}

/// The parsed schedule, or `None` when retention is off or the pattern is not
/// a cron pattern (Directus then schedules nothing either; the mock says so).
pub(crate) fn schedule(config: &Config) -> Option<croner::Cron> {
    if !config.retention_enabled {
        return None;
    }
    match croner::Cron::from_str(&config.retention_schedule) {
        Ok(cron) => Some(cron),
        Err(e) => {
            tracing::warn!(
                "RETENTION_SCHEDULE {:?} is not a cron pattern ({e}): no retention",
                config.retention_schedule
            );
            None
        }
    }
}

/// Runs the schedule until the process ends: each tick deletes what is older
/// than the retention settings.
pub(crate) async fn run_schedule(app: std::sync::Arc<App>, cron: croner::Cron) {
    loop {
        let now = Utc::now();
        let Ok(next) = cron.find_next_occurrence(&now, false) else { return };
        let wait = (next - now).to_std().unwrap_or(Duration::ZERO);
        tokio::time::sleep(wait).await;
        let removed = run(&app);
        tracing::debug!(?removed, "retention");
    }
}

/// One run of the retention job, at the app's clock's time.
pub(crate) fn run(app: &App) -> Removed {
    let now = app.now();
    let config = &app.config;
    let outcome = app.store.write::<_, std::convert::Infallible>(|db| {
        Ok(apply(
            db,
            now,
            config.activity_retention,
            config.flow_logs_retention,
            config.revisions_retention,
        ))
    });
    outcome.unwrap_or_default()
}

/// Deletes activity (and the revisions that cascade from it) and revisions past their retention.
fn apply(
    db: &mut Db,
    now: DateTime<Utc>,
    activity: Duration,
    flow_logs: Duration,
    revisions: Duration,
) -> Removed {
    let cutoff = |d: Duration| now - chrono::Duration::from_std(d).unwrap_or(chrono::Duration::MAX);
    let (activity_cut, flows_cut) = (cutoff(activity), cutoff(flow_logs));
    let old: Vec<Pk> =
        rows_older(db, |action| if action == "run" { flows_cut } else { activity_cut });
    let mut removed = remove_activity(db, &old);
    // Directus prunes revisions on their own only when they are kept for less
    // time than the activity they belong to.
    if revisions < activity {
        let revisions_cut = cutoff(revisions);
        let expired: HashSet<Pk> = rows_older(db, |_| revisions_cut).into_iter().collect();
        let doomed: Vec<Pk> = db
            .table(REVISIONS)
            .map(|t| {
                t.rows
                    .iter()
                    .filter(|(_, r)| {
                        r.get("activity")
                            .and_then(Pk::from_value)
                            .is_some_and(|a| expired.contains(&a))
                    })
                    .map(|(k, _)| k.clone())
                    .collect()
            })
            .unwrap_or_default();
        let table = db.table_mut(REVISIONS);
        removed.revisions += doomed.iter().filter(|k| table.remove(k).is_some()).count();
    }
    removed
}

/// Activity rows whose timestamp is before the cutoff their action has.
fn rows_older(db: &Db, cutoff: impl Fn(&str) -> DateTime<Utc>) -> Vec<Pk> {
    let Some(table) = db.table(ACTIVITY) else { return Vec::new() };
    table
        .rows
        .iter()
        .filter(|(_, r)| {
            let action = r.get("action").and_then(Value::as_str).unwrap_or_default();
            r.get("timestamp")
                .and_then(Value::as_str)
                .and_then(|t| DateTime::parse_from_rfc3339(t).ok())
                .is_some_and(|t| t.with_timezone(&Utc) < cutoff(action))
        })
        .map(|(k, _)| k.clone())
        .collect()
}

/// Removes activity rows and, as the foreign key cascades, their revisions.
fn remove_activity(db: &mut Db, keys: &[Pk]) -> Removed {
    let mut removed = Removed::default();
    for key in keys {
        let revisions = db.table(REVISIONS).and_then(|t| t.keys_holding("activity", key));
        let revisions_table = db.table_mut(REVISIONS);
        for r in revisions.unwrap_or_default() {
            removed.revisions += usize::from(revisions_table.remove(&r).is_some());
        }
        removed.activity += usize::from(db.table_mut(ACTIVITY).remove(key).is_some());
    }
    removed
}

/// `DIRECTUS_MOCK_MAX_ACTIVITY`: keeps the newest `max` activity rows (and
/// their revisions), removing the oldest; called in the transaction of every
/// recorded write.
pub(crate) fn cap(db: &mut Db, max: u64) {
    let Some(max) = usize::try_from(max).ok().filter(|m| *m > 0) else { return };
    let Some(table) = db.table(ACTIVITY) else { return };
    let over = table.len().saturating_sub(max);
    if over == 0 {
        return;
    }
    // Activity ids count up, so key order is age order.
    let oldest: Vec<Pk> = table.rows.keys().take(over).cloned().collect();
    remove_activity(db, &oldest);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::schema::Schema;
    use serde_json::json;

    fn db_with(activity: &[(i64, &str, &str)], revisions: &[(i64, i64)]) -> Db {
        let collections = crate::system::collections().into_iter().map(|c| (c.name.clone(), c));
        let mut db = Db::new(Schema::new(collections.collect(), crate::system::relations()));
        for (id, action, ts) in activity {
            let row = json!({"id": id, "action": action, "timestamp": ts});
            db.table_mut(ACTIVITY)
                .insert(Pk::Int(*id), row.as_object().cloned().unwrap_or_default());
        }
        for (id, activity) in revisions {
            let row = json!({"id": id, "activity": activity});
            db.table_mut(REVISIONS)
                .insert(Pk::Int(*id), row.as_object().cloned().unwrap_or_default());
        }
        db
    }

    fn ids(db: &Db, table: &str) -> Vec<i64> {
        db.table(table)
            .map(|t| {
                t.rows
                    .keys()
                    .filter_map(|k| match k {
                        Pk::Int(i) => Some(*i),
                        Pk::Str(_) => None,
                    })
                    .collect()
            })
            .unwrap_or_default()
    }

    fn at(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s).map(|t| t.with_timezone(&Utc)).expect("a time")
    }

    #[test]
    fn activity_past_its_retention_goes_with_its_revisions() {
        let mut db = db_with(
            &[
                (1, "create", "2026-01-01T00:00:00.000Z"),
                (2, "update", "2026-01-01T00:00:09.000Z"),
                (3, "run", "2026-01-01T00:00:00.000Z"),
            ],
            &[(10, 1), (11, 2)],
        );
        let s = Duration::from_secs;
        let removed = apply(&mut db, at("2026-01-01T00:00:10Z"), s(5), s(60), s(60));
        assert_eq!(removed, Removed { activity: 1, revisions: 1 });
        assert_eq!(ids(&db, ACTIVITY), vec![2, 3]);
        assert_eq!(ids(&db, REVISIONS), vec![11]);
    }

    #[test]
    fn revisions_go_alone_when_kept_for_less_time_than_activity() {
        let mut db = db_with(
            &[(1, "create", "2026-01-01T00:00:00.000Z"), (2, "update", "2026-01-01T00:00:09.000Z")],
            &[(10, 1), (11, 2)],
        );
        let s = Duration::from_secs;
        let removed = apply(&mut db, at("2026-01-01T00:00:10Z"), s(60), s(60), s(5));
        assert_eq!(removed, Removed { activity: 0, revisions: 1 });
        assert_eq!(ids(&db, ACTIVITY), vec![1, 2]);
        assert_eq!(ids(&db, REVISIONS), vec![11]);
    }

    #[test]
    fn the_cap_keeps_the_newest_activity() {
        let mut db = db_with(
            &[
                (1, "create", "2026-01-01T00:00:00.000Z"),
                (2, "create", "2026-01-01T00:00:01.000Z"),
                (3, "create", "2026-01-01T00:00:02.000Z"),
            ],
            &[(10, 1), (11, 2), (12, 3)],
        );
        cap(&mut db, 2);
        assert_eq!(ids(&db, ACTIVITY), vec![2, 3]);
        assert_eq!(ids(&db, REVISIONS), vec![11, 12]);
        cap(&mut db, 0);
        assert_eq!(ids(&db, ACTIVITY), vec![2, 3]);
    }
}
