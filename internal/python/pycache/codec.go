package pycache

import (
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"fmt"
	"math"
	"math/bits"
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
//
// An encoding starts with a count header: the number of distinct strings,
// then, for each struct type reached through pointers (objs, in the order
// compile met them), the number of objects of that type, then, for each
// element type of the slices (elems), the number of elements all slices of
// that type hold. The decoder allocates each type's objects, and each
// element type's slice backing, in one array of exactly that size, and
// rejects an encoding whose body holds more or fewer than its header says.
// A struct is written as the mask of its non-zero leaves, then those (see
// typeCodec.leaves); the decoder's memory is zeroed, so the others cost
// nothing to read.
type codec struct {
	root  *typeCodec
	types map[reflect.Type]*typeCodec
	// objs are the struct types reached through pointers; elems the
	// element types of slices other than []byte. A type's index in them
	// is its typeCodec's obj / arena.
	objs, elems []*typeCodec
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
	// leaves are a struct's fields with those of its nested structs
	// (not behind pointers) in their place, down to values of other
	// kinds: what the encoding of the struct holds. A struct of at most
	// 64 leaves (masked) is written as a mask of its non-zero leaves,
	// then those; a larger one as all of its leaves.
	leaves []leafCodec
	masked bool
	bytes  bool // []byte
	// size is t's size in memory; min the fewest bytes an encoded value
	// of t takes (what bounds the counts a header may claim).
	size, min uintptr
	// obj is the type's index in codec.objs, arena in codec.elems; -1 if
	// not there.
	obj, arena int
	// slices is []t, for allocating arrays of t.
	slices reflect.Type
}

type fieldCodec struct {
	index  int
	offset uintptr
	c      *typeCodec
}

// A leafCodec is a leaf of a struct (see typeCodec.leaves): the field
// index path and offset from the struct's start, its type, and how the
// decoder reads it.
type leafCodec struct {
	index  []int
	offset uintptr
	c      *typeCodec
	op     fieldOp
}

// fieldOp is how the decoder reads a field: the kinds the model has most
// of are read inline, the others through decoder.value.
type fieldOp uint8

const (
	opValue fieldOp = iota
	opInt
	opBool
	opString
	opObject // a pointer to a struct: c.elem.obj is set
)

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
	for _, tc := range c.types {
		if tc.kind == reflect.Struct {
			tc.leaves = tc.flatten(nil, 0, nil)
			tc.masked = len(tc.leaves) <= 64
		}
	}
	// The fewest bytes of a struct depend on its fields', which may not
	// be known while compiling a cycle: iterate to the fixed point (sizes
	// only grow, and are capped).
	for changed := true; changed; {
		changed = false
		for _, tc := range c.types {
			if m := tc.minBytes(); m != tc.min {
				tc.min, changed = m, true
			}
		}
	}
	return c, nil
}

// flatten appends the leaves of struct tc, at offset off and field index
// path index of the outermost struct, to out.
func (tc *typeCodec) flatten(out []leafCodec, off uintptr, index []int) []leafCodec {
	for _, f := range tc.fields {
		idx := append(append([]int(nil), index...), f.index)
		if f.c.kind == reflect.Struct {
			out = f.c.flatten(out, off+f.offset, idx)
			continue
		}
		l := leafCodec{index: idx, offset: off + f.offset, c: f.c}
		switch {
		case f.c.kind == reflect.Int:
			l.op = opInt
		case f.c.kind == reflect.Bool:
			l.op = opBool
		case f.c.kind == reflect.String:
			l.op = opString
		case f.c.kind == reflect.Pointer && f.c.elem.obj >= 0:
			l.op = opObject
		}
		out = append(out, l)
	}
	return out
}

// minBytes is the fewest bytes a value of tc takes encoded, from the
// current estimates of its parts'.
func (tc *typeCodec) minBytes() uintptr {
	switch tc.kind {
	case reflect.Struct:
		if tc.masked {
			return 1 // the mask: every leaf may be zero
		}
		var n uintptr
		for _, l := range tc.leaves {
			n += l.c.min
		}
		return min(n, 1<<20)
	case reflect.Array:
		return min(uintptr(tc.t.Len())*tc.elem.min, 1<<20)
	}
	return 1 // a number, a bool, a string reference, a length or a tag
}

func (c *codec) compile(t reflect.Type, shape *strings.Builder) (*typeCodec, error) {
	if tc, ok := c.types[t]; ok {
		return tc, nil
	}
	tc := &typeCodec{t: t, kind: t.Kind(), size: t.Size(), obj: -1, arena: -1, slices: reflect.SliceOf(t)}
	c.types[t] = tc
	var err error
	switch t.Kind() {
	case reflect.Bool, reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr,
		reflect.Float32, reflect.Float64, reflect.String:
	case reflect.Slice, reflect.Array, reflect.Pointer:
		tc.bytes = t.Kind() == reflect.Slice && t.Elem().Kind() == reflect.Uint8
		tc.elem, err = c.compile(t.Elem(), shape)
		if err == nil && t.Kind() == reflect.Pointer && tc.elem.kind == reflect.Struct && tc.elem.obj < 0 {
			tc.elem.obj = len(c.objs)
			c.objs = append(c.objs, tc.elem)
		}
		if err == nil && t.Kind() == reflect.Slice && !tc.bytes && tc.elem.arena < 0 {
			tc.elem.arena = len(c.elems)
			c.elems = append(c.elems, tc.elem)
		}
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
			tc.fields = append(tc.fields, fieldCodec{index: i, offset: f.Offset, c: fc})
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
	// objs counts the objects written of each of codec.objs; elems the
	// slice elements of each of codec.elems.
	objs, elems []uint64
}

// encode appends the encoding of v (of the codec's root type) to buf.
func (c *codec) encode(buf []byte, v reflect.Value) []byte {
	e := &encoder{
		buf:  make([]byte, 0, 4096),
		ids:  map[ptrKey]uint64{},
		strs: map[string]uint64{},
		objs: make([]uint64, len(c.objs)), elems: make([]uint64, len(c.elems)),
	}
	e.value(v, c.root)
	buf = binary.AppendUvarint(buf, uint64(len(e.strs)))
	for _, n := range e.objs {
		buf = binary.AppendUvarint(buf, n)
	}
	for _, n := range e.elems {
		buf = binary.AppendUvarint(buf, n)
	}
	return append(buf, e.buf...)
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
		e.elems[tc.elem.arena] += uint64(n)
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
		if !tc.masked {
			for _, l := range tc.leaves {
				e.value(v.FieldByIndex(l.index), l.c)
			}
			return
		}
		var mask uint64
		for i, l := range tc.leaves {
			if !v.FieldByIndex(l.index).IsZero() {
				mask |= 1 << i
			}
		}
		e.uint(mask)
		for i, l := range tc.leaves {
			if mask&(1<<i) != 0 {
				e.value(v.FieldByIndex(l.index), l.c)
			}
		}
	case reflect.Pointer:
		if v.IsNil() {
			e.uint(0)
			return
		}
		if o := tc.elem.obj; o >= 0 {
			// An object is referred to by its index among the objects
			// of its type written so far.
			k := ptrKey{tc.t, v.Pointer()}
			if id, ok := e.ids[k]; ok {
				e.uint(2)
				e.uint(id)
				return
			}
			e.ids[k] = e.objs[o]
			e.objs[o]++
		}
		e.uint(1)
		e.value(v.Elem(), tc.elem)
	}
}

var errCorrupt = errors.New("corrupt summary")

// An arena is the array the decoder cuts the objects of one type, or the
// slice elements of one element type, from: n values of size bytes at
// base, of which used are handed out.
type arena struct {
	base    unsafe.Pointer
	size    uintptr
	n, used int
}

type decoder struct {
	data []byte
	pos  int
	text string // data seen as a string (no copy): decoded strings are cut from it
	strs []string
	// objs and elems are the arenas of codec.objs and codec.elems.
	objs, elems []arena
	err         error
}

// sliceHeader is the memory layout of a Go slice.
type sliceHeader struct {
	data     unsafe.Pointer
	len, cap int
}

// decode reads a value of the codec's root type from data. It never
// trusts data: every count and length is checked against what is left,
// every reference against the objects of its type read so far, and the
// body must hold exactly the objects, elements and strings its header
// counts. The decoded strings share data's bytes (no copy), so data must
// never be modified afterwards: Load decodes a buffer it just read, or an
// in-memory entry, which nothing writes to once stored.
func (c *codec) decode(data []byte) (v reflect.Value, err error) {
	var text string
	if len(data) > 0 {
		text = unsafe.String(&data[0], len(data))
	}
	d := &decoder{data: data, text: text, objs: make([]arena, len(c.objs)), elems: make([]arena, len(c.elems))}
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("%w: %v", errCorrupt, r)
		}
	}()
	// Every new string takes at least two bytes (a tag and a length),
	// a new object a tag and its fields, a slice element its encoding.
	if n, ok := d.count(2); ok {
		d.strs = make([]string, 0, n)
	}
	for i, tc := range c.objs {
		d.objs[i] = d.arena(tc, 1+tc.min)
	}
	for i, tc := range c.elems {
		d.elems[i] = d.arena(tc, tc.min)
	}
	v = reflect.New(c.root.t).Elem()
	d.value(v.Addr().UnsafePointer(), c.root)
	if d.err != nil {
		return v, d.err
	}
	if d.pos != len(d.data) {
		return v, fmt.Errorf("%w: %d trailing bytes", errCorrupt, len(d.data)-d.pos)
	}
	if len(d.strs) != cap(d.strs) {
		return v, fmt.Errorf("%w: %d strings, the header says %d", errCorrupt, len(d.strs), cap(d.strs))
	}
	for i, a := range d.objs {
		if a.used != a.n {
			return v, fmt.Errorf("%w: %d objects of type %s, the header says %d", errCorrupt, a.used, c.objs[i].t, a.n)
		}
	}
	for i, a := range d.elems {
		if a.used != a.n {
			return v, fmt.Errorf("%w: %d slice elements of type %s, the header says %d", errCorrupt, a.used, c.elems[i].t, a.n)
		}
	}
	return v, nil
}

// count reads a count of the header, each counted thing taking at least
// least bytes of what is left.
func (d *decoder) count(least uintptr) (int, bool) {
	n := d.uint()
	if d.err != nil {
		return 0, false
	}
	if n > uint64(len(d.data)-d.pos)/uint64(max(least, 1)) {
		d.fail("count past the end")
		return 0, false
	}
	return int(n), true
}

// arena reads the count of tc's values and allocates them in one array.
func (d *decoder) arena(tc *typeCodec, least uintptr) arena {
	n, ok := d.count(least)
	if !ok || n == 0 {
		return arena{}
	}
	return arena{base: reflect.MakeSlice(tc.slices, n, n).UnsafePointer(), size: tc.size, n: n}
}

// cut hands out the next n values of the arena, nil if it holds fewer.
func (d *decoder) cut(a *arena, n int) unsafe.Pointer {
	if n > a.n-a.used {
		d.fail("more values than the header counts")
		return nil
	}
	p := unsafe.Add(a.base, uintptr(a.used)*a.size)
	a.used += n
	return p
}

func (d *decoder) fail(what string) {
	if d.err == nil {
		d.err = fmt.Errorf("%w: %s at byte %d", errCorrupt, what, d.pos)
	}
	d.pos = len(d.data)
}

func (d *decoder) uint() uint64 {
	if d.pos < len(d.data) {
		if b := d.data[d.pos]; b < 0x80 {
			d.pos++
			return uint64(b)
		}
	}
	x, n := binary.Uvarint(d.data[d.pos:])
	if n <= 0 {
		d.fail("bad number")
		return 0
	}
	d.pos += n
	return x
}

func (d *decoder) int() int64 {
	u := d.uint()
	x := int64(u >> 1)
	if u&1 != 0 {
		x = ^x
	}
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
	if d.err != nil {
		return ""
	}
	if len(d.strs) == cap(d.strs) {
		d.fail("more strings than the header counts")
		return ""
	}
	s := d.text[d.pos : d.pos+n]
	d.pos += n
	d.strs = append(d.strs, s)
	return s
}

// value decodes a value of type tc into the memory at p, which holds a
// zero value of tc.t allocated by the decoder (so every pointer it
// writes is one the garbage collector knows the type of).
func (d *decoder) value(p unsafe.Pointer, tc *typeCodec) {
	if d.err != nil {
		return
	}
	switch tc.kind {
	case reflect.Bool:
		if d.pos >= len(d.data) || d.data[d.pos] > 1 {
			d.fail("bad bool")
			return
		}
		*(*bool)(p) = d.data[d.pos] == 1
		d.pos++
	case reflect.Int:
		x := d.int()
		if int64(int(x)) != x {
			d.fail("bad int")
			return
		}
		*(*int)(p) = int(x)
	case reflect.Int8:
		x := d.int()
		if x < math.MinInt8 || x > math.MaxInt8 {
			d.fail("bad int")
			return
		}
		*(*int8)(p) = int8(x)
	case reflect.Int16:
		x := d.int()
		if x < math.MinInt16 || x > math.MaxInt16 {
			d.fail("bad int")
			return
		}
		*(*int16)(p) = int16(x)
	case reflect.Int32:
		x := d.int()
		if x < math.MinInt32 || x > math.MaxInt32 {
			d.fail("bad int")
			return
		}
		*(*int32)(p) = int32(x)
	case reflect.Int64:
		*(*int64)(p) = d.int()
	case reflect.Uint, reflect.Uintptr:
		x := d.uint()
		if uint64(uint(x)) != x {
			d.fail("bad uint")
			return
		}
		*(*uint)(p) = uint(x)
	case reflect.Uint8:
		x := d.uint()
		if x > math.MaxUint8 {
			d.fail("bad uint")
			return
		}
		*(*uint8)(p) = uint8(x)
	case reflect.Uint16:
		x := d.uint()
		if x > math.MaxUint16 {
			d.fail("bad uint")
			return
		}
		*(*uint16)(p) = uint16(x)
	case reflect.Uint32:
		x := d.uint()
		if x > math.MaxUint32 {
			d.fail("bad uint")
			return
		}
		*(*uint32)(p) = uint32(x)
	case reflect.Uint64:
		*(*uint64)(p) = d.uint()
	case reflect.Float32:
		*(*float32)(p) = float32(math.Float64frombits(d.uint()))
	case reflect.Float64:
		*(*float64)(p) = math.Float64frombits(d.uint())
	case reflect.String:
		*(*string)(p) = d.string()
	case reflect.Slice:
		n := d.length()
		if n == 0 {
			return
		}
		n--
		if tc.bytes {
			*(*[]byte)(p) = append([]byte{}, d.data[d.pos:d.pos+n]...)
			d.pos += n
			return
		}
		a := &d.elems[tc.elem.arena]
		base := d.cut(a, n)
		if base == nil {
			return
		}
		*(*sliceHeader)(p) = sliceHeader{base, n, n}
		for i := 0; i < n && d.err == nil; i++ {
			d.value(unsafe.Add(base, uintptr(i)*a.size), tc.elem)
		}
	case reflect.Array:
		for i := 0; i < tc.t.Len() && d.err == nil; i++ {
			d.value(unsafe.Add(p, uintptr(i)*tc.elem.size), tc.elem)
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
		kp, xp := k.Addr().UnsafePointer(), x.Addr().UnsafePointer()
		for i := 0; i < n && d.err == nil; i++ {
			k.SetZero()
			d.value(kp, tc.key)
			x.SetZero()
			d.value(xp, tc.elem)
			m.SetMapIndex(k, x)
		}
		reflect.NewAt(tc.t, p).Elem().Set(m)
	case reflect.Struct:
		d.fields(p, tc)
	case reflect.Pointer:
		if o := tc.elem.obj; o >= 0 {
			d.object(p, tc.elem, &d.objs[o])
			return
		}
		switch d.uint() {
		case 0:
		case 1:
			x := reflect.New(tc.elem.t)
			d.value(x.UnsafePointer(), tc.elem)
			*(*unsafe.Pointer)(p) = x.UnsafePointer()
		default:
			d.fail("bad pointer tag")
		}
	}
}

// object reads a pointer to a struct of type tc into p: nil, a new
// object (cut from a, then decoded in place), or one read before.
func (d *decoder) object(p unsafe.Pointer, tc *typeCodec, a *arena) {
	switch d.uint() {
	case 0:
	case 1:
		obj := d.cut(a, 1)
		if obj == nil {
			return
		}
		*(*unsafe.Pointer)(p) = obj
		d.value(obj, tc)
	case 2:
		id := d.uint()
		if id >= uint64(a.used) {
			d.fail("bad reference")
			return
		}
		*(*unsafe.Pointer)(p) = unsafe.Add(a.base, uintptr(id)*a.size)
	default:
		d.fail("bad pointer tag")
	}
}

// fields decodes the leaves of a struct of type tc into the memory at p
// (zeroed: the leaves a mask leaves out stay zero), reading those of the
// kinds the model has most of inline.
func (d *decoder) fields(p unsafe.Pointer, tc *typeCodec) {
	mask := ^uint64(0)
	if tc.masked {
		mask = d.uint()
		if n := len(tc.leaves); n < 64 && mask>>n != 0 {
			d.fail("bad field mask")
			return
		}
	} else if len(tc.leaves) < 64 {
		mask = 1<<len(tc.leaves) - 1
	}
	for i := 0; mask != 0 && i < len(tc.leaves); i++ {
		if tc.masked {
			i = bits.TrailingZeros64(mask)
			mask &= mask - 1
		}
		if d.err != nil {
			return
		}
		l := &tc.leaves[i]
		q := unsafe.Add(p, l.offset)
		switch l.op {
		case opInt:
			var u uint64
			if d.pos < len(d.data) && d.data[d.pos] < 0x80 {
				u = uint64(d.data[d.pos])
				d.pos++
			} else {
				u = d.uint()
			}
			x := int64(u >> 1)
			if u&1 != 0 {
				x = ^x
			}
			if int64(int(x)) != x {
				d.fail("bad int")
				return
			}
			*(*int)(q) = int(x)
		case opBool:
			if d.pos >= len(d.data) || d.data[d.pos] > 1 {
				d.fail("bad bool")
				return
			}
			*(*bool)(q) = d.data[d.pos] == 1
			d.pos++
		case opString:
			*(*string)(q) = d.string()
		case opObject:
			d.object(q, l.c.elem, &d.objs[l.c.elem.obj])
		default:
			d.value(q, l.c)
		}
	}
}
