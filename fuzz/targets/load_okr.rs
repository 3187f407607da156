//! Arbitrary bytes as `product/okrs/2026-Q4.yaml`, loaded and checked.
fn main() {
    afl::fuzz!(|data: &[u8]| pm_fuzz::load("okrs/2026-Q4.yaml", data));
}
