//! A map that keeps what the current load used plus what the previous load used: an
//! entry not used by a load is dropped after it.

use std::borrow::Borrow;
use std::collections::HashMap;
use std::hash::Hash;

#[derive(Debug)]
pub struct Generations<K, V> {
    current: HashMap<K, V>,
    previous: HashMap<K, V>,
}

impl<K, V> Default for Generations<K, V> {
    fn default() -> Self {
        Generations {
            current: HashMap::new(),
            previous: HashMap::new(),
        }
    }
}

impl<K: Hash + Eq, V> Generations<K, V> {
    /// The entry for `key`, moved into the current generation when it was the previous
    /// load's.
    pub fn get<Q>(&mut self, key: &Q) -> Option<&V>
    where
        K: Borrow<Q>,
        Q: Hash + Eq + ?Sized,
    {
        if !self.current.contains_key(key) {
            let (k, v) = self.previous.remove_entry(key)?;
            self.current.insert(k, v);
        }
        self.current.get(key)
    }

    pub fn insert(&mut self, key: K, value: V) {
        self.current.insert(key, value);
    }

    /// Starts a new generation: what the load before the last did not use is dropped.
    pub fn rotate(&mut self) {
        self.previous = std::mem::take(&mut self.current);
    }
}
