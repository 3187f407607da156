//! Arbitrary bytes as `product/customers.yaml`, loaded and checked.
fn main() {
    afl::fuzz!(|data: &[u8]| pm_fuzz::load("customers.yaml", data));
}
