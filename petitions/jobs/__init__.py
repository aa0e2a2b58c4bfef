"""Background jobs: one interface (`services.enqueue`) on RQ over Redis when REDIS_URL is set, in a thread otherwise."""
