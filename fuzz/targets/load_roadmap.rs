//! Arbitrary bytes as `product/roadmap.yaml`, loaded and checked.
fn main() {
    afl::fuzz!(|data: &[u8]| pm_fuzz::load("roadmap.yaml", data));
}
