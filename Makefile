# Two commands: `make run` starts the product on embedded defaults; `make test` runs the tests.
# Both install what they need on a machine with only python3, pip, node/npm and make.

UV = $(shell command -v uv 2>/dev/null || echo python3 -m uv)
PY = .venv/bin/python
MANAGE = $(PY) manage.py

.PHONY: run test setup python node static-vendor messages lint format ci

run: setup
	$(MANAGE) collectstatic --noinput --verbosity 0
	$(MANAGE) migrate --noinput
	$(MANAGE) demo_data
	./scripts/run.sh

test: setup
	$(UV) run --frozen pytest $(PYTEST_ARGS)

setup: python node static-vendor messages

python:
	@command -v uv >/dev/null 2>&1 || python3 -m uv --version >/dev/null 2>&1 || python3 -m pip install --quiet uv
	$(UV) sync --frozen --quiet

node: node_modules/.package-lock.json

node_modules/.package-lock.json: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error

static-vendor: node
	$(PY) scripts/vendor_static.py
	npm run --silent build

# Compiled with Babel (pure Python) so a machine without GNU gettext can build the catalogs.
messages: python
	$(UV) run --frozen pybabel compile --domain django --directory cadencia/locale --statistics 2>&1 | tail -n 3

lint: python
	$(UV) run --frozen ruff check .
	$(UV) run --frozen ruff format --check .
	$(UV) run --frozen mypy .

format: python
	$(UV) run --frozen ruff check --fix .
	$(UV) run --frozen ruff format .

ci:
	bash .ci/run
