"""SIPRI: reading Arms Transfers Database exports (export), naming their suppliers (names), computing
five-year shares, ranks and changes (shares) and merging them into a dataset on disk (merge)."""
