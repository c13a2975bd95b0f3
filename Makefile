# asynclint: make build | test | bench | demo | lint | tidy | fuzz | wheel
GO      ?= go
BIN     := bin/asynclint
PKGS    := ./...

.PHONY: build test vet bench demo lint wheel clean

build:
	$(GO) build -o $(BIN) ./cmd/asynclint

vet:
	$(GO) vet $(PKGS)
	cd runtime && $(GO) vet ./...

test: vet
	$(GO) test -race -timeout 20m $(PKGS)
	cd runtime && $(GO) test -race ./...

bench: build
	bash scripts/bench.sh

demo: build
	bash scripts/demo.sh

# tidy fails when go.mod or go.sum of the root or the runtime module is not
# what `go mod tidy` would write (it prints the diff).
tidy:
	$(GO) mod tidy -diff
	cd runtime && $(GO) mod tidy -diff

# fuzz runs each fuzz target for FUZZTIME; a crasher is written under the
# package's testdata/fuzz/ and from then on runs with go test.
FUZZTIME ?= 1m
fuzz:
	$(GO) test -run '^$$' -fuzz '^FuzzParse$$' -fuzztime $(FUZZTIME) ./pyparse
	$(GO) test -run '^$$' -fuzz '^FuzzRewritePython$$' -fuzztime $(FUZZTIME) ./rewriter
	$(GO) test -run '^$$' -fuzz '^FuzzGoFix$$' -fuzztime $(FUZZTIME) ./rewriter/gofix

lint: vet build tidy
	@test -z "$$(gofmt -l $$(git ls-files '*.go' | grep -v /testdata/))" || { gofmt -l $$(git ls-files '*.go' | grep -v /testdata/); exit 1; }
	$(GO) run honnef.co/go/tools/cmd/staticcheck@latest $(PKGS)
	ASYNCLINT=$(CURDIR)/$(BIN) bash scripts/sarif-validate.sh

# The platform wheel (pip install dist/asynclint-*.whl): the binary as the
# `asynclint` command and `python -m asynclint`, written by Python's standard
# library (no build backend, no download; internal/dist/wheel).
wheel: build
	python3 internal/dist/wheel/asynclint_build.py --binary $(BIN) --out dist

clean:
	rm -rf bin dist
