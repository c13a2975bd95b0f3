package pycache

import (
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/asynclint/asynclint/internal/driver/discover"
	"github.com/asynclint/asynclint/pyparse"
)

// BenchmarkDecodeCorpus decodes the summaries of the files of
// ASYNCLINT_CORPUS that hold "async" (what a warm run reads).
func BenchmarkDecodeCorpus(b *testing.B) {
	v := os.Getenv("ASYNCLINT_CORPUS")
	if v == "" {
		b.Skip("ASYNCLINT_CORPUS not set")
	}
	files, _ := discover.Walk(filepath.SplitList(v), discover.Options{Exts: []string{".py"}, NoIgnore: true})
	c, err := moduleCodec()
	if err != nil {
		b.Fatal(err)
	}
	p := pyparse.NewParser()
	defer p.Close()
	var blobs [][]byte
	size := 0
	for _, f := range files {
		src, err := os.ReadFile(f.Path)
		if err != nil || !containsAsync(src) {
			continue
		}
		m, err := p.Parse(f.Path, src, pyparse.Options{Name: "m"})
		if err != nil {
			b.Fatal(err)
		}
		blob := c.encode(nil, reflect.ValueOf(m).Elem())
		size += len(blob)
		blobs = append(blobs, blob)
	}
	b.ResetTimer()
	for b.Loop() {
		for _, blob := range blobs {
			if _, err := c.decode(blob); err != nil {
				b.Fatal(err)
			}
		}
	}
	b.ReportMetric(float64(size)/1e6, "MB")
	b.ReportMetric(float64(len(blobs)), "modules")
}

func containsAsync(src []byte) bool {
	for i := 0; i+5 <= len(src); i++ {
		if string(src[i:i+5]) == "async" {
			return true
		}
	}
	return false
}
