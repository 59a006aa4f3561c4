"""Channel-neutral business logic: intake, cases, citizens."""
