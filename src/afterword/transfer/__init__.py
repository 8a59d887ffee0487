"""Moving an account in and out of afterword: the JSON export document and its importer."""
