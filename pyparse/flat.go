package pyparse

/*
#define _GNU_SOURCE
#include <stdint.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

// The declarations below mirror tree-sitter's api.h as vendored by
// github.com/smacker/go-tree-sitter (the version go.mod pins), whose C code
// is linked into the same binary. TestFlatMatchesTree checks them.
typedef struct { uint32_t context[4]; const void *id; const void *tree; } TSNode;
typedef struct { const void *tree; const void *id; uint32_t context[3]; } TSTreeCursor;
TSTreeCursor ts_tree_cursor_new(TSNode);
void ts_tree_cursor_delete(TSTreeCursor *);
bool ts_tree_cursor_goto_first_child(TSTreeCursor *);
bool ts_tree_cursor_goto_next_sibling(TSTreeCursor *);
bool ts_tree_cursor_goto_parent(TSTreeCursor *);
TSNode ts_tree_cursor_current_node(const TSTreeCursor *);
uint16_t ts_tree_cursor_current_field_id(const TSTreeCursor *);
uint16_t ts_node_symbol(TSNode);
uint32_t ts_node_start_byte(TSNode);
uint32_t ts_node_end_byte(TSNode);
uint32_t ts_node_child_count(TSNode);
TSNode ts_node_named_descendant_for_byte_range(TSNode, uint32_t, uint32_t);
bool ts_node_is_null(TSNode);

typedef struct {
	uint32_t start, end; // byte range
	uint32_t next;       // index of the first node after the subtree
	uint32_t aux;        // index into the kept TSNodes, UINT32_MAX if none
	uint16_t sym;
	uint16_t field;
} al_node;

// al_keptnode holds a TSNode with its pointers as integers, so that the Go
// buffer of kept nodes has no pointers for cgo's checks to scan at each
// call (they point into C memory anyway).
typedef struct { uint32_t context[4]; uintptr_t id; uintptr_t tree; } al_keptnode;
_Static_assert(sizeof(al_keptnode) == sizeof(TSNode), "al_keptnode mirrors TSNode");

enum { AL_PRUNE = 1, AL_KEEP = 2, AL_FIELDS = 4, AL_DEF = 8, AL_BLOCK = 16, AL_LAZY = 32 };

// al_flatten writes the nodes under root in preorder into out (up to cap)
// and the TSNodes of the symbols flagged AL_KEEP into keep (up to
// keepcap). The children of a node flagged AL_PRUNE are skipped when its
// text holds no '('. Field ids (costly to look up) are read only for the
// children of nodes flagged AL_FIELDS. When keys are given, the AL_BLOCK
// child (the body) of an AL_DEF node (a def) whose text holds none of them
// is not descended into: Module.Expand reads it later if asked. It returns the number of nodes and sets *nkeep; when
// that exceeds a capacity, the caller grows the buffers and calls again.
static bool al_has_key(const char *text, uint32_t len, const char *keys, const uint32_t *keylens, uint32_t nkeys) {
	for (uint32_t j = 0; j < nkeys; j++) {
		if (memmem(text, len, keys, keylens[j]) != NULL) return true;
		keys += keylens[j];
	}
	return false;
}

static uint32_t al_flatten(TSNode root, const char *src, uint32_t srclen,
		const uint8_t *flags, uint32_t nflags,
		const char *keys, const uint32_t *keylens, uint32_t nkeys,
		al_node *out, uint32_t cap, al_keptnode *keep, uint32_t keepcap, uint32_t *nkeep) {
	TSTreeCursor c = ts_tree_cursor_new(root);
	uint32_t n = 0, k = 0;
	uint32_t scap = 256, sp = 0;
	uint32_t *stack = malloc(scap * sizeof(uint32_t));
	uint8_t *pflags = malloc(scap);
	for (;;) {
		TSNode node = ts_tree_cursor_current_node(&c);
		uint16_t sym = ts_node_symbol(node);
		uint32_t s = ts_node_start_byte(node), e = ts_node_end_byte(node);
		uint8_t f = sym < nflags ? flags[sym] : 0;
		uint32_t i = n++;
		if (i < cap) {
			out[i].start = s;
			out[i].end = e;
			out[i].sym = sym;
			out[i].field = sp > 0 && (pflags[sp-1] & AL_FIELDS) ? ts_tree_cursor_current_field_id(&c) : 0;
			out[i].aux = UINT32_MAX;
		}
		if (f & AL_KEEP) {
			if (k < keepcap) {
				memcpy(&keep[k], &node, sizeof node);
				if (i < cap) out[i].aux = k;
			}
			k++;
		}
		bool descend = true;
		if ((f & AL_DEF) && nkeys > 0 && e <= srclen && s < e && !al_has_key(src + s, e - s, keys, keylens, nkeys)) {
			f |= AL_LAZY;
		}
		if ((f & AL_BLOCK) && sp > 0 && (pflags[sp-1] & AL_LAZY)) {
			descend = false;
		}
		if ((f & AL_PRUNE) && (e > srclen || s >= e || memchr(src + s, '(', e - s) == NULL)) {
			descend = false;
		}
		if (descend && ts_tree_cursor_goto_first_child(&c)) {
			if (sp == scap) {
				scap *= 2;
				stack = realloc(stack, scap * sizeof(uint32_t));
				pflags = realloc(pflags, scap);
			}
			pflags[sp] = f;
			stack[sp++] = i;
			continue;
		}
		if (i < cap) out[i].next = n;
		for (;;) {
			if (ts_tree_cursor_goto_next_sibling(&c)) break;
			if (sp == 0 || !ts_tree_cursor_goto_parent(&c)) goto done;
			uint32_t p = stack[--sp];
			if (p < cap) out[p].next = n;
		}
	}
done:
	free(stack);
	free(pflags);
	ts_tree_cursor_delete(&c);
	*nkeep = k;
	return n;
}
*/
import "C"

import (
	"fmt"
	"unsafe"

	sitter "github.com/smacker/go-tree-sitter"
)

// nd indexes a node of a flat tree; none is the absent node.
type nd int32

const none nd = -1

// flat is a tree-sitter tree read into Go memory in one call: reading each
// node through go-tree-sitter costs several cgo calls, which cost more than
// building the model itself.
type flat struct {
	nodes []C.al_node
	keep  []C.al_keptnode
	tree  *sitter.Tree
}

// nodeMirror has the layout of sitter.Node (a C.TSNode and its tree), so
// that the kept TSNodes can be handed out as *sitter.Node without a cgo call
// each.
type nodeMirror struct {
	c C.TSNode
	t *sitter.Tree
}

func init() {
	if unsafe.Sizeof(sitter.Node{}) != unsafe.Sizeof(nodeMirror{}) {
		panic(fmt.Sprintf("pyparse: go-tree-sitter's Node has size %d, want %d: update flat.go for the new version", unsafe.Sizeof(sitter.Node{}), unsafe.Sizeof(nodeMirror{})))
	}
}

// symbol flags for al_flatten
const (
	flagPrune  = 1
	flagKeep   = 2
	flagFields = 4
	flagDef    = 8
	flagBlock  = 16
)

var symFlags []uint8

// flatten reads the subtree of root, a node of t whose text is src, into f
// (reusing f's buffers). The bodies of the defs whose text holds none of
// lazy are left out (not when lazy is empty).
func (f *flat) flatten(t *sitter.Tree, root *sitter.Node, src []byte, lazy [][]byte) {
	f.tree = t
	croot := *(*C.TSNode)(unsafe.Pointer(root))
	var keys []byte
	var keylens []C.uint32_t
	for _, k := range lazy {
		keys = append(keys, k...)
		keylens = append(keylens, C.uint32_t(len(k)))
	}
	var keyp *C.char
	var klp *C.uint32_t
	if len(keys) > 0 && len(keylens) > 0 {
		keyp, klp = (*C.char)(unsafe.Pointer(&keys[0])), &keylens[0]
	}
	size := int(root.EndByte() - root.StartByte())
	if cap(f.nodes) == 0 {
		f.nodes = make([]C.al_node, 0, size/3+64)
	}
	if cap(f.keep) == 0 {
		f.keep = make([]C.al_keptnode, 0, size/40+16)
	}
	var sp *C.char
	if len(src) > 0 {
		sp = (*C.char)(unsafe.Pointer(&src[0]))
	}
	for {
		nodes, keep := f.nodes[:cap(f.nodes)], f.keep[:cap(f.keep)]
		var np *C.al_node
		if len(nodes) > 0 {
			np = &nodes[0]
		}
		var kp *C.al_keptnode
		if len(keep) > 0 {
			kp = &keep[0]
		}
		var nk C.uint32_t
		n := C.al_flatten(croot, sp, C.uint32_t(len(src)), (*C.uint8_t)(unsafe.Pointer(&symFlags[0])), C.uint32_t(len(symFlags)),
			keyp, klp, C.uint32_t(len(keylens)),
			np, C.uint32_t(len(nodes)), kp, C.uint32_t(len(keep)), &nk)
		if int(n) <= len(nodes) && int(nk) <= len(keep) {
			f.nodes, f.keep = nodes[:n], keep[:nk]
			return
		}
		if int(n) > len(nodes) {
			f.nodes = make([]C.al_node, 0, int(n))
		}
		if int(nk) > len(keep) {
			f.keep = make([]C.al_keptnode, 0, int(nk))
		}
	}
}

func (f *flat) sym(n nd) int      { return int(f.nodes[n].sym) }
func (f *flat) start(n nd) uint32 { return uint32(f.nodes[n].start) }
func (f *flat) end(n nd) uint32   { return uint32(f.nodes[n].end) }

// field returns the id of the field n is in; only read for the children of
// symbols flagged flagFields, 0 otherwise.
func (f *flat) field(n nd) int { return int(f.nodes[n].field) }

// first returns n's first child, none if it has none.
func (f *flat) first(n nd) nd {
	if c := n + 1; int(c) < len(f.nodes) && uint32(c) < uint32(f.nodes[n].next) {
		return c
	}
	return none
}

// after returns the sibling following c under parent, none if c is last.
func (f *flat) after(c, parent nd) nd {
	if x := nd(f.nodes[c].next); uint32(x) < uint32(f.nodes[parent].next) {
		return x
	}
	return none
}

// NamedNodeAt returns the smallest named node of m's tree that spans sp
// (offsets into Src), in one cgo call; nil when m has no tree (see
// DropTree) or sp is outside it.
func (m *Module) NamedNodeAt(sp Span) *sitter.Node {
	if m.Tree == nil || sp.Start < m.BOM || sp.End < sp.Start {
		return nil
	}
	root := m.Tree.RootNode()
	n := C.ts_node_named_descendant_for_byte_range(*(*C.TSNode)(unsafe.Pointer(root)), C.uint32_t(sp.Start-m.BOM), C.uint32_t(sp.End-m.BOM))
	if C.ts_node_is_null(n) {
		return nil
	}
	return (*sitter.Node)(unsafe.Pointer(&nodeMirror{c: n, t: m.Tree}))
}

// node returns n as a go-tree-sitter node, in *into; n must be of a kept
// symbol. It reports false, and leaves *into alone, when n was not kept.
func (f *flat) node(n nd, into *nodeMirror) bool {
	aux := uint32(f.nodes[n].aux)
	if aux >= uint32(len(f.keep)) {
		return false
	}
	*into = nodeMirror{c: *(*C.TSNode)(unsafe.Pointer(&f.keep[aux])), t: f.tree}
	return true
}

// mirrorChunk is how many go-tree-sitter nodes the builder allocates at once
// (see builder.node).
const mirrorChunk = 128

// node returns n as a go-tree-sitter node, nil when n was not kept. The
// nodes of a module are cut from chunks: one allocation per definition or
// call would be a good part of all the builder makes.
func (b *builder) node(n nd) *sitter.Node {
	if len(b.mirrors) == cap(b.mirrors) {
		b.mirrors = make([]nodeMirror, 0, mirrorChunk)
	}
	b.mirrors = b.mirrors[:len(b.mirrors)+1]
	m := &b.mirrors[len(b.mirrors)-1]
	if !b.f.node(n, m) {
		b.mirrors = b.mirrors[:len(b.mirrors)-1]
		return nil
	}
	return (*sitter.Node)(unsafe.Pointer(m))
}
