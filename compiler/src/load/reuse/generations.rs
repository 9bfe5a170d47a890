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

#[cfg(test)]
mod tests {
    use super::Generations;

    #[test]
    fn an_entry_lives_while_each_load_uses_it() {
        let mut g: Generations<&str, u32> = Generations::default();
        g.insert("a", 1);
        g.insert("b", 2);
        g.rotate();
        // The second load uses `a` only: `b` is gone after it.
        assert_eq!(g.get("a"), Some(&1));
        g.rotate();
        assert_eq!(g.get("b"), None);
        assert_eq!(g.get("a"), Some(&1));
        g.rotate();
        // A load that uses nothing drops everything.
        g.rotate();
        assert_eq!(g.get("a"), None);
    }
}
