# The Stakegraph API. Neo4j comes from docker-compose.yml (or NEO4J_URI elsewhere).
FROM python:3.11-slim
WORKDIR /app
COPY pyproject.toml README.md ./
COPY api ./api
COPY demo ./demo
COPY graph ./graph
COPY schema ./schema
COPY scoring ./scoring
RUN pip install --no-cache-dir .
ENV HOST=0.0.0.0 PORT=8000
EXPOSE 8000
CMD ["sh", "-c", "uvicorn api.main:app --host ${HOST} --port ${PORT} --no-access-log"]
