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

# The main job: adcheck compares forward mode, reverse mode and the GSL oracle, on the seed
# tutorial's functions, on a few expressions, and on every operator of the catalog.
ADCHECK := .build/release/adcheck
demo: deps
	$(SWIFT) build -c release --product AutogradTutorial
	$(SWIFT) run -c release --skip-build AutogradTutorial
	$(SWIFT) build -c release --product adcheck
	$(ADCHECK) example seed
	$(ADCHECK) 'sum(2*x*x)' --var 'x=[[1,2],[3,4]]'
	$(ADCHECK) 'norm(tanh(W @ x + b))' --var W=shape:4x3 --var x=shape:3 --var b=shape:4 --seed 7
	$(ADCHECK) 'x[0] * sin(x[1])' --var 'x=[0.5, -1.25]' --order 2
	$(ADCHECK) ops

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

# The long property campaign: every property of DualTapeTestingTests with its default case
# count multiplied by PROPERTY_SCALE (8 gives about 114,000 cases; `make test` checks about
# 14,000), from PROPERTY_SEED (a new one each run unless given), in a release build. Writes
# the summary to PROPERTY_SUMMARY; a failure there shows its shrunk case and replay line.
PROPERTY_SCALE ?= 8
ifndef PROPERTY_SEED
PROPERTY_SEED := $(shell date +%s)
endif
PROPERTY_SUMMARY ?= .build/property-campaign.txt
PROPERTY_SUITES := CatalogPropertyTests|ExpressionPropertyTests|OraclePropertyTests|BroadcastingPropertyTests|GradReqPropertyTests|StructuralExactnessTests|ControlFlowPropertyTests|CompiledPropertyTests
.PHONY: properties
properties: deps
	@mkdir -p $(dir $(PROPERTY_SUMMARY)) && rm -f $(PROPERTY_SUMMARY).runs
	@start=$$(date +%s); \
	DUALTAPE_PROPERTY_SCALE=$(PROPERTY_SCALE) DUALTAPE_PROPERTY_SEED=$(PROPERTY_SEED) \
	DUALTAPE_PROPERTY_SUMMARY=$(abspath $(PROPERTY_SUMMARY)).runs \
	$(SWIFT) test -c release -Xswiftc -enable-testing --filter 'DualTapeTestingTests\.($(PROPERTY_SUITES))'; \
	status=$$?; \
	bash scripts/property-summary.sh $(PROPERTY_SUMMARY).runs $(PROPERTY_SEED) $(PROPERTY_SCALE) $$(( $$(date +%s) - start )) > $(PROPERTY_SUMMARY); \
	cat $(PROPERTY_SUMMARY); \
	exit $$status
