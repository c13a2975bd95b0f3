package pycache

import (
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"fmt"
	"math"
	"reflect"
	"sort"
	"strings"
	"unsafe"
)

// A codec encodes a graph of Go values (structs, pointers, slices, maps,
// strings, numbers) into bytes and back, keeping pointer identity and
// cycles: a struct reached through several pointers is written once and
// read back as one object. Which struct fields it carries is decided once
// per type, by reflection, so a field added to the model is carried
// without any change here; the fingerprint of that decision goes into
// every cache key, so entries written before the change are not read.
type codec struct {
	root  *typeCodec
	types map[reflect.Type]*typeCodec
	// skip reports the fields not carried: unexported ones and those the
	// caller names.
	skip func(owner reflect.Type, f reflect.StructField) bool
	// fingerprint is a hash of every carried type's shape.
	fingerprint [32]byte
}

type typeCodec struct {
	t      reflect.Type
	kind   reflect.Kind
	elem   *typeCodec // slice, array, pointer, map value
	key    *typeCodec // map key
	fields []fieldCodec
	bytes  bool // []byte
}

type fieldCodec struct {
	index  int
	offset uintptr
	c      *typeCodec
}

// newCodec compiles the codec of root's type; it fails on a carried field
// of a kind it cannot encode (interface, func, chan, complex, unsafe
// pointer), which a test of the model type catches when the field is added.
func newCodec(root reflect.Type, skip func(owner reflect.Type, f reflect.StructField) bool) (*codec, error) {
	c := &codec{types: map[reflect.Type]*typeCodec{}, skip: skip}
	var shape strings.Builder
	r, err := c.compile(root, &shape)
	if err != nil {
		return nil, err
	}
	c.root = r
	c.fingerprint = sha256.Sum256([]byte(shape.String()))
	return c, nil
}

func (c *codec) compile(t reflect.Type, shape *strings.Builder) (*typeCodec, error) {
	if tc, ok := c.types[t]; ok {
		return tc, nil
	}
	tc := &typeCodec{t: t, kind: t.Kind()}
	c.types[t] = tc
	var err error
	switch t.Kind() {
	case reflect.Bool, reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr,
		reflect.Float32, reflect.Float64, reflect.String:
	case reflect.Slice, reflect.Array, reflect.Pointer:
		tc.bytes = t.Kind() == reflect.Slice && t.Elem().Kind() == reflect.Uint8
		tc.elem, err = c.compile(t.Elem(), shape)
	case reflect.Map:
		if tc.key, err = c.compile(t.Key(), shape); err == nil {
			tc.elem, err = c.compile(t.Elem(), shape)
		}
	case reflect.Struct:
		fmt.Fprintf(shape, "%s.%s{", t.PkgPath(), t.Name())
		for i := 0; i < t.NumField(); i++ {
			f := t.Field(i)
			if c.skip(t, f) {
				fmt.Fprintf(shape, "-%s %s;", f.Name, f.Type)
				continue
			}
			fmt.Fprintf(shape, "%s %s;", f.Name, f.Type)
			fc, ferr := c.compile(f.Type, shape)
			if ferr != nil {
				return nil, fmt.Errorf("%s.%s: %w", t.Name(), f.Name, ferr)
			}
			tc.fields = append(tc.fields, fieldCodec{i, f.Offset, fc})
		}
		shape.WriteString("}\n")
	default:
		err = fmt.Errorf("cannot encode a %s (%s)", t.Kind(), t)
	}
	if err != nil {
		return nil, err
	}
	return tc, nil
}

type ptrKey struct {
	t reflect.Type
	p uintptr
}

type encoder struct {
	buf  []byte
	ids  map[ptrKey]uint64
	strs map[string]uint64 // strings written so far, by index
}

// encode appends the encoding of v (of the codec's root type) to buf.
func (c *codec) encode(buf []byte, v reflect.Value) []byte {
	e := &encoder{buf: buf, ids: map[ptrKey]uint64{}, strs: map[string]uint64{}}
	e.value(v, c.root)
	return e.buf
}

func (e *encoder) uint(x uint64) { e.buf = binary.AppendUvarint(e.buf, x) }

func (e *encoder) value(v reflect.Value, tc *typeCodec) {
	switch tc.kind {
	case reflect.Bool:
		if v.Bool() {
			e.buf = append(e.buf, 1)
		} else {
			e.buf = append(e.buf, 0)
		}
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		e.buf = binary.AppendVarint(e.buf, v.Int())
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		e.uint(v.Uint())
	case reflect.Float32, reflect.Float64:
		e.uint(math.Float64bits(v.Float()))
	case reflect.String:
		// A string already written is written as its index + 1; a new
		// one as 0, its length and its bytes.
		s := v.String()
		if i, ok := e.strs[s]; ok {
			e.uint(i + 1)
			return
		}
		e.strs[s] = uint64(len(e.strs))
		e.uint(0)
		e.uint(uint64(len(s)))
		e.buf = append(e.buf, s...)
	case reflect.Slice:
		if v.IsNil() {
			e.uint(0)
			return
		}
		n := v.Len()
		e.uint(uint64(n) + 1)
		if tc.bytes {
			e.buf = append(e.buf, v.Bytes()...)
			return
		}
		for i := 0; i < n; i++ {
			e.value(v.Index(i), tc.elem)
		}
	case reflect.Array:
		for i := 0; i < v.Len(); i++ {
			e.value(v.Index(i), tc.elem)
		}
	case reflect.Map:
		if v.IsNil() {
			e.uint(0)
			return
		}
		keys := v.MapKeys()
		e.uint(uint64(len(keys)) + 1)
		if tc.key.kind == reflect.String {
			sort.Slice(keys, func(i, j int) bool { return keys[i].String() < keys[j].String() })
		}
		for _, k := range keys {
			e.value(k, tc.key)
			e.value(v.MapIndex(k), tc.elem)
		}
	case reflect.Struct:
		for _, f := range tc.fields {
			e.value(v.Field(f.index), f.c)
		}
	case reflect.Pointer:
		if v.IsNil() {
			e.uint(0)
			return
		}
		if tc.elem.kind == reflect.Struct {
			k := ptrKey{tc.t, v.Pointer()}
			if id, ok := e.ids[k]; ok {
				e.uint(2)
				e.uint(id)
				return
			}
			e.ids[k] = uint64(len(e.ids))
		}
		e.uint(1)
		e.value(v.Elem(), tc.elem)
	}
}

var errCorrupt = errors.New("corrupt summary")

// structAt decodes a struct of type tc into the memory at base. The
// fields the model has most of (ints, bools, strings, nested structs,
// pointers to structs) are written through their offsets, which saves
// most of reflection's cost per field; the others go through reflect.
// base always points to a value of type tc.t, allocated by the decoder.
func (d *decoder) structAt(base unsafe.Pointer, tc *typeCodec) {
	for _, f := range tc.fields {
		if d.err != nil {
			return
		}
		p := unsafe.Add(base, f.offset)
		switch f.c.kind {
		case reflect.Int:
			x, n := binary.Varint(d.data[d.pos:])
			if n <= 0 {
				d.fail("bad int")
				return
			}
			d.pos += n
			*(*int)(p) = int(x)
		case reflect.Bool:
			if d.pos >= len(d.data) || d.data[d.pos] > 1 {
				d.fail("bad bool")
				return
			}
			*(*bool)(p) = d.data[d.pos] == 1
			d.pos++
		case reflect.String:
			*(*string)(p) = d.string()
		case reflect.Struct:
			d.structAt(p, f.c)
		case reflect.Pointer:
			if f.c.elem.kind != reflect.Struct {
				d.value(reflect.NewAt(f.c.t, p).Elem(), f.c)
				continue
			}
			if obj, ok := d.object(f.c); ok && obj.IsValid() {
				*(*unsafe.Pointer)(p) = obj.UnsafePointer()
			}
		default:
			d.value(reflect.NewAt(f.c.t, p).Elem(), f.c)
		}
	}
}

// object reads a pointer to a struct: nil (an invalid Value), a new object
// decoded in place, or one read before.
func (d *decoder) object(tc *typeCodec) (reflect.Value, bool) {
	switch d.uint() {
	case 0:
		return reflect.Value{}, true
	case 1:
		p := d.alloc(tc.elem)
		d.objs = append(d.objs, p)
		d.structAt(p.UnsafePointer(), tc.elem)
		return p, true
	case 2:
		id := d.uint()
		if id >= uint64(len(d.objs)) || d.objs[id].Type() != tc.t {
			d.fail("bad reference")
			return reflect.Value{}, false
		}
		return d.objs[id], true
	}
	d.fail("bad pointer tag")
	return reflect.Value{}, false
}

// string reads a string: a reference to one read before, or a new one.
func (d *decoder) string() string {
	if i := d.uint(); i > 0 {
		if i > uint64(len(d.strs)) {
			d.fail("bad string reference")
			return ""
		}
		return d.strs[i-1]
	}
	n := d.length()
	s := d.text[d.pos : d.pos+n]
	d.pos += n
	d.strs = append(d.strs, s)
	return s
}

type decoder struct {
	data  []byte
	pos   int
	objs  []reflect.Value
	strs  []string
	text  string // data seen as a string (no copy): decoded strings are cut from it
	slabs map[*typeCodec]*slab
	elems map[*typeCodec]*slab // backing arrays of slices, by element type
	err   error
}

// slice returns a slice of type tc.t, length and capacity n, cut from a
// backing array shared with other slices of the same element type.
func (d *decoder) slice(tc *typeCodec, n int) reflect.Value {
	if n > 64 {
		return reflect.MakeSlice(tc.t, n, n)
	}
	s := d.elems[tc.elem]
	if s == nil || s.arr.Len()-s.used < n {
		size := 16
		if s != nil {
			size = min(2*s.arr.Len(), 4096)
		}
		size = max(size, n)
		s = &slab{arr: reflect.MakeSlice(tc.t, size, size)}
		d.elems[tc.elem] = s
	}
	v := s.arr.Slice3(s.used, s.used+n, s.used+n)
	s.used += n
	return v
}

// slab hands out structs of one type from arrays allocated together, so
// that decoding a module costs a few allocations per type, not one per
// object.
type slab struct {
	arr  reflect.Value
	used int
}

func (d *decoder) alloc(tc *typeCodec) reflect.Value {
	s := d.slabs[tc]
	if s == nil {
		s = &slab{arr: reflect.MakeSlice(reflect.SliceOf(tc.t), 4, 4)}
		d.slabs[tc] = s
	}
	if s.used == s.arr.Len() {
		n := 2 * s.arr.Len()
		if n < 8 {
			n = 8
		} else if n > 1024 {
			n = 1024
		}
		s.arr, s.used = reflect.MakeSlice(reflect.SliceOf(tc.t), n, n), 0
	}
	p := s.arr.Index(s.used).Addr()
	s.used++
	return p
}

// decode reads a value of the codec's root type from data. It never
// trusts data: every length is checked against what is left, every
// reference against the objects read so far and their type. The decoded
// strings share data's bytes (no copy), so data must never be modified
// afterwards: Load decodes a buffer it just read, or an in-memory entry,
// which nothing writes to once stored.
func (c *codec) decode(data []byte) (v reflect.Value, err error) {
	var text string
	if len(data) > 0 {
		text = unsafe.String(&data[0], len(data))
	}
	d := &decoder{data: data, text: text, slabs: map[*typeCodec]*slab{}, elems: map[*typeCodec]*slab{}}
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("%w: %v", errCorrupt, r)
		}
	}()
	v = reflect.New(c.root.t).Elem()
	d.value(v, c.root)
	if d.err == nil && d.pos != len(d.data) {
		d.err = fmt.Errorf("%w: %d trailing bytes", errCorrupt, len(d.data)-d.pos)
	}
	return v, d.err
}

func (d *decoder) fail(what string) {
	if d.err == nil {
		d.err = fmt.Errorf("%w: %s at byte %d", errCorrupt, what, d.pos)
	}
	d.pos = len(d.data)
}

func (d *decoder) uint() uint64 {
	x, n := binary.Uvarint(d.data[d.pos:])
	if n <= 0 {
		d.fail("bad number")
		return 0
	}
	d.pos += n
	return x
}

// length reads a length and checks that as many elements can follow.
func (d *decoder) length() int {
	n := d.uint()
	if n > uint64(len(d.data)-d.pos) {
		d.fail("length past the end")
		return 0
	}
	return int(n)
}

func (d *decoder) value(v reflect.Value, tc *typeCodec) {
	if d.err != nil {
		return
	}
	switch tc.kind {
	case reflect.Bool:
		if d.pos >= len(d.data) || d.data[d.pos] > 1 {
			d.fail("bad bool")
			return
		}
		v.SetBool(d.data[d.pos] == 1)
		d.pos++
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		x, n := binary.Varint(d.data[d.pos:])
		if n <= 0 || v.OverflowInt(x) {
			d.fail("bad int")
			return
		}
		d.pos += n
		v.SetInt(x)
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		x := d.uint()
		if v.OverflowUint(x) {
			d.fail("bad uint")
			return
		}
		v.SetUint(x)
	case reflect.Float32, reflect.Float64:
		v.SetFloat(math.Float64frombits(d.uint()))
	case reflect.String:
		v.SetString(d.string())
	case reflect.Slice:
		n := d.length()
		if n == 0 {
			return
		}
		n--
		if tc.bytes {
			v.SetBytes(append([]byte{}, d.data[d.pos:d.pos+n]...))
			d.pos += n
			return
		}
		s := d.slice(tc, n)
		if e := tc.elem; e.kind == reflect.Pointer && e.elem.kind == reflect.Struct && n > 0 {
			// Pointers to structs (the model's lists of calls, defs,
			// ...) are written in place.
			base := s.Index(0).Addr().UnsafePointer()
			for i := 0; i < n && d.err == nil; i++ {
				if obj, ok := d.object(e); ok && obj.IsValid() {
					*(*unsafe.Pointer)(unsafe.Add(base, uintptr(i)*unsafe.Sizeof(base))) = obj.UnsafePointer()
				}
			}
		} else {
			for i := 0; i < n && d.err == nil; i++ {
				d.value(s.Index(i), tc.elem)
			}
		}
		v.Set(s)
	case reflect.Array:
		for i := 0; i < v.Len(); i++ {
			d.value(v.Index(i), tc.elem)
		}
	case reflect.Map:
		n := d.length()
		if n == 0 {
			return
		}
		n--
		m := reflect.MakeMapWithSize(tc.t, n)
		// One key and one value, zeroed for each entry: SetMapIndex
		// copies them.
		k := reflect.New(tc.key.t).Elem()
		x := reflect.New(tc.elem.t).Elem()
		for i := 0; i < n && d.err == nil; i++ {
			k.SetZero()
			d.value(k, tc.key)
			x.SetZero()
			d.value(x, tc.elem)
			m.SetMapIndex(k, x)
		}
		v.Set(m)
	case reflect.Struct:
		d.structAt(v.Addr().UnsafePointer(), tc)
	case reflect.Pointer:
		if tc.elem.kind == reflect.Struct {
			if obj, ok := d.object(tc); ok && obj.IsValid() {
				v.Set(obj)
			}
			return
		}
		switch d.uint() {
		case 0:
		case 1:
			p := reflect.New(tc.elem.t)
			v.Set(p)
			d.value(p.Elem(), tc.elem)
		default:
			d.fail("bad pointer tag")
		}
	}
}
