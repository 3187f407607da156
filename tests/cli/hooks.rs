//! Git hooks and the pre-commit framework.
