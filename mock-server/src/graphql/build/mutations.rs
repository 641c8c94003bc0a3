//! The mutations of the scope's collections: `create_<c>_items` /
//! `create_<c>_item`, `update_<c>_batch` / `update_<c>_items` /
//! `update_<c>_item` (`update_<c>` for a singleton), `delete_<c>_items` /
//! `delete_<c>_item`, and the `delete_many` / `delete_one` result types.
//! Activity and revisions are read-only.

use async_graphql::dynamic::{Field, InputValue, Object, TypeRef};

use super::{READ_ONLY, Roots, Scope, Types, View, in_scope, list_args, root_name};
use crate::engine::Action;
use crate::graphql::resolve::{self, Leaf, Shape};
use crate::schema::Collection;

/// Adds the mutations of every collection of the scope the caller may write.
pub(super) fn collection_mutations(
    view: &View<'_>,
    read: &[&Collection],
    scope: Scope,
    roots: &mut Roots,
    types: &mut Types,
) {
    let writable =
        |coll: &Collection| in_scope(coll, scope) && !READ_ONLY.contains(&coll.name.as_str());
    // A mutation returns the items only when the caller may read them (else a boolean).
    let readable = |c: &str| read.iter().any(|r| r.name == c);
    for coll in view.collections(Action::Create) {
        if !coll.singleton() && writable(coll) {
            create(coll, scope, readable(&coll.name), roots);
        }
    }
    for coll in view.collections(Action::Update) {
        if writable(coll) {
            update(coll, scope, readable(&coll.name), roots);
        }
    }
    let deletable = view.collections(Action::Delete);
    for coll in &deletable {
        if !coll.singleton() && writable(coll) {
            delete(coll, scope, roots);
        }
    }
    if !deletable.is_empty() {
        types.object(Object::new("delete_many").field(resolve::field(
            "ids",
            TypeRef::named_list_nn(TypeRef::ID),
            Shape::Leaf(Leaf::Id),
        )));
        types.object(Object::new("delete_one").field(resolve::field(
            "id",
            TypeRef::named_nn(TypeRef::ID),
            Shape::Leaf(Leaf::Id),
        )));
    }
}

fn create(coll: &Collection, scope: Scope, readable: bool, roots: &mut Roots) {
    let root = root_name(&coll.name, scope);
    let c = coll.name.as_str();
    let input = format!("create_{c}_input");
    let many = resolve::create(&format!("create_{root}_items"), c, true, readable);
    let many = if readable { list_args(many, &format!("{c}_filter")) } else { many };
    roots.mutation.push(many.argument(InputValue::new("data", TypeRef::named_nn_list(&input))));
    roots.mutation.push(
        resolve::create(&format!("create_{root}_item"), c, false, readable)
            .argument(InputValue::new("data", TypeRef::named_nn(&input))),
    );
}

fn update(coll: &Collection, scope: Scope, readable: bool, roots: &mut Roots) {
    let root = root_name(&coll.name, scope);
    let c = coll.name.as_str();
    let input = format!("update_{c}_input");
    if coll.singleton() {
        roots.mutation.push(
            resolve::update_singleton(&format!("update_{root}"), c, readable)
                .argument(InputValue::new("data", TypeRef::named_nn(&input))),
        );
        return;
    }
    let with_args = |f: Field| if readable { list_args(f, &format!("{c}_filter")) } else { f };
    let update = |name: String, kind| resolve::update(&name, c, kind, readable);
    roots.mutation.push(
        with_args(update(format!("update_{root}_batch"), resolve::UpdateKind::Batch))
            .argument(InputValue::new("data", TypeRef::named_nn_list(&input))),
    );
    roots.mutation.push(
        with_args(update(format!("update_{root}_items"), resolve::UpdateKind::Many))
            .argument(InputValue::new("ids", TypeRef::named_list_nn(TypeRef::ID)))
            .argument(InputValue::new("data", TypeRef::named_nn(&input))),
    );
    roots.mutation.push(
        update(format!("update_{root}_item"), resolve::UpdateKind::One)
            .argument(InputValue::new("id", TypeRef::named_nn(TypeRef::ID)))
            .argument(InputValue::new("data", TypeRef::named_nn(&input))),
    );
}

fn delete(coll: &Collection, scope: Scope, roots: &mut Roots) {
    let root = root_name(&coll.name, scope);
    let c = coll.name.as_str();
    roots.mutation.push(
        resolve::delete(&format!("delete_{root}_items"), c, true)
            .argument(InputValue::new("ids", TypeRef::named_list_nn(TypeRef::ID))),
    );
    roots.mutation.push(
        resolve::delete(&format!("delete_{root}_item"), c, false)
            .argument(InputValue::new("id", TypeRef::named_nn(TypeRef::ID))),
    );
}
