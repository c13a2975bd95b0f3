package pycheck

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/asynclint/asynclint/internal/driver/discover"
	"github.com/asynclint/asynclint/internal/driver/readfile"
	"github.com/asynclint/asynclint/internal/python/pycache"
	"github.com/asynclint/asynclint/pyparse"
)

// stdlibDir returns the machine's Python standard library, skipping the
// benchmark when python3 is absent.
func stdlibDir(b *testing.B) string {
	b.Helper()
	if d := os.Getenv("ASYNCLINT_STDLIB"); d != "" {
		return d
	}
	out, err := exec.Command("python3", "-c", `import sysconfig; print(sysconfig.get_paths()["stdlib"])`).Output()
	if err != nil {
		b.Skipf("python3 not available: %v", err)
	}
	return strings.TrimSpace(string(out))
}

func report(b *testing.B, files int, bytes int64) {
	sec := b.Elapsed().Seconds() / float64(b.N)
	b.ReportMetric(float64(files)/sec, "files/s")
	b.ReportMetric(float64(bytes)/sec/1e6, "MB/s")
	b.ReportMetric(float64(files), "files")
}

// BenchmarkCheckStdlib runs the whole Python check on the standard library,
// as `asynclint check` runs it (Options.NoSites).
func BenchmarkCheckStdlib(b *testing.B) {
	benchCheck(b, []string{stdlibDir(b)}, Options{NoIgnore: true, NoSites: true, NoTrees: true})
}

// BenchmarkSitesStdlib runs the check with every sleep site collected, as
// `asynclint report` runs it.
func BenchmarkSitesStdlib(b *testing.B) {
	benchCheck(b, []string{stdlibDir(b)}, Options{NoIgnore: true})
}

func benchCheck(b *testing.B, paths []string, opts Options) *Result {
	var res *Result
	for b.Loop() {
		var err error
		res, err = Run(paths, opts)
		if err != nil {
			b.Fatal(err)
		}
	}
	report(b, res.Files, res.Bytes)
	b.ReportMetric(float64(len(res.Project.Modules)), "parsed")
	b.ReportMetric(float64(len(res.Findings)), "findings")
	return res
}

// BenchmarkFloorStdlib is the floor the check is measured against: walk,
// read every file, the byte prefilter, and a parallel parse (one parser per
// worker) of the files that pass it; no model, no rules.
func BenchmarkFloorStdlib(b *testing.B) { benchFloor(b, []string{stdlibDir(b)}, nil) }

// corpusPaths returns the paths of ASYNCLINT_CORPUS (separated by the OS's
// list separator), skipping the benchmark when it is unset.
// scripts/bench-corpus.sh sets it to Debian's installed async packages.
func corpusPaths(b *testing.B) []string {
	b.Helper()
	v := os.Getenv("ASYNCLINT_CORPUS")
	if v == "" {
		b.Skip("ASYNCLINT_CORPUS not set")
	}
	return filepath.SplitList(v)
}

// BenchmarkCheckCorpus runs the check, as `asynclint check --no-cache`
// does, on the paths of ASYNCLINT_CORPUS. With ASYNCLINT_PARSED_OUT set,
// it writes there the paths of the modules the check parsed, one a line,
// for BenchmarkFloorCorpus.
func BenchmarkCheckCorpus(b *testing.B) {
	res := benchCheck(b, corpusPaths(b), Options{NoIgnore: true, NoSites: true, NoTrees: true})
	if out := os.Getenv("ASYNCLINT_PARSED_OUT"); out != "" {
		var list strings.Builder
		for _, m := range res.Project.Modules {
			list.WriteString(m.Path + "\n")
		}
		if err := os.WriteFile(out, []byte(list.String()), 0o644); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkFloorCorpus is BenchmarkFloorStdlib on the paths of
// ASYNCLINT_CORPUS. With ASYNCLINT_PARSED set to a list that
// BenchmarkCheckCorpus wrote, it parses the files of the list (those the
// check parses: the files that may define an async function and the
// modules that calls from async code lead into) instead of the former
// alone: the same parsing work as the check's.
func BenchmarkFloorCorpus(b *testing.B) {
	paths := corpusPaths(b)
	var parse map[string]bool
	if list := os.Getenv("ASYNCLINT_PARSED"); list != "" {
		data, err := os.ReadFile(list)
		if err != nil {
			b.Fatal(err)
		}
		parse = map[string]bool{}
		for _, l := range strings.Split(strings.TrimSpace(string(data)), "\n") {
			parse[l] = true
		}
	}
	benchFloor(b, paths, parse)
}

// benchFloor times the floor: walk, read, prefilter, and parse the files
// that pass it, or, with parse, the files it names.
func benchFloor(b *testing.B, paths []string, parse map[string]bool) {
	var files int
	var total int64
	var parsed int
	for b.Loop() {
		fs, _ := discover.Walk(paths, discover.Options{Exts: []string{".py"}, NoIgnore: true})
		keys := prefilterKeys(nil)
		var mu sync.Mutex
		files, total, parsed = len(fs), 0, 0
		w := newWorkers()
		w.run(len(fs), func(p *pyparse.Parser, i int) {
			// Read as the check reads: into a buffer the next file reuses.
			buf := readBufs.Get().(*[]byte)
			defer readBufs.Put(buf)
			src, err := readfile.ReadFileInto(fs[i].Path, *buf)
			if err != nil {
				return
			}
			if cap(src) > cap(*buf) {
				*buf = src[:0]
			}
			mu.Lock()
			total += int64(len(src))
			mu.Unlock()
			if may := upFront(src, keys, Options{NoSites: true}); parse == nil && may || parse[fs[i].Path] {
				p.ParseTree(src).Close()
				mu.Lock()
				parsed++
				mu.Unlock()
			}
		})
		w.close()
	}
	report(b, files, total)
	b.ReportMetric(float64(parsed), "parsed")
}

// BenchmarkWarmCorpus runs the check on the paths of ASYNCLINT_CORPUS
// with a cache that a first run (not timed) filled: every file that
// matters is read from the cache.
func BenchmarkWarmCorpus(b *testing.B) {
	paths := corpusPaths(b)
	c, err := pycache.Open(b.TempDir(), "bench")
	if err != nil {
		b.Fatal(err)
	}
	opts := Options{NoIgnore: true, NoSites: true, NoTrees: true, Cache: c}
	if _, err := Run(paths, opts); err != nil {
		b.Fatal(err)
	}
	benchCheck(b, paths, opts)
}
