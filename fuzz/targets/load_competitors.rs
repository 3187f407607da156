//! Arbitrary bytes as `product/competitors.yaml`, loaded and checked.
fn main() {
    afl::fuzz!(|data: &[u8]| pm_fuzz::load("competitors.yaml", data));
}
