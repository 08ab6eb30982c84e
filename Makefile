# The two commands the README promises, and a few for everyday work.
.PHONY: install lock run stop test test-unit lint format bench translations compose-test

install:
	deploy/local/install.sh

## make lock: pin every Python dependency with hashes again, after pyproject.toml changed (README)
lock:
	deploy/local/lock.sh

## make run: install what is missing, start Kafka, the stand-ins and all four services, load demo data
run: install
	deploy/local/run.sh start

## make stop: stop everything make run or make test started
stop:
	deploy/local/run.sh stop

# pytest's exit status 5 ("no tests collected", e.g. a -m that matches nothing here) is not a
# failure: a level with no tests yet must never end CI.
PYTEST = .venv/bin/python -m pytest

## make test: install what is missing, start what the tests need, run the whole suite
test: install
	deploy/local/up.sh
	$(PYTEST) || [ $$? -eq 5 ]

## make test-unit: the unit and contract tests only (not marked integration): nothing started, seconds
test-unit:
	$(PYTEST) -m "not integration" || [ $$? -eq 5 ]

## make compose-test: run docker-compose.yml, then with docker-compose.scale.yml, for real with podman (slow;
## .ci/run runs it after make test; see README)
compose-test: install
	deploy/compose/run.sh

lint:
	.venv/bin/ruff check .
	.venv/bin/ruff format --check .
	.venv/bin/lint-imports --config .importlinter

format:
	.venv/bin/ruff format .
	.venv/bin/ruff check --fix .

bench: install
	deploy/local/up.sh
	.venv/bin/python bench/bus.py
	.venv/bin/python bench/fanout.py
	.venv/bin/python bench/booking.py
	.venv/bin/python bench/sms_latency.py

## make translations: extract new page text into the Welsh catalogs and compile them
translations:
	deploy/local/translations.sh update
