# The two commands: `make demo` and `make test`. Each does all set-up first.
.PHONY: demo test bootstrap bench clean-data

bootstrap:
	@bash scripts/bootstrap.sh

demo: bootstrap
	@bash scripts/demo.sh

test: bootstrap
	@bash scripts/test.sh

clean-data:
	rm -rf .data
