// Package golangci is the golangci-lint module plugin of asynclint. It
// registers the Go analyzers (AL200, AL201, AL202) under the linter name
// "asynclint" with github.com/golangci/plugin-module-register, so that a
// custom golangci-lint binary built by `golangci-lint custom` runs them
// beside the other linters.
//
// Import it from .custom-gcl.yml:
//
//	version: v2.15.0
//	plugins:
//	  - module: github.com/asynclint/asynclint
//	    import: github.com/asynclint/asynclint/golangci
//	    version: latest
//
// and enable it in .golangci.yml:
//
//	linters:
//	  enable: [asynclint]
//	  settings:
//	    custom:
//	      asynclint:
//	        type: module
//	        settings:
//	          disable: [AL201]
//
// The settings are decoded strictly: an unknown key, a value of the wrong
// type or an unknown rule code is an error naming the key, and
// golangci-lint stops before linting. See README.md in this directory.
package golangci

import (
	"bytes"
	"encoding/json"
	"fmt"
	"slices"
	"sort"
	"strings"

	"github.com/asynclint/asynclint/analyzers/al200"
	"github.com/asynclint/asynclint/internal/golang/gorules"
	"github.com/golangci/plugin-module-register/register"
	"golang.org/x/tools/go/analysis"
)

// Name is the linter name the plugin registers, the key of its settings
// under linters.settings.custom in .golangci.yml, and the name
// `//nolint:asynclint` refers to.
const Name = "asynclint"

// analyzers are the analyzers the plugin can run, in code order. The test
// checks it against gocheck.Analyzers, what `asynclint check` runs.
var analyzers = gorules.Analyzers()

func init() {
	register.Plugin(Name, New)
}

// Settings are the plugin's settings, the value of
// linters.settings.custom.asynclint.settings in .golangci.yml.
type Settings struct {
	// Enable, when not empty, runs only these rules (e.g. [AL200]).
	Enable []string
	// Disable leaves these rules out (e.g. [AL201]); it applies after
	// Enable.
	Disable []string
	// Stdlib makes AL200's fix, the one `golangci-lint run --fix` applies,
	// the standard-library form (a select on ctx.Done() and time.After)
	// even where the module could import asyncrt, like `asynclint fix
	// --stdlib`.
	Stdlib bool
}

// settingKeys are the keys Settings accepts, as written in .golangci.yml.
var settingKeys = []string{"disable", "enable", "stdlib"}

// Plugin is the register.LinterPlugin asynclint gives golangci-lint.
type Plugin struct {
	analyzers []*analysis.Analyzer
}

// New decodes the settings golangci-lint passes (nil when there are none,
// else the decoded YAML value) and returns the plugin. It is registered as
// the constructor of the "asynclint" plugin.
func New(settings any) (register.LinterPlugin, error) {
	s, err := DecodeSettings(settings)
	if err != nil {
		return nil, err
	}
	selected, err := s.selectAnalyzers()
	if err != nil {
		return nil, err
	}
	return &Plugin{analyzers: selected}, nil
}

// BuildAnalyzers returns the analyzers the settings selected. AL201 shares
// facts across packages; golangci-lint computes them for every package it
// loads.
func (p *Plugin) BuildAnalyzers() ([]*analysis.Analyzer, error) {
	return slices.Clone(p.analyzers), nil
}

// GetLoadMode returns register.LoadModeTypesInfo: both analyzers need type
// information, and AL201 needs the facts of dependencies.
func (p *Plugin) GetLoadMode() string {
	return register.LoadModeTypesInfo
}

// DecodeSettings decodes the plugin's settings strictly. raw is what
// golangci-lint hands a plugin: nil, or a map from keys to YAML values
// (lists as []any). Unknown keys, values of the wrong type and unknown rule
// codes are errors that name the key.
func DecodeSettings(raw any) (Settings, error) {
	var s Settings
	if raw == nil {
		return s, nil
	}
	data, err := json.Marshal(raw)
	if err != nil {
		return s, fmt.Errorf("%s settings: %w", Name, err)
	}
	var fields map[string]json.RawMessage
	if err := json.Unmarshal(data, &fields); err != nil {
		return s, fmt.Errorf("%s settings: want a mapping of %s, got %s", Name, strings.Join(settingKeys, ", "), jsonKind(data))
	}
	keys := make([]string, 0, len(fields))
	for k := range fields {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		var dst *[]string
		switch k {
		case "stdlib":
			if err := json.Unmarshal(fields[k], &s.Stdlib); err != nil || string(fields[k]) == "null" {
				return s, fmt.Errorf("%s settings: key %q: want true or false, got %s", Name, k, jsonKind(fields[k]))
			}
			continue
		case "enable":
			dst = &s.Enable
		case "disable":
			dst = &s.Disable
		default:
			return s, fmt.Errorf("%s settings: unknown key %q (known keys: %s)", Name, k, strings.Join(settingKeys, ", "))
		}
		codes, err := decodeCodes(k, fields[k])
		if err != nil {
			return s, err
		}
		*dst = codes
	}
	return s, nil
}

// decodeCodes decodes the list of rule codes under key.
func decodeCodes(key string, data json.RawMessage) ([]string, error) {
	var items []json.RawMessage
	if err := json.Unmarshal(data, &items); err != nil || items == nil {
		return nil, fmt.Errorf("%s settings: key %q: want a list of rule codes, got %s", Name, key, jsonKind(data))
	}
	codes := make([]string, 0, len(items))
	for i, item := range items {
		var code string
		if err := json.Unmarshal(item, &code); err != nil {
			return nil, fmt.Errorf("%s settings: key %q, item %d: want a rule code, got %s", Name, key, i+1, jsonKind(item))
		}
		a := lookup(code)
		if a == nil {
			return nil, fmt.Errorf("%s settings: key %q: unknown rule %q (known rules: %s)", Name, key, code, strings.Join(Codes(), ", "))
		}
		codes = append(codes, a.Name)
	}
	return codes, nil
}

// selectAnalyzers applies Enable, then Disable. Selecting no analyzer at
// all is an error: the linter would silently check nothing. AL200 is
// replaced by a copy whose diagnostics carry one suggested fix (see
// oneFix).
func (s Settings) selectAnalyzers() ([]*analysis.Analyzer, error) {
	var out []*analysis.Analyzer
	for _, a := range analyzers {
		if len(s.Enable) > 0 && !slices.Contains(s.Enable, a.Name) {
			continue
		}
		if slices.Contains(s.Disable, a.Name) {
			continue
		}
		if a == al200.Analyzer {
			a = oneFix(s.Stdlib)
		}
		out = append(out, a)
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("%s settings: enable %v and disable %v leave no rule to run; remove %s from the enabled linters instead", Name, s.Enable, s.Disable, Name)
	}
	return out, nil
}

// Codes returns the rule codes the plugin can run, in order.
func Codes() []string {
	codes := make([]string, len(analyzers))
	for i, a := range analyzers {
		codes[i] = a.Name
	}
	return codes
}

// lookup returns the analyzer of a rule code, matched without regard to
// case, or nil.
func lookup(code string) *analysis.Analyzer {
	for _, a := range analyzers {
		if strings.EqualFold(a.Name, code) {
			return a
		}
	}
	return nil
}

// jsonKind names the kind of a JSON value for error messages.
func jsonKind(data []byte) string {
	data = bytes.TrimSpace(data)
	if len(data) == 0 {
		return "nothing"
	}
	switch data[0] {
	case '{':
		return "a mapping"
	case '[':
		return "a list"
	case '"':
		return "a string " + string(data)
	case 't', 'f':
		return "a boolean"
	case 'n':
		return "null"
	default:
		return "a number"
	}
}
