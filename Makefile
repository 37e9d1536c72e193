.PHONY: test lint bench docs

test:
	bash scripts/test.sh

lint:
	ruff check src tests benchmarks
	mypy
	lint-imports

bench:
	python benchmarks/run.py

docs:
	attain docs
