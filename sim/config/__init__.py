"""The config: typed dataclass schemas (:mod:`.schema`, with the sections' schemas in
:mod:`.policy_prices` and :mod:`.exporters`) and their registration with Hydra's
ConfigStore together with the named scenarios (:mod:`.store`)."""
