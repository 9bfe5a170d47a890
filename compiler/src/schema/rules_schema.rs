//! Falco 0.44's rules schema (its `rule_json_schema.h`), as data: which keys each object
//! may have, the type of each value, enumerations and required keys.

/// A JSON type the schema can require.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum JsonType {
    String,
    Boolean,
    Integer,
    Array,
    Object,
}

/// A (sub)schema, limited to the constraints Falco's rules schema uses. Constraints are
/// checked in the order valijson's parser stores them: type, anyOf, enum, items,
/// minProperties, properties (with `additionalProperties: false`), required.
#[derive(Debug)]
pub struct Schema {
    pub ty: Option<JsonType>,
    pub any_of: &'static [&'static Schema],
    pub enumeration: &'static [&'static str],
    pub items: Option<&'static Schema>,
    pub min_properties: Option<usize>,
    /// Allowed keys and their schemas, sorted by key (valijson iterates them in that order).
    /// `None` when the schema has no `properties` constraint.
    pub properties: Option<&'static [(&'static str, &'static Schema)]>,
    pub required: &'static [&'static str],
}

const fn schema() -> Schema {
    Schema {
        ty: None,
        any_of: &[],
        enumeration: &[],
        items: None,
        min_properties: None,
        properties: None,
        required: &[],
    }
}

const fn typed(ty: JsonType) -> Schema {
    Schema {
        ty: Some(ty),
        ..schema()
    }
}

const fn array_of(items: &'static Schema) -> Schema {
    Schema {
        items: Some(items),
        ..typed(JsonType::Array)
    }
}

const fn string_enum(values: &'static [&'static str]) -> Schema {
    Schema {
        enumeration: values,
        ..typed(JsonType::String)
    }
}

const fn object(
    properties: &'static [(&'static str, &'static Schema)],
    required: &'static [&'static str],
) -> Schema {
    Schema {
        properties: Some(properties),
        required,
        ..typed(JsonType::Object)
    }
}

static ANY: Schema = schema();
static STRING: Schema = typed(JsonType::String);
static BOOLEAN: Schema = typed(JsonType::Boolean);
static INTEGER: Schema = typed(JsonType::Integer);
static STRINGS: Schema = array_of(&STRING);

static PRIORITY: Schema = string_enum(&[
    "EMERGENCY",
    "ALERT",
    "CRITICAL",
    "ERROR",
    "WARNING",
    "NOTICE",
    "INFO",
    "INFORMATIONAL",
    "DEBUG",
]);

/// A list item: an integer or a string.
static LIST_ITEM: Schema = Schema {
    any_of: &[&INTEGER, &STRING],
    ..schema()
};
static LIST_ITEMS: Schema = array_of(&LIST_ITEM);

static EXCEPTION: Schema = object(
    &[
        ("comps", &ANY),
        ("fields", &ANY),
        ("name", &STRING),
        ("values", &ANY),
    ],
    &["name"],
);
static EXCEPTIONS: Schema = array_of(&EXCEPTION);

static OVERRIDE_OP: Schema = string_enum(&["append", "replace"]);
static OVERRIDE: Schema = Schema {
    min_properties: Some(1),
    ..object(
        &[
            ("capture", &OVERRIDE_OP),
            ("capture_duration", &OVERRIDE_OP),
            ("condition", &OVERRIDE_OP),
            ("desc", &OVERRIDE_OP),
            ("enabled", &OVERRIDE_OP),
            ("exceptions", &OVERRIDE_OP),
            ("items", &OVERRIDE_OP),
            ("output", &OVERRIDE_OP),
            ("priority", &OVERRIDE_OP),
            ("skip-if-unknown-filter", &OVERRIDE_OP),
            ("tags", &OVERRIDE_OP),
            ("warn_evttypes", &OVERRIDE_OP),
        ],
        &[],
    )
};

static ALTERNATIVE: Schema = object(
    &[("name", &STRING), ("version", &STRING)],
    &["name", "version"],
);
static ALTERNATIVES: Schema = array_of(&ALTERNATIVE);
static PLUGIN_VERSION: Schema = object(
    &[
        ("alternatives", &ALTERNATIVES),
        ("name", &STRING),
        ("version", &STRING),
    ],
    &["name", "version"],
);
static PLUGIN_VERSIONS: Schema = array_of(&PLUGIN_VERSION);

/// One item of a rules file: any of a rule's, macro's, list's or requirement's keys.
static ITEM: Schema = object(
    &[
        ("append", &BOOLEAN),
        ("capture", &BOOLEAN),
        ("capture_duration", &INTEGER),
        ("condition", &STRING),
        ("desc", &STRING),
        ("enabled", &BOOLEAN),
        ("exceptions", &EXCEPTIONS),
        ("items", &LIST_ITEMS),
        ("list", &STRING),
        ("macro", &STRING),
        ("output", &STRING),
        ("override", &OVERRIDE),
        ("priority", &PRIORITY),
        ("required_engine_version", &STRING),
        ("required_plugin_versions", &PLUGIN_VERSIONS),
        ("rule", &STRING),
        ("skip-if-unknown-filter", &BOOLEAN),
        ("source", &STRING),
        ("tags", &STRINGS),
        ("warn_evttypes", &BOOLEAN),
    ],
    &[],
);
static ROOT: Schema = array_of(&ITEM);

/// The schema of a whole document: a sequence of items.
pub fn root() -> &'static Schema {
    &ROOT
}

/// Every object schema, for tests of their invariants.
#[cfg(test)]
pub fn objects() -> [&'static Schema; 5] {
    [&ITEM, &EXCEPTION, &OVERRIDE, &ALTERNATIVE, &PLUGIN_VERSION]
}
