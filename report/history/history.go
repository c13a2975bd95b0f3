// Package history computes migration coverage at each of the last commits of
// a git repository, for `asynclint report --history N`.
//
// Old commits are read from git objects, never checked out: the working
// tree, the index and HEAD are left alone. The files that matter to the
// scope are copied into a mirror directory (a temporary directory removed at
// the end), which is updated from one commit to the next with only the files
// that changed; when none of the files that matter changed, the previous
// commit's result is reused without analysing anything.
//
// The files that matter are those under the scope's paths; configuration
// files (pyproject.toml, .asynclint.toml, .gitignore, go.mod, go.sum,
// go.work) in the directories above them; when the scope holds Go files of a
// module whose go.mod lies above the scope, that module's .go files; and the
// .go files of the modules that a go.mod of those (or a go.work above them)
// takes from a directory of the repository (a replace directive such as
// "=> ../runtime", a use directive), so that Go packages in scope can be
// type-checked and facts from their imports computed. A commit where some
// Go packages still do not load or compile is marked Incomplete rather than
// shown with a smaller count.
package history

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/asynclint/asynclint/internal/finding"
	"github.com/asynclint/asynclint/report/coverage"
	"golang.org/x/mod/modfile"
)

// Analyze analyses paths (slash-separated, relative to dir, "." for dir
// itself) in the tree rooted at dir.
type Analyze func(dir string, paths []string) (Analysis, error)

// Analysis is what an Analyze found at one commit.
type Analysis struct {
	// Sites are the sleep sites.
	Sites []finding.Site
	// Unanalysed names, with the reason, each part of the scope that could
	// not be analysed (a Go package that does not load or compile): its
	// sites are missing from Sites.
	Unanalysed []string
}

// Point is the coverage at one commit.
type Point struct {
	// Commit is the full commit hash.
	Commit string `json:"commit"`
	// Time is the committer date.
	Time time.Time `json:"time"`
	// Subject is the first line of the commit message.
	Subject string `json:"subject"`
	// Counts are the overall counts at the commit.
	Counts coverage.Counts `json:"counts"`
	// Coverage is Counts.Percent(), for JSON readers.
	Coverage float64 `json:"coverage"`
	// Absent is true when none of the scope's paths existed at the commit.
	Absent bool `json:"absent,omitempty"`
	// Reused is true when no file that matters changed since the previous
	// point, whose result was reused.
	Reused bool `json:"reused"`
	// Error is the analysis error at this commit, if any; the history goes
	// on without it.
	Error string `json:"error,omitempty"`
	// Incomplete says what could not be analysed at this commit (Go
	// packages that do not load or compile there); Counts then cover only
	// the rest and are not comparable with complete points.
	Incomplete string `json:"incomplete,omitempty"`
}

// Unmeasured says why the point has no coverage to show: the analysis
// error, an incomplete analysis, or an absent scope ("absent"); "" when it
// has one.
func (p Point) Unmeasured() string {
	switch {
	case p.Error != "":
		return "error: " + p.Error
	case p.Incomplete != "":
		return "incomplete: " + p.Incomplete
	case p.Absent:
		return "absent"
	}
	return ""
}

// Short returns the abbreviated commit hash.
func (p Point) Short() string {
	if len(p.Commit) > 8 {
		return p.Commit[:8]
	}
	return p.Commit
}

// configNames are the files above the scope that can change the analysis.
var configNames = []string{"pyproject.toml", ".asynclint.toml", ".gitignore", "go.mod", "go.sum", "go.work"}

// Run computes the coverage of paths (files or directories inside one git
// repository) at each of the last n commits on the first-parent line of
// HEAD, oldest first.
func Run(paths []string, n int, analyze Analyze) ([]Point, error) {
	if n < 1 {
		return nil, fmt.Errorf("history: %d commits asked for, want at least 1", n)
	}
	if len(paths) == 0 {
		paths = []string{"."}
	}
	top, scope, err := locate(paths)
	if err != nil {
		return nil, err
	}
	g := &git{dir: top}
	commits, err := g.commits(n)
	if err != nil {
		return nil, err
	}
	newest, err := g.listTree(commits[len(commits)-1].hash)
	if err != nil {
		return nil, err
	}
	cat, err := g.catFile()
	if err != nil {
		return nil, err
	}
	defer cat.close()
	sel := newSelector(scope, newest)
	if err := sel.addLocalModules(newest, cat); err != nil {
		return nil, err
	}

	mirror, err := os.MkdirTemp("", "asynclint-history-*")
	if err != nil {
		return nil, fmt.Errorf("history: %w", err)
	}
	defer os.RemoveAll(mirror)

	var points []Point
	for i, c := range commits {
		var changes []change
		if i == 0 {
			entries, err := g.listTree(c.hash)
			if err != nil {
				return nil, err
			}
			for _, e := range entries {
				if sel.matters(e.path) {
					changes = append(changes, e)
				}
			}
		} else {
			all, err := g.diffTree(commits[i-1].hash, c.hash)
			if err != nil {
				return nil, err
			}
			for _, e := range all {
				if sel.matters(e.path) {
					changes = append(changes, e)
				}
			}
		}
		for _, ch := range changes {
			if err := apply(mirror, ch, cat); err != nil {
				return nil, fmt.Errorf("history: commit %s: %w", c.hash, err)
			}
		}
		p := Point{Commit: c.hash, Time: c.time, Subject: c.subject}
		if i > 0 && len(changes) == 0 {
			prev := points[i-1]
			p.Counts, p.Absent, p.Error, p.Incomplete, p.Reused = prev.Counts, prev.Absent, prev.Error, prev.Incomplete, true
		} else {
			var present []string
			for _, s := range scope {
				if _, err := os.Lstat(filepath.Join(mirror, filepath.FromSlash(s))); err == nil {
					present = append(present, s)
				}
			}
			if len(present) == 0 {
				p.Absent = true
			} else if a, err := analyze(mirror, present); err != nil {
				p.Error = strings.ReplaceAll(err.Error(), mirror+string(filepath.Separator), "")
			} else {
				p.Counts = coverage.Compute(a.Sites).Total.Counts
				if len(a.Unanalysed) > 0 {
					p.Incomplete = strings.ReplaceAll(describeUnanalysed(a.Unanalysed), mirror+string(filepath.Separator), "")
				}
			}
		}
		p.Coverage = p.Counts.Percent()
		points = append(points, p)
	}
	return points, nil
}

// describeUnanalysed is a point's Incomplete text: how many parts were not
// analysed and the first few of them.
func describeUnanalysed(parts []string) string {
	const shown = 3
	head := strings.Join(parts[:min(shown, len(parts))], "; ")
	if len(parts) > shown {
		head += fmt.Sprintf("; and %d more", len(parts)-shown)
	}
	return fmt.Sprintf("%d not analysed: %s", len(parts), head)
}

// locate finds the repository holding paths and their slash-separated
// paths relative to its top ("." for the top itself).
func locate(paths []string) (top string, scope []string, err error) {
	for _, p := range paths {
		abs, err := filepath.Abs(p)
		if err != nil {
			return "", nil, fmt.Errorf("history: %s: %w", p, err)
		}
		if real, err := filepath.EvalSymlinks(abs); err == nil {
			abs = real
		}
		if top == "" {
			dir := abs
			if info, err := os.Stat(abs); err == nil && !info.IsDir() {
				dir = filepath.Dir(abs)
			}
			out, err := exec.Command("git", "-C", dir, "rev-parse", "--show-toplevel").Output()
			if err != nil {
				return "", nil, fmt.Errorf("history: %s is not in a git repository: %w", p, gitErr(err))
			}
			top = strings.TrimSpace(string(out))
			if real, err := filepath.EvalSymlinks(top); err == nil {
				top = real
			}
		}
		rel, err := filepath.Rel(top, abs)
		if err != nil || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
			return "", nil, fmt.Errorf("history: %s is outside the repository %s", p, top)
		}
		scope = append(scope, filepath.ToSlash(rel))
	}
	return top, scope, nil
}

// selector decides which repository files matter to the scope.
type selector struct {
	scope     []string
	ancestors map[string]bool // directories above scope entries, "." for the top
	modules   []string        // module roots above the scope whose .go files matter
}

func newSelector(scope []string, newest []change) *selector {
	s := &selector{scope: scope, ancestors: map[string]bool{}}
	for _, p := range scope {
		for d := path.Dir(p); ; d = path.Dir(d) {
			s.ancestors[d] = true
			if d == "." {
				break
			}
		}
		if p == "." {
			s.ancestors["."] = true
		}
	}
	goMods := map[string]bool{}
	for _, e := range newest {
		if path.Base(e.path) == "go.mod" {
			goMods[path.Dir(e.path)] = true
		}
	}
	for _, e := range newest {
		if !strings.HasSuffix(e.path, ".go") || !s.inScope(e.path) {
			continue
		}
		for d := path.Dir(e.path); ; d = path.Dir(d) {
			if goMods[d] {
				if !s.inScope(d) && !slices.Contains(s.modules, d) {
					s.modules = append(s.modules, d)
				}
				break
			}
			if d == "." {
				break
			}
		}
	}
	return s
}

// addLocalModules adds to the modules whose Go files matter those that a
// go.mod of a module in or above the scope, or a go.work above the scope,
// takes from a directory of the repository, following them transitively
// (the newest commit's files say which). A directory outside the repository
// is not mirrored: the go command finds it where it is.
func (s *selector) addLocalModules(newest []change, cat *catFile) error {
	blobs := map[string]string{}
	for _, e := range newest {
		blobs[e.path] = e.blob
	}
	read := func(p string) ([]byte, bool, error) {
		blob, ok := blobs[p]
		if !ok {
			return nil, false, nil
		}
		data, err := cat.blob(blob)
		if err != nil {
			return nil, false, fmt.Errorf("history: %s: %w", p, err)
		}
		return data, true, nil
	}
	var work []string // module directories whose go.mod to read
	for d := range s.ancestors {
		data, ok, err := read(path.Join(d, "go.work"))
		if err != nil {
			return err
		}
		if ok {
			for _, dir := range localDirs(path.Join(d, "go.work"), data) {
				s.addModule(dir)
				work = append(work, dir)
			}
		}
	}
	for _, e := range newest {
		if path.Base(e.path) == "go.mod" && s.inScope(e.path) {
			work = append(work, path.Dir(e.path))
		}
	}
	work = append(work, s.modules...)
	done := map[string]bool{}
	for len(work) > 0 {
		m := work[len(work)-1]
		work = work[:len(work)-1]
		if done[m] {
			continue
		}
		done[m] = true
		data, ok, err := read(path.Join(m, "go.mod"))
		if err != nil {
			return err
		}
		if !ok {
			continue
		}
		for _, dir := range localDirs(path.Join(m, "go.mod"), data) {
			s.addModule(dir)
			work = append(work, dir)
		}
	}
	return nil
}

// addModule makes the Go files of the module at dir matter.
func (s *selector) addModule(dir string) {
	if !s.inScope(dir) && !slices.Contains(s.modules, dir) {
		s.modules = append(s.modules, dir)
	}
}

// localDirs returns the repository directories (slash-separated, relative
// to the top) that a go.mod's replace directives or a go.work's use
// directives name, leaving out those outside the repository. A file that
// does not parse names none: the analysis reports it.
func localDirs(file string, data []byte) []string {
	var rel []string
	if path.Base(file) == "go.work" {
		w, err := modfile.ParseWork(file, data, nil)
		if err != nil {
			return nil
		}
		for _, u := range w.Use {
			rel = append(rel, u.Path)
		}
	} else {
		f, err := modfile.Parse(file, data, nil)
		if err != nil {
			return nil
		}
		for _, r := range f.Replace {
			if modfile.IsDirectoryPath(r.New.Path) {
				rel = append(rel, r.New.Path)
			}
		}
	}
	var dirs []string
	for _, r := range rel {
		r = filepath.ToSlash(r)
		if path.IsAbs(r) || filepath.IsAbs(r) {
			continue
		}
		d := path.Join(path.Dir(file), r)
		if d == ".." || strings.HasPrefix(d, "../") {
			continue
		}
		dirs = append(dirs, d)
	}
	return dirs
}

func under(p, dir string) bool {
	return dir == "." || p == dir || strings.HasPrefix(p, dir+"/")
}

func (s *selector) inScope(p string) bool {
	for _, sc := range s.scope {
		if under(p, sc) {
			return true
		}
	}
	return false
}

func (s *selector) matters(p string) bool {
	if s.inScope(p) {
		return true
	}
	base := path.Base(p)
	if s.ancestors[path.Dir(p)] && slices.Contains(configNames, base) {
		return true
	}
	if strings.HasSuffix(p, ".go") || base == "go.mod" || base == "go.sum" {
		for _, m := range s.modules {
			if under(p, m) {
				return true
			}
		}
	}
	return false
}

// change is a file of a commit's tree: added or modified (blob set) or
// deleted (deleted set).
type change struct {
	mode    string
	blob    string
	path    string
	deleted bool
}

// apply writes or removes one file of the mirror.
func apply(mirror string, ch change, cat *catFile) error {
	dst := filepath.Join(mirror, filepath.FromSlash(ch.path))
	regular := ch.mode == "100644" || ch.mode == "100755"
	if ch.deleted || !regular {
		// Symbolic links and submodules are not followed into the mirror.
		if err := os.Remove(dst); err != nil && !os.IsNotExist(err) {
			return fmt.Errorf("%s: %w", ch.path, err)
		}
		return nil
	}
	data, err := cat.blob(ch.blob)
	if err != nil {
		return fmt.Errorf("%s: %w", ch.path, err)
	}
	if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
		return fmt.Errorf("%s: %w", ch.path, err)
	}
	if err := os.WriteFile(dst, data, 0o644); err != nil {
		return fmt.Errorf("%s: %w", ch.path, err)
	}
	return nil
}

// git runs read-only git commands in a repository.
type git struct{ dir string }

type commit struct {
	hash    string
	time    time.Time
	subject string
}

func (g *git) command(args ...string) *exec.Cmd {
	cmd := exec.Command("git", append([]string{"-C", g.dir}, args...)...)
	// Read-only: do not even refresh the index's stat cache.
	cmd.Env = append(os.Environ(), "GIT_OPTIONAL_LOCKS=0")
	return cmd
}

func (g *git) output(args ...string) ([]byte, error) {
	out, err := g.command(args...).Output()
	if err != nil {
		return nil, fmt.Errorf("history: git %s in %s: %w", args[0], g.dir, gitErr(err))
	}
	return out, nil
}

// gitErr adds git's standard error to an exec error.
func gitErr(err error) error {
	if ee, ok := err.(*exec.ExitError); ok && len(ee.Stderr) > 0 {
		return fmt.Errorf("%w: %s", err, strings.TrimSpace(string(ee.Stderr)))
	}
	return err
}

// commits returns the last n first-parent commits of HEAD, oldest first.
func (g *git) commits(n int) ([]commit, error) {
	out, err := g.output("log", "--first-parent", "--max-count="+strconv.Itoa(n), "--format=%H%x00%ct%x00%s%x00", "HEAD")
	if err != nil {
		return nil, err
	}
	var cs []commit
	fields := strings.Split(string(out), "\x00")
	for i := 0; i+2 < len(fields); i += 3 {
		hash := strings.TrimSpace(fields[i])
		secs, err := strconv.ParseInt(fields[i+1], 10, 64)
		if err != nil {
			return nil, fmt.Errorf("history: git log in %s: bad date %q", g.dir, fields[i+1])
		}
		cs = append(cs, commit{hash: hash, time: time.Unix(secs, 0).UTC(), subject: fields[i+2]})
	}
	if len(cs) == 0 {
		return nil, fmt.Errorf("history: no commits in %s", g.dir)
	}
	slices.Reverse(cs)
	return cs, nil
}

// listTree lists every file of a commit's tree.
func (g *git) listTree(rev string) ([]change, error) {
	out, err := g.output("ls-tree", "-r", "-z", "--full-tree", rev)
	if err != nil {
		return nil, err
	}
	var cs []change
	for rec := range strings.SplitSeq(string(out), "\x00") {
		// "<mode> SP <type> SP <object> TAB <path>"
		meta, p, ok := strings.Cut(rec, "\t")
		if !ok {
			continue
		}
		f := strings.Fields(meta)
		if len(f) != 3 {
			continue
		}
		cs = append(cs, change{mode: f[0], blob: f[2], path: p})
	}
	return cs, nil
}

// diffTree lists the files that differ between two commits.
func (g *git) diffTree(from, to string) ([]change, error) {
	out, err := g.output("diff-tree", "-r", "-z", "--no-renames", "--no-commit-id", from, to)
	if err != nil {
		return nil, err
	}
	var cs []change
	recs := strings.Split(string(out), "\x00")
	for i := 0; i+1 < len(recs); i += 2 {
		// ":<old mode> <new mode> <old sha> <new sha> <status>" NUL "<path>"
		f := strings.Fields(strings.TrimPrefix(recs[i], ":"))
		if len(f) != 5 {
			return nil, fmt.Errorf("history: git diff-tree in %s: unexpected record %q", g.dir, recs[i])
		}
		cs = append(cs, change{mode: f[1], blob: f[3], path: recs[i+1], deleted: f[4] == "D"})
	}
	return cs, nil
}

// catFile is a running `git cat-file --batch`.
type catFile struct {
	cmd *exec.Cmd
	in  io.WriteCloser
	out *bufio.Reader
}

func (g *git) catFile() (*catFile, error) {
	cmd := g.command("cat-file", "--batch")
	in, err := cmd.StdinPipe()
	if err != nil {
		return nil, fmt.Errorf("history: git cat-file in %s: %w", g.dir, err)
	}
	out, err := cmd.StdoutPipe()
	if err != nil {
		return nil, fmt.Errorf("history: git cat-file in %s: %w", g.dir, err)
	}
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("history: git cat-file in %s: %w", g.dir, err)
	}
	return &catFile{cmd: cmd, in: in, out: bufio.NewReaderSize(out, 1<<16)}, nil
}

// blob returns the content of the object sha.
func (c *catFile) blob(sha string) ([]byte, error) {
	if _, err := io.WriteString(c.in, sha+"\n"); err != nil {
		return nil, fmt.Errorf("git cat-file: %w", err)
	}
	header, err := c.out.ReadString('\n')
	if err != nil {
		return nil, fmt.Errorf("git cat-file: %w", err)
	}
	// "<sha> <type> <size>\n<content>\n" or "<sha> missing\n"
	f := strings.Fields(header)
	if len(f) != 3 {
		return nil, fmt.Errorf("git cat-file: object %s: %s", sha, strings.TrimSpace(header))
	}
	size, err := strconv.Atoi(f[2])
	if err != nil {
		return nil, fmt.Errorf("git cat-file: object %s: bad size %q", sha, f[2])
	}
	data := make([]byte, size+1)
	if _, err := io.ReadFull(c.out, data); err != nil {
		return nil, fmt.Errorf("git cat-file: object %s: %w", sha, err)
	}
	if !bytes.HasSuffix(data, []byte("\n")) {
		return nil, fmt.Errorf("git cat-file: object %s: missing terminator", sha)
	}
	return data[:size], nil
}

func (c *catFile) close() {
	c.in.Close()
	_ = c.cmd.Wait()
}
