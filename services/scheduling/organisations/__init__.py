"""Organisations on this deployment, as recruitment announces them (OrganisationChanged on the
compacted recruitment.organisation): kept here for the page header and, later, the rest."""
