package render

import (
	"bufio"
	"fmt"
	"io"
	"strings"

	"github.com/asynclint/asynclint/report/coverage"
)

// mdCell escapes text for a GitHub-flavoured Markdown table cell.
func mdCell(s string) string {
	return strings.NewReplacer("|", `\|`, "\n", " ", "\r", "").Replace(s)
}

// mdCode renders s as inline code in a table cell.
func mdCode(s string) string {
	if s == "" {
		return ""
	}
	return "`" + mdCell(strings.ReplaceAll(s, "`", "'")) + "`"
}

func writeMarkdown(out io.Writer, in Input) error {
	w := bufio.NewWriter(out)
	r := in.Report
	fmt.Fprintf(w, "## asynclint migration coverage: %s\n\n", mdCode(scopeText(in.Scope)))
	if in.Gate != nil {
		if in.Gate.Passed() {
			fmt.Fprintln(w, "✅ **Gate passed.**")
		} else {
			fmt.Fprintln(w, "❌ **Gate failed:**")
			for _, f := range in.Gate.Failures {
				fmt.Fprintf(w, "- %s\n", strings.ReplaceAll(f, "\n", " "))
			}
		}
		fmt.Fprintln(w)
	}
	fmt.Fprintf(w, "**%s** async coverage: %d of %d %s async-safe or compat; **%d** blocking %s remaining.\n\n",
		pct(r.Total.Percent()), r.Total.Covered(), r.Total.Sites, in.sites(r.Total.Sites), r.Total.Remaining(), plural(r.Total.Remaining(), "site", "sites"))

	fmt.Fprintln(w, "| language | unit | sites | async-safe | compat | remaining | coverage |")
	fmt.Fprintln(w, "|---|---|---:|---:|---:|---:|---:|")
	row := func(lang, name string, c coverage.Counts, bold bool) {
		b := ""
		if bold {
			b = "**"
		}
		fmt.Fprintf(w, "| %s%s%s | %s | %s%d%s | %d | %d | %s%d%s | %s%s%s |\n",
			b, lang, b, name, b, c.Sites, b, c.AsyncSafe, c.Compat, b, c.Remaining(), b, b, pct(c.Percent()), b)
	}
	for _, u := range r.Units {
		row(u.Language, mdCode(u.Name), u.Counts, false)
	}
	if len(r.Languages) > 1 {
		for _, l := range r.Languages {
			row(l.Language, "(all)", l.Counts, true)
		}
	}
	row("total", "", r.Total.Counts, true)

	if rem := r.Remaining(); len(rem) > 0 {
		fmt.Fprintf(w, "\n<details><summary>Remaining blocking sites (%d)</summary>\n\n", len(rem))
		fmt.Fprintln(w, "| site | state | function | callee |")
		fmt.Fprintln(w, "|---|---|---|---|")
		for _, s := range rem {
			fmt.Fprintf(w, "| %s | %s | %s | %s |\n", mdCode(fmt.Sprintf("%s:%d:%d", s.Path, s.Start.Line, s.Start.Col)),
				mdCell(stateLabel(coverage.Code(s), string(s.State))), mdCode(s.Function), mdCode(s.Callee))
		}
		fmt.Fprintln(w, "\n</details>")
	}
	if len(in.Roots) > 0 {
		top := topRoots(in.Roots)
		fmt.Fprintf(w, "\n### Blocking roots: convert these first (top %d of %d)\n\n", len(top), len(in.Roots))
		fmt.Fprintln(w, "| async call sites | root | where | category | between |")
		fmt.Fprintln(w, "|---:|---|---|---|---|")
		for _, r := range top {
			fmt.Fprintf(w, "| %d | %s | %s | %s | %s |\n", r.CallSites, mdCode(r.Function), mdCode(fmt.Sprintf("%s:%d", r.Path, r.Line)), mdCell(r.Category), mdCell(rootVia(r)))
		}
	}
	if len(in.Compat) > 0 {
		fmt.Fprintf(w, "\n<details><summary>Compat functions (%d): sync versions kept beside their async twins</summary>\n\n", len(in.Compat))
		fmt.Fprintln(w, "| function | twin | uses left |")
		fmt.Fprintln(w, "|---|---|---|")
		for _, c := range in.Compat {
			fmt.Fprintf(w, "| %s %s | %s | %s |\n", mdCode(c.Function), mdCode(fmt.Sprintf("%s:%d", c.Path, c.Line)), mdCode(c.Twin),
				mdCell(strings.Join(append([]string{c.summary()}, c.uses()...), "; ")))
		}
		fmt.Fprintln(w, "\n</details>")
	}
	if len(in.History) > 0 {
		fmt.Fprintf(w, "\n### History (last %d %s)\n\n", len(in.History), plural(len(in.History), "commit", "commits"))
		fmt.Fprintln(w, "| commit | date | sites | remaining | coverage | subject |")
		fmt.Fprintln(w, "|---|---|---:|---:|---:|---|")
		for _, p := range in.History {
			sites, remaining, cov := fmt.Sprint(p.Counts.Sites), fmt.Sprint(p.Counts.Remaining()), pct(p.Coverage)
			if why := p.Unmeasured(); why != "" {
				sites, remaining, cov = "", "", mdCell(why)
			}
			fmt.Fprintf(w, "| %s | %s | %s | %s | %s | %s |\n", mdCode(p.Short()), p.Time.Format("2006-01-02"), sites, remaining, cov, mdCell(p.Subject))
		}
	}
	fmt.Fprintf(w, "\n<sub>asynclint %s · coverage = (async-safe + compat) / all %s</sub>\n", in.Version, in.sites(2))
	return w.Flush()
}
