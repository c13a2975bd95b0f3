// Package config reads asynclint's settings from `[tool.asynclint]` in
// pyproject.toml or from .asynclint.toml, the nearer file to the checked
// path winning, as ruff finds its configuration.
package config

import (
	"errors"
	"fmt"
	"github.com/asynclint/asynclint/internal/python/pyrules"
	"github.com/asynclint/asynclint/internal/rules"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/BurntSushi/toml"
	"github.com/asynclint/asynclint/internal/finding"
	gitignore "github.com/sabhiram/go-gitignore"
)

// Config is asynclint's configuration. The zero value selects every rule.
type Config struct {
	// Path is the file the settings came from; empty for defaults.
	Path string `toml:"-"`

	// Select lists rule codes or code prefixes to enable; empty means all.
	Select []string `toml:"select"`
	// Ignore lists rule codes or prefixes to disable; it wins over Select.
	Ignore []string `toml:"ignore"`
	// Exclude holds gitignore-style patterns of paths not to walk,
	// relative to the configuration file's directory.
	Exclude []string `toml:"exclude"`
	// PerFileIgnores maps a gitignore-style pattern to the codes ignored in
	// the files it matches.
	PerFileIgnores map[string][]string `toml:"per-file-ignores"`
	// AsyncLibrary is the library rewritten Python code uses: asyncio
	// (default), trio or anyio.
	AsyncLibrary string `toml:"async-library"`
	// ExtraBlocking lists qualified names of functions that block, each
	// with an optional category after a colon ("mylib.fetch:http"; sleep
	// when none is given), e.g. "mylib.wait_blocking".
	ExtraBlocking []string `toml:"extra-blocking"`
	// FollowDecorators lists qualified names of third-party decorators
	// whose wrapper calls the decorated function inline, so that AL100
	// follows calls of functions they decorate (builtin and functools
	// decorators are followed anyway; other unknown ones are not).
	FollowDecorators []string `toml:"follow-decorators"`
	// TwinName is the name template of async twins; "{name}" stands for the
	// sync function's name. Default "{name}_async".
	TwinName string `toml:"twin-name"`
	// ReportPaths are the paths `asynclint report` covers when none are given.
	ReportPaths []string `toml:"report-paths"`
	// MinCoverage is the coverage gate in percent; nil means no gate.
	MinCoverage *float64 `toml:"min-coverage"`
	// MaxBlocking is the gate on remaining blocking sites; nil means none.
	MaxBlocking *int `toml:"max-blocking"`
	// Baseline is the ratchet's baseline file, relative to the config file.
	Baseline string `toml:"baseline"`
	// PublicModules are dotted Python module names whose functions are
	// public API: `fix --prune` keeps them (unless --prune-public) even
	// when nothing in the tree uses them. A name marks that module and the
	// modules below it ("mylib.api" marks mylib.api.v1).
	PublicModules []string `toml:"public-modules"`
	// Severity maps a rule code or prefix ("AL1", "ASYNC", "ALL") to the
	// severity editors show its findings with: error, warning, info or
	// hint. The longest matching prefix wins. Unset, the language server
	// shows E902 and E999 as errors and the rules as warnings.
	Severity map[string]string `toml:"severity"`
}

// IsPublicModule reports whether public-modules marks the dotted module
// name as public.
func (c *Config) IsPublicModule(name string) bool {
	for _, p := range c.PublicModules {
		if name == p || strings.HasPrefix(name, p+".") {
			return true
		}
	}
	return false
}

// FileNames are the configuration files looked for in each directory, in
// order of preference within one directory.
var FileNames = []string{".asynclint.toml", "pyproject.toml"}

// AsyncLibraries are the values async-library takes.
var AsyncLibraries = []string{"asyncio", "trio", "anyio"}

// Dir is the directory relative settings are resolved against.
func (c *Config) Dir() string {
	if c.Path == "" {
		return "."
	}
	return filepath.Dir(c.Path)
}

// Find returns the configuration that applies to start (a file or
// directory): the nearest .asynclint.toml, or pyproject.toml with a
// [tool.asynclint] table, found by walking up. It returns defaults when
// there is none.
func Find(start string) (*Config, error) {
	abs, err := filepath.Abs(start)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", start, err)
	}
	if info, err := os.Stat(abs); err == nil && !info.IsDir() {
		abs = filepath.Dir(abs)
	}
	var f Finder
	return f.Find(abs)
}

// Finder finds configurations as Find does, remembering what each
// directory resolved to: the files of a tree, each under its nearest
// configuration, read every configuration file once. Not safe for
// concurrent use.
type Finder struct {
	byDir map[string]*Config
}

// Find returns the configuration that applies to the directory dir, as
// Find does.
func (f *Finder) Find(dir string) (*Config, error) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", dir, err)
	}
	if f.byDir == nil {
		f.byDir = map[string]*Config{}
	}
	var walked []string
	var c *Config
	for d := abs; c == nil; d = filepath.Dir(d) {
		if known := f.byDir[d]; known != nil {
			c = known
			break
		}
		walked = append(walked, d)
		for _, name := range FileNames {
			found, ok, err := load(filepath.Join(d, name), name == "pyproject.toml")
			if err != nil {
				return nil, err
			}
			if ok {
				c = found
				break
			}
		}
		if c == nil && filepath.Dir(d) == d {
			c = &Config{}
		}
	}
	for _, d := range walked {
		f.byDir[d] = c
	}
	return c, nil
}

// Load reads the configuration file path, which must exist: a
// pyproject.toml's [tool.asynclint] table, or any other TOML file's top level.
func Load(path string) (*Config, error) {
	if _, err := os.Stat(path); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	c, found, err := load(path, filepath.Base(path) == "pyproject.toml")
	if err != nil {
		return nil, err
	}
	if !found {
		return nil, fmt.Errorf("%s: no [tool.asynclint] table", path)
	}
	return c, nil
}

// load reads one file; found is false when it does not exist or, for a
// pyproject.toml, has no [tool.asynclint] table.
func load(path string, pyproject bool) (c *Config, found bool, err error) {
	data, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, false, nil
	}
	if err != nil {
		return nil, false, fmt.Errorf("%s: %w", path, err)
	}
	c = &Config{Path: path}
	prefix := ""
	if pyproject {
		var doc struct {
			Tool map[string]toml.Primitive `toml:"tool"`
		}
		md, err := toml.Decode(string(data), &doc)
		if err != nil {
			return nil, false, fmt.Errorf("%s: %w", path, typeError(err))
		}
		prim, ok := doc.Tool["asynclint"]
		if !ok {
			return nil, false, nil
		}
		if err := md.PrimitiveDecode(prim, c); err != nil {
			return nil, false, fmt.Errorf("%s: [tool.asynclint]: %w", path, typeError(err))
		}
		prefix = "tool.asynclint."
		if err := unknownKeys(path, md, prefix); err != nil {
			return nil, false, err
		}
	} else {
		md, err := toml.Decode(string(data), c)
		if err != nil {
			return nil, false, fmt.Errorf("%s: %w", path, typeError(err))
		}
		if err := unknownKeys(path, md, ""); err != nil {
			return nil, false, err
		}
	}
	if err := c.validate(); err != nil {
		return nil, false, fmt.Errorf("%s: %w", path, err)
	}
	return c, true, nil
}

var typeErrorRe = regexp.MustCompile(`^toml: (line \d+ )?\(last key "(.+?)"\): incompatible types: TOML value has type (.+); destination has type (.+)$`)

// typeError says a value of the wrong type in the TOML's words ("line 1:
// select is a string, want an array of strings"), not in the decoder's Go
// ones ("destination has type slice"); other errors are returned as they
// are.
func typeError(err error) error {
	m := typeErrorRe.FindStringSubmatch(err.Error())
	if m == nil {
		return err
	}
	words := func(t string) string {
		switch {
		case t == "string":
			return "a string"
		case t == "bool":
			return "a boolean"
		case strings.HasPrefix(t, "int") || t == "integer":
			return "an integer"
		case strings.HasPrefix(t, "float"):
			return "a number"
		case t == "slice" || t == "array" || strings.HasPrefix(t, "[]"):
			return "an array of strings"
		case t == "map" || t == "struct" || strings.HasPrefix(t, "map["):
			return "a table"
		}
		return t
	}
	got := words(m[3])
	if got == "an array of strings" {
		got = "an array"
	}
	line := ""
	if m[1] != "" {
		line = strings.TrimSpace(m[1]) + ": "
	}
	key := m[2]
	if k, err := strconv.Unquote(`"` + key + `"`); err == nil {
		key = k
	}
	return fmt.Errorf("%s%s is %s, want %s", line, key, got, words(m[4]))
}

func unknownKeys(path string, md toml.MetaData, prefix string) error {
	var bad []string
	for _, k := range md.Undecoded() {
		s := k.String()
		if prefix != "" {
			if !strings.HasPrefix(s+".", prefix) || s+"." == prefix {
				continue // another tool's table, or the table itself
			}
			s = strings.TrimPrefix(s, prefix)
		}
		bad = append(bad, s)
	}
	if len(bad) == 0 {
		return nil
	}
	sort.Strings(bad)
	return fmt.Errorf("%s: unknown key %q in asynclint settings (known: %s)", path, bad[0], strings.Join(knownKeys(), ", "))
}

func knownKeys() []string {
	return []string{"async-library", "baseline", "exclude", "extra-blocking", "follow-decorators", "ignore", "max-blocking",
		"min-coverage", "per-file-ignores", "public-modules", "report-paths", "select", "severity", "twin-name"}
}

func (c *Config) validate() error {
	if c.AsyncLibrary != "" && !slices.Contains(AsyncLibraries, c.AsyncLibrary) {
		return fmt.Errorf("async-library: %q is not one of %s", c.AsyncLibrary, strings.Join(AsyncLibraries, ", "))
	}
	if c.TwinName != "" && (!strings.Contains(c.TwinName, "{name}") || c.TwinName == "{name}") {
		return fmt.Errorf("twin-name: %q must contain {name} and something besides", c.TwinName)
	}
	if c.TwinName != "" && !twinTemplate(c.TwinName) {
		return fmt.Errorf("twin-name: %q must be {name} with ASCII letters, digits and underscores around it (not a digit first): the twin's name is a Python identifier", c.TwinName)
	}
	if c.MinCoverage != nil && (*c.MinCoverage < 0 || *c.MinCoverage > 100) {
		return fmt.Errorf("min-coverage: %v is not a percentage from 0 to 100", *c.MinCoverage)
	}
	if c.MaxBlocking != nil && *c.MaxBlocking < 0 {
		return fmt.Errorf("max-blocking: %d is negative", *c.MaxBlocking)
	}
	for _, name := range c.ExtraBlocking {
		if _, err := pyrules.ParseExtra(name); err != nil {
			return fmt.Errorf("extra-blocking: %w", err)
		}
	}
	for _, name := range c.FollowDecorators {
		if !strings.Contains(name, ".") || strings.ContainsAny(name, " ()@") {
			return fmt.Errorf("follow-decorators: %q is not a qualified name such as mylib.traced", name)
		}
	}
	for _, name := range c.PublicModules {
		if name == "" || strings.ContainsAny(name, " /\\()*") || strings.HasPrefix(name, ".") || strings.HasSuffix(name, ".") {
			return fmt.Errorf("public-modules: %q is not a dotted module name such as mylib.api", name)
		}
	}
	for _, list := range [][]string{c.Select, c.Ignore} {
		for _, code := range list {
			if !validCode(code) {
				return fmt.Errorf("rule code %q is not a code or code prefix such as ASYNC251 or AL1", code)
			}
		}
	}
	for code, sev := range c.Severity {
		if code != "ALL" && !validCode(code) {
			return fmt.Errorf("severity: %q is not a rule code or code prefix", code)
		}
		if !slices.Contains(Severities, sev) {
			return fmt.Errorf("severity: %s: %q is not one of %s", code, sev, strings.Join(Severities, ", "))
		}
	}
	for pattern, codes := range c.PerFileIgnores {
		for _, code := range codes {
			if !validCode(code) {
				return fmt.Errorf("per-file-ignores: %q: rule code %q is not a code or code prefix", pattern, code)
			}
		}
	}
	return nil
}

func validCode(code string) bool {
	if code == "" || code == "ALL" {
		return code == "ALL"
	}
	for _, r := range code {
		if !(r >= 'A' && r <= 'Z' || r >= '0' && r <= '9') {
			return false
		}
	}
	return true
}

// Severities are the values of the severity table, most severe first.
var Severities = []string{"error", "warning", "info", "hint"}

// SeverityOf returns the severity the configuration gives code (the entry
// of the longest prefix of it, "ALL" matching every code), or "" when none
// does.
func (c *Config) SeverityOf(code string) string {
	best, sev := -1, ""
	for prefix, v := range c.Severity {
		n := len(prefix)
		if prefix == "ALL" {
			n = 0
		} else if !strings.HasPrefix(code, prefix) {
			continue
		}
		if n > best {
			best, sev = n, v
		}
	}
	return sev
}

// Enabled reports whether code is selected and not ignored, as the rule
// registry decides it (rules.Selected).
func (c *Config) Enabled(code string) bool {
	return rules.Selected(code, c.Select, c.Ignore)
}

// Extras returns the extra-blocking entries parsed (Validate has checked
// them).
func (c *Config) Extras() []pyrules.Extra {
	var out []pyrules.Extra
	for _, s := range c.ExtraBlocking {
		if e, err := pyrules.ParseExtra(s); err == nil {
			out = append(out, e)
		}
	}
	return out
}

// IgnoredIn reports whether per-file-ignores turn code off in path, a path
// as discovered (relative to the working directory or absolute). File
// errors (E902, E999) are never turned off.
func (c *Config) IgnoredIn(path, code string) bool {
	if len(c.PerFileIgnores) == 0 || finding.IsFileError(code) {
		return false
	}
	rel := c.relative(path)
	for pattern, codes := range c.PerFileIgnores {
		if !finding.MatchesCode(code, codes) {
			continue
		}
		if gitignore.CompileIgnoreLines(pattern).MatchesPath(rel) {
			return true
		}
	}
	return false
}

// WalkExclude returns the exclude patterns a walk applies and the
// absolute directory they are relative to, the configuration file's
// (discover.Options.ExcludeBase): a walk of a folder below it keeps out
// what a walk of the folder itself keeps out of it. None when there are
// no patterns or the directory cannot be made absolute.
func (c *Config) WalkExclude() (patterns []string, base string) {
	if len(c.Exclude) == 0 {
		return nil, ""
	}
	dir, err := filepath.Abs(c.Dir())
	if err != nil {
		return nil, ""
	}
	return c.Exclude, dir
}

// Excluded reports whether path (relative to the working directory or
// absolute) matches the exclude patterns, which are relative to the
// configuration file's directory. A path outside that directory is never
// excluded.
func (c *Config) Excluded(path string) bool {
	if len(c.Exclude) == 0 {
		return false
	}
	rel := c.relative(path)
	if rel == ".." || strings.HasPrefix(rel, "../") || filepath.IsAbs(rel) {
		return false
	}
	return gitignore.CompileIgnoreLines(c.Exclude...).MatchesPath(rel)
}

// relative makes path relative to the configuration's directory, with
// forward slashes, for pattern matching.
func (c *Config) relative(path string) string {
	abs, err := filepath.Abs(filepath.FromSlash(path))
	if err != nil {
		return filepath.ToSlash(path)
	}
	dir, err := filepath.Abs(c.Dir())
	if err != nil {
		return filepath.ToSlash(path)
	}
	rel, err := filepath.Rel(dir, abs)
	if err != nil {
		return filepath.ToSlash(path)
	}
	return filepath.ToSlash(rel)
}

// TwinFor returns the async twin's name for a sync function name.
func (c *Config) TwinFor(name string) string {
	tmpl := c.TwinName
	if tmpl == "" {
		tmpl = "{name}_async"
	}
	return strings.ReplaceAll(tmpl, "{name}", name)
}

// Library returns the async library, asyncio by default.
func (c *Config) Library() string {
	if c.AsyncLibrary == "" {
		return "asyncio"
	}
	return c.AsyncLibrary
}

// twinTemplate reports whether a twin-name template makes a Python
// identifier of every function name: what it adds to {name} is ASCII
// letters, digits and underscores, and it does not start with a digit.
func twinTemplate(t string) bool {
	lit := strings.ReplaceAll(t, "{name}", "")
	for _, r := range lit {
		if !(r == '_' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9') {
			return false
		}
	}
	return !(t[0] >= '0' && t[0] <= '9')
}
