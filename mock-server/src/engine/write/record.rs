//! The writer's side of the activity log ([`crate::engine::activity`]): what
//! a collection's writes record in this request, the nesting of item writes
//! (a nested write's revisions become children of its parent's), and one
//! activity per written key with its revision, in the same draft.

use serde_json::Value;

use super::Writer;
use crate::engine::activity::{Log, Tracking};
use crate::schema::{Collection, FieldType};
use crate::store::Pk;

impl Writer<'_, '_> {
    /// What the activity log keeps of writes to a collection in this request.
    pub(super) fn tracking(&self, coll: &Collection) -> Tracking {
        if self.log.is_some() { Tracking::of(coll) } else { Tracking::Nothing }
    }

    /// An item's write starts (see [`Log::enter`]).
    pub(super) fn enter(&mut self) {
        if let Some(log) = self.log.as_mut() {
            log.enter();
        }
    }

    /// An item's write ends: the revisions of its nested writes.
    pub(super) fn leave(&mut self) -> Vec<i64> {
        self.log.as_mut().map(Log::leave).unwrap_or_default()
    }

    /// Records an action on keys: one activity each, and the revisions
    /// `(data, delta)` per key when there are any; the first key's revision
    /// becomes the parent of `children`.
    pub(super) fn record(
        &mut self,
        coll: &Collection,
        action: &str,
        keys: &[Pk],
        revisions: Option<Vec<(Value, Value)>>,
        children: &[i64],
    ) {
        if self.tracking(coll) == Tracking::Nothing {
            return;
        }
        let Some(mut log) = self.log.take() else { return };
        let timestamp = self.timestamp(FieldType::Timestamp);
        let activities: Vec<i64> = keys
            .iter()
            .map(|k| log.activity(&mut *self.db, &timestamp, action, &coll.name, k))
            .collect();
        for (i, ((data, delta), (key, activity))) in
            revisions.into_iter().flatten().zip(keys.iter().zip(activities)).enumerate()
        {
            let parent_of: &[i64] = if i == 0 { children } else { &[] };
            log.revision(&mut *self.db, activity, &coll.name, key, data, delta, parent_of);
        }
        self.log = Some(log);
    }
}
