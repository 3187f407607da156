//! Arbitrary bytes as `product/iterations.yaml`, loaded and checked.
fn main() {
    afl::fuzz!(|data: &[u8]| pm_fuzz::load("iterations.yaml", data));
}
