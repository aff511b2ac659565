"""The dataset: what the files say, checked and typed, and the country profiles at any month since the paper.

model (the Dataset), schema (its records), files (where a dataset lives), loading (read and check a folder:
yamldoc gives YAML with line marks, validation the field checks), cache (a loaded dataset kept between runs),
lookup (a country by name, alias or code), paper and history (the paper's date, claims and what changed since).
"""
