"""Everything about Kafka infrastructure: running a local broker, topics, and configured clients."""
