//! Owned and borrowed parameter lists: concatenated values plus `n + 1` offsets, so that
//! parameter `i` is `data[offs[i]..offs[i + 1]]`.

/// A borrowed parameter list.
#[derive(Clone, Copy, Debug)]
pub(crate) struct ParamsView<'a> {
    pub(crate) data: &'a [u8],
    pub(crate) offs: &'a [u32],
}

impl<'a> ParamsView<'a> {
    /// Number of parameters.
    pub(crate) fn len(&self) -> usize {
        self.offs.len().saturating_sub(1)
    }

    /// Parameter `i`, if present.
    pub(crate) fn get(&self, i: usize) -> Option<&'a [u8]> {
        let start = *self.offs.get(i)? as usize;
        let end = *self.offs.get(i + 1)? as usize;
        self.data.get(start..end)
    }
}

/// An owned parameter list whose buffers are reused.
#[derive(Clone, Debug, Default)]
pub(crate) struct Params {
    pub(crate) data: Vec<u8>,
    pub(crate) offs: Vec<u32>,
}

impl Params {
    /// Empties the list, keeping the allocations.
    pub(crate) fn clear(&mut self) {
        self.data.clear();
        self.offs.clear();
        self.offs.push(0);
    }

    /// Appends one parameter.
    pub(crate) fn push(&mut self, value: &[u8]) {
        self.data.extend_from_slice(value);
        self.offs.push(self.data.len() as u32);
    }

    /// Replaces the content with a copy of `v`.
    pub(crate) fn copy_from(&mut self, v: ParamsView<'_>) {
        self.data.clear();
        self.data.extend_from_slice(
            v.data
                .get(..v.offs.last().map_or(0, |o| *o as usize))
                .unwrap_or(v.data),
        );
        self.offs.clear();
        self.offs.extend_from_slice(v.offs);
    }

    /// The list as a view.
    pub(crate) fn view(&self) -> ParamsView<'_> {
        ParamsView {
            data: &self.data,
            offs: &self.offs,
        }
    }
}
