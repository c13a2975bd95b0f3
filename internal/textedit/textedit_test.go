package textedit

import (
	"strings"
	"testing"

	"github.com/asynclint/asynclint/internal/finding"
)

func ed(s, e int, text string) finding.Edit {
	return finding.Edit{Start: finding.Position{Offset: s}, End: finding.Position{Offset: e}, NewText: text}
}

func TestApply(t *testing.T) {
	tests := []struct {
		name    string
		src     string
		edits   []finding.Edit
		want    string
		wantErr bool
	}{
		{"none", "abc", nil, "abc", false},
		{"replace", "time.sleep(1)", []finding.Edit{ed(0, 10, "asyncio.sleep")}, "asyncio.sleep(1)", false},
		{"insert then replace at one offset", "time.sleep(1)", []finding.Edit{ed(0, 10, "asyncio.sleep"), ed(0, 0, "await ")}, "await asyncio.sleep(1)", false},
		{"inserts keep their order", "x", []finding.Edit{ed(0, 0, "a"), ed(0, 0, "b")}, "abx", false},
		{"unordered", "abcdef", []finding.Edit{ed(4, 5, "E"), ed(0, 1, "A")}, "AbcdEf", false},
		{"delete", "abcdef", []finding.Edit{ed(1, 3, "")}, "adef", false},
		{"overlap", "abcdef", []finding.Edit{ed(0, 3, "x"), ed(2, 4, "y")}, "", true},
		{"insert inside a replacement", "abcdef", []finding.Edit{ed(0, 3, "x"), ed(1, 1, "y")}, "", true},
		{"out of range", "abc", []finding.Edit{ed(2, 9, "x")}, "", true},
		{"negative", "abc", []finding.Edit{ed(-1, 1, "x")}, "", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Apply([]byte(tt.src), tt.edits)
			if (err != nil) != tt.wantErr {
				t.Fatalf("err = %v, want error %v", err, tt.wantErr)
			}
			if err == nil && string(got) != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}

func TestWholeLines(t *testing.T) {
	for _, tc := range []struct {
		name, src, part, comment string
		skip                     int
		want                     string // what the widened range covers; "" when not widened
	}{
		{"alone", "a\n  import x\nb\n", "import x", "", 0, "  import x\n"},
		{"CRLF", "a\r\nimport x\r\nb", "import x", "", 0, "import x\r\n"},
		{"lone CR", "a\rimport x\rb", "import x", "", 0, "import x\r"},
		{"last line, no break", "a\nimport x", "import x", "", 0, "import x"},
		{"code after", "a\nimport x; y\n", "import x", "#", 0, ""},
		{"code before", "a\ny; import x\n", "import x", "#", 0, ""},
		{"comment after, allowed", "import x  # why\nb\n", "import x", "#", 0, "import x  # why\n"},
		{"comment after, not allowed", "import x  // why\nb\n", "import x", "", 0, ""},
		{"after a byte order mark", "\ufeffimport x\n", "import x", "#", 3, "import x\n"},
	} {
		src := []byte(tc.src)
		start := strings.Index(tc.src, tc.part)
		ls, le, ok := WholeLines(src, start, start+len(tc.part), tc.skip, tc.comment)
		got := ""
		if ok {
			got = string(src[ls:le])
		} else if ls != start || le != start+len(tc.part) {
			t.Errorf("%s: not widened, yet the range moved to [%d, %d)", tc.name, ls, le)
		}
		if got != tc.want {
			t.Errorf("%s: widened to %q, want %q", tc.name, got, tc.want)
		}
	}
}
