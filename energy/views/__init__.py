"""The energy pages, one module per URL namespace: `public` (energy:), `energy_admin` (energy-admin:, the
coordinator's import of readings)."""
