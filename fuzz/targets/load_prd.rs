//! Arbitrary bytes as `product/prds/PRD-1.yaml`, loaded and checked.
fn main() {
    afl::fuzz!(|data: &[u8]| pm_fuzz::load("prds/PRD-1.yaml", data));
}
