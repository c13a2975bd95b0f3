package lsp

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// BenchmarkChange measures what one keystroke in an open module costs the
// server: the Python analysis of the workspace (the machine's standard
// library, or ASYNCLINT_BENCH_TREE) with the changed buffer laid over it,
// with the in-memory cache (warm: only the buffer is parsed) and without.
func BenchmarkChange(b *testing.B) {
	root := os.Getenv("ASYNCLINT_BENCH_TREE")
	if root == "" {
		out, err := exec.Command("python3", "-c", `import sysconfig; print(sysconfig.get_paths()["stdlib"])`).Output()
		if err != nil {
			b.Skipf("python3 not available: %v", err)
		}
		root = strings.TrimSpace(string(out))
	}
	file := filepath.Join(root, "asyncio", "tasks.py")
	src, err := os.ReadFile(file)
	if err != nil {
		b.Skip(err)
	}
	for _, cached := range []bool{true, false} {
		b.Run(fmt.Sprintf("cache=%v", cached), func(b *testing.B) {
			s := newServer(Options{Version: "bench"})
			if !cached {
				s.cache = nil
			}
			s.folders = []*folder{s.newFolder(root)}
			d := &document{uri: pathURI(file), path: file, lang: "python", text: src}
			s.docs[d.uri] = d
			s.analysePython() // the open
			i := 0
			for b.Loop() {
				i++
				d.text = fmt.Appendf(nil, "%s\n# edit %d\n", src, i)
				s.analysePython()
			}
			if cached {
				b.ReportMetric(float64(s.parsed), "parsed/op")
				b.ReportMetric(float64(s.parsed+s.cached), "modules/op")
			}
		})
	}
}
