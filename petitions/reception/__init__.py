"""Reception: citizens, visits (lượt tiếp), reception sessions."""
