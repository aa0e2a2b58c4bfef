"""Agency performance: how the bodies an office sends items to answer them (ranking, drill-downs, outputs)."""
