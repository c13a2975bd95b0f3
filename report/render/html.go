package render

import (
	"fmt"
	"html/template"
	"io"
	"strings"

	"github.com/asynclint/asynclint/internal/finding"
	"github.com/asynclint/asynclint/report/coverage"
)

// stateColors are the chart colours of the states, in stacking order.
var stateColors = []struct {
	state finding.State
	color string
}{
	{finding.AsyncSafe, "#2e7d32"},
	{finding.Compat, "#81c784"},
	{finding.Sync, "#9e9e9e"},
	{finding.ReachedFromAsync, "#f9a825"},
	{finding.InAsync, "#c62828"},
}

func countOf(c coverage.Counts, s finding.State) int {
	switch s {
	case finding.AsyncSafe:
		return c.AsyncSafe
	case finding.Compat:
		return c.Compat
	case finding.Sync:
		return c.Sync
	case finding.ReachedFromAsync:
		return c.ReachedFromAsync
	case finding.InAsync:
		return c.InAsync
	}
	return 0
}

// Chart geometry, in SVG user units.
const (
	chartWidth  = 720
	labelWidth  = 260
	barsWidth   = chartWidth - labelWidth - 70
	rowHeight   = 24
	trendHeight = 240
	trendLeft   = 48
	trendRight  = 40
	trendTop    = 16
	trendBottom = 40
)

type htmlSegment struct {
	X, Width float64
	Y        int
	Color    string
	Title    string
}

type htmlBar struct {
	Label    string
	Short    string // Label cut to fit beside the bar
	BarY     int
	TextY    int
	Segments []htmlSegment
	Percent  string
	Bold     bool
}

type htmlRow struct {
	Language, Name                             string
	Sites, AsyncSafe, Compat, Remaining, Width int
	InAsync, ReachedFromAsync, Sync            int
	Percent                                    string
	Total                                      bool
}

type htmlTick struct {
	Y     float64
	Label string
}

type htmlPoint struct {
	X, Y  float64
	Title string
	Label string
}

type htmlTrend struct {
	Height, PlotBottom float64
	Left, Right        float64
	Ticks              []htmlTick
	Line               string
	Points             []htmlPoint
	XLabels            []htmlPoint
}

type htmlSite struct {
	Where, State, Code, Function, Callee string
}

type htmlHistoryRow struct {
	Short, Commit, Date, Subject, Coverage string
	Sites, Remaining                       string
}

type htmlView struct {
	Title   string
	Version string
	Scope   string
	Percent string
	Covered int
	Sites   int
	// SitesNoun names Sites of them ("sleep sites"); SitesPlural and
	// SiteSingular name sites of the report's category.
	SitesNoun, SitesPlural, SiteSingular string
	Remaining                            int
	Legend                               []htmlSegment
	Bars                                 []htmlBar
	ChartHeight                          int
	Rows                                 []htmlRow
	RemainingList                        []htmlSite
	Trend                                *htmlTrend
	History                              []htmlHistoryRow
	Gate                                 *Gate
	Roots                                []htmlRoot
	RootsHeight                          int
	RootsTotal                           int
	Compat                               []htmlCompat
}

// htmlRoot is one bar of the roots chart.
type htmlRoot struct {
	Label, Short, Where, Title string
	Sites                      int
	TextY, BarY                int
	Width, ValueX              float64
}

// htmlCompat is one row of the compat table.
type htmlCompat struct {
	Where, Function, Twin, Summary string
	Uses                           []string
	Unused                         bool
}

func barFor(label string, y int, c coverage.Counts, bold bool) htmlBar {
	b := htmlBar{Label: label, Short: fitLabel(label), BarY: y + 4, TextY: y + rowHeight/2 + 4, Percent: pct(c.Percent()), Bold: bold}
	x := float64(labelWidth)
	for _, sc := range stateColors {
		n := countOf(c, sc.state)
		if n == 0 || c.Sites == 0 {
			continue
		}
		w := float64(barsWidth) * float64(n) / float64(c.Sites)
		b.Segments = append(b.Segments, htmlSegment{X: x, Y: y + 4, Width: w, Color: sc.color,
			Title: fmt.Sprintf("%s: %d %s of %d", sc.state, n, plural(n, "site", "sites"), c.Sites)})
		x += w
	}
	return b
}

// maxLabel is how many characters fit left of the bars.
const maxLabel = 38

// fitLabel shortens a label to maxLabel characters, keeping its end (the
// most specific part of a path) after an ellipsis.
func fitLabel(s string) string {
	r := []rune(s)
	if len(r) <= maxLabel {
		return s
	}
	return "…" + string(r[len(r)-maxLabel+1:])
}

func rowFor(lang, name string, c coverage.Counts, total bool) htmlRow {
	return htmlRow{Language: lang, Name: name, Sites: c.Sites, AsyncSafe: c.AsyncSafe, Compat: c.Compat,
		Remaining: c.Remaining(), InAsync: c.InAsync, ReachedFromAsync: c.ReachedFromAsync, Sync: c.Sync,
		Width: int(c.Percent() + 0.5), Percent: pct(c.Percent()), Total: total}
}

func htmlModel(in Input) htmlView {
	r := in.Report
	v := htmlView{
		Title:     "asynclint migration coverage: " + scopeText(in.Scope),
		Version:   in.Version,
		Scope:     scopeText(in.Scope),
		Percent:   pct(r.Total.Percent()),
		Covered:   r.Total.Covered(),
		Sites:     r.Total.Sites,
		Remaining: r.Total.Remaining(),
		Gate:      in.Gate,

		SitesNoun:    in.sites(r.Total.Sites),
		SitesPlural:  in.sites(2),
		SiteSingular: in.sites(1),
	}
	for _, sc := range stateColors {
		v.Legend = append(v.Legend, htmlSegment{Color: sc.color, Title: string(sc.state)})
	}
	y := 0
	for _, u := range r.Units {
		v.Bars = append(v.Bars, barFor(u.Language+" "+u.Name, y, u.Counts, false))
		v.Rows = append(v.Rows, rowFor(u.Language, u.Name, u.Counts, false))
		y += rowHeight
	}
	if len(r.Languages) > 1 {
		for _, l := range r.Languages {
			v.Bars = append(v.Bars, barFor(l.Language+" (all)", y, l.Counts, true))
			v.Rows = append(v.Rows, rowFor(l.Language, "(all)", l.Counts, true))
			y += rowHeight
		}
	}
	v.Bars = append(v.Bars, barFor("total", y, r.Total.Counts, true))
	v.Rows = append(v.Rows, rowFor("total", "", r.Total.Counts, true))
	v.ChartHeight = y + rowHeight
	for _, s := range r.Remaining() {
		v.RemainingList = append(v.RemainingList, htmlSite{
			Where: fmt.Sprintf("%s:%d:%d", s.Path, s.Start.Line, s.Start.Col), State: string(s.State),
			Code: coverage.Code(s), Function: s.Function, Callee: s.Callee})
	}
	v.Roots, v.RootsHeight = rootsModel(in.Roots)
	v.RootsTotal = len(in.Roots)
	for _, c := range in.Compat {
		v.Compat = append(v.Compat, htmlCompat{Where: fmt.Sprintf("%s:%d", c.Path, c.Line), Function: c.Function, Twin: c.Twin,
			Summary: c.summary(), Uses: c.uses(), Unused: c.Unused()})
	}
	if len(in.History) > 0 {
		v.Trend = trendModel(in)
		for _, p := range in.History {
			row := htmlHistoryRow{Short: p.Short(), Commit: p.Commit, Date: p.Time.Format("2006-01-02"), Subject: p.Subject,
				Sites: fmt.Sprint(p.Counts.Sites), Remaining: fmt.Sprint(p.Counts.Remaining()), Coverage: pct(p.Coverage)}
			if why := p.Unmeasured(); why != "" {
				row.Sites, row.Remaining, row.Coverage = "", "", why
			}
			v.History = append(v.History, row)
		}
	}
	return v
}

// rootsModel lays out the roots chart: one bar per root, its length
// proportional to the async call sites it makes blocking.
func rootsModel(rs []finding.Root) ([]htmlRoot, int) {
	top := topRoots(rs)
	if len(top) == 0 {
		return nil, 0
	}
	most := top[0].CallSites
	var out []htmlRoot
	for i, r := range top {
		y := i * rowHeight
		w := float64(barsWidth) * float64(r.CallSites) / float64(max(most, 1))
		label := r.Function
		out = append(out, htmlRoot{
			Label: label, Short: fitLabel(label), Where: fmt.Sprintf("%s:%d", r.Path, r.Line),
			Title: fmt.Sprintf("%s (%s:%d, %s): %d async call %s, %s", r.Function, r.Path, r.Line, r.Category, r.CallSites,
				plural(r.CallSites, "site", "sites"), rootVia(r)),
			Sites: r.CallSites, TextY: y + rowHeight/2 + 4, BarY: y + 4, Width: max(w, 2), ValueX: float64(labelWidth) + max(w, 2) + 6,
		})
	}
	return out, len(top) * rowHeight
}

// trendModel lays out the coverage line of the history; commits where the
// scope was absent or the analysis failed or was incomplete are left out of
// the line.
func trendModel(in Input) *htmlTrend {
	t := &htmlTrend{Height: trendHeight, Left: trendLeft, Right: chartWidth - trendRight, PlotBottom: trendHeight - trendBottom}
	plotH := t.PlotBottom - trendTop
	for _, v := range []int{0, 25, 50, 75, 100} {
		t.Ticks = append(t.Ticks, htmlTick{Y: t.PlotBottom - plotH*float64(v)/100, Label: fmt.Sprintf("%d%%", v)})
	}
	n := len(in.History)
	xAt := func(i int) float64 {
		if n == 1 {
			return (t.Left + t.Right) / 2
		}
		return t.Left + (t.Right-t.Left)*float64(i)/float64(n-1)
	}
	var line []string
	every := max(1, (n+7)/8) // at most about 8 commit labels
	for i, p := range in.History {
		x := xAt(i)
		if i%every == 0 || i == n-1 {
			label := htmlPoint{X: x, Y: t.PlotBottom + 16, Label: p.Short()[:min(7, len(p.Short()))]}
			if i == n-1 && i%every != 0 && i%every < (every+1)/2 && len(t.XLabels) > 1 {
				// Too close to the previous label: the newest commit replaces it.
				t.XLabels = t.XLabels[:len(t.XLabels)-1]
			}
			t.XLabels = append(t.XLabels, label)
		}
		if p.Unmeasured() != "" {
			continue
		}
		y := t.PlotBottom - plotH*p.Coverage/100
		line = append(line, fmt.Sprintf("%.1f,%.1f", x, y))
		t.Points = append(t.Points, htmlPoint{X: x, Y: y,
			Title: fmt.Sprintf("%s %s: %s (%d remaining) %s", p.Short(), p.Time.Format("2006-01-02"), pct(p.Coverage), p.Counts.Remaining(), p.Subject)})
	}
	t.Line = strings.Join(line, " ")
	return t
}

var htmlTemplate = template.Must(template.New("report").Funcs(template.FuncMap{
	"f1": func(x float64) string { return fmt.Sprintf("%.1f", x) },
}).Parse(`<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{.Title}}</title>
<style>
body { font-family: system-ui, -apple-system, "Segoe UI", sans-serif; margin: 2rem auto; max-width: 72rem; padding: 0 1rem; color: #1f2328; }
h1 { font-size: 1.5rem; } h2 { font-size: 1.2rem; margin-top: 2rem; }
.summary { font-size: 1.1rem; } .big { font-size: 2rem; font-weight: 700; }
table { border-collapse: collapse; width: 100%; margin: 0.5rem 0; font-size: 0.9rem; }
th, td { border-bottom: 1px solid #d0d7de; padding: 0.3rem 0.5rem; text-align: left; }
td.n, th.n { text-align: right; font-variant-numeric: tabular-nums; }
td.cov, td.nw { white-space: nowrap; }
.scroll { overflow-x: auto; }
tr.total td { font-weight: 700; }
.meter { background: #eee; width: 8rem; height: 0.7rem; display: inline-block; vertical-align: middle; }
.meter > span { background: #2e7d32; height: 100%; display: block; }
.legend span { display: inline-block; margin-right: 1rem; }
.legend i { display: inline-block; width: 0.8rem; height: 0.8rem; margin-right: 0.3rem; vertical-align: middle; }
.fail { color: #c62828; } .pass { color: #2e7d32; }
code { font-size: 0.85rem; }
svg text { font-family: system-ui, sans-serif; font-size: 12px; fill: #1f2328; }
footer { margin-top: 2rem; color: #59636e; font-size: 0.8rem; }
</style>
</head>
<body>
<h1>{{.Title}}</h1>
<p class="summary"><span class="big" id="coverage">{{.Percent}}</span> async coverage: {{.Covered}} of {{.Sites}} {{.SitesNoun}} async-safe or compat; <strong id="remaining">{{.Remaining}}</strong> blocking sites remaining.</p>
{{with .Gate}}{{if .Passed}}<p class="pass" id="gate">Gate passed.</p>{{else}}<div class="fail" id="gate"><strong>Gate failed:</strong><ul>{{range .Failures}}<li>{{.}}</li>{{end}}</ul></div>{{end}}{{end}}
<h2>Coverage by unit</h2>
<p class="legend">{{range .Legend}}<span><i style="background: {{.Color}}"></i>{{.Title}}</span>{{end}}</p>
<svg id="units-chart" xmlns="http://www.w3.org/2000/svg" width="720" height="{{.ChartHeight}}" viewBox="0 0 720 {{.ChartHeight}}" role="img" aria-label="{{.SitesPlural}} by state per unit">
{{range .Bars}}<g>
<text x="0" y="{{.TextY}}"{{if .Bold}} font-weight="700"{{end}}><title>{{.Label}}</title>{{.Short}}</text>
<rect x="260" y="{{.BarY}}" width="390" height="16" fill="#eeeeee"></rect>
{{range .Segments}}<rect x="{{f1 .X}}" y="{{.Y}}" width="{{f1 .Width}}" height="16" fill="{{.Color}}"><title>{{.Title}}</title></rect>
{{end}}<text x="660" y="{{.TextY}}"{{if .Bold}} font-weight="700"{{end}}>{{.Percent}}</text>
</g>
{{end}}</svg>
<div class="scroll"><table id="units">
<thead><tr><th>language</th><th>unit</th><th class="n">sites</th><th class="n">async-safe</th><th class="n">compat</th><th class="n">in-async</th><th class="n">reached-from-async</th><th class="n">sync</th><th class="n">remaining</th><th>coverage</th></tr></thead>
<tbody>
{{range .Rows}}<tr{{if .Total}} class="total"{{end}}><td>{{.Language}}</td><td>{{if .Name}}<code>{{.Name}}</code>{{end}}</td><td class="n">{{.Sites}}</td><td class="n">{{.AsyncSafe}}</td><td class="n">{{.Compat}}</td><td class="n">{{.InAsync}}</td><td class="n">{{.ReachedFromAsync}}</td><td class="n">{{.Sync}}</td><td class="n">{{.Remaining}}</td><td class="cov"><span class="meter"><span style="width: {{.Width}}%"></span></span> {{.Percent}}</td></tr>
{{end}}</tbody>
</table></div>
{{if .RemainingList}}<h2>Remaining blocking sites ({{len .RemainingList}})</h2>
<div class="scroll"><table id="remaining-sites">
<thead><tr><th>site</th><th>state</th><th>code</th><th>function</th><th>callee</th></tr></thead>
<tbody>
{{range .RemainingList}}<tr><td class="nw"><code>{{.Where}}</code></td><td class="nw">{{.State}}</td><td>{{.Code}}</td><td><code>{{.Function}}</code></td><td><code>{{.Callee}}</code></td></tr>
{{end}}</tbody>
</table></div>
{{end}}{{if .Roots}}<h2>Blocking roots: convert these first</h2>
<p>Each bar is a sync function holding a blocking call, as long as the number of async call sites it makes blocking: converting it (and the functions between) clears them all.{{if gt .RootsTotal (len .Roots)}} Top {{len .Roots}} of {{.RootsTotal}}.{{end}}</p>
<svg id="roots-chart" xmlns="http://www.w3.org/2000/svg" width="720" height="{{.RootsHeight}}" viewBox="0 0 720 {{.RootsHeight}}" role="img" aria-label="blocking roots by async call sites">
{{range .Roots}}<g><title>{{.Title}}</title>
<text x="0" y="{{.TextY}}">{{.Short}}</text>
<rect x="260" y="{{.BarY}}" width="{{f1 .Width}}" height="16" fill="#f9a825" rx="2"></rect>
<text x="{{f1 .ValueX}}" y="{{.TextY}}" font-weight="700">{{.Sites}}</text>
</g>
{{end}}</svg>
<div class="scroll"><table id="roots">
<thead><tr><th class="n">async call sites</th><th>root</th><th>where</th></tr></thead>
<tbody>
{{range .Roots}}<tr><td class="n">{{.Sites}}</td><td><code>{{.Label}}</code></td><td class="nw"><code>{{.Where}}</code></td></tr>
{{end}}</tbody>
</table></div>
{{end}}{{if .Compat}}<h2>Compat functions ({{len .Compat}})</h2>
<p>Sync versions kept beside their async twins, with what still uses them; those with no use left are candidates for <code>asynclint fix --prune</code>.</p>
<div class="scroll"><table id="compat">
<thead><tr><th>function</th><th>twin</th><th>uses left</th></tr></thead>
<tbody>
{{range .Compat}}<tr><td><code>{{.Function}}</code><br><code>{{.Where}}</code></td><td><code>{{.Twin}}</code></td><td>{{if .Unused}}<span class="pass">{{.Summary}}</span>{{else}}{{.Summary}}<ul>{{range .Uses}}<li><code>{{.}}</code></li>{{end}}</ul>{{end}}</td></tr>
{{end}}</tbody>
</table></div>
{{end}}{{with .Trend}}<h2>History</h2>
<svg id="trend-chart" xmlns="http://www.w3.org/2000/svg" width="720" height="{{f1 .Height}}" viewBox="0 0 720 {{f1 .Height}}" role="img" aria-label="coverage per commit">
{{range .Ticks}}<line x1="{{f1 $.Trend.Left}}" x2="{{f1 $.Trend.Right}}" y1="{{f1 .Y}}" y2="{{f1 .Y}}" stroke="#d0d7de"></line><text x="4" y="{{f1 .Y}}" dy="4">{{.Label}}</text>
{{end}}<polyline points="{{.Line}}" fill="none" stroke="#2e7d32" stroke-width="2"></polyline>
{{range .Points}}<circle cx="{{f1 .X}}" cy="{{f1 .Y}}" r="3.5" fill="#2e7d32"><title>{{.Title}}</title></circle>
{{end}}{{range .XLabels}}<text x="{{f1 .X}}" y="{{f1 .Y}}" text-anchor="middle">{{.Label}}</text>
{{end}}</svg>
{{end}}{{if .History}}<div class="scroll"><table id="history">
<thead><tr><th>commit</th><th>date</th><th class="n">sites</th><th class="n">remaining</th><th class="n">coverage</th><th>subject</th></tr></thead>
<tbody>
{{range .History}}<tr><td><code title="{{.Commit}}">{{.Short}}</code></td><td class="nw">{{.Date}}</td><td class="n">{{.Sites}}</td><td class="n">{{.Remaining}}</td><td class="n">{{.Coverage}}</td><td>{{.Subject}}</td></tr>
{{end}}</tbody>
</table></div>
{{end}}<footer>asynclint {{.Version}} · coverage = (async-safe + compat) / all {{.SitesPlural}}; a scope with no {{.SiteSingular}} counts as 100%.</footer>
</body>
</html>
`))

func writeHTML(w io.Writer, in Input) error {
	return htmlTemplate.Execute(w, htmlModel(in))
}
