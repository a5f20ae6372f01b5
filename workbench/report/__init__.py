"""Reports: run a parameterised notebook through papermill, export it to HTML with our template."""
