# Thin targets over the project's own scripts. Every target installs what it needs first.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp

.PHONY: install neo4j run test lint fmt schema bench bench-core bench-import bench-peer clients graphiql explorer neo4j-stop clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

neo4j: install
	$(BIN)/python -m scripts.neo4jctl fetch

run: install
	$(BIN)/python -m scripts.run

test: install
	$(BIN)/python -m pytest $(PYTEST_ARGS)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy .
	$(BIN)/lint-imports

fmt: install
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

schema: install
	$(BIN)/python -m scripts.export_schema

# Every figure of docs/benchmarks.md, one section after another (about 35 minutes on an idle
# machine): the engine against its own baselines, the import against raw UNWIND, and Stakegraph
# against @neo4j/graphql on the same Neo4j. Each section has its own target and arguments.
bench: bench-core bench-import bench-peer

# bench/run.py: GraphQL against the same Cypher alone, deep pages, a portfolio grown tenfold.
bench-core: install
	$(BIN)/python -m bench.run $(CORE_ARGS)

# `stakegraph import` against raw batched UNWIND (bench/import_bench.py), 100k people rows;
# IMPORT_ARGS="--people 1000000 --batches 2000" for the 1M-row peak RSS.
bench-import: install
	$(BIN)/python -m bench.import_bench $(IMPORT_ARGS)

# Stakegraph against @neo4j/graphql on the same Neo4j (bench/peer.py; Node 20 and npm needed,
# the peer's packages install from bench/peer/package-lock.json). PEER_ARGS="--duration 10";
# PEER_ARGS="--only write --instance mine" times one row and writes no docs.
bench-peer: install
	$(BIN)/python -m bench.peer $(PEER_ARGS)

# The npm tools of clients/ (the test suite installs them itself when they are missing).
clients: install
	$(BIN)/python -m scripts.clients

# Copy GraphiQL's assets from the pinned npm packages to api/static/graphiql/ (committed).
graphiql: install
	$(BIN)/python -c "from scripts.clients import vendor_graphiql; vendor_graphiql()"

# Rebuild the explorer's one script (api/static/explorer/explorer.js, committed) from explorer/src/
# with esbuild and d3-hierarchy, pinned in explorer/package-lock.json (Node 20 and npm needed).
explorer: install
	$(BIN)/python -m scripts.explorer

neo4j-stop: install
	$(BIN)/python -m scripts.neo4jctl stop --instance dev

clean:
	rm -rf $(VENV) .cache clients/node_modules bench/peer/node_modules explorer/node_modules
