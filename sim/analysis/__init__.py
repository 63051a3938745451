"""Analysis of written results: datasets in, tables and datasets out (no model logic).

The four-path decomposition, the park scorecard, comparisons of runs, the printed summary
and the IAMC export.
"""
