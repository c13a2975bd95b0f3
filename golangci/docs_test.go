package golangci

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"
)

// modulePath and importPath are what .custom-gcl.yml must name.
const (
	modulePath = "github.com/asynclint/asynclint"
	importPath = modulePath + "/golangci"
)

// customGCL is the part of .custom-gcl.yml the plugin depends on.
type customGCL struct {
	Version     string `yaml:"version"`
	Name        string `yaml:"name"`
	Destination string `yaml:"destination"`
	Plugins     []struct {
		Module  string `yaml:"module"`
		Import  string `yaml:"import"`
		Version string `yaml:"version"`
		Path    string `yaml:"path"`
	} `yaml:"plugins"`
}

func checkCustomGCL(t *testing.T, where string, c customGCL) {
	t.Helper()
	if !strings.HasPrefix(c.Version, "v2.") {
		t.Errorf("%s: version %q, want a golangci-lint v2 release", where, c.Version)
	}
	found := false
	for _, p := range c.Plugins {
		if p.Module != modulePath {
			continue
		}
		found = true
		if p.Import != importPath {
			t.Errorf("%s: plugin import %q, want %q", where, p.Import, importPath)
		}
		if (p.Version == "") == (p.Path == "") {
			t.Errorf("%s: plugin needs exactly one of version and path", where)
		}
	}
	if !found {
		t.Errorf("%s: no plugin with module %s", where, modulePath)
	}
}

// golangciYML is the part of .golangci.yml the plugin depends on.
type golangciYML struct {
	Version string `yaml:"version"`
	Linters struct {
		Enable   []string `yaml:"enable"`
		Settings struct {
			Custom map[string]struct {
				Type        string `yaml:"type"`
				Description string `yaml:"description"`
				OriginalURL string `yaml:"original-url"`
				Settings    any    `yaml:"settings"`
			} `yaml:"custom"`
		} `yaml:"settings"`
	} `yaml:"linters"`
}

var yamlBlock = regexp.MustCompile("(?s)```yaml\n(.*?)```")

// TestDocumentedConfigs decodes the configuration examples of README.md
// and .custom-gcl.yml.example and runs the documented settings through New.
func TestDocumentedConfigs(t *testing.T) {
	data, err := os.ReadFile("README.md")
	if err != nil {
		t.Fatal(err)
	}
	var sawCustom, sawLinters bool
	for _, m := range yamlBlock.FindAllSubmatch(data, -1) {
		block := m[1]
		switch {
		case strings.Contains(string(block), "plugins:"):
			var c customGCL
			if err := strictYAML(block, &c); err != nil {
				t.Fatalf("README .custom-gcl.yml example: %v", err)
			}
			checkCustomGCL(t, "README.md", c)
			sawCustom = true
		case strings.Contains(string(block), "linters:"):
			var g golangciYML
			if err := strictYAML(block, &g); err != nil {
				t.Fatalf("README .golangci.yml example: %v", err)
			}
			if g.Version != "2" {
				t.Errorf(".golangci.yml example: version %q, want \"2\"", g.Version)
			}
			if !strings.Contains(strings.Join(g.Linters.Enable, ","), Name) {
				t.Errorf(".golangci.yml example does not enable %s", Name)
			}
			s, ok := g.Linters.Settings.Custom[Name]
			if !ok {
				t.Fatalf(".golangci.yml example has no linters.settings.custom.%s", Name)
			}
			if s.Type != "module" {
				t.Errorf(".golangci.yml example: type %q, want module", s.Type)
			}
			if _, err := New(s.Settings); err != nil {
				t.Errorf(".golangci.yml example settings: %v", err)
			}
			sawLinters = true
		}
	}
	if !sawCustom || !sawLinters {
		t.Errorf("README.md: .custom-gcl.yml example found %v, .golangci.yml example found %v", sawCustom, sawLinters)
	}

	example, err := os.ReadFile(filepath.Join("..", ".custom-gcl.yml.example"))
	if err != nil {
		t.Fatal(err)
	}
	var c customGCL
	if err := strictYAML(example, &c); err != nil {
		t.Fatalf(".custom-gcl.yml.example: %v", err)
	}
	checkCustomGCL(t, ".custom-gcl.yml.example", c)
}

func strictYAML(data []byte, v any) error {
	dec := yaml.NewDecoder(strings.NewReader(string(data)))
	dec.KnownFields(true)
	return dec.Decode(v)
}

// TestNoCgo keeps the plugin buildable without cgo, as golangci-lint
// custom builds may be: neither it nor any dependency may use cgo (the
// tree-sitter Python parser does, so the plugin must not import it).
func TestNoCgo(t *testing.T) {
	out, err := exec.Command("go", "list", "-deps", "-f", "{{.ImportPath}} {{len .CgoFiles}}", ".").CombinedOutput()
	if err != nil {
		t.Fatalf("go list: %v\n%s", err, out)
	}
	for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		pkg, n, _ := strings.Cut(line, " ")
		if n != "0" && pkg != "runtime/cgo" {
			t.Errorf("%s has %s cgo files; the plugin must build with CGO_ENABLED=0", pkg, n)
		}
	}
}
