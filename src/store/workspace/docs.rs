//! [`Docs`]: the artifacts of one kind in a workspace, each shared between
//! copies of it.

use std::ops::Index;
use std::sync::Arc;

use rayon::prelude::*;

use super::Doc;

/// The artifacts of one kind, in the order the workspace keeps them. Each is
/// shared between copies of the workspace, so that a copy costs a pointer per
/// artifact and a change to one file replaces only its artifact: what a write
/// does to check the product as it would be after it.
#[derive(Debug)]
pub struct Docs<T>(Vec<Arc<Doc<T>>>);

impl<T> Clone for Docs<T> {
    fn clone(&self) -> Self {
        Docs(self.0.clone())
    }
}

impl<T> Default for Docs<T> {
    fn default() -> Self {
        Docs(Vec::new())
    }
}

impl<T> Docs<T> {
    pub fn iter(&self) -> impl DoubleEndedIterator<Item = &Doc<T>> + ExactSizeIterator + Clone {
        self.0.iter().map(|d| &**d)
    }

    pub fn par_iter(&self) -> impl IndexedParallelIterator<Item = &Doc<T>>
    where
        T: Send + Sync,
    {
        self.0.par_iter().map(|d| &**d)
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub(crate) fn retain(&mut self, mut keep: impl FnMut(&Doc<T>) -> bool) {
        self.0.retain(|d| keep(d));
    }

    pub(crate) fn sort_by(&mut self, mut compare: impl FnMut(&Doc<T>, &Doc<T>) -> std::cmp::Ordering) {
        self.0.sort_by(|a, b| compare(a, b));
    }

    pub(crate) fn sort_by_key<K: Ord>(&mut self, mut key: impl FnMut(&Doc<T>) -> K) {
        self.0.sort_by_key(|d| key(d));
    }

    /// Moves each artifact from position `sorted` on to its place among
    /// those before it, which are in order: after every artifact that
    /// `before` says comes first.
    pub(crate) fn place_from(&mut self, sorted: usize, mut before: impl FnMut(&Doc<T>, &Doc<T>) -> bool) {
        for doc in self.0.split_off(sorted) {
            let at = self.0.partition_point(|d| before(d, &doc));
            self.0.insert(at, doc);
        }
    }

    /// The artifact at `i`, to change: copied first when a copy of the
    /// workspace shares it.
    pub(crate) fn make_mut(&mut self, i: usize) -> &mut Doc<T>
    where
        T: Clone,
    {
        Arc::make_mut(&mut self.0[i])
    }
}

impl<T> Index<usize> for Docs<T> {
    type Output = Doc<T>;

    fn index(&self, i: usize) -> &Doc<T> {
        &self.0[i]
    }
}

impl<T> FromIterator<Doc<T>> for Docs<T> {
    fn from_iter<I: IntoIterator<Item = Doc<T>>>(docs: I) -> Self {
        Docs(docs.into_iter().map(Arc::new).collect())
    }
}

impl<T> Extend<Doc<T>> for Docs<T> {
    fn extend<I: IntoIterator<Item = Doc<T>>>(&mut self, docs: I) {
        self.0.extend(docs.into_iter().map(Arc::new));
    }
}

impl<'a, T> IntoIterator for &'a Docs<T> {
    type Item = &'a Doc<T>;
    type IntoIter = std::iter::Map<std::slice::Iter<'a, Arc<Doc<T>>>, fn(&'a Arc<Doc<T>>) -> &'a Doc<T>>;

    fn into_iter(self) -> Self::IntoIter {
        self.0.iter().map(|d| &**d)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(path: &str, value: u32) -> Doc<u32> {
        Doc { path: path.to_string(), text: String::new(), value }
    }

    #[test]
    fn a_copy_shares_every_artifact_until_one_changes() {
        let docs: Docs<u32> = [doc("a", 1), doc("b", 2)].into_iter().collect();
        let mut copy = docs.clone();
        assert!(Arc::ptr_eq(&docs.0[0], &copy.0[0]));
        copy.make_mut(1).value = 20;
        assert!(Arc::ptr_eq(&docs.0[0], &copy.0[0]));
        assert_eq!(docs.iter().map(|d| d.value).collect::<Vec<_>>(), [1, 2]);
        assert_eq!(copy.iter().map(|d| d.value).collect::<Vec<_>>(), [1, 20]);
    }

    #[test]
    fn each_new_artifact_goes_after_its_equals() {
        let mut docs: Docs<u32> = [doc("a", 1), doc("b", 3), doc("c", 3), doc("d", 5)].into_iter().collect();
        docs.extend([doc("e", 3), doc("f", 0), doc("g", 9)]);
        docs.place_from(4, |d, new| d.value <= new.value);
        let paths: Vec<&str> = docs.iter().map(|d| d.path.as_str()).collect();
        assert_eq!(paths, ["f", "a", "b", "c", "e", "d", "g"]);
    }
}
