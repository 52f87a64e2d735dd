"""The energy pages: `public` (energy:, the public page), `report` and `exports` (the yearly report's PDF and the
balances' files, for the public under energy: and, per party, for the coordinator under energy-admin:),
`energy_admin` (energy-admin:, the coordinator's records and import of readings), `corrections` (energy-admin:,
readings typed in by hand and deletions), `member` (gmina-energy:, a gmina's energy in its panel)."""
