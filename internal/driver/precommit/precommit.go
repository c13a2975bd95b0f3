// Package precommit reads a pre-commit hooks manifest
// (.pre-commit-hooks.yaml) strictly and reproduces how pre-commit
// (https://pre-commit.com) picks the files a hook runs on and builds its
// command line, so that asynclint's hooks can be checked without pre-commit
// installed (it is a Python program).
//
// The file selection follows pre-commit: `files` and `exclude` are regular
// expressions searched (not anchored) in the slash-separated path relative
// to the repository's root; `types` must all be among a file's tags,
// `types_or` needs one of them, `exclude_types` none. Tags are those of
// pre-commit's identify library for the extensions listed in extTags, plus
// "file", "executable"/"non-executable" and a Python shebang; other files
// get "file" and "text" only.
package precommit

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"slices"
	"strings"

	"gopkg.in/yaml.v3"
)

// Hook is one hook of a manifest, with pre-commit's defaults filled in.
// Its fields are the manifest's keys, named as in pre-commit's
// documentation of .pre-commit-hooks.yaml.
type Hook struct {
	ID            string   `yaml:"id"`
	Name          string   `yaml:"name"`
	Entry         string   `yaml:"entry"`
	Language      string   `yaml:"language"`
	Description   string   `yaml:"description"`
	Files         string   `yaml:"files"`
	Exclude       string   `yaml:"exclude"`
	Types         []string `yaml:"types"`
	TypesOr       []string `yaml:"types_or"`
	ExcludeTypes  []string `yaml:"exclude_types"`
	Args          []string `yaml:"args"`
	PassFilenames *bool    `yaml:"pass_filenames"`
	AlwaysRun     bool     `yaml:"always_run"`
	RequireSerial bool     `yaml:"require_serial"`
	Stages        []string `yaml:"stages"`

	// AdditionalDependencies, Alias, FailFast, LanguageVersion, LogFile,
	// MinimumPreCommitVersion and Verbose are accepted as pre-commit
	// accepts them; they do not change which files a hook runs on.
	AdditionalDependencies  []string `yaml:"additional_dependencies"`
	Alias                   string   `yaml:"alias"`
	FailFast                bool     `yaml:"fail_fast"`
	LanguageVersion         string   `yaml:"language_version"`
	LogFile                 string   `yaml:"log_file"`
	MinimumPreCommitVersion string   `yaml:"minimum_pre_commit_version"`
	Verbose                 bool     `yaml:"verbose"`

	files, exclude *regexp.Regexp
}

// languages are the values pre-commit accepts for `language`.
var languages = []string{
	"conda", "coursier", "dart", "docker", "docker_image", "dotnet", "fail", "golang",
	"haskell", "julia", "lua", "node", "perl", "pygrep", "python", "r", "ruby", "rust",
	"script", "swift", "system", "unsupported", "unsupported_script",
}

// Load reads and checks the manifest at path.
func Load(path string) ([]*Hook, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("reading hooks: %w", err)
	}
	hooks, err := Parse(data)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return hooks, nil
}

// Parse decodes a manifest: a YAML list of hooks. Unknown keys, missing
// required keys (id, name, entry, language), an unknown language, duplicate
// ids and regular expressions that do not compile are errors.
func Parse(data []byte) ([]*Hook, error) {
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	var hooks []*Hook
	if err := dec.Decode(&hooks); err != nil {
		if err == io.EOF {
			return nil, fmt.Errorf("no hooks")
		}
		return nil, fmt.Errorf("decoding hooks: %w", err)
	}
	if len(hooks) == 0 {
		return nil, fmt.Errorf("no hooks")
	}
	seen := map[string]bool{}
	for i, h := range hooks {
		if h == nil {
			return nil, fmt.Errorf("hook %d: empty", i+1)
		}
		if err := h.check(); err != nil {
			return nil, fmt.Errorf("hook %d (%s): %w", i+1, h.ID, err)
		}
		if seen[h.ID] {
			return nil, fmt.Errorf("hook %d: duplicate id %q", i+1, h.ID)
		}
		seen[h.ID] = true
	}
	return hooks, nil
}

// check validates a decoded hook and compiles its regular expressions.
func (h *Hook) check() error {
	for _, f := range []struct{ key, val string }{
		{"id", h.ID}, {"name", h.Name}, {"entry", h.Entry}, {"language", h.Language},
	} {
		if strings.TrimSpace(f.val) == "" {
			return fmt.Errorf("missing required key %q", f.key)
		}
	}
	if !slices.Contains(languages, h.Language) {
		return fmt.Errorf("language %q: not a pre-commit language", h.Language)
	}
	if len(h.Types) == 0 {
		h.Types = []string{"file"}
	}
	if h.Exclude == "" {
		h.Exclude = "^$"
	}
	var err error
	if h.files, err = regexp.Compile(h.Files); err != nil {
		return fmt.Errorf("files: %w", err)
	}
	if h.exclude, err = regexp.Compile(h.Exclude); err != nil {
		return fmt.Errorf("exclude: %w", err)
	}
	if _, err := Split(h.Entry); err != nil {
		return fmt.Errorf("entry: %w", err)
	}
	return nil
}

// PassesFilenames reports whether the hook gets the selected files as
// arguments (pass_filenames, true unless set to false).
func (h *Hook) PassesFilenames() bool {
	return h.PassFilenames == nil || *h.PassFilenames
}

// Select returns the files, of those given with their tags, that the hook
// runs on, in the order given. Paths are slash-separated and relative to
// the repository's root.
func (h *Hook) Select(files []File) []string {
	var out []string
	for _, f := range files {
		if !h.files.MatchString(f.Path) || h.exclude.MatchString(f.Path) {
			continue
		}
		if !allIn(h.Types, f.Tags) {
			continue
		}
		if len(h.TypesOr) > 0 && !anyIn(h.TypesOr, f.Tags) {
			continue
		}
		if anyIn(h.ExcludeTypes, f.Tags) {
			continue
		}
		out = append(out, f.Path)
	}
	return out
}

// Runs reports whether pre-commit runs the hook given the selected files:
// it is skipped when none was selected, unless always_run is set.
func (h *Hook) Runs(selected []string) bool {
	return len(selected) > 0 || h.AlwaysRun
}

// Command returns the command line pre-commit runs: the entry split as a
// POSIX shell would, then args, then the selected files when the hook
// passes file names.
func (h *Hook) Command(selected []string) []string {
	cmd, _ := Split(h.Entry) // checked by Parse
	cmd = append(cmd, h.Args...)
	if h.PassesFilenames() {
		cmd = append(cmd, selected...)
	}
	return cmd
}

func allIn(want, tags []string) bool {
	for _, w := range want {
		if !slices.Contains(tags, w) {
			return false
		}
	}
	return true
}

func anyIn(want, tags []string) bool {
	for _, w := range want {
		if slices.Contains(tags, w) {
			return true
		}
	}
	return false
}

// File is a file of the repository with its identify tags.
type File struct {
	Path string // slash-separated, relative to the repository's root
	Tags []string
}

// Walk lists the regular files and symbolic links under root as File
// values relative to root, as `pre-commit run --all-files` sees a
// repository whose files are all tracked; .git is skipped.
func Walk(root string) ([]File, error) {
	var files []File
	err := filepath.WalkDir(root, func(name string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if d.Name() == ".git" {
				return filepath.SkipDir
			}
			return nil
		}
		rel, err := filepath.Rel(root, name)
		if err != nil {
			return err
		}
		rel = filepath.ToSlash(rel)
		tags, err := Tags(name, rel)
		if err != nil {
			return err
		}
		files = append(files, File{Path: rel, Tags: tags})
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("listing files under %s: %w", root, err)
	}
	return files, nil
}

// extTags are identify's tags for the extensions asynclint's hooks and
// their tests meet.
var extTags = map[string][]string{
	".py":   {"text", "python"},
	".pyi":  {"text", "pyi"},
	".go":   {"text", "go"},
	".mod":  {"text", "go-mod"},
	".sum":  {"text", "go-sum"},
	".toml": {"text", "toml"},
	".yaml": {"text", "yaml"},
	".yml":  {"text", "yaml"},
	".json": {"text", "json"},
	".md":   {"text", "markdown"},
	".txt":  {"text", "plain-text"},
	".sh":   {"text", "shell"},
}

// Tags returns identify's tags for the file at name (a file system path)
// whose repository path is rel.
func Tags(name, rel string) ([]string, error) {
	info, err := os.Lstat(name)
	if err != nil {
		return nil, fmt.Errorf("tagging %s: %w", name, err)
	}
	if info.Mode()&os.ModeSymlink != 0 {
		return []string{"symlink"}, nil
	}
	if !info.Mode().IsRegular() {
		return nil, fmt.Errorf("tagging %s: not a regular file", name)
	}
	tags := []string{"file"}
	if info.Mode()&0o111 != 0 {
		tags = append(tags, "executable")
	} else {
		tags = append(tags, "non-executable")
	}
	if t, ok := extTags[path.Ext(rel)]; ok {
		return append(tags, t...), nil
	}
	if info.Mode()&0o111 != 0 {
		interp, err := shebang(name)
		if err != nil {
			return nil, err
		}
		if strings.HasPrefix(interp, "python") {
			return append(tags, "text", "python"), nil
		}
	}
	return append(tags, "text"), nil
}

// shebang returns the interpreter a "#!" line names, without its directory
// and with "/usr/bin/env" looked through, or "".
func shebang(name string) (string, error) {
	f, err := os.Open(name)
	if err != nil {
		return "", fmt.Errorf("reading %s: %w", name, err)
	}
	defer f.Close()
	line, err := bufio.NewReader(f).ReadString('\n')
	if err != nil && err != io.EOF {
		return "", fmt.Errorf("reading %s: %w", name, err)
	}
	if !strings.HasPrefix(line, "#!") {
		return "", nil
	}
	fields := strings.Fields(line[2:])
	if len(fields) == 0 {
		return "", nil
	}
	interp := path.Base(fields[0])
	if interp == "env" {
		for _, f := range fields[1:] {
			if !strings.HasPrefix(f, "-") {
				return path.Base(f), nil
			}
		}
		return "", nil
	}
	return interp, nil
}

// Split splits a hook entry into words as Python's shlex.split does in
// POSIX mode, the way pre-commit splits it: blanks separate words, single
// quotes keep everything, double quotes keep all but backslash escapes of
// `\`, `"`, `$` and backquote, and a backslash outside quotes escapes the
// next character.
func Split(s string) ([]string, error) {
	var (
		words   []string
		cur     strings.Builder
		inWord  bool
		quote   rune
		escaped bool
	)
	for _, r := range s {
		switch {
		case escaped:
			if quote == '"' && !strings.ContainsRune("\\\"$`\n", r) {
				cur.WriteRune('\\')
			}
			cur.WriteRune(r)
			escaped = false
		case r == '\\' && quote != '\'':
			escaped, inWord = true, true
		case quote != 0:
			if r == quote {
				quote = 0
			} else {
				cur.WriteRune(r)
			}
		case r == '\'' || r == '"':
			quote, inWord = r, true
		case r == ' ' || r == '\t' || r == '\n' || r == '\r':
			if inWord {
				words = append(words, cur.String())
				cur.Reset()
				inWord = false
			}
		default:
			cur.WriteRune(r)
			inWord = true
		}
	}
	if quote != 0 {
		return nil, fmt.Errorf("%q: no closing quotation", s)
	}
	if escaped {
		return nil, fmt.Errorf("%q: no escaped character", s)
	}
	if inWord {
		words = append(words, cur.String())
	}
	return words, nil
}
