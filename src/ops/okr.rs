//! OKRs: objectives, key results, check-ins, scores and reports.
