"""Arrangements on the session page, and the venue pages (/book/manage/venues)."""
