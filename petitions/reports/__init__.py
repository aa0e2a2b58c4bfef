"""Official reports: forms as data, the queries that feed the statistics engine, PDF/Excel/JSON outputs."""
