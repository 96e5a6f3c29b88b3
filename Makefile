# Shortcuts for those who have make; the scripts work without it.
.PHONY: run test bootstrap

run:
	bash scripts/run.sh

test:
	bash scripts/test.sh

bootstrap:
	bash scripts/bootstrap.sh
