# DualTape: the two commands a newcomer needs (see README.md).
#   make demo   install what is missing, build in release, run the main job
#   make test   install what is missing, run every test
SHELL := /bin/bash
SWIFT ?= swift
# Exit tests (a crash on purpose in a child process) should not print a backtrace.
export SWIFT_BACKTRACE := enable=no

.PHONY: demo test deps build bench clean

deps:
	@bash scripts/install-system-deps.sh

demo: deps
	$(SWIFT) build -c release --product AutogradTutorial
	$(SWIFT) run -c release --skip-build AutogradTutorial

test: deps
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build
	@# Benchmark smoke run: fails on errors or wrong gradients, never on speed.
	.build/debug/adbench --quick

bench: deps
	$(SWIFT) run -c release adbench

clean:
	rm -rf .build

# The GSL oracle over the whole catalog: SWEEP points per operator and dtype (no right rule
# may fail), second derivatives at SWEEP/4 points, and every operator with a planted 1e-4
# error (which must be caught). Release build; about a minute after the build.
SWEEP ?= 1000
.PHONY: sweep
sweep: deps
	DUALTAPE_SWEEP=$(SWEEP) $(SWIFT) test -c release -Xswiftc -enable-testing --filter DualTapeOracleTests.CatalogSweepTests
