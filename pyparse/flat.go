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
bool ts_node_is_named(TSNode);

// al_locate finds the tokens spans[2k], spans[2k+1] (sorted by start, not
// overlapping) in the tree in one walk that enters only the subtrees
// holding one: for each token, kind[k] = 1 and node[k] = the deepest named
// node spanning it exactly, or kind[k] = 2 and node[k] = the outermost node
// above it whose symbol is flagged in stop (the walk does not enter it),
// or kind[k] = 0 (neither: a comment, a keyword...).
// The walk keeps the ends of the nodes it is in on a heap stack, not the C
// stack: a tree may be as deep as the source is long (`a + b + ...`).
static void al_locate(TSNode root, const uint32_t *sp, uint32_t n, const uint8_t *stop, uint32_t nstop, TSNode *node, uint8_t *kind) {
	uint32_t k = 0;
	while (k < n && sp[2*k] < ts_node_start_byte(root)) {
		k++;
	}
	if (k >= n) {
		return;
	}
	uint32_t *ends = NULL, depth = 0, cap = 0;
	TSTreeCursor c = ts_tree_cursor_new(root);
enter: {
	// The cursor is on a node holding the start of token k.
	TSNode nd = ts_tree_cursor_current_node(&c);
	uint32_t ns = ts_node_start_byte(nd), ne = ts_node_end_byte(nd);
	uint16_t sym = ts_node_symbol(nd);
	if (sym < nstop && stop[sym]) {
		for (; k < n && sp[2*k] < ne; k++) {
			if (sp[2*k] >= ns) {
				node[k] = nd;
				kind[k] = 2;
			}
		}
		goto next;
	}
	if (sp[2*k] == ns && sp[2*k+1] == ne && ts_node_is_named(nd)) {
		node[k] = nd;
		kind[k] = 1;
	}
	if (!ts_tree_cursor_goto_first_child(&c)) {
		while (k < n && sp[2*k] < ne) {
			k++;
		}
		goto next;
	}
	if (depth == cap) {
		cap = cap ? 2*cap : 64;
		uint32_t *grown = realloc(ends, cap * sizeof *ends);
		if (!grown) {
			goto done; // out of memory: the tokens left are found nowhere
		}
		ends = grown;
	}
	ends[depth++] = ne;
	goto scan;
}
scan: {
	// The cursor is on a child of the node whose end tops the stack.
	uint32_t pe = ends[depth-1];
	if (k >= n || sp[2*k] >= pe) {
		goto up;
	}
	TSNode ch = ts_tree_cursor_current_node(&c);
	uint32_t cs = ts_node_start_byte(ch), ce = ts_node_end_byte(ch);
	if (ce > sp[2*k]) {
		while (k < n && sp[2*k] < cs) {
			k++; // in a gap between children
		}
		if (k < n && sp[2*k] < ce) {
			goto enter;
		}
	}
	if (ts_tree_cursor_goto_next_sibling(&c)) {
		goto scan;
	}
	goto up;
}
up: {
	// Done with the children of the node whose end tops the stack.
	ts_tree_cursor_goto_parent(&c);
	uint32_t pe = ends[--depth];
	while (k < n && sp[2*k] < pe) {
		k++;
	}
	goto next;
}
next:
	// Done with the node under the cursor: on to its next sibling.
	if (depth == 0) {
		goto done;
	}
	if (ts_tree_cursor_goto_next_sibling(&c)) {
		goto scan;
	}
	goto up;
done:
	free(ends);
	ts_tree_cursor_delete(&c);
}

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

enum { AL_PRUNE = 1, AL_KEEP = 2, AL_FIELDS = 4, AL_SKIP = 8 };

// al_flatten writes the nodes under root in preorder into out (up to cap)
// and the TSNodes of the symbols flagged AL_KEEP into keep (up to
// keepcap). The children of a node flagged AL_PRUNE are skipped when its
// text holds no '('. Field ids (costly to look up) are read only for the
// children of nodes flagged AL_FIELDS. A leaf flagged AL_SKIP (a token the
// model never reads: punctuation, most keywords) is not written. It
// returns the number of nodes and sets *nkeep; when that exceeds a
// capacity, the caller grows the buffers and calls again.

static uint32_t al_flatten_cursor(TSNode root, const char *src, uint32_t srclen,
		const uint8_t *flags, uint32_t nflags,
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
		if ((f & AL_SKIP) && ts_node_child_count(node) == 0) {
			goto sibling;
		}
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
	sibling:
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

// --- The direct walk -------------------------------------------------------
//
// al_flatten_cursor above reads the tree through tree-sitter's cursor API,
// which costs several calls and a visibility check per step: a tenth of
// all the instructions a check executes. al_flatten_direct reads the same
// nodes, in the same order with the same fields, from tree-sitter's own
// subtree structures, whose layout below mirrors subtree.h, parser.h and
// tree.h of the version go.mod pins. pyparse checks at start-up that both
// walks agree on a sample (flatSelfCheck) and uses the cursor walk if not;
// TestFlatDirectMatchesCursor compares them on the standard library.

typedef struct { uint32_t row, column; } al_point;
typedef struct { uint32_t bytes; al_point extent; } al_length;

typedef struct {
	bool is_inline : 1;
	bool visible : 1;
	bool named : 1;
	bool extra : 1;
	bool has_changes : 1;
	bool is_missing : 1;
	bool is_keyword : 1;
	uint8_t symbol;
	uint16_t parse_state;
	uint8_t padding_columns;
	uint8_t padding_rows : 4;
	uint8_t lookahead_bytes : 4;
	uint8_t padding_bytes;
	uint8_t size_bytes;
} al_inline;

typedef struct {
	volatile uint32_t ref_count;
	al_length padding;
	al_length size;
	uint32_t lookahead_bytes;
	uint32_t error_cost;
	uint32_t child_count;
	uint16_t symbol;
	uint16_t parse_state;
	bool visible : 1;
	bool named : 1;
	bool extra : 1;
	bool fragile_left : 1;
	bool fragile_right : 1;
	bool has_changes : 1;
	bool has_external_tokens : 1;
	bool has_external_scanner_state_change : 1;
	bool depends_on_column : 1;
	bool is_missing : 1;
	bool is_keyword : 1;
	union {
		struct {
			uint32_t visible_child_count;
			uint32_t named_child_count;
			uint32_t visible_descendant_count;
			int32_t dynamic_precedence;
			uint16_t repeat_depth;
			uint16_t production_id;
			struct { uint16_t symbol; uint16_t parse_state; } first_leaf;
		};
		struct {
			union { char *long_data; char short_data[24]; };
			uint32_t length;
		} external_scanner_state;
		int32_t lookahead_char;
	};
} al_heap;

typedef union { al_inline data; const al_heap *ptr; } al_sub;

typedef struct { uint16_t field_id; uint8_t child_index; bool inherited; } al_field_entry;
typedef struct { uint16_t index; uint16_t length; } al_field_slice;

typedef struct {
	uint32_t version, symbol_count, alias_count, token_count, external_token_count,
		state_count, large_state_count, production_id_count, field_count;
	uint16_t max_alias_sequence_length;
	const uint16_t *parse_table;
	const uint16_t *small_parse_table;
	const uint32_t *small_parse_table_map;
	const void *parse_actions;
	const char *const *symbol_names;
	const char *const *field_names;
	const al_field_slice *field_map_slices;
	const al_field_entry *field_map_entries;
	const void *symbol_metadata;
	const uint16_t *public_symbol_map;
	const uint16_t *alias_map;
	const uint16_t *alias_sequences;
} al_language;

const void *ts_tree_language(const void *tree);

static inline bool al_sub_extra(al_sub s) { return s.data.is_inline ? s.data.extra : s.ptr->extra; }
static inline bool al_sub_visible(al_sub s) { return s.data.is_inline ? s.data.visible : s.ptr->visible; }
static inline uint16_t al_sub_symbol(al_sub s) { return s.data.is_inline ? s.data.symbol : s.ptr->symbol; }
static inline uint32_t al_sub_child_count(al_sub s) { return s.data.is_inline ? 0 : s.ptr->child_count; }
static inline const al_sub *al_sub_children(al_sub s) { return (const al_sub *)s.ptr - s.ptr->child_count; }
static inline al_length al_sub_padding(al_sub s) {
	if (s.data.is_inline) {
		al_length l = {s.data.padding_bytes, {s.data.padding_rows, s.data.padding_columns}};
		return l;
	}
	return s.ptr->padding;
}
static inline al_length al_sub_size(al_sub s) {
	if (s.data.is_inline) {
		al_length l = {s.data.size_bytes, {0, s.data.size_bytes}};
		return l;
	}
	return s.ptr->size;
}
static inline al_length al_length_add(al_length a, al_length b) {
	al_length r;
	r.bytes = a.bytes + b.bytes;
	if (b.extent.row > 0) {
		r.extent.row = a.extent.row + b.extent.row;
		r.extent.column = b.extent.column;
	} else {
		r.extent.row = a.extent.row;
		r.extent.column = a.extent.column + b.extent.column;
	}
	return r;
}
static inline uint16_t al_public(const al_language *l, uint16_t sym) {
	return sym == 65535 ? sym : l->public_symbol_map[sym];
}

// al_frame is a node being walked: visible (in out) or hidden (its
// children taken as its visible ancestor's).
typedef struct {
	const al_sub *sub;
	al_length next;          // where the next child starts
	uint32_t child, structural;
	const uint16_t *aliases; // the production's alias sequence, NULL if none
	uint32_t out;            // index in out, UINT32_MAX when hidden
	uint8_t vflags;          // the flags of the nearest visible node (itself if visible)
	uint32_t sci;            // structural index in its parent
	bool extra, visible;
} al_frame;

// al_field returns the field id of a child (structural index sci, extra)
// of frames[top], as ts_tree_cursor_current_field_id does: looked up in
// its parent's field map, then its hidden ancestors' in theirs.
static uint16_t al_field(const al_language *l, const al_frame *frames, int top, uint32_t sci, bool extra) {
	if (l->field_count == 0) return 0;
	for (int i = top; i >= 0; i--) {
		if (extra) return 0;
		const al_heap *p = frames[i].sub->ptr;
		al_field_slice sl = l->field_map_slices[p->production_id];
		const al_field_entry *e = &l->field_map_entries[sl.index], *end = e + sl.length;
		for (; e < end; e++) {
			if (!e->inherited && e->child_index == sci) return e->field_id;
		}
		if (frames[i].visible) return 0;
		sci = frames[i].sci;
		extra = frames[i].extra;
	}
	return 0;
}

// al_push pushes a frame for sub, a node with children starting at pos,
// growing the stack when full.
static void al_push(al_frame **frames, uint32_t *fcap, int *top, const al_language *l,
		const al_sub *sub, al_length pos, bool visible, uint32_t out, uint8_t vflags, uint32_t sci, bool extra) {
	if (*top + 1 == (int)*fcap) {
		*fcap *= 2;
		*frames = realloc(*frames, *fcap * sizeof(al_frame));
	}
	uint16_t prod = sub->ptr->production_id;
	(*frames)[++*top] = (al_frame){
		.sub = sub, .next = pos, .child = 0, .structural = 0,
		.aliases = prod ? &l->alias_sequences[prod * l->max_alias_sequence_length] : NULL,
		.out = out, .vflags = vflags, .sci = sci, .extra = extra, .visible = visible,
	};
}

static uint32_t al_flatten_direct(TSNode root, const char *src, uint32_t srclen,
		const uint8_t *flags, uint32_t nflags,
		al_node *out, uint32_t cap, al_keptnode *keep, uint32_t keepcap, uint32_t *nkeep) {
	const al_language *l = (const al_language *)ts_tree_language(root.tree);
	uint32_t n = 0, k = 0;
	uint32_t fcap = 64;
	int top = -1;
	al_frame *frames = malloc(fcap * sizeof(al_frame));
	// The root, as the cursor sees it.
	const al_sub *rs = (const al_sub *)root.id;
	al_length rpos = {root.context[0], {root.context[1], root.context[2]}};
	uint16_t ralias = (uint16_t)root.context[3];
	const al_sub *cur = rs;
	al_length pos = rpos;
	uint16_t alias = ralias;
	uint32_t sci = 0;
	bool extra = al_sub_extra(*rs);
	for (;;) {
		// cur is a visible node at pos: write it, then descend or not.
		al_sub s = *cur;
		uint16_t sym = al_public(l, alias ? alias : al_sub_symbol(s));
		uint32_t st = pos.bytes, e = st + al_sub_size(s).bytes;
		uint8_t f = sym < nflags ? flags[sym] : 0;
		if ((f & AL_SKIP) && al_sub_child_count(s) == 0) {
			goto next;
		}
		uint32_t i = n++;
		uint8_t pf = top >= 0 ? frames[top].vflags : 0;
		if (i < cap) {
			out[i].start = st;
			out[i].end = e;
			out[i].sym = sym;
			out[i].field = top >= 0 && (pf & AL_FIELDS) ? al_field(l, frames, top, sci, extra) : 0;
			out[i].aux = UINT32_MAX;
		}
		if (f & AL_KEEP) {
			if (k < keepcap) {
				TSNode node;
				node.context[0] = pos.bytes;
				node.context[1] = pos.extent.row;
				node.context[2] = pos.extent.column;
				node.context[3] = alias;
				node.id = cur;
				node.tree = root.tree;
				memcpy(&keep[k], &node, sizeof node);
				if (i < cap) out[i].aux = k;
			}
			k++;
		}
		bool descend = true;
		if ((f & AL_PRUNE) && (e > srclen || st >= e || memchr(src + st, '(', e - st) == NULL)) {
			descend = false;
		}
		if (descend && al_sub_child_count(s) > 0) {
			al_push(&frames, &fcap, &top, l, cur, pos, true, i, f, sci, extra);
		} else if (i < cap) {
			out[i].next = n;
		}
	next:
		// Find the next visible node: the next child of the innermost
		// frame that has one, descending through hidden nodes.
		for (;;) {
			if (top < 0) goto done;
			al_frame *fr = &frames[top];
			al_sub ps = *fr->sub;
			if (fr->child == ps.ptr->child_count) {
				if (fr->visible && fr->out < cap) out[fr->out].next = n;
				top--;
				continue;
			}
			const al_sub *children = al_sub_children(ps);
			const al_sub *c = &children[fr->child];
			al_length cpos = fr->next;
			fr->next = al_length_add(cpos, al_sub_size(*c));
			if (fr->child + 1 < ps.ptr->child_count) {
				fr->next = al_length_add(fr->next, al_sub_padding(children[fr->child + 1]));
			}
			fr->child++;
			bool cextra = al_sub_extra(*c);
			uint16_t calias = 0;
			uint32_t csci = fr->structural;
			bool visible = al_sub_visible(*c);
			if (!cextra) {
				if (fr->aliases) {
					calias = fr->aliases[fr->structural];
					visible |= calias != 0;
				}
				fr->structural++;
			}
			if (visible) {
				cur = c;
				pos = cpos;
				alias = calias;
				sci = csci;
				extra = cextra;
				break;
			}
			if (al_sub_child_count(*c) > 0 && c->ptr->visible_child_count > 0) {
				// A hidden node: its children are walked as its parent's.
				al_push(&frames, &fcap, &top, l, c, cpos, false, UINT32_MAX, fr->vflags, csci, cextra);
			}
		}
	}
done:
	free(frames);
	*nkeep = k;
	return n;
}

// al_flatten reads with the walk asked for: the one in use is the direct
// one unless the start-up check found it disagreeing with the cursor's.
enum { AL_WALK_IN_USE = 0, AL_WALK_CURSOR = 1, AL_WALK_DIRECT = 2 };
static bool al_use_direct = false;
static void al_set_direct(bool on) { al_use_direct = on; }
static bool al_get_direct(void) { return al_use_direct; }
static uint32_t al_flatten(TSNode root, const char *src, uint32_t srclen,
		const uint8_t *flags, uint32_t nflags,
		al_node *out, uint32_t cap, al_keptnode *keep, uint32_t keepcap, uint32_t *nkeep, int walk) {
	if (walk == AL_WALK_DIRECT || walk == AL_WALK_IN_USE && al_use_direct) {
		return al_flatten_direct(root, src, srclen, flags, nflags, out, cap, keep, keepcap, nkeep);
	}
	return al_flatten_cursor(root, src, srclen, flags, nflags, out, cap, keep, keepcap, nkeep);
}
*/
import "C"

import (
	"context"
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
	flagSkip   = 8
)

var symFlags []uint8

// flatten reads the subtree of root, a node of t whose text is src, into f
// (reusing f's buffers).
func (f *flat) flatten(t *sitter.Tree, root *sitter.Node, src []byte) {
	f.read(t, root, src, walkInUse)
}

// The walks of the tree read can use (see al_flatten_direct).
const (
	walkInUse  = C.AL_WALK_IN_USE
	walkCursor = C.AL_WALK_CURSOR
	walkDirect = C.AL_WALK_DIRECT
)

// read is flatten with the walk asked for.
func (f *flat) read(t *sitter.Tree, root *sitter.Node, src []byte, walk C.int) {
	f.tree = t
	croot := *(*C.TSNode)(unsafe.Pointer(root))
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
			np, C.uint32_t(len(nodes)), kp, C.uint32_t(len(keep)), &nk, walk)
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

// flatSample is parsed at start-up by both walks (see flatSelfCheck): it
// holds hidden nodes, aliases (`except E as e`), fields, extras (comments,
// a line continuation), nested defs and classes, decorators, an f-string
// and a syntax error.
const flatSample = "from . import a as b, c\nimport x.y as z\n# c\n@d(1)\nclass K(B, metaclass=M):\n" +
	"    def m(self, p: int = f(2), *q, **r) -> None:\n        with open(p) as h, g():\n" +
	"            return [i(j) for j in k if l(j)]\n    async def n(self):\n        await s(t=u(1), \\\n v=2)\n" +
	"print(f\"{w(1)!r:>{x(2)}}\", *y, **z)\nlambda a: b(a)\nmatch p:\n    case [1, *r]: q()\n" +
	"try:\n    pass\nexcept E as e:\n    pass\ndef e(:\n    f()\n"

// flatSelfCheck reports whether the direct walk reads flatSample as the
// cursor walk does.
func flatSelfCheck() bool {
	p := sitter.NewParser()
	defer p.Close()
	p.SetLanguage(pyLang)
	src := []byte(flatSample)
	t, err := p.ParseCtx(context.Background(), nil, src)
	if err != nil {
		return false
	}
	defer t.Close()
	var a, b flat
	a.read(t, t.RootNode(), src, walkDirect)
	b.read(t, t.RootNode(), src, walkCursor)
	return sameFlat(&a, &b)
}

// setDirectFlatten turns the direct walk on or off.
func setDirectFlatten(on bool) { C.al_set_direct(C.bool(on)) }

// directFlatten reports whether the direct walk is on.
func directFlatten() bool { return bool(C.al_get_direct()) }

// sameFlat reports whether two flat readings are the same, node for node.
func sameFlat(a, b *flat) bool {
	if len(a.nodes) != len(b.nodes) || len(a.keep) != len(b.keep) {
		return false
	}
	for i := range a.nodes {
		if a.nodes[i] != b.nodes[i] {
			return false
		}
	}
	for i := range a.keep {
		if a.keep[i] != b.keep[i] {
			return false
		}
	}
	return true
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
// (offsets into the source), in one cgo call; nil when m has no tree (see
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

// Located is what locate found for one token.
type located struct {
	// node is the deepest named node spanning the token exactly, or
	// the stopping node above it (stopped).
	node    *sitter.Node
	stopped bool
}

// locate finds the tokens (spans into the source, sorted and not
// overlapping) in m's tree, in one cgo call: for each, the deepest named
// node spanning it exactly, unless the way down from the root meets a
// node of a symbol flagged in stop first (that node, stopped); a zero
// located when neither. m must have a tree.
func (m *Module) locate(tokens []Span, stop []uint8) []located {
	out := make([]located, len(tokens))
	if len(tokens) == 0 {
		return out
	}
	sp := make([]C.uint32_t, 2*len(tokens))
	for i, t := range tokens {
		sp[2*i], sp[2*i+1] = C.uint32_t(t.Start-m.BOM), C.uint32_t(t.End-m.BOM)
	}
	nodes := make([]C.TSNode, len(tokens))
	kinds := make([]C.uint8_t, len(tokens))
	root := m.Tree.RootNode()
	C.al_locate(*(*C.TSNode)(unsafe.Pointer(root)), &sp[0], C.uint32_t(len(tokens)),
		(*C.uint8_t)(unsafe.Pointer(&stop[0])), C.uint32_t(len(stop)), &nodes[0], &kinds[0])
	for i := range tokens {
		if kinds[i] != 0 {
			out[i] = located{node: (*sitter.Node)(unsafe.Pointer(&nodeMirror{c: nodes[i], t: m.Tree})), stopped: kinds[i] == 2}
		}
	}
	return out
}

// kept reports whether the TSNode of n was kept (n is of a symbol
// flagged flagKeep, and within the buffer).
func (f *flat) kept(n nd) bool { return uint32(f.nodes[n].aux) < uint32(len(f.keep)) }

// node returns n, which must be kept, as a go-tree-sitter node.
func (f *flat) node(n nd) nodeMirror {
	return nodeMirror{c: *(*C.TSNode)(unsafe.Pointer(&f.keep[f.nodes[n].aux])), t: f.tree}
}

// mirrorChunk is how many go-tree-sitter nodes the builder allocates at once
// (see builder.node).
const mirrorChunk = 128

// node returns n as a go-tree-sitter node, nil when n was not kept. The
// nodes of a module are cut from a slab: one allocation per definition or
// call would be a good part of all the builder makes.
func (b *builder) node(n nd) *sitter.Node {
	if !b.f.kept(n) {
		return nil
	}
	m := b.mirrors.one()
	*m = b.f.node(n)
	return (*sitter.Node)(unsafe.Pointer(m))
}
