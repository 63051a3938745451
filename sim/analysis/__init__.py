"""Analysis of written results: datasets in, tables and datasets out (no model logic).

The four-path decomposition, the park scorecard (``scorecard``, composed of
``park_indicators``, ``thresholds``, ``evaluation_layers``, ``pass_years`` and its tables
``scorecard_tables``), comparisons of runs, the printed summary and the IAMC export.
"""
