package statstore

import (
	"bytes"
	"os"
	"path/filepath"
	"slices"
	"sync"
	"testing"
	"time"
)

const magic = "statstore-test-1\n"

// later is a read time long after any test file was changed: records
// made with it are never racy.
var later = time.Now().Add(time.Hour)

func open(t *testing.T, path string) *Store {
	t.Helper()
	s := Open(path, magic)
	if s == nil {
		t.Skip("no stat keys on this system")
	}
	return s
}

// fileKey writes content to a file in dir and returns its key.
func fileKey(t *testing.T, path, content string) Key {
	t.Helper()
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	info, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	k, ok := KeyOf(info)
	if !ok {
		t.Skip("no stat keys on this system")
	}
	return k
}

// storeAndKey returns the path of a store in a new folder and the key of a
// file written there.
func storeAndKey(t *testing.T) (string, Key) {
	t.Helper()
	dir := t.TempDir()
	return filepath.Join(dir, "store"), fileKey(t, filepath.Join(dir, "f.py"), "x = 1\n")
}

// putAll saves a store holding a record of each name with key k, its data
// the name.
func putAll(t *testing.T, store string, k Key, names ...string) {
	t.Helper()
	s := open(t, store)
	for _, n := range names {
		s.Put(n, k, later, []byte(n))
	}
	s.Save()
}

// A record kept is taken by the next run while the key is the same, and
// not once the file changed.
func TestRecordHeldUntilKeyChanges(t *testing.T) {
	dir := t.TempDir()
	store, file := filepath.Join(dir, "store"), filepath.Join(dir, "f.py")
	k := fileKey(t, file, "x = 1\n")
	s := open(t, store)
	if _, ok := s.Get("f.py", k); ok {
		t.Fatal("an empty store gave a record")
	}
	s.Put("f.py", k, later, []byte("data"))
	s.Save()

	s = open(t, store)
	if !s.Has("f.py") || s.Len() != 1 {
		t.Fatalf("reopened store: has %v, %d records; want the one kept", s.Has("f.py"), s.Len())
	}
	if d, ok := s.Get("f.py", k); !ok || string(d) != "data" {
		t.Fatalf("Get with the same key: %q, %v", d, ok)
	}
	k2 := fileKey(t, file, "x = 22\n")
	if k2 == k {
		t.Fatal("a file of another size kept its key")
	}
	if _, ok := s.Get("f.py", k2); ok {
		t.Error("Get with the changed file's key gave the old record")
	}
}

// A record made of a file changed within RacyWindow of its read is not
// kept, and drops what the store held of it.
func TestRacyRecordNotKept(t *testing.T) {
	store, k := storeAndKey(t)
	putAll(t, store, k, "f.py", "g.py")
	s := open(t, store)
	s.Get("g.py", k)
	s.Put("f.py", k, time.Unix(0, k.Mtime).Add(time.Second), []byte("new"))
	s.Save()
	s = open(t, store)
	if s.Has("f.py") {
		t.Error("a racy record was kept, or the stale one not dropped")
	}
	if !s.Has("g.py") {
		t.Error("the record taken this run was dropped")
	}
}

// A run that takes every record and keeps none leaves the file alone; one
// that leaves a record untaken drops it.
func TestSaveOnlyWhenChanged(t *testing.T) {
	store, k := storeAndKey(t)
	putAll(t, store, k, "a", "b")
	before, err := os.Stat(store)
	if err != nil {
		t.Fatal(err)
	}
	s := open(t, store)
	s.Get("a", k)
	s.Get("b", k)
	s.Save()
	if after, err := os.Stat(store); err != nil || !os.SameFile(before, after) {
		t.Errorf("a run that changed nothing rewrote the store (%v)", err)
	}
	s = open(t, store)
	s.Get("a", k)
	s.Save()
	if s = open(t, store); s.Has("b") || !s.Has("a") {
		t.Errorf("after a run that took a only: has a %v, b %v; want a only", s.Has("a"), s.Has("b"))
	}
}

// A file that is not one whole store is ignored, and rewritten by the
// next Save.
func TestCorruptStoreIgnored(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "f.py")
	k := fileKey(t, file, "x = 1\n")
	good := filepath.Join(dir, "good")
	s := open(t, good)
	s.Put("f.py", k, later, []byte("data"))
	s.Save()
	data, err := os.ReadFile(good)
	if err != nil {
		t.Fatal(err)
	}
	for name, mangled := range map[string][]byte{
		"garbage":      []byte("not a store"),
		"empty":        nil,
		"cut short":    data[:len(data)-3],
		"bit flip":     func() []byte { c := slices.Clone(data); c[len(c)-2] ^= 1; return c }(),
		"other format": bytes.Replace(data, []byte("test-1"), []byte("test-2"), 1),
		"other magic":  append([]byte("asynclint-dirs-2\n"), data[len(magic):]...),
	} {
		t.Run(name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "store")
			if err := os.WriteFile(path, mangled, 0o644); err != nil {
				t.Fatal(err)
			}
			s := open(t, path)
			if s.Len() != 0 {
				t.Fatalf("a mangled store was read: %d records", s.Len())
			}
			s.Put("f.py", k, later, []byte("data"))
			s.Save()
			if d, ok := open(t, path).Get("f.py", k); !ok || string(d) != "data" {
				t.Errorf("the mangled store was not rewritten: %q, %v", d, ok)
			}
		})
	}
}

// Runs saving one store at once leave a whole file: one run's records.
func TestConcurrentSaves(t *testing.T) {
	store, k := storeAndKey(t)
	var wg sync.WaitGroup
	for i := range 16 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			s := open(t, store)
			for j := range 200 {
				s.Put(string(rune('a'+i%26))+string(rune('0'+j%10))+string(rune(j)), k, later, bytes.Repeat([]byte{byte(i)}, j))
			}
			s.Save()
		}()
	}
	wg.Wait()
	if n := open(t, store).Len(); n != 200 {
		t.Errorf("after concurrent saves the store holds %d records, want one run's 200", n)
	}
}

// A nil store holds nothing and keeps nothing.
func TestNilStore(t *testing.T) {
	var s *Store
	s.Put("a", Key{}, later, nil)
	s.Save()
	if _, ok := s.Get("a", Key{}); ok || s.Has("a") || s.Len() != 0 {
		t.Error("a nil store gave a record")
	}
}

// The reader stops at the first value that is not whole.
func TestReader(t *testing.T) {
	p := AppendBytes(AppendUvarint(nil, 300), []byte("name"))
	r := NewReader(p)
	if v, b := r.Uvarint(), string(r.Bytes()); v != 300 || b != "name" || !r.OK() || r.Rest() {
		t.Fatalf("read %d %q, ok %v, rest %v", v, b, r.OK(), r.Rest())
	}
	r = NewReader(p[:len(p)-1])
	r.Uvarint()
	if r.Bytes(); r.OK() {
		t.Error("a byte string cut short was read as whole")
	}
	if r := NewReader([]byte{0x80}); r.Uvarint() != 0 || r.OK() {
		t.Error("a varint cut short was read as whole")
	}
}

// SetData changes the data of a record taken or kept this run, and
// nothing else; the store is rewritten only when the data changed.
func TestSetData(t *testing.T) {
	store, k := storeAndKey(t)
	s := open(t, store)
	s.Put("a", k, later, nil)
	s.SetData("a", []byte{1})
	s.SetData("untaken", []byte{1})
	s.Save()
	s = open(t, store)
	if d, ok := s.Get("a", k); !ok || !bytes.Equal(d, []byte{1}) || s.Has("untaken") {
		t.Fatalf("after SetData: %v %v, untaken held %v", d, ok, s.Has("untaken"))
	}
	before, _ := os.Stat(store)
	s.SetData("a", []byte{1})
	s.Save()
	if after, err := os.Stat(store); err != nil || !os.SameFile(before, after) {
		t.Errorf("setting the data a record holds rewrote the store (%v)", err)
	}
	s = open(t, store)
	s.Get("a", k)
	s.SetData("a", nil)
	s.Save()
	if d, ok := open(t, store).Get("a", k); !ok || len(d) != 0 {
		t.Errorf("after clearing: %v %v", d, ok)
	}
}
