"""Chasing late bodies (đôn đốc): the daily list of proposed steps, their approval, papers and e-mails."""
