"""Cases (vụ việc): acceptance, resolution, restriction lists."""
