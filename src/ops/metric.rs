//! Product metrics (KPIs): definitions, observations and targets.
