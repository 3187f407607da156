//! Arbitrary bytes as `product/pm.yaml`, checked and used to load a product.
fn main() {
    afl::fuzz!(|data: &[u8]| pm_fuzz::load_config(data));
}
