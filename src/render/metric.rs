//! Views of product metrics (kpis).
