# DualTape: the two commands a newcomer needs (see README.md).
#   make demo   install what is missing, build in release, run the main job
#   make test   install what is missing, run every test (and make lint)
# Also: make docs, lint, format, manual, install, uninstall (see CONTRIBUTING.md).
SHELL := /bin/bash
SWIFT ?= swift
# Exit tests (a crash on purpose in a child process) should not print a backtrace.
export SWIFT_BACKTRACE := enable=no

.PHONY: demo test deps build bench clean docs lint format manual install uninstall

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
	$(MAKE) --no-print-directory lint

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

# The DocC archives of DualTape, DualTapeOracle and DualTapeTesting, as static HTML in
# .build/docs/<Module>; docc warnings (a broken symbol link, a parameter documented wrongly)
# and a symbol left out of its landing page's Topics are errors. Prints where to open them.
docs: deps
	@bash scripts/docs.sh

# swift-format's rules (.swift-format; layout is not machine-checked, see CONTRIBUTING.md),
# whitespace, and the documentation coverage of the three libraries (every count must be
# 0). Needs a debug build (the symbol graphs); DOC_COVERAGE_TOP=20 also lists the 20 files
# with the most findings.
lint: deps
	@bash scripts/lint.sh

# Applies swift-format's rules in place (not its layout: the code's hand alignment stays).
format:
	$(SWIFT) format format --in-place --debug-disable-pretty-print --configuration .swift-format \
		--recursive --parallel Sources Tests Examples Validation/Tests

# adcheck.1, the manual page, regenerated from adcheck's help text (a test checks it is current).
manual: deps
	$(SWIFT) build --product adcheck
	$$($(SWIFT) build --show-bin-path)/adcheck --generate-manual > adcheck.1
	@echo "adcheck.1 regenerated; read it with: man ./adcheck.1"

# adcheck (release) and its manual page under $(DESTDIR)$(PREFIX): bin/adcheck and
# share/man/man1/adcheck.1. adcheck links GSL, OpenBLAS and the Swift runtime dynamically:
# it needs the first two at run time (scripts/install-system-deps.sh), and finds the third in
# the toolchain that built it (its RUNPATH).
PREFIX ?= /usr/local
BINDIR ?= $(PREFIX)/bin
MANDIR ?= $(PREFIX)/share/man
install: deps
	$(SWIFT) build -c release --product adcheck
	install -d "$(DESTDIR)$(BINDIR)" "$(DESTDIR)$(MANDIR)/man1"
	install -m 755 "$$($(SWIFT) build -c release --show-bin-path)/adcheck" "$(DESTDIR)$(BINDIR)/adcheck"
	install -m 644 adcheck.1 "$(DESTDIR)$(MANDIR)/man1/adcheck.1"
	@echo "Installed $(DESTDIR)$(BINDIR)/adcheck and $(DESTDIR)$(MANDIR)/man1/adcheck.1"

uninstall:
	rm -f "$(DESTDIR)$(BINDIR)/adcheck" "$(DESTDIR)$(MANDIR)/man1/adcheck.1"
