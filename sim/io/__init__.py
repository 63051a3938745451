"""Everything that writes or reads files: dataset labelling, provenance, atomic writes,
opening results, report files and plain tables."""
