// Package project finds the Python project a file belongs to: the
// directory whose files calls from it may lead into, as pytest finds its
// rootdir and the go command reads a .go file as part of its package.
package project

import (
	"os"
	"path/filepath"
	"slices"
)

// markers are the files and folders whose directory is a Python
// project's root; packageMarkers are those of them that do not make one
// in a directory that is itself a package (numpy ships setup.py files in
// its subpackages).
var (
	markers        = []string{".git", ".hg", ".asynclint.toml", "pyproject.toml", "setup.py", "setup.cfg", "tox.ini"}
	packageMarkers = map[string]bool{"pyproject.toml": true, "setup.py": true, "setup.cfg": true, "tox.ini": true}
)

// Of returns the absolute, clean path of the one project every file of
// files belongs to: the nearest directory above each holding one of
// markers. It returns "" when there is no such one project: a path is a
// directory (it is walked as it is) or does not exist, the files lie in
// different projects (each would follow calls into the others'), or one
// has no project (nothing bounds the walk).
func Of(files []string) string {
	project := ""
	for _, f := range files {
		info, err := os.Stat(f)
		if err != nil || info.IsDir() {
			return ""
		}
		abs, err := filepath.Abs(f)
		if err != nil {
			return ""
		}
		p := root(filepath.Dir(abs))
		if p == "" || project != "" && p != project {
			return ""
		}
		project = p
	}
	return project
}

// Root returns the absolute, clean path of the project holding the
// directory dir (the nearest directory at or above it holding one of
// markers), or "": the project of a file not on disk yet, such as an
// editor's new buffer.
func Root(dir string) string {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return ""
	}
	return root(abs)
}

// root is the nearest directory at or above dir holding a marker, or "".
func root(dir string) string {
	for d := dir; ; d = filepath.Dir(d) {
		pkg := exists(filepath.Join(d, "__init__.py"))
		if slices.ContainsFunc(markers, func(m string) bool { return !(pkg && packageMarkers[m]) && exists(filepath.Join(d, m)) }) {
			return d
		}
		if filepath.Dir(d) == d {
			return ""
		}
	}
}

func exists(p string) bool {
	_, err := os.Stat(p)
	return err == nil
}
