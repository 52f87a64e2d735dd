"""The agreements app's pages, one module per URL namespace (agreements/urls.py): `public` for `agreements` (the
agreement, its versions and their differences; and `pdf`, the downloads of its PDFs and their
verification, whose content and keeping are agreements/pdf/),
`agreement_admin` for the coordinator's `agreement-admin`, `applications` for the coordinator's review of applications
to join (`applications`), `resolutions` for a gmina's council resolutions."""
