"""The DuckDB store: schema, the single writer, publishing Parquet parts behind a catalog."""
