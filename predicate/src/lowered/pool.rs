//! The constant pool of a lowered program: everything a check needs beyond its inline
//! constants, built once at lowering and shared by every condition. Ids are dense indices;
//! equal byte constants, regexes, literal sets, prefix sets and transformers are stored
//! once, so equal checks have equal ids (what lets a back end recognise a sub-condition
//! shared by several rules).

use super::Transform;
use crate::ops::pmatch::PathPrefixSet;
use crate::ops::set::ValueSet;
use regex::Regex;
use std::collections::HashMap;

macro_rules! pool_id {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub struct $name(pub u32);

        impl $name {
            pub fn index(self) -> usize {
                self.0 as usize
            }
        }
    };
}

pool_id!(
    /// A byte constant (string or buffer literal).
    ConstId
);
pool_id!(
    /// A literal set for `in`/`intersects`.
    SetId
);
pool_id!(
    /// A compiled regex (full match).
    RegexId
);
pool_id!(
    /// A path-prefix trie for `pmatch`.
    PrefixSetId
);
pool_id!(
    /// A transformer tree.
    TransformId
);

/// The pooled constants.
#[derive(Debug, Default)]
pub struct Pool {
    bytes: Vec<Box<[u8]>>,
    bytes_index: HashMap<Box<[u8]>, ConstId>,
    sets: Vec<ValueSet>,
    set_index: HashMap<String, SetId>,
    regexes: Vec<Regex>,
    regex_index: HashMap<String, RegexId>,
    prefix_sets: Vec<PathPrefixSet>,
    prefix_index: HashMap<String, PrefixSetId>,
    transforms: Vec<Transform>,
    transform_index: HashMap<String, TransformId>,
}

fn next<T>(v: &[T]) -> u32 {
    v.len() as u32
}

impl Pool {
    pub fn add_bytes(&mut self, b: &[u8]) -> ConstId {
        if let Some(id) = self.bytes_index.get(b) {
            return *id;
        }
        let id = ConstId(next(&self.bytes));
        self.bytes.push(b.into());
        self.bytes_index.insert(b.into(), id);
        id
    }

    pub fn add_set(&mut self, set: ValueSet) -> SetId {
        let id = SetId(next(&self.sets));
        self.sets.push(set);
        id
    }

    /// The set built by `build`, stored once per `key` (a canonical rendering of its
    /// literals).
    pub fn add_set_keyed(&mut self, key: String, build: impl FnOnce() -> ValueSet) -> SetId {
        if let Some(id) = self.set_index.get(&key) {
            return *id;
        }
        let id = self.add_set(build());
        self.set_index.insert(key, id);
        id
    }

    /// The prefix set built by `build`, stored once per `key`.
    pub fn add_prefix_set_keyed(
        &mut self,
        key: String,
        build: impl FnOnce() -> PathPrefixSet,
    ) -> PrefixSetId {
        if let Some(id) = self.prefix_index.get(&key) {
            return *id;
        }
        let id = self.add_prefix_set(build());
        self.prefix_index.insert(key, id);
        id
    }

    /// Compiles `pattern` for a full match once per distinct pattern; `None` when it does
    /// not compile.
    pub fn add_regex(&mut self, pattern: &str) -> Option<RegexId> {
        if let Some(id) = self.regex_index.get(pattern) {
            return Some(*id);
        }
        let re = crate::ops::regex::compile_full(pattern)?;
        let id = RegexId(next(&self.regexes));
        self.regexes.push(re);
        self.regex_index.insert(pattern.to_string(), id);
        Some(id)
    }

    pub fn add_prefix_set(&mut self, set: PathPrefixSet) -> PrefixSetId {
        let id = PrefixSetId(next(&self.prefix_sets));
        self.prefix_sets.push(set);
        id
    }

    /// Pools `t` once per distinct transformer tree.
    pub fn add_transform(&mut self, t: Transform) -> TransformId {
        let key = format!("{t:?}");
        if let Some(id) = self.transform_index.get(&key) {
            return *id;
        }
        let id = TransformId(next(&self.transforms));
        self.transforms.push(t);
        self.transform_index.insert(key, id);
        id
    }

    /// The byte constant `id` (empty for an unknown id).
    pub fn bytes(&self, id: ConstId) -> &[u8] {
        self.bytes.get(id.index()).map_or(&[], |b| b)
    }

    pub fn set(&self, id: SetId) -> Option<&ValueSet> {
        self.sets.get(id.index())
    }

    pub fn regex(&self, id: RegexId) -> Option<&Regex> {
        self.regexes.get(id.index())
    }

    pub fn prefix_set(&self, id: PrefixSetId) -> Option<&PathPrefixSet> {
        self.prefix_sets.get(id.index())
    }

    pub fn transform(&self, id: TransformId) -> Option<&Transform> {
        self.transforms.get(id.index())
    }

    /// How many regexes were compiled (each distinct pattern once).
    pub fn regex_count(&self) -> usize {
        self.regexes.len()
    }
}
