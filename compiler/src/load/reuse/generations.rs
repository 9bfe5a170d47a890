//! A map that keeps what the current load used plus what the previous load used: an
//! entry not used by a load is dropped after it.

use std::borrow::Borrow;
use std::collections::HashMap;
use std::hash::Hash;

#[derive(Debug)]
pub struct Generations<K, V> {
    /// Each entry with the generation (load) that last used it.
    map: HashMap<K, (V, u64)>,
    now: u64,
}

impl<K, V> Default for Generations<K, V> {
    fn default() -> Self {
        Generations {
            map: HashMap::new(),
            now: 0,
        }
    }
}

impl<K: Hash + Eq, V> Generations<K, V> {
    /// The entry for `key`, marked as used by the current load.
    pub fn get<Q>(&mut self, key: &Q) -> Option<&V>
    where
        K: Borrow<Q>,
        Q: Hash + Eq + ?Sized,
    {
        let (value, used) = self.map.get_mut(key)?;
        *used = self.now;
        Some(value)
    }

    pub fn insert(&mut self, key: K, value: V) {
        self.map.insert(key, (value, self.now));
    }

    /// Starts a new generation: what the load just finished did not use is dropped.
    pub fn rotate(&mut self) {
        let now = self.now;
        self.map.retain(|_, (_, used)| *used == now);
        self.now += 1;
    }
}
