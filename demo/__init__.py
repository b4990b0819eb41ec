"""The demo portfolio as data (``portfolio.json``, loaded by :mod:`api.demo_loader`) and the seeded
synthetic generator (:mod:`demo.generator`). See ``demo/README.md``."""
