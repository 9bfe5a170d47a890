//! Fingerprints of what a compilation reads: 128-bit hashes of texts (with their layout
//! in the file, never their position), of the lists, and of each resolved macro together
//! with every macro its expansion takes in.

use crate::collect::Collected;
use crate::expand::lists::CompiledList;
use crate::expand::macros::{Resolution, Target};
use crate::load::macros_phase::Macros;
use crate::rules_file::items::Text;
use crate::source::Sources;
use std::collections::hash_map::DefaultHasher;
use std::hash::{Hash, Hasher};

/// Two independent 64-bit hashes: a 128-bit fingerprint.
pub struct Fp(DefaultHasher, DefaultHasher);

impl Fp {
    pub fn new(tag: &str) -> Fp {
        let mut second = DefaultHasher::new();
        // A different starting state makes the second hash independent of the first.
        0x9e37_79b9_7f4a_7c15u64.hash(&mut second);
        let mut fp = Fp(DefaultHasher::new(), second);
        fp.add(tag);
        fp
    }

    pub fn add<T: Hash + ?Sized>(&mut self, value: &T) {
        value.hash(&mut self.0);
        value.hash(&mut self.1);
    }

    /// A scalar of a rules file: its value, its bytes in the file and how the one maps
    /// onto the other (relative to the scalar's start), so that two texts with one
    /// fingerprint map offsets alike wherever they are.
    pub fn text(&mut self, sources: &Sources, t: &Text) {
        let raw = sources
            .files()
            .get(t.file)
            .and_then(|f| f.text.get(t.range.clone()))
            .unwrap_or("");
        let rel = |i: usize| t.map.offset(i).wrapping_sub(t.range.start);
        self.add(&t.value);
        // Most scalars are written as their value: their bytes need no second hash.
        if raw == t.value {
            self.add(&0u8);
        } else {
            self.add(&1u8);
            self.add(raw);
        }
        self.add(&(rel(0), rel(t.value.len()), t.range.len()));
    }

    pub fn texts(&mut self, sources: &Sources, ts: &[Text]) {
        self.add(&ts.len());
        for t in ts {
            self.text(sources, t);
        }
    }

    pub fn finish(&self) -> u128 {
        (u128::from(self.0.finish()) << 64) | u128::from(self.1.finish())
    }
}

/// The fingerprints of one load: of its lists, and of each resolved macro (`None` for a
/// macro that failed).
pub struct Fingerprints {
    pub lists: u128,
    pub macros: Vec<Option<u128>>,
}

impl Fingerprints {
    /// The fingerprints of a load whose lists have fingerprint `lists`.
    pub fn new(sources: &Sources, col: &Collected, lists: u128, macros: &Macros) -> Self {
        let mut fps: Vec<Option<u128>> = Vec::with_capacity(col.macros.len());
        // A resolved macro only binds macros resolved before it (see `compile_macros`),
        // so fingerprints in definition order see every one they need.
        for (id, m) in col.macros.iter().enumerate() {
            let fp = macros.resolved[id].as_ref().and_then(|res| {
                let mut fp = Fp::new("macro");
                fp.add(&(id, &m.header.name, lists));
                fp.texts(sources, &m.condition.pieces);
                shape(&mut fp, sources, col, res, &fps).then(|| fp.finish())
            });
            fps.push(fp);
        }
        Fingerprints { lists, macros: fps }
    }
}

/// Everything list substitution reads: each list as written and as flattened.
pub fn lists_fingerprint(sources: &Sources, col: &Collected, lists: &[CompiledList]) -> u128 {
    let mut fp = Fp::new("lists");
    fp.add(&col.lists.len());
    for l in &col.lists {
        fp.add(&l.header.name);
        fp.texts(sources, &l.items);
    }
    for l in lists {
        fp.add(&(&l.name, l.item_texts().collect::<Vec<_>>()));
    }
    fp.finish()
}

/// Adds a resolution's shape (sizes and what each reference is bound to); false when it
/// binds a macro without a fingerprint.
fn shape(
    fp: &mut Fp,
    sources: &Sources,
    col: &Collected,
    res: &Resolution,
    fps: &[Option<u128>],
) -> bool {
    fp.add(&(res.nodes, res.depth, res.top, res.refs.len()));
    for bound in &res.refs {
        fp.add(&bound.name);
        match &bound.target {
            Target::Shared(id) => match fps.get(*id).copied().flatten() {
                Some(target) => fp.add(&(0u8, *id, target)),
                None => return false,
            },
            Target::Inline(id, inner) => {
                fp.add(&(1u8, *id));
                let Some(m) = col.macros.get(*id) else {
                    return false;
                };
                fp.texts(sources, &m.condition.pieces);
                if !shape(fp, sources, col, inner, fps) {
                    return false;
                }
            }
        }
    }
    true
}
