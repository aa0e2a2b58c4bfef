"""Reception paperwork: receipt, refusal notice, record of statement, appointment slip, conclusion notice, reception book."""
