//! Arbitrary bytes as `product/product.yaml`, loaded and checked.
fn main() {
    afl::fuzz!(|data: &[u8]| pm_fuzz::load("product.yaml", data));
}
