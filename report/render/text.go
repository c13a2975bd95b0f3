package render

import (
	"bufio"
	"fmt"
	"io"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/asynclint/asynclint/report/coverage"
)

// barWidth is the width of a text bar in cells.
const barWidth = 20

// bar draws p percent as a bar of barWidth cells.
func bar(p float64) string {
	full := int(p/100*barWidth + 0.5)
	full = min(max(full, 0), barWidth)
	return strings.Repeat("█", full) + strings.Repeat("░", barWidth-full)
}

// table aligns rows of cells; right lists the right-aligned columns.
type table struct {
	rows  [][]string
	right map[int]bool
}

func (t *table) add(cells ...string) { t.rows = append(t.rows, cells) }

func (t *table) write(w *bufio.Writer, indent string) {
	var widths []int
	for _, r := range t.rows {
		for i, c := range r {
			if i >= len(widths) {
				widths = append(widths, 0)
			}
			widths[i] = max(widths[i], utf8.RuneCountInString(c))
		}
	}
	for _, r := range t.rows {
		var line strings.Builder
		line.WriteString(indent)
		for i, c := range r {
			if i > 0 {
				line.WriteString("  ")
			}
			pad := strings.Repeat(" ", widths[i]-utf8.RuneCountInString(c))
			if t.right[i] {
				line.WriteString(pad + c)
			} else if i < len(r)-1 {
				line.WriteString(c + pad)
			} else {
				line.WriteString(c)
			}
		}
		fmt.Fprintln(w, strings.TrimRight(line.String(), " "))
	}
}

func unitRow(t *table, lang, name string, c coverage.Counts) {
	t.add(lang, name, strconv.Itoa(c.Sites), strconv.Itoa(c.AsyncSafe), strconv.Itoa(c.Compat),
		strconv.Itoa(c.Remaining()), bar(c.Percent()), pct(c.Percent()))
}

func writeText(out io.Writer, in Input) error {
	w := bufio.NewWriter(out)
	r := in.Report
	fmt.Fprintf(w, "asynclint migration coverage: %s\n\n", scopeText(in.Scope))
	t := &table{right: map[int]bool{2: true, 3: true, 4: true, 5: true, 7: true}}
	t.add("lang", "unit", "sites", "async-safe", "compat", "remaining", "", "coverage")
	for _, u := range r.Units {
		unitRow(t, u.Language, u.Name, u.Counts)
	}
	if len(r.Languages) > 1 {
		for _, l := range r.Languages {
			unitRow(t, l.Language, "(all)", l.Counts)
		}
	}
	unitRow(t, "total", "", r.Total.Counts)
	t.write(w, "")

	fmt.Fprintf(w, "\nCoverage %s: %d of %d %s async-safe or compat; %d blocking %s remaining.\n",
		pct(r.Total.Percent()), r.Total.Covered(), r.Total.Sites, in.sites(r.Total.Sites), r.Total.Remaining(), plural(r.Total.Remaining(), "site", "sites"))
	if r.Total.Sites == 0 {
		fmt.Fprintf(w, "No %s in scope: coverage is 100%% by convention.\n", in.sites(1))
	}
	if rem := r.Remaining(); len(rem) > 0 {
		fmt.Fprintf(w, "\nRemaining blocking sites (%d):\n", len(rem))
		st := &table{}
		for _, s := range rem {
			st.add(fmt.Sprintf("%s:%d:%d", s.Path, s.Start.Line, s.Start.Col), stateLabel(coverage.Code(s), string(s.State)), s.Function, s.Callee)
		}
		st.write(w, "  ")
	}
	writeTextMigration(w, in)
	if in.History != nil {
		fmt.Fprintf(w, "\nHistory (last %d %s, oldest first):\n", len(in.History), plural(len(in.History), "commit", "commits"))
		ht := &table{right: map[int]bool{2: true, 3: true, 5: true}}
		ht.add("commit", "date", "sites", "remaining", "", "coverage", "subject")
		for _, p := range in.History {
			if why := p.Unmeasured(); why != "" {
				if p.Absent && p.Error == "" {
					why = "(scope absent)"
				}
				ht.add(p.Short(), p.Time.Format("2006-01-02"), "", "", why, "", p.Subject)
			} else {
				ht.add(p.Short(), p.Time.Format("2006-01-02"), strconv.Itoa(p.Counts.Sites), strconv.Itoa(p.Counts.Remaining()),
					bar(p.Coverage), pct(p.Coverage), p.Subject)
			}
		}
		ht.write(w, "  ")
	}
	if in.Gate != nil {
		if in.Gate.Passed() {
			fmt.Fprintln(w, "\nGate: passed.")
		} else {
			fmt.Fprintln(w, "\nGate: FAILED")
			for _, f := range in.Gate.Failures {
				fmt.Fprintf(w, "  %s\n", f)
			}
		}
	}
	return w.Flush()
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// writeTextMigration writes the roots ranking and the compat functions.
func writeTextMigration(w *bufio.Writer, in Input) {
	if len(in.Roots) > 0 {
		top := topRoots(in.Roots)
		fmt.Fprintf(w, "\nBlocking roots, by the async call sites each makes blocking (top %d of %d): convert these first\n", len(top), len(in.Roots))
		rt := &table{right: map[int]bool{0: true}}
		rt.add("sites", "root", "where", "category", "")
		for _, r := range top {
			rt.add(strconv.Itoa(r.CallSites), r.Function, fmt.Sprintf("%s:%d", r.Path, r.Line), r.Category, rootVia(r))
		}
		rt.write(w, "  ")
	}
	if len(in.Compat) > 0 {
		fmt.Fprintf(w, "\nCompat functions (%d): sync versions kept beside their async twins, with what still uses them\n", len(in.Compat))
		for _, c := range in.Compat {
			fmt.Fprintf(w, "  %s:%d %s (twin %s): %s\n", c.Path, c.Line, c.Function, c.Twin, c.summary())
			for _, u := range c.uses() {
				fmt.Fprintf(w, "      %s\n", u)
			}
		}
	}
}
