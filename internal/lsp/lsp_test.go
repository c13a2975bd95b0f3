package lsp

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// bound is how long a test waits for a message before it fails. It is a
// failure bound only: every wait returns as soon as its message arrives.
const bound = 5 * time.Minute

// message is any JSON-RPC message, as the client reads it.
type message struct {
	ID     json.RawMessage `json:"id,omitempty"`
	Method string          `json:"method,omitempty"`
	Params json.RawMessage `json:"params,omitempty"`
	Result json.RawMessage `json:"result,omitempty"`
	Error  *struct {
		Code    int    `json:"code"`
		Message string `json:"message"`
	} `json:"error,omitempty"`
}

// client is a language client speaking to the asynclint binary over its
// stdin and stdout, as an editor does.
type client struct {
	t      *testing.T
	cmd    *exec.Cmd
	stdin  io.WriteCloser
	msgs   chan message
	nextID int
	mu     sync.Mutex
	// pending are notifications and server requests read while waiting
	// for something else.
	pending []message
	stderr  strings.Builder
}

var (
	buildOnce sync.Once
	binary    string
	buildErr  error
)

// asynclintBinary builds the binary once for the package's tests.
func asynclintBinary(t *testing.T) string {
	t.Helper()
	buildOnce.Do(func() {
		dir, err := os.MkdirTemp("", "asynclint-lsp-test")
		if err != nil {
			buildErr = err
			return
		}
		binary = filepath.Join(dir, "asynclint")
		out, err := exec.Command("go", "build", "-o", binary, "../../cmd/asynclint").CombinedOutput()
		if err != nil {
			buildErr = fmt.Errorf("go build: %v\n%s", err, out)
		}
	})
	if buildErr != nil {
		t.Fatal(buildErr)
	}
	return binary
}

func TestMain(m *testing.M) {
	code := m.Run()
	if binary != "" {
		os.RemoveAll(filepath.Dir(binary))
	}
	os.Exit(code)
}

func startServer(t *testing.T, dir string) *client {
	t.Helper()
	c := &client{t: t, msgs: make(chan message, 100)}
	c.cmd = exec.Command(asynclintBinary(t), "server")
	c.cmd.Dir = dir
	var err error
	if c.stdin, err = c.cmd.StdinPipe(); err != nil {
		t.Fatal(err)
	}
	stdout, err := c.cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	c.cmd.Stderr = &syncWriter{w: &c.stderr, mu: &c.mu}
	if err := c.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go c.read(bufio.NewReader(stdout))
	t.Cleanup(func() {
		c.stdin.Close()
		if c.cmd.ProcessState == nil {
			c.cmd.Process.Kill()
			c.cmd.Wait()
		}
	})
	return c
}

type syncWriter struct {
	w  io.Writer
	mu *sync.Mutex
}

func (s *syncWriter) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.w.Write(p)
}

// read parses Content-Length frames from the server until it closes stdout.
func (c *client) read(r *bufio.Reader) {
	defer close(c.msgs)
	for {
		length := -1
		for {
			line, err := r.ReadString('\n')
			if err != nil {
				return
			}
			line = strings.TrimRight(line, "\r\n")
			if line == "" {
				break
			}
			if v, ok := strings.CutPrefix(line, "Content-Length: "); ok {
				length, _ = strconv.Atoi(v)
			}
		}
		if length < 0 {
			c.msgs <- message{Method: "test/bad-frame"}
			return
		}
		body := make([]byte, length)
		if _, err := io.ReadFull(r, body); err != nil {
			return
		}
		var m message
		if err := json.Unmarshal(body, &m); err != nil {
			m = message{Method: "test/bad-json", Params: body}
		}
		c.msgs <- m
	}
}

func (c *client) writeRaw(body string) {
	c.t.Helper()
	if _, err := fmt.Fprintf(c.stdin, "Content-Length: %d\r\n\r\n%s", len(body), body); err != nil {
		c.t.Fatalf("writing to the server: %v", err)
	}
}

func (c *client) send(v any) {
	c.t.Helper()
	body, err := json.Marshal(v)
	if err != nil {
		c.t.Fatal(err)
	}
	c.writeRaw(string(body))
}

// next returns the next message that satisfies match, keeping the others
// for later waits; it fails the test if none comes within bound.
func (c *client) next(what string, match func(message) bool) message {
	c.t.Helper()
	for i, m := range c.pending {
		if match(m) {
			c.pending = slices.Delete(c.pending, i, i+1)
			return m
		}
	}
	timer := time.NewTimer(bound)
	defer timer.Stop()
	for {
		select {
		case m, ok := <-c.msgs:
			if !ok {
				c.mu.Lock()
				defer c.mu.Unlock()
				c.t.Fatalf("server closed its output while the test waited for %s; stderr:\n%s", what, c.stderr.String())
			}
			if match(m) {
				return m
			}
			c.pending = append(c.pending, m)
		case <-timer.C:
			c.t.Fatalf("no %s within %v", what, bound)
		}
	}
}

// call sends a request and returns its response.
func (c *client) call(method string, params any) message {
	c.t.Helper()
	c.nextID++
	id := c.nextID
	c.send(map[string]any{"jsonrpc": "2.0", "id": id, "method": method, "params": params})
	return c.next("response to "+method, func(m message) bool { return m.Method == "" && string(m.ID) == strconv.Itoa(id) })
}

func (c *client) notify(method string, params any) {
	c.t.Helper()
	c.send(map[string]any{"jsonrpc": "2.0", "method": method, "params": params})
}

// diagnostic is the part of a published diagnostic the tests read.
type diagnostic struct {
	Range           lspRange `json:"range"`
	Severity        int      `json:"severity"`
	Code            string   `json:"code"`
	Source          string   `json:"source"`
	Message         string   `json:"message"`
	CodeDescription struct {
		Href string `json:"href"`
	} `json:"codeDescription"`
	RelatedInformation []struct {
		Location struct {
			URI   string   `json:"uri"`
			Range lspRange `json:"range"`
		} `json:"location"`
		Message string `json:"message"`
	} `json:"relatedInformation"`
}

type lspRange struct {
	Start struct {
		Line      int `json:"line"`
		Character int `json:"character"`
	} `json:"start"`
	End struct {
		Line      int `json:"line"`
		Character int `json:"character"`
	} `json:"end"`
}

type published struct {
	URI         string       `json:"uri"`
	Version     *int         `json:"version"`
	Diagnostics []diagnostic `json:"diagnostics"`
}

// diagnostics waits for the diagnostics of uri published for version.
func (c *client) diagnostics(uri string, version int) []diagnostic {
	c.t.Helper()
	var p published
	c.next(fmt.Sprintf("diagnostics of %s version %d", uri, version), func(m message) bool {
		if m.Method != "textDocument/publishDiagnostics" {
			return false
		}
		var q published
		if json.Unmarshal(m.Params, &q) != nil || q.URI != uri || q.Version == nil || *q.Version != version {
			return false
		}
		p = q
		return true
	})
	return p.Diagnostics
}

func codes(ds []diagnostic) []string {
	var out []string
	for _, d := range ds {
		out = append(out, fmt.Sprintf("%d:%d %s", d.Range.Start.Line+1, d.Range.Start.Character+1, d.Code))
	}
	return out
}

func writeFile(t *testing.T, dir, name, content string) string {
	t.Helper()
	p := filepath.Join(dir, filepath.FromSlash(name))
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// snapshot records every file under dir with its content.
func snapshot(t *testing.T, dir string) map[string]string {
	t.Helper()
	files := map[string]string{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(p)
		files[p] = string(b)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return files
}

// textEdit is a protocol text edit as the tests apply them.
type textEdit struct {
	Range   lspRange `json:"range"`
	NewText string   `json:"newText"`
}

type codeAction struct {
	Title       string       `json:"title"`
	Kind        string       `json:"kind"`
	IsPreferred bool         `json:"isPreferred"`
	Diagnostics []diagnostic `json:"diagnostics"`
	Edit        struct {
		Changes map[string][]textEdit `json:"changes"`
	} `json:"edit"`
}

// apply applies edits to src as a client does (positions in UTF-16 units;
// the test texts are ASCII, so units are bytes), last edit first.
func apply(t *testing.T, src string, edits []textEdit) string {
	t.Helper()
	lines := strings.SplitAfter(src, "\n")
	off := func(line, char int) int {
		n := 0
		for i := 0; i < line && i < len(lines); i++ {
			n += len(lines[i])
		}
		return n + char
	}
	// Edits at one place apply in their order: insert the later ones first.
	order := make([]int, len(edits))
	for i := range order {
		order[i] = i
	}
	slices.SortFunc(order, func(i, j int) int {
		a, b := edits[i].Range.Start, edits[j].Range.Start
		if d := off(b.Line, b.Character) - off(a.Line, a.Character); d != 0 {
			return d
		}
		return j - i
	})
	for _, i := range order {
		e := edits[i]
		s, en := off(e.Range.Start.Line, e.Range.Start.Character), off(e.Range.End.Line, e.Range.End.Character)
		src = src[:s] + e.NewText + src[en:]
	}
	return src
}

func textDoc(uri, lang string, version int, text string) map[string]any {
	return map[string]any{"textDocument": map[string]any{"uri": uri, "languageId": lang, "version": version, "text": text}}
}

func change(uri string, version int, text string) map[string]any {
	return map[string]any{
		"textDocument":   map[string]any{"uri": uri, "version": version},
		"contentChanges": []any{map[string]any{"text": text}},
	}
}

const (
	apiPy     = "import time\nfrom app.helpers import wait\n\n\nasync def handler():\n    wait()\n    time.sleep(1)\n"
	helpersPy = "import time\n\n\ndef wait():\n    time.sleep(1)\n"
	brokenPy  = "import time\n\nasync def f(:\n    time.sleep(1)\n"
)

// TestServer drives `asynclint server` as an editor does: initialize,
// open, diagnostics (cross-module AL100 with its chain, ASYNC251, E999),
// code actions, a change to a helper refreshing its caller, a
// configuration reload, malformed messages, shutdown and exit.
func TestServer(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, dir, "app/__init__.py", "")
	api := writeFile(t, dir, "app/api.py", apiPy)
	helpers := writeFile(t, dir, "app/helpers.py", helpersPy)
	broken := writeFile(t, dir, "app/broken.py", brokenPy)
	before := snapshot(t, dir)
	apiURI, helpersURI, brokenURI := pathURI(api), pathURI(helpers), pathURI(broken)

	c := startServer(t, dir)
	init := c.call("initialize", map[string]any{
		"processId": nil,
		"rootUri":   pathURI(dir),
		"capabilities": map[string]any{
			"workspace": map[string]any{"didChangeWatchedFiles": map[string]any{"dynamicRegistration": true}},
		},
	})
	var result struct {
		Capabilities struct {
			TextDocumentSync struct {
				OpenClose bool `json:"openClose"`
				Change    int  `json:"change"`
			} `json:"textDocumentSync"`
			CodeActionProvider struct {
				CodeActionKinds []string `json:"codeActionKinds"`
				ResolveProvider bool     `json:"resolveProvider"`
			} `json:"codeActionProvider"`
		} `json:"capabilities"`
		ServerInfo struct {
			Name    string `json:"name"`
			Version string `json:"version"`
		} `json:"serverInfo"`
	}
	if init.Error != nil || json.Unmarshal(init.Result, &result) != nil {
		t.Fatalf("initialize: %+v %s", init.Error, init.Result)
	}
	caps := result.Capabilities
	if !caps.TextDocumentSync.OpenClose || caps.TextDocumentSync.Change != 1 ||
		!slices.Equal(caps.CodeActionProvider.CodeActionKinds, []string{"quickfix", "source.fixAll.asynclint"}) || !caps.CodeActionProvider.ResolveProvider ||
		result.ServerInfo.Name != "asynclint" || result.ServerInfo.Version == "" {
		t.Errorf("initialize result: %s", init.Result)
	}
	c.notify("initialized", map[string]any{})
	reg := c.next("client/registerCapability", func(m message) bool { return m.Method == "client/registerCapability" })
	if !strings.Contains(string(reg.Params), `"**/pyproject.toml"`) || !strings.Contains(string(reg.Params), `"**/.asynclint.toml"`) {
		t.Errorf("watchers registered: %s", reg.Params)
	}
	c.send(map[string]any{"jsonrpc": "2.0", "id": json.RawMessage(reg.ID), "result": nil})

	// AL100 across modules, with the chain; ASYNC251; both linked to the README.
	c.notify("textDocument/didOpen", textDoc(apiURI, "python", 1, apiPy))
	ds := c.diagnostics(apiURI, 1)
	if got, want := codes(ds), []string{"6:5 AL100", "7:5 ASYNC251"}; !slices.Equal(got, want) {
		t.Fatalf("api.py diagnostics %v, want %v", got, want)
	}
	al100 := ds[0]
	if al100.Severity != 2 || al100.Source != "asynclint" || !strings.HasSuffix(al100.CodeDescription.Href, "#al100") ||
		!strings.Contains(al100.Message, "(app/helpers.py:5)") {
		t.Errorf("AL100 diagnostic: %+v", al100)
	}
	if len(al100.RelatedInformation) == 0 || al100.RelatedInformation[len(al100.RelatedInformation)-1].Location.URI != helpersURI ||
		al100.RelatedInformation[len(al100.RelatedInformation)-1].Location.Range.Start.Line != 4 {
		t.Errorf("AL100 related information %+v, want the sleep at helpers.py:5", al100.RelatedInformation)
	}
	if !strings.HasSuffix(ds[1].CodeDescription.Href, "#async251") {
		t.Errorf("ASYNC251 link %q", ds[1].CodeDescription.Href)
	}

	// The quick fix for ASYNC251, and the file's fixAll.
	resp := c.call("textDocument/codeAction", map[string]any{
		"textDocument": map[string]any{"uri": apiURI},
		"range":        ds[1].Range,
		"context":      map[string]any{"diagnostics": []any{}},
	})
	var actions []codeAction
	if resp.Error != nil || json.Unmarshal(resp.Result, &actions) != nil {
		t.Fatalf("codeAction: %+v %s", resp.Error, resp.Result)
	}
	var quick, all *codeAction
	for i, a := range actions {
		switch a.Kind {
		case "quickfix":
			quick = &actions[i]
		case "source.fixAll.asynclint":
			all = &actions[i]
		}
	}
	if quick == nil || all == nil {
		t.Fatalf("code actions %s: want a quickfix and source.fixAll.asynclint", resp.Result)
	}
	fixed := apply(t, apiPy, quick.Edit.Changes[apiURI])
	if !strings.Contains(fixed, "    await asyncio.sleep(1)\n") || !strings.Contains(fixed, "import asyncio") || !quick.IsPreferred ||
		len(quick.Diagnostics) != 1 || quick.Diagnostics[0].Code != "ASYNC251" || quick.Title != "Use `await asyncio.sleep(...)` (ASYNC251)" {
		t.Errorf("quick fix %q gives:\n%s", quick.Title, fixed)
	}
	if got := apply(t, apiPy, all.Edit.Changes[apiURI]); got != fixed {
		t.Errorf("fixAll gives:\n%s\nwant:\n%s", got, fixed)
	}
	only := c.call("textDocument/codeAction", map[string]any{
		"textDocument": map[string]any{"uri": apiURI},
		"range":        map[string]any{"start": map[string]any{"line": 0, "character": 0}, "end": map[string]any{"line": 0, "character": 0}},
		"context":      map[string]any{"diagnostics": []any{}, "only": []string{"source.fixAll"}},
	})
	if err := json.Unmarshal(only.Result, &actions); err != nil || len(actions) != 1 || actions[0].Kind != "source.fixAll.asynclint" {
		t.Errorf("codeAction only source.fixAll: %s", only.Result)
	}

	// An unsaved change to the helper refreshes its caller: AL100 is gone.
	c.notify("textDocument/didOpen", textDoc(helpersURI, "python", 1, helpersPy))
	c.diagnostics(helpersURI, 1)
	c.notify("textDocument/didChange", change(helpersURI, 2, "import time\n\n\ndef wait():\n    pass\n"))
	c.diagnostics(helpersURI, 2)
	if got, want := codes(c.diagnostics(apiURI, 1)), []string{"7:5 ASYNC251"}; !slices.Equal(got, want) {
		t.Errorf("api.py after the helper's change: %v, want %v", got, want)
	}

	// A syntax error is E999 in its file; the others keep their diagnostics.
	c.notify("textDocument/didOpen", textDoc(brokenURI, "python", 1, brokenPy))
	bd := c.diagnostics(brokenURI, 1)
	if got := codes(bd); !slices.Contains(got, "4:5 ASYNC251") || !slices.ContainsFunc(bd, func(d diagnostic) bool { return d.Code == "E999" && d.Severity == 1 }) {
		t.Errorf("broken.py diagnostics %v, want E999 (error) and ASYNC251", got)
	}
	c.notify("textDocument/didChange", change(apiURI, 2, apiPy))
	if got, want := codes(c.diagnostics(apiURI, 2)), []string{"7:5 ASYNC251"}; !slices.Equal(got, want) {
		t.Errorf("api.py beside a broken file: %v, want %v", got, want)
	}

	// The configuration is reloaded when a watched configuration file changes.
	// Severity follows the configuration's severity table.
	pyproject := writeFile(t, dir, "pyproject.toml", "[tool.asynclint.severity]\nASYNC = \"error\"\n")
	c.notify("workspace/didChangeWatchedFiles", map[string]any{"changes": []any{map[string]any{"uri": pathURI(pyproject), "type": 1}}})
	if got := c.diagnostics(apiURI, 2); len(got) != 1 || got[0].Code != "ASYNC251" || got[0].Severity != 1 {
		t.Errorf("api.py after severity ASYNC = error in pyproject.toml: %+v, want ASYNC251 as an error", got)
	}
	writeFile(t, dir, "pyproject.toml", "[tool.asynclint]\nignore = [\"ASYNC251\"]\n")
	c.notify("workspace/didChangeWatchedFiles", map[string]any{"changes": []any{map[string]any{"uri": pathURI(pyproject), "type": 2}}})
	if got := codes(c.diagnostics(apiURI, 2)); len(got) != 0 {
		t.Errorf("api.py after ignoring ASYNC251 in pyproject.toml: %v, want none", got)
	}

	// A broken configuration file is shown; the last good one stays in force.
	writeFile(t, dir, "pyproject.toml", "[tool.asynclint\nignore = 1\n")
	c.notify("workspace/didChangeWatchedFiles", map[string]any{"changes": []any{map[string]any{"uri": pathURI(pyproject), "type": 2}}})
	shown := c.next("window/showMessage about the broken pyproject.toml", func(m message) bool { return m.Method == "window/showMessage" })
	if !strings.Contains(string(shown.Params), "pyproject.toml") || !strings.Contains(string(shown.Params), `"type":1`) {
		t.Errorf("showMessage %s: want an error naming pyproject.toml", shown.Params)
	}
	c.notify("textDocument/didChange", change(apiURI, 3, apiPy))
	if got := codes(c.diagnostics(apiURI, 3)); len(got) != 0 {
		t.Errorf("api.py with a broken pyproject.toml after a good one: %v, want the good one's (none)", got)
	}
	// Shown once: each analysis finds the broken file again, but a
	// pop-up at each keystroke would bury the editor. A change of the
	// file shows it again.
	isShow := func(m message) bool { return m.Method == "window/showMessage" }
	if n := len(slices.DeleteFunc(slices.Clone(c.pending), func(m message) bool { return !isShow(m) })); n != 0 {
		t.Errorf("%d more window/showMessage for the same broken pyproject.toml, want it shown once", n)
	}
	c.pending = slices.DeleteFunc(c.pending, isShow)
	c.notify("workspace/didChangeWatchedFiles", map[string]any{"changes": []any{map[string]any{"uri": pathURI(pyproject), "type": 2}}})
	c.next("window/showMessage again once pyproject.toml changed, still broken", isShow)

	// Malformed messages get JSON-RPC errors; the server keeps serving.
	c.writeRaw("{not json")
	if m := c.next("error response to a frame that is not JSON", func(m message) bool { return m.Error != nil && string(m.ID) == "null" }); m.Error.Code != -32700 {
		t.Errorf("invalid JSON: error %+v, want code -32700", m.Error)
	}
	if m := c.call("textDocument/codeAction", map[string]any{"textDocument": 5}); m.Error == nil || m.Error.Code != -32602 {
		t.Errorf("codeAction with bad params: %+v, want error -32602", m.Error)
	}
	if m := c.call("textDocument/noSuchMethod", map[string]any{}); m.Error == nil || m.Error.Code != -32601 {
		t.Errorf("unknown method: %+v, want error -32601", m.Error)
	}
	c.notify("textDocument/didChange", map[string]any{"textDocument": "bad"})

	// Closing a document clears its diagnostics.
	c.notify("textDocument/didClose", map[string]any{"textDocument": map[string]any{"uri": brokenURI}})
	c.next("cleared diagnostics of broken.py", func(m message) bool {
		var q published
		return m.Method == "textDocument/publishDiagnostics" && json.Unmarshal(m.Params, &q) == nil && q.URI == brokenURI && len(q.Diagnostics) == 0
	})

	if m := c.call("shutdown", nil); m.Error != nil || string(m.Result) != "null" {
		t.Errorf("shutdown: %+v %s", m.Error, m.Result)
	}
	if m := c.call("textDocument/codeAction", map[string]any{}); m.Error == nil || m.Error.Code != -32600 {
		t.Errorf("request after shutdown: %+v, want error -32600", m.Error)
	}
	c.notify("exit", nil)
	waitExit(t, c, 0)

	// The server wrote nothing: the tree is as the test left it.
	after := snapshot(t, dir)
	delete(after, pyproject)
	if len(after) != len(before) {
		t.Errorf("files after the session: %d, before: %d", len(after), len(before))
	}
	for p, content := range before {
		if after[p] != content {
			t.Errorf("%s changed during the session", p)
		}
	}
}

// waitExit waits for the server process to end and checks its exit code.
func waitExit(t *testing.T, c *client, want int) {
	t.Helper()
	done := make(chan error, 1)
	go func() { done <- c.cmd.Wait() }()
	select {
	case err := <-done:
		code := 0
		if ee, ok := err.(*exec.ExitError); ok {
			code = ee.ExitCode()
		} else if err != nil {
			t.Fatal(err)
		}
		if code != want {
			c.mu.Lock()
			defer c.mu.Unlock()
			t.Errorf("server exit code %d, want %d; stderr:\n%s", code, want, c.stderr.String())
		}
	case <-time.After(bound):
		t.Fatalf("server did not exit within %v", bound)
	}
}

// TestExitWithoutShutdown checks the protocol's exit code 1 when the client
// exits without asking for shutdown, and that requests before initialize
// are refused.
func TestExitWithoutShutdown(t *testing.T) {
	c := startServer(t, t.TempDir())
	if m := c.call("textDocument/codeAction", map[string]any{}); m.Error == nil || m.Error.Code != -32002 {
		t.Errorf("request before initialize: %+v, want error -32002", m.Error)
	}
	c.notify("exit", nil)
	waitExit(t, c, 1)
}

// TestServerGo checks Go files: diagnostics on open (of the package as it
// is on disk), both forms of AL200's fix as quick fixes (asyncrt
// preferred, then the standard library's select), and no fix once the
// buffer has unsaved changes the analysis has not seen.
func TestServerGo(t *testing.T) {
	if _, err := exec.LookPath("go"); err != nil {
		t.Skip("go not installed")
	}
	dir := t.TempDir()
	src := "../golang/gocheck/testdata/rtmod"
	runtimeDir, err := filepath.Abs("../../runtime")
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"go.mod", "go.sum", "app/app.go"} {
		b, err := os.ReadFile(filepath.Join(src, name))
		if err != nil {
			t.Fatal(err)
		}
		content := strings.Replace(string(b), "=> ../../../../../runtime", "=> "+runtimeDir, 1)
		writeFile(t, dir, name, content)
	}
	app := filepath.Join(dir, "app", "app.go")
	appSrc, _ := os.ReadFile(app)
	appURI := pathURI(app)

	c := startServer(t, dir)
	if m := c.call("initialize", map[string]any{"processId": nil, "rootUri": pathURI(dir), "capabilities": map[string]any{}}); m.Error != nil {
		t.Fatalf("initialize: %+v", m.Error)
	}
	c.notify("initialized", map[string]any{})
	c.notify("textDocument/didOpen", textDoc(appURI, "go", 1, string(appSrc)))
	ds := c.diagnostics(appURI, 1)
	if got, want := codes(ds), []string{"13:2 AL200"}; !slices.Equal(got, want) {
		t.Fatalf("app.go diagnostics %v, want %v", got, want)
	}
	actionsAt := func(r lspRange) []codeAction {
		t.Helper()
		resp := c.call("textDocument/codeAction", map[string]any{
			"textDocument": map[string]any{"uri": appURI}, "range": r, "context": map[string]any{"diagnostics": []any{}, "only": []string{"quickfix"}},
		})
		var actions []codeAction
		if resp.Error != nil || json.Unmarshal(resp.Result, &actions) != nil {
			t.Fatalf("codeAction: %+v %s", resp.Error, resp.Result)
		}
		return actions
	}
	actions := actionsAt(ds[0].Range)
	if len(actions) != 2 {
		t.Fatalf("AL200 quick fixes: %d, want the asyncrt and the standard-library forms: %+v", len(actions), actions)
	}
	rt, std := apply(t, string(appSrc), actions[0].Edit.Changes[appURI]), apply(t, string(appSrc), actions[1].Edit.Changes[appURI])
	if !actions[0].IsPreferred || !strings.Contains(rt, "asyncrt.Sleep(ctx, time.Second)") {
		t.Errorf("first fix %q (preferred %v) gives:\n%s", actions[0].Title, actions[0].IsPreferred, rt)
	}
	if actions[1].IsPreferred || !strings.Contains(std, "ctx.Done()") {
		t.Errorf("second fix %q gives:\n%s", actions[1].Title, std)
	}
	c.notify("textDocument/didChange", change(appURI, 2, "// edited\n"+string(appSrc)))
	if got := actionsAt(ds[0].Range); len(got) != 0 {
		t.Errorf("fixes offered for an unsaved Go buffer the analysis has not seen: %+v", got)
	}
	c.call("shutdown", nil)
	c.notify("exit", nil)
	waitExit(t, c, 0)
}

func readFile(t *testing.T, p string) string {
	t.Helper()
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// TestSameAsCheck checks that the server and `asynclint check` give one
// answer: every Python file of the example project opened in the server
// gets, as diagnostics, exactly the findings check reports for it (place,
// code and message).
func TestSameAsCheck(t *testing.T) {
	dir := t.TempDir()
	if err := os.CopyFS(dir, os.DirFS("../../testdata/example/python")); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(asynclintBinary(t), "check", "--no-cache", "--lang", "python", "--format", "json", ".")
	cmd.Dir = dir
	out, err := cmd.Output()
	if ee, ok := err.(*exec.ExitError); err != nil && (!ok || ee.ExitCode() != 1) {
		t.Fatalf("check: %v\n%s", err, out)
	}
	var report struct {
		Findings []struct {
			Filename string `json:"filename"`
			Location struct {
				Line   int `json:"line"`
				Column int `json:"column"`
			} `json:"location"`
			Code    string `json:"code"`
			Message string `json:"message"`
		} `json:"findings"`
	}
	if err := json.Unmarshal(out, &report); err != nil {
		t.Fatalf("check --format json: %v\n%s", err, out)
	}
	var want []string
	for _, f := range report.Findings {
		want = append(want, fmt.Sprintf("%s:%d:%d: %s %s", f.Filename, f.Location.Line, f.Location.Column, f.Code, f.Message))
	}
	if len(want) == 0 {
		t.Fatal("check found nothing in the example: the test would prove nothing")
	}

	c := startServer(t, dir)
	if m := c.call("initialize", map[string]any{"processId": nil, "rootUri": pathURI(dir), "capabilities": map[string]any{}}); m.Error != nil {
		t.Fatalf("initialize: %+v", m.Error)
	}
	c.notify("initialized", map[string]any{})
	var got []string
	err = filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || filepath.Ext(p) != ".py" {
			return err
		}
		uri := pathURI(p)
		c.notify("textDocument/didOpen", textDoc(uri, "python", 1, readFile(t, p)))
		rel, _ := filepath.Rel(dir, p)
		// The example is ASCII: UTF-16 characters are code points.
		for _, d := range c.diagnostics(uri, 1) {
			got = append(got, fmt.Sprintf("%s:%d:%d: %s %s", filepath.ToSlash(rel), d.Range.Start.Line+1, d.Range.Start.Character+1, d.Code, d.Message))
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	slices.Sort(got)
	slices.Sort(want)
	if !slices.Equal(got, want) {
		t.Errorf("server diagnostics:\n%s\ncheck findings:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	c.call("shutdown", nil)
	c.notify("exit", nil)
	waitExit(t, c, 0)
}

// TestLoneDocumentFollowsItsProject opens a document that lies in no
// workspace folder: it is checked as `check FILE` checks it, as part of
// its project (the nearest directory above with a marker such as .git),
// so AL100 follows its call into a helper module that is not open, and an
// unsaved buffer of that helper counts over its file on disk. Without a
// marker the document is checked alone and the helper is not followed.
func TestLoneDocumentFollowsItsProject(t *testing.T) {
	dir := t.TempDir()
	proj := filepath.Join(dir, "proj")
	api := writeFile(t, proj, "app/api.py", apiPy)
	helpers := writeFile(t, proj, "app/helpers.py", helpersPy)
	writeFile(t, proj, "app/__init__.py", "")
	if err := os.Mkdir(filepath.Join(proj, ".git"), 0o755); err != nil {
		t.Fatal(err)
	}
	loose := filepath.Join(dir, "loose")
	looseAPI := writeFile(t, loose, "app/api.py", apiPy)
	writeFile(t, loose, "app/helpers.py", helpersPy)
	writeFile(t, loose, "app/__init__.py", "")

	c := startServer(t, dir)
	caps := map[string]any{"textDocument": map[string]any{"codeAction": map[string]any{
		"dataSupport": true, "resolveSupport": map[string]any{"properties": []string{"edit"}},
	}}}
	if m := c.call("initialize", map[string]any{"processId": nil, "rootUri": nil, "capabilities": caps}); m.Error != nil {
		t.Fatalf("initialize: %+v", m.Error)
	}
	c.notify("initialized", map[string]any{})

	uri, huri := pathURI(api), pathURI(helpers)
	c.notify("textDocument/didOpen", textDoc(uri, "python", 1, apiPy))
	ds := c.diagnostics(uri, 1)
	if got, want := codes(ds), []string{"6:5 AL100", "7:5 ASYNC251"}; !slices.Equal(got, want) {
		t.Fatalf("api.py in a project: %v, want %v", got, want)
	}
	// The twin quick fix plans in the project too: it edits the helper.
	raws := rawActions(t, c, uri, ds[0].Range)
	if len(raws) != 1 {
		t.Fatalf("quick fixes at wait(): %s, want the twin fix alone", raws)
	}
	resp := c.call("codeAction/resolve", raws[0])
	var resolved codeAction
	if resp.Error != nil || json.Unmarshal(resp.Result, &resolved) != nil {
		t.Fatalf("codeAction/resolve: %+v %s", resp.Error, resp.Result)
	}
	if got := apply(t, helpersPy, resolved.Edit.Changes[huri]); !strings.Contains(got, "async def wait_async():\n    await asyncio.sleep(1)\n") {
		t.Errorf("twin fix gives helpers.py:\n%s", got)
	}
	// check FILE says the same of it.
	cmd := exec.Command(asynclintBinary(t), "check", "--no-cache", "app/api.py")
	cmd.Dir = proj
	out, _ := cmd.Output()
	for _, w := range []string{"app/api.py:6:5: AL100", "app/api.py:7:5: ASYNC251"} {
		if !strings.Contains(string(out), w) {
			t.Errorf("check app/api.py lacks %s:\n%s", w, out)
		}
	}

	// The helper, opened and edited (unsaved) to sleep no more.
	c.notify("textDocument/didOpen", textDoc(huri, "python", 1, "def wait():\n    pass\n"))
	c.notify("textDocument/didChange", change(uri, 2, apiPy))
	if got, want := codes(c.diagnostics(uri, 2)), []string{"7:5 ASYNC251"}; !slices.Equal(got, want) {
		t.Errorf("api.py with the helper's buffer not sleeping: %v, want %v", got, want)
	}

	// A helper open but not saved, imported by a module on disk; and a
	// new buffer, not on disk either, that calls it: both are part of
	// the project, and the new buffer is no unreadable file (E902).
	uses := writeFile(t, proj, "app/uses2.py", "from app.helpers2 import wait2\n\n\nasync def h():\n    wait2()\n")
	c.notify("textDocument/didOpen", textDoc(pathURI(filepath.Join(proj, "app/helpers2.py")), "python", 1, "import time\n\n\ndef wait2():\n    time.sleep(1)\n"))
	c.notify("textDocument/didOpen", textDoc(pathURI(uses), "python", 1, readFile(t, uses)))
	if got, want := codes(c.diagnostics(pathURI(uses), 1)), []string{"5:5 AL100"}; !slices.Equal(got, want) {
		t.Errorf("uses2.py calling an unsaved helper: %v, want %v", got, want)
	}
	nuri := pathURI(filepath.Join(proj, "app/new.py"))
	c.notify("textDocument/didOpen", textDoc(nuri, "python", 1, "import time\nfrom app.helpers2 import wait2\n\n\nasync def handler():\n    wait2()\n    time.sleep(1)\n"))
	if got, want := codes(c.diagnostics(nuri, 1)), []string{"6:5 AL100", "7:5 ASYNC251"}; !slices.Equal(got, want) {
		t.Errorf("a new buffer in the project: %v, want %v", got, want)
	}

	// An excluded folder's files are not followed, saved or not.
	writeFile(t, proj, ".asynclint.toml", "exclude = [\"vendored/\"]\n")
	writeFile(t, proj, "vendored/__init__.py", "")
	writeFile(t, proj, "vendored/disk.py", "import time\n\n\ndef dwait():\n    time.sleep(1)\n")
	c.notify("textDocument/didOpen", textDoc(pathURI(filepath.Join(proj, "vendored/buf.py")), "python", 1, "import time\n\n\ndef bwait():\n    time.sleep(1)\n"))
	x := writeFile(t, proj, "app/x.py", "from vendored.disk import dwait\nfrom vendored.buf import bwait\n\n\nasync def h():\n    dwait()\n    bwait()\n")
	c.notify("textDocument/didOpen", textDoc(pathURI(x), "python", 1, readFile(t, x)))
	if got := codes(c.diagnostics(pathURI(x), 1)); len(got) != 0 {
		t.Errorf("x.py calling excluded helpers, one on disk and one a buffer: %v, want none", got)
	}

	luri := pathURI(looseAPI)
	c.notify("textDocument/didOpen", textDoc(luri, "python", 1, apiPy))
	if got, want := codes(c.diagnostics(luri, 1)), []string{"7:5 ASYNC251"}; !slices.Equal(got, want) {
		t.Errorf("api.py in no project: %v, want %v", got, want)
	}
	c.call("shutdown", nil)
	c.notify("exit", nil)
	waitExit(t, c, 0)
}

// TestNestedConfigInFolder: in a workspace folder, each file's
// diagnostics are kept by its nearest configuration, as check keeps its
// findings, and take their severity from it: a subfolder's
// per-file-ignores and severity table apply to its files.
func TestNestedConfigInFolder(t *testing.T) {
	dir := t.TempDir()
	sleeps := "import time\n\n\nasync def f():\n    time.sleep(1)\n"
	writeFile(t, dir, "s2/pyproject.toml", "[tool.asynclint.per-file-ignores]\n\"legacy_*.py\" = [\"ASYNC251\"]\n\n[tool.asynclint.severity]\nASYNC251 = \"error\"\n")
	b := writeFile(t, dir, "s2/b.py", sleeps)
	legacy := writeFile(t, dir, "s2/legacy_c.py", sleeps)
	c := startServer(t, dir)
	if m := c.call("initialize", map[string]any{"processId": nil, "rootUri": pathURI(dir), "capabilities": map[string]any{}}); m.Error != nil {
		t.Fatalf("initialize: %+v", m.Error)
	}
	c.notify("initialized", map[string]any{})
	for _, tc := range []struct {
		path string
		want []string
	}{{b, []string{"5:5 ASYNC251"}}, {legacy, nil}} {
		uri := pathURI(tc.path)
		c.notify("textDocument/didOpen", textDoc(uri, "python", 1, sleeps))
		ds := c.diagnostics(uri, 1)
		if got := codes(ds); !slices.Equal(got, tc.want) {
			t.Errorf("%s: %v, want %v", filepath.Base(tc.path), got, tc.want)
		}
		for _, d := range ds {
			if d.Severity != 1 {
				t.Errorf("%s: %s severity %d, want 1 (error, the subfolder's severity table)", filepath.Base(tc.path), d.Code, d.Severity)
			}
		}
	}
	c.call("shutdown", nil)
	c.notify("exit", nil)
	waitExit(t, c, 0)
}
