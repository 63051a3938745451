"""The config: typed dataclass schemas (:mod:`.schema`) and their registration with
Hydra's ConfigStore together with the named scenarios (:mod:`.store`)."""
