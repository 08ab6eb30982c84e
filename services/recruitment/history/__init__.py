"""A contributor's history for staff: what the other services tell recruitment about a person
(bookings, attendance, payments, messages without their words), beside recruitment's own
facts (sign-ups, consent, needs), and the person's note on how they like to be contacted."""
