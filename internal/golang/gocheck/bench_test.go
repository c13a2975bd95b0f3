package gocheck

import (
	"os"
	"runtime"
	"testing"
	"time"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/checker"
)

// floorFact is the fact type of the floor analyzer.
type floorFact struct{ N int }

// AFact marks floorFact as an analysis.Fact.
func (*floorFact) AFact() {}

// floor does nothing, but declares a fact type: the checker runs it on
// every package and its dependencies, as it must for any fact-based
// analyzer. Loading and type-checking the packages is the floor no
// go/analysis driver can go below.
var floor = &analysis.Analyzer{
	Name:      "floor",
	Doc:       "floor does nothing; it declares a fact type so that packages load as for any fact-based analyzer",
	Run:       func(*analysis.Pass) (any, error) { return nil, nil },
	FactTypes: []analysis.Fact{new(floorFact)},
}

// BenchmarkModule times Run on ./... of the module in
// $ASYNCLINT_BENCH_DIR against the floor (load, type-check and a no-op
// fact-based analyzer) on the same packages, in the same process, one after
// the other, and reports both times and their ratio. scripts/bench-go.sh
// points it at golang.org/x/tools.
func BenchmarkModule(b *testing.B) {
	dir := os.Getenv("ASYNCLINT_BENCH_DIR")
	if dir == "" {
		b.Skip("ASYNCLINT_BENCH_DIR is not set (see scripts/bench-go.sh)")
	}
	// Warm the file system cache and go list's cache; not timed.
	if _, err := load(dir, []string{"./..."}, false); err != nil {
		b.Fatal(err)
	}
	var floorLoad, floorRun, lintLoad, lintRun time.Duration
	var pkgs, findings, sites, errs int
	for b.Loop() {
		for _, lint := range []bool{false, true} {
			runtime.GC()
			t0 := time.Now()
			roots, err := load(dir, []string{"./..."}, false)
			if err != nil {
				b.Fatal(err)
			}
			t1 := time.Now()
			if lint {
				res, err := analyze(roots, Options{})
				if err != nil {
					b.Fatal(err)
				}
				lintLoad += t1.Sub(t0)
				lintRun += time.Since(t1)
				pkgs, findings, sites, errs = res.Packages, len(res.Findings), len(res.Sites), len(res.Errors)
			} else {
				if _, err := checker.Analyze([]*analysis.Analyzer{floor}, roots, nil); err != nil {
					b.Fatal(err)
				}
				floorLoad += t1.Sub(t0)
				floorRun += time.Since(t1)
			}
		}
	}
	n := float64(b.N)
	floorTime, lintTime := floorLoad+floorRun, lintLoad+lintRun
	b.ReportMetric(floorTime.Seconds()/n, "floor-s")
	b.ReportMetric(lintTime.Seconds()/n, "asynclint-s")
	b.ReportMetric(float64(lintTime)/float64(floorTime), "ratio")
	// The analysis alone, after loading: where the analyzers differ.
	b.ReportMetric(floorRun.Seconds()/n, "floor-analysis-s")
	b.ReportMetric(lintRun.Seconds()/n, "asynclint-analysis-s")
	b.ReportMetric(float64(pkgs), "packages")
	b.ReportMetric(float64(findings), "findings")
	b.ReportMetric(float64(sites), "sites")
	b.ReportMetric(float64(errs), "errors")
}

// BenchmarkModuleFloorAlone and BenchmarkModuleCheckAlone run one side of
// BenchmarkModule each, once, so that scripts/bench-go.sh can measure the
// peak memory of each side as a process of its own.
func BenchmarkModuleFloorAlone(b *testing.B) { benchAlone(b, false) }

// BenchmarkModuleCheckAlone: see BenchmarkModuleFloorAlone.
func BenchmarkModuleCheckAlone(b *testing.B) { benchAlone(b, true) }

func benchAlone(b *testing.B, lint bool) {
	dir := os.Getenv("ASYNCLINT_BENCH_DIR")
	if dir == "" {
		b.Skip("ASYNCLINT_BENCH_DIR is not set (see scripts/bench-go.sh)")
	}
	for b.Loop() {
		roots, err := load(dir, []string{"./..."}, false)
		if err != nil {
			b.Fatal(err)
		}
		if lint {
			_, err = analyze(roots, Options{})
		} else {
			_, err = checker.Analyze([]*analysis.Analyzer{floor}, roots, nil)
		}
		if err != nil {
			b.Fatal(err)
		}
	}
}
