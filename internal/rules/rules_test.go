package rules

import (
	"strings"
	"testing"
)

func TestCatalogComplete(t *testing.T) {
	seen := map[string]bool{}
	for _, r := range All() {
		if seen[r.Code] {
			t.Errorf("duplicate code %s", r.Code)
		}
		seen[r.Code] = true
		for field, v := range map[string]string{"Name": r.Name, "Language": r.Language, "Summary": r.Summary,
			"What": r.What, "Why": r.Why, "Example": r.Example, "Instead": r.Instead} {
			if strings.TrimSpace(v) == "" {
				t.Errorf("%s: %s is empty", r.Code, field)
			}
		}
	}
	for _, code := range []string{"ASYNC251", "AL100", "AL101", "AL102", "AL103", "AL104", "AL200", "AL201", "E902", "E999"} {
		if !seen[code] {
			t.Errorf("catalog lacks %s", code)
		}
	}
	if got := All()[0].Code; !strings.HasPrefix(got, "ASYNC") {
		t.Errorf("first rule = %s, want a flake8-async code first", got)
	}
}

func TestLookup(t *testing.T) {
	if r, ok := Lookup("async251"); !ok || r.Code != "ASYNC251" {
		t.Errorf("Lookup(async251) = %v, %v", r.Code, ok)
	}
	if _, ok := Lookup("XYZ1"); ok {
		t.Error("Lookup(XYZ1) found a rule")
	}
}

func TestReferenceAnchors(t *testing.T) {
	ref := Reference()
	for _, r := range All() {
		anchor := `<a id="` + strings.ToLower(r.Code) + `"></a>`
		if !strings.Contains(ref, anchor) {
			t.Errorf("reference lacks %s", anchor)
		}
		if !strings.Contains(ref, "| ["+r.Code+"](#"+strings.ToLower(r.Code)+") |") {
			t.Errorf("table lacks a linked row for %s", r.Code)
		}
	}
}

func TestSelected(t *testing.T) {
	for _, tc := range []struct {
		code        string
		sel, ignore []string
		want        bool
	}{
		{"AL100", nil, nil, true},
		{"AL100", []string{"AL1"}, nil, true},
		{"AL200", []string{"AL1"}, nil, false},
		{"AL200", []string{"ALL"}, nil, true},
		{"AL200", []string{"ALL"}, []string{"AL20"}, false},
		{"ASYNC251", nil, []string{"ALL"}, false},
		{"ASYNC251", []string{"ASYNC"}, []string{"ASYNC251"}, false},
		{"E999", []string{"AL100"}, []string{"ALL"}, true},
	} {
		if got := Selected(tc.code, tc.sel, tc.ignore); got != tc.want {
			t.Errorf("Selected(%s, %v, %v) = %v, want %v", tc.code, tc.sel, tc.ignore, got, tc.want)
		}
	}
}

func TestDocsComplete(t *testing.T) {
	for _, r := range Registry {
		runs := 0
		for _, set := range []bool{r.Direct != nil, r.Graph != nil, r.Analyzer != nil} {
			if set {
				runs++
			}
		}
		if runs != 1 {
			t.Errorf("%s: %d run functions, want 1", r.Code, runs)
		}
		if r.Direct != nil && r.Direct.Code != r.Code {
			t.Errorf("%s: its direct rule says %s", r.Code, r.Direct.Code)
		}
		if r.Fix != "" && r.Fixer == NoFix || (r.Fixer == FixPython || r.Fixer == FixTwins) && r.Fix == "" {
			t.Errorf("%s: fixer %v but Fix doc %q", r.Code, r.Fixer, r.Fix)
		}
		if r.Language == "python" && r.Category == "" {
			t.Errorf("%s: no category", r.Code)
		}
	}
}
