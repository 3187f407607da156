//! pm check: fixtures per rule, formats and modes.
