"""Caseload setup in the GUI: clients, treatment plans, authorizations, staff, payers."""
