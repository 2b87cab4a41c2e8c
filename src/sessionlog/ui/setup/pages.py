"""The keys of the Setup window's pages: importable without the editors (the menu is
built at start-up; the editors load when one is opened)."""

CLIENTS, PLANS, AUTHORIZATIONS, STAFF, PAYERS, AGENCY, TEMPLATES = (
    "clients",
    "plans",
    "authorizations",
    "staff",
    "payers",
    "agency",
    "templates",
)
