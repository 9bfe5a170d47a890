//! The field catalogue: every libsinsp syscall-source field and every container-plugin
//! field, with type, flags, argument rules, a description and a stable [`FieldId`], plus
//! name resolution as libsinsp does it ([`resolve_field`]).

mod classes;
pub mod doc;
pub mod ids;
mod info;
mod resolve;

pub use info::{fl, ArgSpec, FieldClass, FieldFlags, FieldId, FieldInfo};
pub use resolve::{resolve_field, FieldArg, FieldError, ResolvedField};

use std::collections::HashMap;
use std::sync::OnceLock;

const COUNT: usize = classes::gen_event::FIELDS.len()
    + classes::event::FIELDS.len()
    + classes::thread::FIELDS.len()
    + classes::user::FIELDS.len()
    + classes::group::FIELDS.len()
    + classes::fd::FIELDS.len()
    + classes::fspath::FIELDS.len()
    + classes::util::FIELDS.len()
    + classes::fdlist::FIELDS.len()
    + classes::container::FIELDS.len();

/// Every field, classes in lookup order, fields in table order; indexed by [`FieldId`].
static FIELDS: [FieldInfo; COUNT] = info::concat(
    &[
        &classes::gen_event::FIELDS,
        &classes::event::FIELDS,
        &classes::thread::FIELDS,
        &classes::user::FIELDS,
        &classes::group::FIELDS,
        &classes::fd::FIELDS,
        &classes::fspath::FIELDS,
        &classes::util::FIELDS,
        &classes::fdlist::FIELDS,
        &classes::container::FIELDS,
    ],
    &ids::TABLE_IDS,
);

/// Every catalogue field, classes in lookup order (not in id order).
pub fn all_fields() -> &'static [FieldInfo] {
    &FIELDS
}

/// One past the largest field id: the length of a table indexed by [`FieldId`].
pub fn id_bound() -> usize {
    by_id().len()
}

/// The field with id `id`.
pub fn field(id: FieldId) -> Option<&'static FieldInfo> {
    let pos = *by_id().get(usize::from(id.0))?;
    FIELDS.get(usize::from(pos))
}

/// The table position of each id ([`u16::MAX`] for a retired id).
fn by_id() -> &'static [u16] {
    static BY_ID: OnceLock<Vec<u16>> = OnceLock::new();
    BY_ID.get_or_init(|| {
        let bound = FIELDS
            .iter()
            .filter(|f| f.id.0 != u16::MAX)
            .map(|f| usize::from(f.id.0) + 1)
            .max()
            .unwrap_or(0);
        let mut pos = vec![u16::MAX; bound];
        for (i, f) in FIELDS.iter().enumerate() {
            if let Some(p) = pos.get_mut(usize::from(f.id.0)) {
                *p = i as u16;
            }
        }
        pos
    })
}

/// The field called exactly `name` (no argument forms), found by hash.
pub fn field_by_name(name: &str) -> Option<&'static FieldInfo> {
    named(name).first().copied()
}

/// Every field called exactly `name`, in table order, found by hash.
pub(crate) fn named(name: &str) -> &'static [&'static FieldInfo] {
    static BY_NAME: OnceLock<HashMap<&'static str, Vec<&'static FieldInfo>>> = OnceLock::new();
    let by_name = BY_NAME.get_or_init(|| {
        let mut map: HashMap<&'static str, Vec<&'static FieldInfo>> = HashMap::new();
        for f in FIELDS.iter() {
            map.entry(f.name).or_default().push(f);
        }
        map
    });
    by_name.get(name).map_or(&[], Vec::as_slice)
}

/// The length of the longest field name: no longer text is any field's name.
pub(crate) fn longest_name_len() -> usize {
    static LONGEST: std::sync::OnceLock<usize> = std::sync::OnceLock::new();
    *LONGEST.get_or_init(|| FIELDS.iter().map(|f| f.name.len()).max().unwrap_or(0))
}

/// The fields of one class, in table order.
pub fn fields_of_class(class: FieldClass) -> impl Iterator<Item = &'static FieldInfo> {
    FIELDS.iter().filter(move |f| f.class == class)
}
