"""Reception: reception sessions, visits (lượt tiếp) and what came of them; citizens are petitions.citizens."""
