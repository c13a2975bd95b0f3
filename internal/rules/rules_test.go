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
	for _, code := range []string{"ASYNC251", "AL100", "AL200", "AL201", "E902", "E999"} {
		if !seen[code] {
			t.Errorf("catalog lacks %s", code)
		}
	}
	if got := All()[0].Code; got != "ASYNC251" {
		t.Errorf("first rule = %s, want ASYNC251 (the flake8-async code first)", got)
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
