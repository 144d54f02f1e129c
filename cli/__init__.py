"""The `timeline` command line: a thin shell over the core library and the Kafka adapters."""
