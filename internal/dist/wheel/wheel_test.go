package wheel

import (
	"archive/zip"
	"bytes"
	"crypto/sha256"
	"encoding/base64"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"
)

// python3 returns the interpreter, skipping the test where there is none.
func python3(t *testing.T) string {
	t.Helper()
	p, err := exec.LookPath("python3")
	if err != nil {
		t.Skip("python3 not installed")
	}
	return p
}

func run(t *testing.T, dir string, name string, args ...string) string {
	t.Helper()
	cmd := exec.Command(name, args...)
	cmd.Dir = dir
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("%s %s: %v\n%s%s", name, strings.Join(args, " "), err, out, stderr.Bytes())
	}
	return string(out)
}

// buildWheel builds the binary and writes its wheel into out, as make wheel
// does; it returns the binary and the wheel's path.
func buildWheel(t *testing.T, py, bin, out string) string {
	t.Helper()
	path := strings.TrimSpace(run(t, ".", py, "asynclint_build.py", "--binary", bin, "--out", out))
	if filepath.Dir(path) != out {
		t.Fatalf("wheel written to %s, want it in %s", path, out)
	}
	return path
}

func TestWheel(t *testing.T) {
	py := python3(t)
	tmp := t.TempDir()
	bin := filepath.Join(tmp, "asynclint")
	run(t, "../../..", "go", "build", "-o", bin, "./cmd/asynclint")
	versionOut := run(t, ".", bin, "--version")
	version := strings.TrimPrefix(strings.TrimSpace(versionOut), "asynclint ")

	whl := buildWheel(t, py, bin, filepath.Join(tmp, "a"))
	name := regexp.MustCompile(`^asynclint-` + regexp.QuoteMeta(version) + `-py3-none-(manylinux_2_\d+_(x86_64|aarch64)|macosx_\w+|win_amd64)\.whl$`)
	if !name.MatchString(filepath.Base(whl)) {
		t.Errorf("wheel name %s does not match %s", filepath.Base(whl), name)
	}

	t.Run("reproducible", func(t *testing.T) {
		again := buildWheel(t, py, bin, filepath.Join(tmp, "b"))
		a, _ := os.ReadFile(whl)
		b, _ := os.ReadFile(again)
		if !bytes.Equal(a, b) {
			t.Errorf("two builds from one binary differ: %s (%d bytes) and %s (%d bytes)", whl, len(a), again, len(b))
		}
	})

	t.Run("contents", func(t *testing.T) {
		checkContents(t, whl, bin, version)
	})

	t.Run("install", func(t *testing.T) {
		venv := filepath.Join(tmp, "venv")
		run(t, tmp, py, "-m", "venv", venv)
		run(t, tmp, filepath.Join(venv, "bin", "pip"), "install", "--no-index", "--disable-pip-version-check", "-q", whl)
		if got := run(t, tmp, filepath.Join(venv, "bin", "asynclint"), "--version"); got != versionOut {
			t.Errorf("venv asynclint --version = %q, want %q", got, versionOut)
		}
		if got := run(t, tmp, filepath.Join(venv, "bin", "python"), "-m", "asynclint", "--version"); got != versionOut {
			t.Errorf("python -m asynclint --version = %q, want %q", got, versionOut)
		}
	})
}

// checkContents reads the wheel as an installer does: the dist-info files,
// RECORD's hashes and sizes, the binary's mode, fixed timestamps, sorted
// entries with RECORD last.
func checkContents(t *testing.T, whl, bin, version string) {
	zr, err := zip.OpenReader(whl)
	if err != nil {
		t.Fatal(err)
	}
	defer zr.Close()
	distInfo := "asynclint-" + version + ".dist-info/"
	script := "asynclint-" + version + ".data/scripts/asynclint"
	files := map[string][]byte{}
	var names []string
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		data, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			t.Fatal(err)
		}
		files[f.Name] = data
		names = append(names, f.Name)
		if !f.Modified.Equal(time.Date(1980, 1, 1, 0, 0, 0, 0, time.UTC)) && os.Getenv("SOURCE_DATE_EPOCH") == "" {
			t.Errorf("%s: timestamp %v, want 1980-01-01", f.Name, f.Modified)
		}
		wantMode := os.FileMode(0o644)
		if f.Name == script {
			wantMode = 0o755
		}
		if f.Mode().Perm() != wantMode {
			t.Errorf("%s: mode %v, want %v", f.Name, f.Mode().Perm(), wantMode)
		}
	}
	if names[len(names)-1] != distInfo+"RECORD" || !slices.IsSorted(names[:len(names)-1]) {
		t.Errorf("entries %v: want sorted, RECORD last", names)
	}
	binData, err := os.ReadFile(bin)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(files[script], binData) {
		t.Errorf("%s is not the binary", script)
	}
	for _, want := range []string{"asynclint/__init__.py", "asynclint/__main__.py", distInfo + "METADATA", distInfo + "WHEEL"} {
		if _, ok := files[want]; !ok {
			t.Errorf("wheel has no %s: %v", want, names)
		}
	}
	meta := string(files[distInfo+"METADATA"])
	for _, want := range []string{"Metadata-Version: 2.1\n", "Name: asynclint\n", "Version: " + version + "\n"} {
		if !strings.Contains(meta, want) {
			t.Errorf("METADATA lacks %q:\n%s", want, meta)
		}
	}
	wheelMeta := string(files[distInfo+"WHEEL"])
	for _, want := range []string{"Wheel-Version: 1.0\n", "Root-Is-Purelib: false\n", "Tag: py3-none-"} {
		if !strings.Contains(wheelMeta, want) {
			t.Errorf("WHEEL lacks %q:\n%s", want, wheelMeta)
		}
	}
	// RECORD lists every other file with its urlsafe-base64 sha256 and size.
	listed := map[string]bool{}
	for _, line := range strings.Split(strings.TrimSpace(string(files[distInfo+"RECORD"])), "\n") {
		parts := strings.Split(line, ",")
		if len(parts) != 3 {
			t.Errorf("RECORD line %q: want path,hash,size", line)
			continue
		}
		listed[parts[0]] = true
		if parts[0] == distInfo+"RECORD" {
			if parts[1] != "" || parts[2] != "" {
				t.Errorf("RECORD's own line %q: want no hash", line)
			}
			continue
		}
		data, ok := files[parts[0]]
		if !ok {
			t.Errorf("RECORD names %s, not in the wheel", parts[0])
			continue
		}
		sum := sha256.Sum256(data)
		if want := "sha256=" + base64.RawURLEncoding.EncodeToString(sum[:]); parts[1] != want {
			t.Errorf("RECORD %s: hash %s, want %s", parts[0], parts[1], want)
		}
		if want := fmt.Sprint(len(data)); parts[2] != want {
			t.Errorf("RECORD %s: size %s, want %s", parts[0], parts[2], want)
		}
	}
	for _, n := range names {
		if !listed[n] {
			t.Errorf("%s is not in RECORD", n)
		}
	}
}
