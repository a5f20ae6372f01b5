"""Inspector workbench for children's homes in England."""
