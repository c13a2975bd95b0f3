package ruledoc

import "testing"

func TestMarkdownSkipsEmptySections(t *testing.T) {
	got := Markdown(Rule{Code: "X1", Name: "x-rule", Summary: "Does x.", What: "Checks x.\n", Instead: "Use y."})
	want := "# x-rule (X1)\n\nDoes x.\n\n## What it does\nChecks x.\n\n## Use instead\nUse y.\n"
	if got != want {
		t.Errorf("Markdown =\n%q\nwant\n%q", got, want)
	}
}
