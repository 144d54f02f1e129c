"""Kafka consumers: the analysis group, the single DuckDB writer, and dead-letter handling."""
