//! The root query and subscription fields of the scope's collections:
//! `<c>`, `<c>_by_id`, `<c>_aggregated` (a singleton has only `<c>`),
//! `<c>_by_version` on `/graphql`, and `<c>_mutated` with its type.

use async_graphql::dynamic::{
    InputValue, Object, SubscriptionField, SubscriptionFieldFuture, TypeRef,
};

use super::{Roots, Scope, Types, in_scope, list_args, root_name};
use crate::graphql::resolve::{self, Leaf, Shape};
use crate::schema::Collection;

/// Adds the root fields of every readable collection of the scope.
pub(super) fn collection_roots(
    read: &[&Collection],
    scope: Scope,
    roots: &mut Roots,
    types: &mut Types,
) {
    for coll in read.iter().filter(|c| in_scope(c, scope)) {
        query_fields(coll, scope, roots);
        roots.subscription.push(subscription(&coll.name));
        types.object(mutated_type(&coll.name));
    }
}

fn query_fields(coll: &Collection, scope: Scope, roots: &mut Roots) {
    let root = root_name(&coll.name, scope);
    let c = coll.name.as_str();
    if coll.singleton() {
        roots.query.push(
            resolve::read_singleton(&root, c)
                .argument(InputValue::new("version", TypeRef::named(TypeRef::STRING))),
        );
    } else {
        roots.query.push(list_args(resolve::read_list(&root, c), &format!("{c}_filter")));
        roots.query.push(
            resolve::read_by_id(&format!("{root}_by_id"), c, c)
                .argument(InputValue::new("id", TypeRef::named_nn(TypeRef::ID)))
                .argument(InputValue::new("version", TypeRef::named(TypeRef::STRING))),
        );
        roots.query.push(
            resolve::read_aggregated(&format!("{root}_aggregated"), c)
                .argument(InputValue::new("groupBy", TypeRef::named_list(TypeRef::STRING)))
                .argument(InputValue::new("filter", TypeRef::named(format!("{c}_filter"))))
                .argument(InputValue::new("limit", TypeRef::named(TypeRef::INT)))
                .argument(InputValue::new("offset", TypeRef::named(TypeRef::INT)))
                .argument(InputValue::new("page", TypeRef::named(TypeRef::INT)))
                .argument(InputValue::new("search", TypeRef::named(TypeRef::STRING)))
                .argument(InputValue::new("sort", TypeRef::named_list(TypeRef::STRING))),
        );
    }
    if scope == Scope::Items {
        let mut by_version =
            resolve::read_by_id(&format!("{root}_by_version"), c, &format!("version_{c}"))
                .argument(InputValue::new("version", TypeRef::named_nn(TypeRef::STRING)));
        if !coll.singleton() {
            by_version = by_version.argument(InputValue::new("id", TypeRef::named_nn(TypeRef::ID)));
        }
        roots.query.push(by_version);
    }
}

/// `<c>_mutated`, declared as in Directus; its stream yields no events.
fn subscription(c: &str) -> SubscriptionField {
    SubscriptionField::new(format!("{c}_mutated"), TypeRef::named(format!("{c}_mutated")), |_| {
        SubscriptionFieldFuture::new(async {
            Ok(futures::stream::empty::<async_graphql::Result<async_graphql::Value>>())
        })
    })
    .argument(InputValue::new("event", TypeRef::named("EventEnum")))
}

fn mutated_type(c: &str) -> Object {
    Object::new(format!("{c}_mutated"))
        .field(resolve::field("key", TypeRef::named_nn(TypeRef::ID), Shape::Leaf(Leaf::Id)))
        .field(resolve::field("event", TypeRef::named("EventEnum"), Shape::Leaf(Leaf::Other)))
        .field(resolve::field("data", TypeRef::named(c), Shape::Object))
}
