"""Thin command-line entry points: parse arguments, call the pipeline, io or analysis,
print; one error guard turns expected errors into one line and exit code 2."""
