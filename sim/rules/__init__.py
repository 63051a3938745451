"""The regulation as pure numpy: every function cites its article.

Emissions (specific embedded emissions, default values, mark-ups, the electricity CBAM
counts), the obligation (free-allocation adjustment, carbon price deduction, certificates,
de minimis, cost), the certificate price (IR 2025/2548) and the compliance cycle
(holding, surrender, repurchase). Imports only numpy and :mod:`sim.axes`.
"""
