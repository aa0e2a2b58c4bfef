"""Referrals: the items an office sent to another body (forwarded, handed over), that body's workspace, its
answers and the paper replies of bodies outside the system, the waiting clock on each referral."""
