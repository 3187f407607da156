//! Arbitrary bytes as `product/feedback/FB-3.yaml`, loaded and checked.
fn main() {
    afl::fuzz!(|data: &[u8]| pm_fuzz::load("feedback/FB-3.yaml", data));
}
