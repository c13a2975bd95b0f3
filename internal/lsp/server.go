// Package lsp is asynclint's language server (`asynclint server`): the
// Language Server Protocol over standard input and output. It publishes
// diagnostics for open Python files on open, change and save (the
// cross-module rules computed against the workspace on disk with every open
// buffer's unsaved text laid over it) and for Go files on open and save,
// offers the rules' fixes as code actions (and source.fixAll.asynclint; the
// AL1xx async-twin fix resolved lazily by codeAction/resolve), and
// reloads the configuration when pyproject.toml or .asynclint.toml change.
// It never writes a file: edits reach the disk only when the client applies
// them.
//
// Protocol types are glsp's protocol_3_16; the transport is
// go.lsp.dev/jsonrpc2 (Content-Length framing, a symmetric connection).
// Messages are handled one at a time, in the order they arrive.
package lsp

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"runtime/debug"
	"slices"
	"strings"
	"sync"

	"github.com/asynclint/asynclint/internal/python/pycache"
	protocol "github.com/tliron/glsp/protocol_3_16"
	"go.lsp.dev/jsonrpc2"
)

// Options configure the server.
type Options struct {
	// Version is reported to the client as the server's version.
	Version string
	// HomeURI is the project's home page: a diagnostic's codeDescription
	// links to HomeURI#code, the rule's section of the README.
	HomeURI string
	// Log receives the server's own log lines (stderr); nil discards them.
	Log io.Writer
}

// codeServerNotInitialized is LSP's error for a request before initialize.
const codeServerNotInitialized jsonrpc2.Code = -32002

// kindFixAll is the code action kind of "fix everything asynclint can fix
// in this file", which editors run on save.
const kindFixAll = "source.fixAll.asynclint"

// server is one session's state. mu guards everything below it: handlers
// run one at a time, but the watcher registration answers on its own
// goroutine.
type server struct {
	opts Options
	conn jsonrpc2.Conn
	log  io.Writer

	exitOnce sync.Once
	exited   chan struct{}
	exitCode int

	mu           sync.Mutex
	initialized  bool
	shutdown     bool
	watchDynamic bool
	// resolveEdit is set when the client resolves a code action's edit
	// lazily (codeAction/resolve): the AL1xx twin fixes are offered then.
	resolveEdit bool
	folders     []*folder
	// cache keeps module summaries in memory between analyses, so that a
	// change parses the changed buffer only; nil if it could not be made.
	cache *pycache.Cache
	// parsed and cached count the Python files of the last analysis that
	// were parsed and that came from the cache.
	parsed, cached int
	docs           map[string]*document // by URI
	published      map[string]string    // URI -> the diagnostics last sent, as JSON
	// warned holds, by analysed roots, the ambiguity warning last logged,
	// so that each analysis of an unchanged tree does not repeat it
	warned map[string]string
	// shown holds the configuration errors shown since the configuration
	// files last changed: each analysis finds a broken file again, and a
	// pop-up at each keystroke would bury the editor
	shown map[string]bool
}

// Serve runs the server on in and out until the client sends exit or closes
// in, and returns the process's exit code: 0 after shutdown and exit, 1 when
// the session ended without a shutdown request, as the protocol asks.
func Serve(ctx context.Context, in io.Reader, out io.Writer, opts Options) int {
	s := newServer(opts)
	s.conn = jsonrpc2.NewConn(newTolerantStream(stdio{in, out}), jsonrpc2.WithCodec(stdCodec{}))
	s.conn.Go(ctx, s.handle)
	select {
	case <-s.exited:
		return s.exitCode
	case <-s.conn.Done():
		if err := s.conn.Err(); err != nil {
			fmt.Fprintf(s.log, "asynclint server: connection ended: %v\n", err)
		}
		return 1
	}
}

func newServer(opts Options) *server {
	s := &server{
		opts:      opts,
		log:       opts.Log,
		exited:    make(chan struct{}),
		docs:      map[string]*document{},
		published: map[string]string{},
	}
	if s.log == nil {
		s.log = io.Discard
	}
	if c, err := pycache.OpenMemory(opts.Version); err == nil {
		s.cache = c
	} else {
		fmt.Fprintf(s.log, "asynclint server: no cache: %v\n", err)
	}
	return s
}

// handle answers one message. A call gets a result or a JSON-RPC error; a
// notification never returns an error (that would end the connection): its
// problems are logged. A panic becomes an internal error, never a crash.
func (s *server) handle(ctx context.Context, req *jsonrpc2.Request) (result any, err error) {
	method := strings.Clone(req.Method())
	isCall := req.IsCall()
	defer func() {
		if r := recover(); r != nil {
			fmt.Fprintf(s.log, "asynclint server: panic in %s: %v\n%s", method, r, debug.Stack())
			result, err = nil, jsonrpc2.Errorf(jsonrpc2.InternalError, "asynclint: internal error in %s: %v", method, r)
		}
		if err != nil && !isCall {
			fmt.Fprintf(s.log, "asynclint server: %s: %v\n", method, err)
			s.notifyLog(protocol.MessageTypeError, fmt.Sprintf("asynclint: %s: %v", method, err))
			result, err = nil, nil
		}
	}()
	params := req.Params()
	if method == "exit" {
		s.exit()
		return nil, nil
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	switch {
	case !s.initialized && method != "initialize":
		if !isCall {
			return nil, nil // notifications before initialize are dropped
		}
		return nil, jsonrpc2.NewError(codeServerNotInitialized, "asynclint: the server is not initialized")
	case s.shutdown:
		return nil, jsonrpc2.Errorf(jsonrpc2.InvalidRequest, "asynclint: %s after shutdown", method)
	}
	switch method {
	case "initialize":
		if s.initialized {
			return nil, jsonrpc2.NewError(jsonrpc2.InvalidRequest, "asynclint: initialize sent twice")
		}
		var p protocol.InitializeParams
		if err := decode(params, &p); err != nil {
			return nil, err
		}
		return s.initialize(&p), nil
	case "initialized":
		s.registerWatchers(ctx)
		return nil, nil
	case "shutdown":
		s.shutdown = true
		return nil, nil
	case "textDocument/didOpen":
		var p protocol.DidOpenTextDocumentParams
		if err := decode(params, &p); err != nil {
			return nil, err
		}
		s.didOpen(ctx, &p)
		return nil, nil
	case "textDocument/didChange":
		var p protocol.DidChangeTextDocumentParams
		if err := decode(params, &p); err != nil {
			return nil, err
		}
		return nil, s.didChange(ctx, &p)
	case "textDocument/didSave":
		var p protocol.DidSaveTextDocumentParams
		if err := decode(params, &p); err != nil {
			return nil, err
		}
		s.didSave(ctx, &p)
		return nil, nil
	case "textDocument/didClose":
		var p protocol.DidCloseTextDocumentParams
		if err := decode(params, &p); err != nil {
			return nil, err
		}
		s.didClose(ctx, &p)
		return nil, nil
	case "textDocument/codeAction":
		var p protocol.CodeActionParams
		if err := decode(params, &p); err != nil {
			return nil, err
		}
		return s.codeActions(&p), nil
	case "codeAction/resolve":
		return s.resolveCodeAction(params)
	case "workspace/didChangeWatchedFiles":
		var p protocol.DidChangeWatchedFilesParams
		if err := decode(params, &p); err != nil {
			return nil, err
		}
		s.didChangeWatchedFiles(ctx, &p)
		return nil, nil
	}
	if !isCall {
		return nil, nil // unknown notifications ($/cancelRequest, $/setTrace, ...) are ignored
	}
	return nil, jsonrpc2.Errorf(jsonrpc2.MethodNotFound, "asynclint: method not supported: %s", method)
}

// decode reads a message's params; bad params are a JSON-RPC InvalidParams
// error naming the problem.
func decode(params []byte, v any) error {
	if len(params) == 0 {
		return jsonrpc2.NewError(jsonrpc2.InvalidParams, "asynclint: missing params")
	}
	if err := json.Unmarshal(params, v); err != nil {
		return jsonrpc2.Errorf(jsonrpc2.InvalidParams, "asynclint: invalid params: %v", err)
	}
	return nil
}

func (s *server) exit() {
	s.exitOnce.Do(func() {
		s.mu.Lock()
		if s.shutdown {
			s.exitCode = 0
		} else {
			s.exitCode = 1
		}
		s.mu.Unlock()
		close(s.exited)
	})
}

func (s *server) initialize(p *protocol.InitializeParams) *protocol.InitializeResult {
	s.initialized = true
	var roots []string
	for _, f := range p.WorkspaceFolders {
		if path, ok := uriPath(f.URI); ok {
			roots = append(roots, path)
		}
	}
	if len(roots) == 0 && p.RootURI != nil {
		if path, ok := uriPath(*p.RootURI); ok {
			roots = append(roots, path)
		}
	}
	if len(roots) == 0 && p.RootPath != nil && *p.RootPath != "" {
		roots = append(roots, *p.RootPath)
	}
	for _, r := range roots {
		s.folders = append(s.folders, s.newFolder(r))
	}
	if ws := p.Capabilities.Workspace; ws != nil && ws.DidChangeWatchedFiles != nil && ws.DidChangeWatchedFiles.DynamicRegistration != nil {
		s.watchDynamic = *ws.DidChangeWatchedFiles.DynamicRegistration
	}
	if td := p.Capabilities.TextDocument; td != nil && td.CodeAction != nil && td.CodeAction.ResolveSupport != nil {
		s.resolveEdit = slices.Contains(td.CodeAction.ResolveSupport.Properties, "edit")
	}
	syncKind := protocol.TextDocumentSyncKindFull
	yes := true
	version := s.opts.Version
	return &protocol.InitializeResult{
		Capabilities: protocol.ServerCapabilities{
			TextDocumentSync: protocol.TextDocumentSyncOptions{
				OpenClose: &yes,
				Change:    &syncKind,
				Save:      protocol.SaveOptions{IncludeText: new(bool)},
			},
			CodeActionProvider: protocol.CodeActionOptions{
				CodeActionKinds: []protocol.CodeActionKind{protocol.CodeActionKindQuickFix, kindFixAll},
				ResolveProvider: &yes,
			},
		},
		ServerInfo: &protocol.InitializeResultServerInfo{Name: "asynclint", Version: &version},
	}
}

// registerWatchers asks a client that can register watchers dynamically to
// report changes to the configuration files and to Python and Go sources
// on disk. The request is answered on its own goroutine, so the read loop
// goes on meanwhile.
func (s *server) registerWatchers(ctx context.Context) {
	if !s.watchDynamic {
		return
	}
	params := protocol.RegistrationParams{Registrations: []protocol.Registration{{
		ID:     "asynclint-watch",
		Method: "workspace/didChangeWatchedFiles",
		RegisterOptions: protocol.DidChangeWatchedFilesRegistrationOptions{Watchers: []protocol.FileSystemWatcher{
			{GlobPattern: "**/pyproject.toml"},
			{GlobPattern: "**/.asynclint.toml"},
			{GlobPattern: "**/*.py"},
			{GlobPattern: "**/*.go"},
			{GlobPattern: "**/go.mod"},
		}},
	}}}
	ctx = jsonrpc2.DetachContext(ctx)
	go func() {
		if _, err := s.conn.Call(ctx, "client/registerCapability", params, nil); err != nil {
			fmt.Fprintf(s.log, "asynclint server: registering file watchers: %v\n", err)
		}
	}()
}

// notifyLog sends a window/logMessage.
func (s *server) notifyLog(typ protocol.MessageType, msg string) {
	if s.conn == nil {
		return
	}
	_ = s.conn.Notify(context.Background(), "window/logMessage", protocol.LogMessageParams{Type: typ, Message: msg})
}

// notifyShow sends a window/showMessage.
func (s *server) notifyShow(typ protocol.MessageType, msg string) {
	if s.conn == nil {
		return
	}
	_ = s.conn.Notify(context.Background(), "window/showMessage", protocol.ShowMessageParams{Type: typ, Message: msg})
}

// showError tells the user about a problem they must fix (a bad
// configuration file), once until the configuration files change
// (reloadConfig).
func (s *server) showError(msg string) {
	if s.shown[msg] {
		return
	}
	if s.shown == nil {
		s.shown = map[string]bool{}
	}
	s.shown[msg] = true
	fmt.Fprintln(s.log, msg)
	s.notifyShow(protocol.MessageTypeError, msg)
}
