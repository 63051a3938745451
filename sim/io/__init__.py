"""Everything that writes or reads files: dataset labelling, provenance, atomic writes,
opening results, report files, sweep status and manifests, and plain tables."""
