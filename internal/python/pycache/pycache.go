// Package pycache is asynclint's content-hash cache of Python module
// summaries, as ruff's cache is of its results: one entry per file, keyed
// by the file's bytes, the tool's version, the shape of the model type and
// the settings the model depends on, holding the module's semantic model
// without its syntax tree and source text. A warm run reads the summaries
// of unchanged files instead of parsing them; the cross-module call graph
// is always rebuilt from the summaries, since AL1xx findings depend on
// other files.
//
// Entries are written atomically (a temporary file renamed over the
// entry), so concurrent runs never see a partial entry; an entry that is
// corrupt, foreign or written for another key is ignored (and rewritten by
// the run that parses the file), never trusted.
package pycache

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"hash/crc32"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"sync"

	"github.com/asynclint/asynclint/internal/driver/atomicfile"
	"github.com/asynclint/asynclint/internal/driver/readfile"
	"github.com/asynclint/asynclint/pyparse"
)

// DirName is the cache directory's name at a project's root.
const DirName = ".asynclint_cache"

// magic starts every entry; the digit is the entry layout's version.
var magic = []byte("asynclint-pycache-3\n")

var castagnoli = crc32.MakeTable(crc32.Castagnoli)

var (
	modelOnce  sync.Once
	modelCodec *codec
	modelErr   error
)

// moduleCodec is the codec of pyparse.Module. The summary it carries is
// every exported field of the model except (see skipField):
//   - the tree-sitter tree and nodes (the rewriter, which alone reads
//     them, parses the files it edits); the source text is not a field
//     (the caller gives it to Load, or the means to read it later);
//   - the scopes below the module's (Function.Scope, Call.Scope, ...):
//     names are resolved when the model is built, and the call graph
//     looks names up in module scopes only;
//   - Call.ArgSpans, which only the rewriter reads.
//
// A field added to the model is carried unless it is of one of these
// kinds; the warm-equals-cold tests of pycheck show when a rule or the
// graph starts reading something the summary leaves out.
func moduleCodec() (*codec, error) {
	modelOnce.Do(func() {
		modelCodec, modelErr = newCodec(reflect.TypeOf(pyparse.Module{}), skipField)
	})
	return modelCodec, modelErr
}

var (
	moduleType = reflect.TypeOf(pyparse.Module{})
	scopeType  = reflect.TypeOf(&pyparse.Scope{})
	callType   = reflect.TypeOf(pyparse.Call{})
)

func skipField(owner reflect.Type, f reflect.StructField) bool {
	if !f.IsExported() {
		return true
	}
	switch {
	case f.Type == scopeType && !(owner == moduleType && f.Name == "Scope"):
		return true
	case owner == callType && f.Name == "ArgSpans":
		return true
	}
	t := f.Type
	for t.Kind() == reflect.Pointer || t.Kind() == reflect.Slice || t.Kind() == reflect.Array || t.Kind() == reflect.Map {
		t = t.Elem()
	}
	return strings.HasPrefix(t.PkgPath(), "github.com/smacker/go-tree-sitter")
}

// Fingerprint returns the hash of the model's shape as the cache carries
// it (every struct type reachable from pyparse.Module, with its fields'
// names and types), which is part of every key.
func Fingerprint() ([32]byte, error) {
	c, err := moduleCodec()
	if err != nil {
		return [32]byte{}, err
	}
	return c.fingerprint, nil
}

// Cache is a cache directory for one tool version.
type Cache struct {
	dir    string // where the entries live: <root>/<version hash>/py
	prefix [32]byte
	codec  *codec

	mu       sync.Mutex
	writeErr error // the first failed write, reported once
	// mem holds the entries of a cache kept in memory (OpenMemory),
	// encoded as on disk; nil for a cache directory.
	mem map[Key]*memEntry
}

// memEntry is an entry of an in-memory cache; used says whether a Load or
// Store touched it since the last Sweep.
type memEntry struct {
	data []byte
	used bool
}

// OpenMemory returns a cache for the given tool version that keeps its
// entries in memory and writes nothing: the language server's, which must
// not write to disk and lives across many runs. Sweep bounds it.
func OpenMemory(version string) (*Cache, error) {
	c, err := moduleCodec()
	if err != nil {
		return nil, fmt.Errorf("cache: %w", err)
	}
	h := sha256.New()
	fmt.Fprintf(h, "%s\x00%x\x00", version, c.fingerprint)
	ca := &Cache{codec: c, mem: map[Key]*memEntry{}}
	copy(ca.prefix[:], h.Sum(nil))
	return ca, nil
}

// Sweep drops the entries of an in-memory cache that no Load or Store
// touched since the previous Sweep, so that a process that sweeps after
// each run keeps only what its last run used (an edited buffer's older
// versions go). It does nothing to a cache directory.
func (c *Cache) Sweep() {
	c.mu.Lock()
	defer c.mu.Unlock()
	for k, e := range c.mem {
		if !e.used {
			delete(c.mem, k)
		}
		e.used = false
	}
}

// Len is the number of entries of an in-memory cache (0 for a directory).
func (c *Cache) Len() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(c.mem)
}

// Open returns the cache rooted at dir for the given tool version,
// creating dir with a .gitignore (holding `*`) and a CACHEDIR.TAG if it
// does not exist.
func Open(dir, version string) (*Cache, error) {
	c, err := moduleCodec()
	if err != nil {
		return nil, fmt.Errorf("cache: %w", err)
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("cache: %w", err)
	}
	for name, text := range map[string]string{
		".gitignore":   "# Automatically created by asynclint.\n*\n",
		"CACHEDIR.TAG": "Signature: 8a477f597d28d172789f06886806bc55\n# This file is a cache directory tag created by asynclint.\n",
	} {
		p := filepath.Join(dir, name)
		if _, err := os.Stat(p); err == nil {
			continue
		}
		if err := atomicfile.Write(p, []byte(text)); err != nil {
			return nil, fmt.Errorf("cache: %w", err)
		}
	}
	h := sha256.New()
	fmt.Fprintf(h, "%s\x00%x\x00", version, c.fingerprint)
	ca := &Cache{codec: c}
	copy(ca.prefix[:], h.Sum(nil))
	ca.dir = filepath.Join(dir, hex.EncodeToString(ca.prefix[:6]), "py")
	return ca, nil
}

// Listings is the folder where the walk keeps the directory listings of
// this tool version's runs (discover.Options.Listings), beside the
// entries; "" for a cache kept in memory, which writes nothing.
func (c *Cache) Listings() string {
	if c == nil || c.dir == "" {
		return ""
	}
	return filepath.Join(filepath.Dir(c.dir), "dirs")
}

// Verdicts is the folder where a run keeps, by each file's stat, its
// prefilter's verdict on the file (so that the next run need not read a
// file dropped, nor check and hash again one kept), beside the entries;
// "" for a cache kept in memory.
func (c *Cache) Verdicts() string {
	if c == nil || c.dir == "" {
		return ""
	}
	return filepath.Join(filepath.Dir(c.dir), "verdicts")
}

// Key identifies an entry: the hash of the file's bytes and of everything
// else the model depends on.
type Key [32]byte

// Sum is the hash of a file's bytes, the part of a Key they make.
type Sum [32]byte

// SumOf returns the Sum of src.
func SumOf(src []byte) Sum { return sha256.Sum256(src) }

// Key returns the key of src parsed with these options (only the options
// that change the model are in it: the module's name, whether it is a
// package) and settings (any other setting the caller's model depends on).
func (c *Cache) Key(src []byte, opts pyparse.Options, settings string) Key {
	return c.KeyOfSum(SumOf(src), len(src), opts, settings)
}

// KeyOfSum is Key for a file of size bytes whose Sum is sum: the same key
// as Key's for its bytes, for a caller that knows their sum already.
func (c *Cache) KeyOfSum(sum Sum, size int, opts pyparse.Options, settings string) Key {
	h := sha256.New()
	h.Write(c.prefix[:])
	fmt.Fprintf(h, "%q\x00%t\x00%q\x00%d\x00", opts.Name, opts.IsPackage, settings, size)
	h.Write(sum[:])
	var k Key
	copy(k[:], h.Sum(nil))
	return k
}

func (c *Cache) path(k Key) string {
	s := hex.EncodeToString(k[:])
	return filepath.Join(c.dir, s[:2], s[2:])
}

// Load returns the summary stored under k, as the model of the file at
// path whose bytes are src: the same as a full parse except that it has no
// tree-sitter tree (Tree and every Node are nil). It returns nil when there is no usable entry. With src nil,
// the caller gives the module the means to read it (Module.SourceLater).
func (c *Cache) Load(k Key, path string, src []byte) *pyparse.Module {
	var data []byte
	if c.mem != nil {
		c.mu.Lock()
		e := c.mem[k]
		if e != nil {
			e.used, data = true, e.data
		}
		c.mu.Unlock()
		if e == nil {
			return nil
		}
	} else {
		var err error
		if data, err = readfile.ReadFile(c.path(k)); err != nil {
			return nil
		}
	}
	payload, ok := unwrap(data, k)
	if !ok {
		return nil
	}
	v, err := c.codec.decode(payload)
	if err != nil {
		return nil
	}
	m := v.Addr().Interface().(*pyparse.Module)
	m.Path = path
	m.SetSource(src)
	m.Decoded()
	return m
}

// Store writes m's summary under k.
func (c *Cache) Store(k Key, m *pyparse.Module) {
	buf := make([]byte, 0, 4096)
	buf = append(buf, magic...)
	buf = append(buf, k[:]...)
	buf = append(buf, make([]byte, 12)...) // length and checksum, below
	buf = c.codec.encode(buf, reflect.ValueOf(m).Elem())
	head := len(magic) + len(k)
	payload := buf[head+12:]
	binary.LittleEndian.PutUint64(buf[head:], uint64(len(payload)))
	binary.LittleEndian.PutUint32(buf[head+8:], crc32.Checksum(payload, castagnoli))
	if c.mem != nil {
		c.mu.Lock()
		c.mem[k] = &memEntry{data: buf, used: true}
		c.mu.Unlock()
		return
	}
	p := c.path(k)
	err := atomicfile.Write(p, buf)
	if errors.Is(err, fs.ErrNotExist) {
		// The entry's folder is made when its first entry is written, not
		// asked for at every write (a mkdir a file was most of a write).
		if err = os.MkdirAll(filepath.Dir(p), 0o755); err == nil {
			err = atomicfile.Write(p, buf)
		}
	}
	if err != nil {
		c.mu.Lock()
		if c.writeErr == nil {
			c.writeErr = err
		}
		c.mu.Unlock()
	}
}

// WriteError returns the first error writing an entry, nil if none: a
// cache that cannot be written makes runs slower, never wrong.
func (c *Cache) WriteError() error {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.writeErr
}

// unwrap checks an entry's header and checksum and returns its payload.
func unwrap(data []byte, k Key) ([]byte, bool) {
	head := len(magic) + len(k)
	if len(data) < head+12 || !bytes.Equal(data[:len(magic)], magic) || !bytes.Equal(data[len(magic):head], k[:]) {
		return nil, false
	}
	n := binary.LittleEndian.Uint64(data[head:])
	sum := binary.LittleEndian.Uint32(data[head+8:])
	payload := data[head+12:]
	if n != uint64(len(payload)) || crc32.Checksum(payload, castagnoli) != sum {
		return nil, false
	}
	return payload, true
}
