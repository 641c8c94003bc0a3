//! The schema model: collections, fields with their types and schema flags,
//! and relations, with the derived per-field relation index every reader uses.
//!
//! A [`Schema`] is immutable; a schema change builds a new one (see
//! `service::schema`) inside a store transaction, so readers always see a
//! consistent pair of schema and rows.

use std::collections::{BTreeSet, HashMap};
use std::sync::Arc;

use indexmap::IndexMap;
use serde_json::{Map, Value, json};

/// Directus' abstract field types.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum FieldType {
    BigInteger,
    Boolean,
    Csv,
    Date,
    DateTime,
    Decimal,
    Float,
    Geometry,
    Hash,
    Integer,
    Json,
    String,
    Text,
    Time,
    Timestamp,
    Uuid,
    Binary,
    Alias,
    Unknown,
}

impl FieldType {
    pub(crate) fn parse(s: &str) -> Option<FieldType> {
        Some(match s {
            "bigInteger" => FieldType::BigInteger,
            "boolean" => FieldType::Boolean,
            "csv" => FieldType::Csv,
            "date" => FieldType::Date,
            "dateTime" => FieldType::DateTime,
            "decimal" => FieldType::Decimal,
            "float" => FieldType::Float,
            "geometry"
            | "geometry.Point"
            | "geometry.LineString"
            | "geometry.Polygon"
            | "geometry.MultiPoint"
            | "geometry.MultiLineString"
            | "geometry.MultiPolygon" => FieldType::Geometry,
            "hash" => FieldType::Hash,
            "integer" => FieldType::Integer,
            "json" => FieldType::Json,
            "string" => FieldType::String,
            "text" => FieldType::Text,
            "time" => FieldType::Time,
            "timestamp" => FieldType::Timestamp,
            "uuid" => FieldType::Uuid,
            "binary" => FieldType::Binary,
            "alias" => FieldType::Alias,
            "unknown" => FieldType::Unknown,
            _ => return None,
        })
    }

    pub(crate) fn as_str(self) -> &'static str {
        match self {
            FieldType::BigInteger => "bigInteger",
            FieldType::Boolean => "boolean",
            FieldType::Csv => "csv",
            FieldType::Date => "date",
            FieldType::DateTime => "dateTime",
            FieldType::Decimal => "decimal",
            FieldType::Float => "float",
            FieldType::Geometry => "geometry",
            FieldType::Hash => "hash",
            FieldType::Integer => "integer",
            FieldType::Json => "json",
            FieldType::String => "string",
            FieldType::Text => "text",
            FieldType::Time => "time",
            FieldType::Timestamp => "timestamp",
            FieldType::Uuid => "uuid",
            FieldType::Binary => "binary",
            FieldType::Alias => "alias",
            FieldType::Unknown => "unknown",
        }
    }

    pub(crate) fn is_numeric(self) -> bool {
        matches!(
            self,
            FieldType::Integer | FieldType::BigInteger | FieldType::Float | FieldType::Decimal
        )
    }

    pub(crate) fn is_integer(self) -> bool {
        matches!(self, FieldType::Integer | FieldType::BigInteger)
    }

    /// The SQLite column type Directus reports in `schema.data_type`.
    fn data_type(self) -> &'static str {
        match self {
            FieldType::BigInteger => "bigint",
            FieldType::Boolean => "boolean",
            FieldType::Csv | FieldType::Text => "text",
            FieldType::Date => "date",
            FieldType::DateTime | FieldType::Timestamp => "datetime",
            FieldType::Decimal => "decimal",
            FieldType::Float => "float",
            FieldType::Geometry => "text",
            FieldType::Hash | FieldType::String => "varchar",
            FieldType::Integer => "integer",
            FieldType::Json => "json",
            FieldType::Time => "time",
            FieldType::Uuid => "char",
            FieldType::Binary => "blob",
            FieldType::Alias | FieldType::Unknown => "unknown",
        }
    }
}

/// The database part of a field (`schema` in Directus payloads).
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct FieldSchema {
    pub(crate) is_primary_key: bool,
    pub(crate) has_auto_increment: bool,
    pub(crate) is_nullable: bool,
    pub(crate) is_unique: bool,
    pub(crate) is_indexed: bool,
    pub(crate) default_value: Value,
    pub(crate) max_length: Option<u64>,
    pub(crate) numeric_precision: Option<u64>,
    pub(crate) numeric_scale: Option<u64>,
    /// The column type when it is not the field type's usual one (a `uuid`
    /// stored as a `string` is a `char(36)` column on SQLite).
    pub(crate) data_type: Option<&'static str>,
}

impl FieldSchema {
    /// Reads a `schema` object of a field payload, with Directus' defaults.
    pub(crate) fn from_payload(ty: FieldType, raw: &Map<String, Value>) -> FieldSchema {
        let flag = |k: &str, d: bool| raw.get(k).and_then(Value::as_bool).unwrap_or(d);
        let num = |k: &str| raw.get(k).and_then(Value::as_u64);
        let is_primary_key = flag("is_primary_key", false);
        let max_length = num("max_length").or(match ty {
            FieldType::String | FieldType::Hash => Some(255),
            FieldType::Uuid => Some(36),
            _ => None,
        });
        let (numeric_precision, numeric_scale) = match ty {
            FieldType::Decimal => {
                (num("numeric_precision").or(Some(10)), num("numeric_scale").or(Some(5)))
            }
            _ => (num("numeric_precision"), num("numeric_scale")),
        };
        FieldSchema {
            is_primary_key,
            has_auto_increment: flag("has_auto_increment", false),
            is_nullable: flag("is_nullable", !is_primary_key) && !is_primary_key,
            // SQLite backs a primary key with a unique index, except an `integer` one (the rowid).
            is_unique: flag("is_unique", false) || (is_primary_key && ty != FieldType::Integer),
            is_indexed: flag("is_indexed", false),
            default_value: raw.get("default_value").cloned().unwrap_or(Value::Null),
            max_length,
            numeric_precision,
            numeric_scale,
            // A snapshot of a uuid column read as a string says `char`: applied, it stays one.
            data_type: (ty == FieldType::String
                && raw.get("data_type").and_then(Value::as_str) == Some("char"))
            .then_some("char"),
        }
    }
}

/// One field of a collection.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Field {
    pub(crate) collection: String,
    pub(crate) name: String,
    pub(crate) ty: FieldType,
    /// The `directus_fields` row; `None` for unmanaged fields.
    pub(crate) meta: Option<Map<String, Value>>,
    /// `None` for alias fields.
    pub(crate) schema: Option<FieldSchema>,
    /// Set by the relation that uses this column as its foreign key.
    pub(crate) foreign_key: Option<(String, String)>,
}

impl Field {
    pub(crate) fn special(&self) -> Vec<&str> {
        self.meta
            .as_ref()
            .and_then(|m| m.get("special"))
            .map(|s| match s {
                Value::Array(items) => items.iter().filter_map(Value::as_str).collect(),
                Value::String(s) => s.split(',').map(str::trim).collect(),
                _ => Vec::new(),
            })
            .unwrap_or_default()
    }

    /// Whether the field carries a special, without allocating (render calls this per value).
    pub(crate) fn has_special(&self, special: &str) -> bool {
        match self.meta.as_ref().and_then(|m| m.get("special")) {
            Some(Value::Array(items)) => items.iter().any(|i| i.as_str() == Some(special)),
            Some(Value::String(s)) => s.split(',').any(|i| i.trim() == special),
            _ => false,
        }
    }

    pub(crate) fn is_alias(&self) -> bool {
        self.ty == FieldType::Alias || self.schema.is_none()
    }

    pub(crate) fn is_primary_key(&self) -> bool {
        self.schema.as_ref().is_some_and(|s| s.is_primary_key)
    }

    pub(crate) fn nullable(&self) -> bool {
        self.schema.as_ref().is_none_or(|s| s.is_nullable)
    }

    pub(crate) fn default_value(&self) -> &Value {
        self.schema.as_ref().map(|s| &s.default_value).unwrap_or(&Value::Null)
    }

    /// Hash fields and fields with the `conceal` or `encrypt` special are never shown in clear.
    pub(crate) fn is_concealed(&self) -> bool {
        self.ty == FieldType::Hash
            || self.has_special("conceal")
            || self.has_special("hash")
            || self.has_special("encrypt")
    }

    /// The field's `meta.validation` filter, if any.
    pub(crate) fn validation(&self) -> Option<&Value> {
        self.meta.as_ref().and_then(|m| m.get("validation")).filter(|v| !v.is_null())
    }

    pub(crate) fn searchable(&self) -> bool {
        self.meta
            .as_ref()
            .and_then(|m| m.get("searchable"))
            .and_then(Value::as_bool)
            .unwrap_or(true)
    }

    /// Specials whose value the server generates: exempt from required/nnull checks.
    pub(crate) fn is_generated(&self) -> bool {
        self.special().iter().any(|s| {
            matches!(
                *s,
                "uuid"
                    | "date-created"
                    | "date-updated"
                    | "role-created"
                    | "role-updated"
                    | "user-created"
                    | "user-updated"
            )
        })
    }

    /// The shape `GET /fields/<c>/<f>` answers with: `position` is the
    /// `directus_fields` id, `sort` the default place within the collection.
    pub(crate) fn to_json(&self, position: usize, sort: usize) -> Value {
        let schema = self.schema.as_ref().map(|s| {
            json!({
                "name": self.name,
                "table": self.collection,
                "data_type": s.data_type.unwrap_or(self.ty.data_type()),
                "default_value": s.default_value,
                "max_length": s.max_length,
                "numeric_precision": s.numeric_precision,
                "numeric_scale": s.numeric_scale,
                "is_generated": false,
                "generation_expression": null,
                "is_nullable": s.is_nullable,
                "is_unique": s.is_unique,
                "is_indexed": s.is_indexed,
                "is_primary_key": s.is_primary_key,
                "has_auto_increment": s.has_auto_increment,
                "foreign_key_column": self.foreign_key.as_ref().map(|f| f.1.clone()),
                "foreign_key_table": self.foreign_key.as_ref().map(|f| f.0.clone()),
            })
        });
        let meta = self.meta.as_ref().map(|m| {
            let mut full = if m.get("system") == Some(&Value::Bool(true)) {
                system_field_meta(&self.collection, &self.name)
            } else {
                field_meta_defaults(&self.collection, &self.name, position)
            };
            full.insert("sort".into(), json!(sort));
            for (k, v) in m {
                full.insert(k.clone(), v.clone());
            }
            Value::Object(full)
        });
        json!({
            "collection": self.collection,
            "field": self.name,
            "type": self.ty.as_str(),
            "schema": schema,
            "meta": meta,
        })
    }
}

/// Every key of a `directus_fields` row, with the values Directus fills in.
pub(crate) fn field_meta_defaults(
    collection: &str,
    field: &str,
    position: usize,
) -> Map<String, Value> {
    let v = json!({
        "id": position,
        "collection": collection,
        "field": field,
        "special": null,
        "interface": null,
        "options": null,
        "display": null,
        "display_options": null,
        "readonly": false,
        "hidden": false,
        "sort": position,
        "width": "full",
        "translations": null,
        "note": null,
        "conditions": null,
        "required": false,
        "group": null,
        "validation": null,
        "validation_message": null,
        "searchable": true,
    });
    match v {
        Value::Object(m) => m,
        _ => Map::new(),
    }
}

/// The `meta` of a system field as 12.4 answers it: no `directus_fields`
/// row behind it (no id, no validation), `system: true` first.
fn system_field_meta(collection: &str, field: &str) -> Map<String, Value> {
    let v = json!({
        "system": true,
        "collection": collection,
        "field": field,
        "special": null,
        "interface": null,
        "options": null,
        "display": null,
        "display_options": null,
        "readonly": false,
        "hidden": false,
        "sort": null,
        "width": "full",
        "group": null,
        "translations": null,
        "note": null,
        "conditions": null,
        "required": false,
        "searchable": true,
    });
    match v {
        Value::Object(m) => m,
        _ => Map::new(),
    }
}

/// Every key of a `directus_collections` row, with the values Directus fills in.
pub(crate) fn collection_meta_defaults(collection: &str) -> Map<String, Value> {
    let v = json!({
        "collection": collection,
        "icon": null,
        "note": null,
        "display_template": null,
        "hidden": false,
        "singleton": false,
        "translations": null,
        "archive_field": null,
        "archive_app_filter": true,
        "archive_value": null,
        "unarchive_value": null,
        "sort_field": null,
        "accountability": "all",
        "color": null,
        "item_duplication_fields": null,
        "sort": null,
        "group": null,
        "collapse": "open",
        "preview_url": null,
        "versioning": false,
        "status": "active",
        "autosave_revision_interval": null,
    });
    match v {
        Value::Object(m) => m,
        _ => Map::new(),
    }
}

/// A collection: its metadata and ordered fields.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Collection {
    pub(crate) name: String,
    /// The full `directus_collections` row, `None` for tables without metadata.
    pub(crate) meta: Option<Map<String, Value>>,
    /// `false` for folders (`schema: null`), which hold no rows.
    pub(crate) has_table: bool,
    pub(crate) fields: IndexMap<String, Field>,
    /// `directus_*` collections, served by their own endpoints.
    pub(crate) system: bool,
}

impl Collection {
    pub(crate) fn pk_field(&self) -> Option<&Field> {
        self.fields.values().find(|f| f.is_primary_key())
    }

    /// The primary key's name; `id`, Directus' default, for one without
    /// (a folder has no table and no key).
    pub(crate) fn pk(&self) -> &str {
        self.pk_field().map(|f| f.name.as_str()).unwrap_or("id")
    }

    fn meta_value(&self, key: &str) -> Option<&Value> {
        self.meta.as_ref().and_then(|m| m.get(key))
    }

    pub(crate) fn singleton(&self) -> bool {
        self.meta_value("singleton").and_then(Value::as_bool).unwrap_or(false)
    }

    pub(crate) fn sort_field(&self) -> Option<&str> {
        self.meta_value("sort_field").and_then(Value::as_str)
    }

    /// `meta.status` of Directus 12: anything but `active` makes the items routes 403.
    pub(crate) fn active(&self) -> bool {
        self.meta_value("status").and_then(Value::as_str).is_none_or(|s| s == "active")
    }

    pub(crate) fn to_json(&self) -> Value {
        let schema = if self.has_table { json!({ "name": self.name }) } else { Value::Null };
        json!({
            "collection": self.name,
            "meta": self.meta.clone().map(Value::Object),
            "schema": schema,
        })
    }
}

/// What the "one" side does with children removed from an O2M.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum DeselectAction {
    Nullify,
    Delete,
}

/// What the database does with referencing rows when a referenced row is deleted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum OnDelete {
    NoAction,
    SetNull,
    SetDefault,
    Cascade,
    Restrict,
}

impl OnDelete {
    pub(crate) fn parse(s: &str) -> Option<OnDelete> {
        Some(match s {
            "NO ACTION" => OnDelete::NoAction,
            "SET NULL" => OnDelete::SetNull,
            "SET DEFAULT" => OnDelete::SetDefault,
            "CASCADE" => OnDelete::Cascade,
            "RESTRICT" => OnDelete::Restrict,
            _ => return None,
        })
    }

    pub(crate) fn as_str(self) -> &'static str {
        match self {
            OnDelete::NoAction => "NO ACTION",
            OnDelete::SetNull => "SET NULL",
            OnDelete::SetDefault => "SET DEFAULT",
            OnDelete::Cascade => "CASCADE",
            OnDelete::Restrict => "RESTRICT",
        }
    }
}

/// A relation as stored in `directus_relations`.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Relation {
    /// The "many" collection, which holds the foreign key.
    pub(crate) collection: String,
    pub(crate) field: String,
    /// `None` for the `item` field of a many-to-any junction.
    pub(crate) related_collection: Option<String>,
    pub(crate) one_field: Option<String>,
    pub(crate) one_collection_field: Option<String>,
    pub(crate) one_allowed_collections: Option<Vec<String>>,
    pub(crate) junction_field: Option<String>,
    pub(crate) sort_field: Option<String>,
    pub(crate) one_deselect_action: DeselectAction,
    /// `None` when the relation has no database foreign key (M2A item, `schema: null`).
    pub(crate) on_delete: Option<OnDelete>,
    pub(crate) has_meta: bool,
}

impl Relation {
    /// The shape `GET /relations` answers with; `related_pk` is the primary key
    /// the foreign key points at.
    pub(crate) fn to_json(&self, id: usize, related_pk: &str) -> Value {
        let schema = match (&self.related_collection, self.on_delete) {
            (Some(related), Some(on_delete)) => json!({
                "table": self.collection,
                "column": self.field,
                "foreign_key_table": related,
                "foreign_key_column": related_pk,
                "on_update": "NO ACTION",
                "on_delete": on_delete.as_str(),
                "constraint_name": null,
            }),
            _ => Value::Null,
        };
        let meta = if self.has_meta {
            json!({
                "id": id,
                "many_collection": self.collection,
                "many_field": self.field,
                "one_collection": self.related_collection,
                "one_field": self.one_field,
                "one_collection_field": self.one_collection_field,
                "one_allowed_collections": self.one_allowed_collections,
                "junction_field": self.junction_field,
                "sort_field": self.sort_field,
                "one_deselect_action": match self.one_deselect_action {
                    DeselectAction::Nullify => "nullify",
                    DeselectAction::Delete => "delete",
                },
            })
        } else {
            Value::Null
        };
        json!({
            "collection": self.collection,
            "field": self.field,
            "related_collection": self.related_collection,
            "schema": schema,
            "meta": meta,
        })
    }
}

/// How a field of a collection relates to other collections.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum RelKind {
    /// The field holds a foreign key to `related`.
    M2o { related: String },
    /// An alias listing the rows of `related` whose `fk` points here
    /// (also the first hop of M2M and M2A, onto the junction).
    O2m { related: String, fk: String, junction_field: Option<String> },
    /// The `item` field of a many-to-any junction.
    A2o { allowed: Vec<String>, collection_field: String },
}

/// The whole schema: collections in creation order and relations.
#[derive(Debug, Clone, Default)]
pub(crate) struct Schema {
    pub(crate) collections: IndexMap<String, Collection>,
    pub(crate) relations: Vec<Relation>,
    /// `(collection, field)` of the system fields with a database index
    /// (`systemFields` of a schema snapshot; a migration may change them).
    pub(crate) indexed_system_fields: BTreeSet<(String, String)>,
    /// collection → field → relation kind and index into `relations` (looked up by `&str`, no allocation).
    index: HashMap<String, HashMap<String, (RelKind, usize)>>,
}

impl Schema {
    fn index_insert(
        index: &mut HashMap<String, HashMap<String, (RelKind, usize)>>,
        (collection, field): (String, String),
        value: (RelKind, usize),
    ) {
        index.entry(collection).or_default().insert(field, value);
    }

    pub(crate) fn new(
        collections: IndexMap<String, Collection>,
        relations: Vec<Relation>,
    ) -> Schema {
        let indexed_system_fields = crate::system::INDEXED_FIELDS
            .iter()
            .map(|(c, f)| ((*c).to_owned(), (*f).to_owned()))
            .collect();
        let mut schema =
            Schema { collections, relations, indexed_system_fields, index: HashMap::new() };
        schema.reindex();
        schema
    }

    /// Rebuilds the per-field relation index and the foreign-key markers on fields.
    pub(crate) fn reindex(&mut self) {
        self.index.clear();
        for coll in self.collections.values_mut() {
            for field in coll.fields.values_mut() {
                field.foreign_key = None;
            }
        }
        for (i, rel) in self.relations.iter().enumerate() {
            match &rel.related_collection {
                Some(related) => {
                    Self::index_insert(
                        &mut self.index,
                        (rel.collection.clone(), rel.field.clone()),
                        (RelKind::M2o { related: related.clone() }, i),
                    );
                    if let Some(field) = self
                        .collections
                        .get_mut(&rel.collection)
                        .and_then(|c| c.fields.get_mut(&rel.field))
                    {
                        let related_pk = "id".to_owned();
                        field.foreign_key = Some((related.clone(), related_pk));
                    }
                    if let Some(one_field) = &rel.one_field {
                        Self::index_insert(
                            &mut self.index,
                            (related.clone(), one_field.clone()),
                            (
                                RelKind::O2m {
                                    related: rel.collection.clone(),
                                    fk: rel.field.clone(),
                                    junction_field: rel.junction_field.clone(),
                                },
                                i,
                            ),
                        );
                    }
                }
                None => {
                    Self::index_insert(
                        &mut self.index,
                        (rel.collection.clone(), rel.field.clone()),
                        (
                            RelKind::A2o {
                                allowed: rel.one_allowed_collections.clone().unwrap_or_default(),
                                collection_field: rel
                                    .one_collection_field
                                    .clone()
                                    .unwrap_or_else(|| "collection".into()),
                            },
                            i,
                        ),
                    );
                }
            }
        }
        for (one, alias, many, fk) in crate::system::EXTRA_O2M {
            if let Some(i) =
                self.relations.iter().position(|r| r.collection == *many && r.field == *fk)
            {
                let junction_field = self.relations[i].junction_field.clone();
                Self::index_insert(
                    &mut self.index,
                    ((*one).to_owned(), (*alias).to_owned()),
                    (
                        RelKind::O2m {
                            related: (*many).to_owned(),
                            fk: (*fk).to_owned(),
                            junction_field,
                        },
                        i,
                    ),
                );
            }
        }
        // Foreign keys point at the related collection's real primary key.
        let pks: HashMap<String, String> =
            self.collections.iter().map(|(n, c)| (n.clone(), c.pk().to_owned())).collect();
        for coll in self.collections.values_mut() {
            for field in coll.fields.values_mut() {
                if let Some((table, column)) = &mut field.foreign_key
                    && let Some(pk) = pks.get(table.as_str())
                {
                    *column = pk.clone();
                }
            }
        }
    }

    pub(crate) fn collection(&self, name: &str) -> Option<&Collection> {
        self.collections.get(name)
    }

    /// A collection's primary key column, `id` (Directus' default) for a
    /// collection without one or not in the schema: the engine asks only about
    /// collections a plan or a relation already named.
    /// The columns of `collection` the store indexes by value: the foreign keys
    /// of its relations (M2O fields, junction fields, many-to-any items) and
    /// its unique columns, in field order.
    pub(crate) fn keyed_columns(&self, collection: &str) -> Vec<String> {
        let Some(coll) = self.collections.get(collection) else { return Vec::new() };
        coll.fields
            .values()
            .filter(|f| !f.is_alias())
            .filter(|f| {
                f.schema.as_ref().is_some_and(|s| s.is_unique && !s.is_primary_key)
                    || self
                        .relations
                        .iter()
                        .any(|r| r.collection == collection && r.field == f.name)
            })
            .map(|f| f.name.clone())
            .collect()
    }

    pub(crate) fn pk_of(&self, collection: &str) -> &str {
        self.collection(collection).map_or("id", Collection::pk)
    }

    /// The `i`-th relation as `GET /relations` shows it (its id is `i + 1`).
    pub(crate) fn relation_json(&self, i: usize) -> Value {
        let rel = &self.relations[i];
        let pk = rel.related_collection.as_deref().map_or("id", |r| self.pk_of(r));
        rel.to_json(i + 1, pk)
    }

    pub(crate) fn field(&self, collection: &str, field: &str) -> Option<&Field> {
        self.collections.get(collection).and_then(|c| c.fields.get(field))
    }

    /// The relation kind of a field, if it is relational.
    pub(crate) fn rel(&self, collection: &str, field: &str) -> Option<&RelKind> {
        self.index.get(collection).and_then(|m| m.get(field)).map(|(k, _)| k)
    }

    /// The relation record behind a relational field.
    pub(crate) fn relation_of(&self, collection: &str, field: &str) -> Option<&Relation> {
        self.index.get(collection).and_then(|m| m.get(field)).map(|(_, i)| &self.relations[*i])
    }

    /// The relation stored on (`collection`, `field`), the many side.
    pub(crate) fn relation(&self, collection: &str, field: &str) -> Option<&Relation> {
        self.relations.iter().find(|r| r.collection == collection && r.field == field)
    }
}

/// The schema handed around: cheap to clone, never mutated in place.
pub(crate) type SharedSchema = Arc<Schema>;
