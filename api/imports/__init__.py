"""``stakegraph import``: CSV, JSON and NDJSON files streamed through the import's own checks
and writes (``schema.imports.checks``, ``graph.importer``) in batches.

``sources`` reads the files (and applies a ``--map`` mapping) into plain records of
``importDataset``'s shape, ``records`` turns those into the mutation's typed inputs (external-id
references resolved), ``run`` checks and writes them batch by batch and counts what happened.
"""
