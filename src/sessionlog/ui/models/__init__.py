"""Qt item models: formatting in ``data()``, raw values under a sort role, no SQL."""
