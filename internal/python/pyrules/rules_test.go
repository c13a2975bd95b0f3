package pyrules

import (
	"strings"
	"testing"

	"github.com/asynclint/asynclint/pyparse"
)

func TestDocsComplete(t *testing.T) {
	for _, r := range All() {
		for name, v := range map[string]string{"Code": r.Code, "Name": r.Name, "Summary": r.Summary, "What": r.What, "Why": r.Why, "Example": r.Example, "Instead": r.Instead, "Fix": r.Fix} {
			if strings.TrimSpace(v) == "" {
				t.Errorf("%s: %s is empty", r.Code, name)
			}
		}
		if r.Language != "python" {
			t.Errorf("%s: language %q", r.Code, r.Language)
		}
	}
}

func TestASYNC251ReportsCalleeStart(t *testing.T) {
	p := pyparse.NewParser()
	defer p.Close()
	m, err := p.Parse("x.py", []byte("import time\nasync def f():\n    await time.sleep(1)\n"), pyparse.Options{})
	if err != nil {
		t.Fatal(err)
	}
	fs := ASYNC251(m)
	if len(fs) != 1 || fs[0].Start.Line != 3 || fs[0].Start.Col != 11 || fs[0].End.Col != 21 {
		t.Fatalf("findings = %+v", fs)
	}
}
