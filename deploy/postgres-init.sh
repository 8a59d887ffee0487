#!/bin/sh
# Run once by the postgres image when its data directory is new (docker-entrypoint-initdb.d).
# The owner role (POSTGRES_USER) runs the migrations; the app role serves and works. The app
# role is neither superuser nor BYPASSRLS, so row-level security applies to it, and it gets
# rights on every table the owner creates later (the migrations run after this).
set -eu
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" <<SQL
CREATE ROLE afterword_app LOGIN PASSWORD '${AFTERWORD_APP_PASSWORD}';
GRANT USAGE ON SCHEMA public TO afterword_app;
ALTER DEFAULT PRIVILEGES FOR ROLE "$POSTGRES_USER" IN SCHEMA public
    GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO afterword_app;
ALTER DEFAULT PRIVILEGES FOR ROLE "$POSTGRES_USER" IN SCHEMA public
    GRANT USAGE ON SEQUENCES TO afterword_app;
SQL
