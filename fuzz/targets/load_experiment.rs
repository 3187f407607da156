//! Arbitrary bytes as `product/experiments/EXP-1.yaml`, loaded and checked.
fn main() {
    afl::fuzz!(|data: &[u8]| pm_fuzz::load("experiments/EXP-1.yaml", data));
}
