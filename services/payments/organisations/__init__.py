"""Organisations on this deployment, as recruitment announces them (OrganisationChanged on the
compacted recruitment.organisation): kept here for the Stripe account payouts are made from
and the finance threshold, once payments reads them."""
