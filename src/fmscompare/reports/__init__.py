"""Reports: what each command shows, built as a Table or Profile (report) by one module named like the
command; render/ turns them into text or charts."""
