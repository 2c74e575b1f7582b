"""Writing import files safely: formula neutralising, paths kept in a folder, CSV parts below a
platform's limits, XLSX without formulas, and the import summary.

The per-platform writers that use these (driven by ``schemas/``) build on
:mod:`clientmig.export.writers`; see docs/DESIGN.md.
"""
