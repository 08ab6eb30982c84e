"""Organisations on this deployment, as recruitment announces them (OrganisationChanged on the
compacted recruitment.organisation): kept here for the sender texts and emails go out from
(`sms_sender`, `email_from_*`) and the words that name the organisation, once messages read
them."""
