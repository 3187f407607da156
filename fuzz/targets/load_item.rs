//! Arbitrary bytes as `product/backlog/BL-7.yaml`, loaded and checked.
fn main() {
    afl::fuzz!(|data: &[u8]| pm_fuzz::load("backlog/BL-7.yaml", data));
}
