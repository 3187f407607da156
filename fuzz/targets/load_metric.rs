//! Arbitrary bytes as `product/metrics/checkout_conversion.yaml`, loaded and checked.
fn main() {
    afl::fuzz!(|data: &[u8]| pm_fuzz::load("metrics/checkout_conversion.yaml", data));
}
