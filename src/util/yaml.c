/*
 * yaml.c: libyaml events -> bounded node tree (see yaml.h).
 *
 * The builder is iterative: one explicit frame per open collection, so depth
 * is a counted limit, never C stack.  Anchors are registered when their node
 * is complete, which is what makes a self-containing anchor an error rather
 * than a cycle.
 */
#include "compat.h"
#include "yaml.h"

#include <yaml.h>

#include "strmap.h"
#include "vec.h"

struct frame {
	struct sg_yaml_node *node;
	SG_VEC(struct sg_yaml_node *) items;    /* seq items, or map key/value */
	SG_VEC(struct sg_yaml_node *) merges;   /* `<<` sources, in order */
	const char *anchor;
};

struct builder {
	struct sg_yaml_doc *doc;
	const char *path;
	struct sg_yaml_limits lim;
	SG_VEC(struct frame) stack;
	struct sg_strmap anchors;
	int documents;
	sg_error *err;
};

static const struct sg_yaml_limits default_limits = {
	.max_depth = 128,
	.max_nodes = 1000000,
	.max_expansion = 1000000,
};

const char *sg_yaml_kind_name(enum sg_yaml_kind k)
{
	switch (k) {
	case SG_YAML_SCALAR: return "scalar";
	case SG_YAML_SEQ: return "sequence";
	case SG_YAML_MAP: return "mapping";
	}
	return "node";
}

static size_t sat_add(size_t a, size_t b)
{
	return a > SIZE_MAX - b ? SIZE_MAX : a + b;
}

static int fail(struct builder *b, int code, const yaml_mark_t *m,
		const char *fmt, ...) SG_PRINTF(4, 5);

static int fail(struct builder *b, int code, const yaml_mark_t *m,
		const char *fmt, ...)
{
	char msg[400];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	return sg_error_set(b->err, code, b->path,
			    m ? (unsigned)m->line + 1 : 0,
			    m ? (unsigned)m->column + 1 : 0, "%s", msg);
}

static struct sg_yaml_node *new_node(struct builder *b, enum sg_yaml_kind kind,
				     const yaml_mark_t *start,
				     const yaml_char_t *tag, const yaml_mark_t *at)
{
	struct sg_yaml_node *n;

	if (++b->doc->nodes > b->lim.max_nodes) {
		fail(b, SG_ELIMIT, at, "document has more than %zu nodes",
		     b->lim.max_nodes);
		return NULL;
	}
	n = sg_arena_alloc(&b->doc->arena, sizeof(*n));
	if (!n) {
		fail(b, SG_ENOMEM, at, "out of memory");
		return NULL;
	}
	n->kind = kind;
	n->line = (uint32_t)start->line + 1;
	n->column = (uint32_t)start->column + 1;
	n->weight = 1;
	if (tag && !(tag[0] == '?' && !tag[1]) && !(tag[0] == '!' && !tag[1]))
		n->tag = sg_arena_strdup(&b->doc->arena, (const char *)tag);
	return n;
}

static bool is_merge_key(const struct sg_yaml_node *k)
{
	return k->kind == SG_YAML_SCALAR && k->style == SG_YAML_PLAIN &&
	       k->len == 2 && k->value[0] == '<' && k->value[1] == '<';
}

static int register_anchor(struct builder *b, struct sg_yaml_node *n,
			   const char *anchor, const yaml_mark_t *at)
{
	if (!anchor)
		return 0;
	n->anchor = anchor;
	if (sg_strmap_put(&b->anchors, anchor, n, NULL) < 0)
		return fail(b, SG_ENOMEM, at, "out of memory");
	return 0;
}

/* Attach a complete node (or an alias target) to the open collection. */
static int attach(struct builder *b, struct sg_yaml_node *n,
		  const yaml_mark_t *at)
{
	struct frame *f;

	if (b->stack.n == 0) {
		b->doc->root = n;
		return 0;
	}
	f = &b->stack.v[b->stack.n - 1];
	f->node->weight = sat_add(f->node->weight, n->weight);
	if (f->node->weight > b->lim.max_expansion)
		return fail(b, SG_ELIMIT, at,
			    "alias expansion exceeds %zu nodes "
			    "(a billion-laughs document?)",
			    b->lim.max_expansion);
	if (f->node->kind == SG_YAML_MAP && (f->items.n % 2) == 1 &&
	    is_merge_key(f->items.v[f->items.n - 1])) {
		size_t i;

		/* `<<: *x` or `<<: [*a, *b]`: remember sources, drop the key */
		f->items.n--;
		if (n->kind == SG_YAML_MAP)
			return sg_vec_push(&f->merges, n) < 0
				       ? fail(b, SG_ENOMEM, at, "out of memory")
				       : 0;
		if (n->kind != SG_YAML_SEQ)
			return fail(b, SG_EINVALID, at,
				    "merge key '<<' needs a mapping or a "
				    "sequence of mappings");
		for (i = 0; i < n->nitems; i++) {
			if (n->items[i]->kind != SG_YAML_MAP)
				return fail(b, SG_EINVALID, at,
					    "merge key '<<' needs a mapping or "
					    "a sequence of mappings");
			if (sg_vec_push(&f->merges, n->items[i]) < 0)
				return fail(b, SG_ENOMEM, at, "out of memory");
		}
		return 0;
	}
	if (sg_vec_push(&f->items, n) < 0)
		return fail(b, SG_ENOMEM, at, "out of memory");
	return 0;
}

static const char *key_text(const struct sg_yaml_node *k)
{
	return k->kind == SG_YAML_SCALAR ? k->value : NULL;
}

/* Small mappings (most of them) look keys up in their pairs so far; only
 * larger ones pay for a hash map. */
#define SMALL_MAP 8

static bool has_key(const struct sg_strmap *seen, bool small,
		    const struct sg_yaml_node *n, const char *t)
{
	size_t i;

	if (!small)
		return sg_strmap_has(seen, t);
	for (i = 0; i < n->npairs; i++) {
		const char *k = key_text(n->pairs[i].key);

		if (k && k[0] == t[0] && strcmp(k, t) == 0)
			return true;
	}
	return false;
}

static int close_map(struct builder *b, struct frame *f, const yaml_mark_t *at)
{
	struct sg_yaml_node *n = f->node;
	struct sg_strmap seen = SG_STRMAP_INIT;
	size_t npairs = f->items.n / 2, cap = npairs, i, j;
	bool small;
	int err = 0;

	for (i = 0; i < f->merges.n; i++)
		cap = sat_add(cap, f->merges.v[i]->npairs);
	if (cap > b->lim.max_expansion)
		return fail(b, SG_ELIMIT, at, "merge expansion exceeds %zu keys",
			    b->lim.max_expansion);
	n->pairs = sg_arena_calloc(&b->doc->arena, cap ? cap : 1,
				   sizeof(*n->pairs));
	if (!n->pairs)
		return fail(b, SG_ENOMEM, at, "out of memory");
	small = cap <= SMALL_MAP;
	for (i = 0; i < npairs; i++) {
		struct sg_yaml_node *k = f->items.v[2 * i];
		const char *t = key_text(k);

		if (t && has_key(&seen, small, n, t)) {
			yaml_mark_t m = { 0, k->line - 1, k->column - 1 };

			err = fail(b, SG_EINVALID, &m,
				   "duplicate key '%s' in mapping", t);
			goto done;
		}
		if (t && !small && sg_strmap_put(&seen, t, k, NULL) < 0) {
			err = fail(b, SG_ENOMEM, at, "out of memory");
			goto done;
		}
		n->pairs[n->npairs].key = k;
		n->pairs[n->npairs].value = f->items.v[2 * i + 1];
		n->npairs++;
	}
	for (i = 0; i < f->merges.n; i++) {
		const struct sg_yaml_node *src = f->merges.v[i];

		n->weight = sat_add(n->weight, src->weight);
		for (j = 0; j < src->npairs; j++) {
			const char *t = key_text(src->pairs[j].key);

			if (t && has_key(&seen, small, n, t))
				continue;
			if (t && !small &&
			    sg_strmap_put(&seen, t, src->pairs[j].key,
					  NULL) < 0) {
				err = fail(b, SG_ENOMEM, at, "out of memory");
				goto done;
			}
			n->pairs[n->npairs] = src->pairs[j];
			n->pairs[n->npairs].merged = true;
			n->npairs++;
		}
	}
	if (n->weight > b->lim.max_expansion)
		err = fail(b, SG_ELIMIT, at,
			   "alias expansion exceeds %zu nodes "
			   "(a billion-laughs document?)",
			   b->lim.max_expansion);
done:
	sg_strmap_release(&seen);
	return err;
}

static int close_frame(struct builder *b, const yaml_mark_t *end)
{
	struct frame f = b->stack.v[--b->stack.n];
	struct sg_yaml_node *n = f.node;
	int err = 0;

	n->end_line = (uint32_t)end->line + 1;
	n->end_column = (uint32_t)end->column + 1;
	if (n->kind == SG_YAML_SEQ) {
		n->nitems = f.items.n;
		n->items = sg_arena_calloc(&b->doc->arena, f.items.n ? f.items.n : 1,
					   sizeof(*n->items));
		if (!n->items)
			err = fail(b, SG_ENOMEM, end, "out of memory");
		else if (f.items.n)
			memcpy(n->items, f.items.v, f.items.n * sizeof(*n->items));
	} else if (f.items.n % 2) {
		err = fail(b, SG_EINVALID, end, "mapping key without a value");
	} else {
		err = close_map(b, &f, end);
	}
	sg_vec_release(&f.items);
	sg_vec_release(&f.merges);
	if (!err)
		err = register_anchor(b, n, f.anchor, end);
	if (!err)
		err = attach(b, n, end);
	return err;
}

static const char *dup_anchor(struct builder *b, const yaml_char_t *a)
{
	return a ? sg_arena_strdup(&b->doc->arena, (const char *)a) : NULL;
}

static int on_event(struct builder *b, yaml_event_t *ev)
{
	struct sg_yaml_node *n;

	switch (ev->type) {
	case YAML_DOCUMENT_START_EVENT:
		if (++b->documents > 1)
			return fail(b, SG_EINVALID, &ev->start_mark,
				    "more than one YAML document in the file");
		return 0;
	case YAML_SCALAR_EVENT:
		n = new_node(b, SG_YAML_SCALAR, &ev->start_mark,
			     ev->data.scalar.tag, &ev->start_mark);
		if (!n)
			return b->err ? b->err->code : SG_ERROR;
		n->end_line = (uint32_t)ev->end_mark.line + 1;
		n->end_column = (uint32_t)ev->end_mark.column + 1;
		n->len = ev->data.scalar.length;
		n->value = sg_arena_strndup(&b->doc->arena,
					    (const char *)ev->data.scalar.value,
					    n->len);
		if (!n->value)
			return fail(b, SG_ENOMEM, &ev->start_mark, "out of memory");
		switch (ev->data.scalar.style) {
		case YAML_SINGLE_QUOTED_SCALAR_STYLE: n->style = SG_YAML_SINGLE_QUOTED; break;
		case YAML_DOUBLE_QUOTED_SCALAR_STYLE: n->style = SG_YAML_DOUBLE_QUOTED; break;
		case YAML_LITERAL_SCALAR_STYLE: n->style = SG_YAML_LITERAL; break;
		case YAML_FOLDED_SCALAR_STYLE: n->style = SG_YAML_FOLDED; break;
		default: n->style = SG_YAML_PLAIN; break;
		}
		if (register_anchor(b, n, dup_anchor(b, ev->data.scalar.anchor),
				    &ev->start_mark) < 0)
			return b->err ? b->err->code : SG_ENOMEM;
		return attach(b, n, &ev->start_mark);
	case YAML_SEQUENCE_START_EVENT:
	case YAML_MAPPING_START_EVENT: {
		bool seq = ev->type == YAML_SEQUENCE_START_EVENT;
		struct frame f = { 0 };

		if (b->stack.n >= b->lim.max_depth)
			return fail(b, SG_ELIMIT, &ev->start_mark,
				    "nesting deeper than %zu levels",
				    b->lim.max_depth);
		n = new_node(b, seq ? SG_YAML_SEQ : SG_YAML_MAP,
			     &ev->start_mark,
			     seq ? ev->data.sequence_start.tag
				 : ev->data.mapping_start.tag,
			     &ev->start_mark);
		if (!n)
			return b->err ? b->err->code : SG_ERROR;
		f.node = n;
		f.anchor = dup_anchor(b, seq ? ev->data.sequence_start.anchor
					     : ev->data.mapping_start.anchor);
		if (sg_vec_push(&b->stack, f) < 0)
			return fail(b, SG_ENOMEM, &ev->start_mark, "out of memory");
		return 0;
	}
	case YAML_SEQUENCE_END_EVENT:
	case YAML_MAPPING_END_EVENT:
		return close_frame(b, &ev->end_mark);
	case YAML_ALIAS_EVENT: {
		const char *name = (const char *)ev->data.alias.anchor;

		n = sg_strmap_get(&b->anchors, name);
		if (!n)
			return fail(b, SG_EINVALID, &ev->start_mark,
				    "alias '*%s' names no complete anchor "
				    "(undefined, or a node containing itself)",
				    name);
		return attach(b, n, &ev->start_mark);
	}
	default:
		return 0;
	}
}

int sg_yaml_parse(struct sg_yaml_doc **out, const char *path, const char *data,
		  size_t len, const struct sg_yaml_limits *limits, sg_error *err)
{
	struct builder b = { 0 };
	sg_error local;
	yaml_parser_t parser;
	yaml_event_t ev;
	int rc = 0;
	bool done = false;

	*out = NULL;
	b.doc = calloc(1, sizeof(*b.doc));
	if (!b.doc)
		return sg_error_set(err, SG_ENOMEM, path, 0, 0, "out of memory");
	sg_arena_init(&b.doc->arena);
	b.path = path;
	b.lim = limits ? *limits : default_limits;
	/* The builder reads codes back from its error record: never NULL. */
	sg_error_clear(&local);
	b.err = err ? err : &local;
	if (!yaml_parser_initialize(&parser)) {
		sg_yaml_free(b.doc);
		return sg_error_set(err, SG_ENOMEM, path, 0, 0, "out of memory");
	}
	yaml_parser_set_input_string(&parser, (const unsigned char *)data, len);
	while (!done) {
		if (!yaml_parser_parse(&parser, &ev)) {
			yaml_mark_t m = parser.problem_mark;

			rc = sg_error_set(err, parser.error == YAML_MEMORY_ERROR
						       ? SG_ENOMEM : SG_EINVALID,
					  path, (unsigned)m.line + 1,
					  (unsigned)m.column + 1, "%s%s%s",
					  parser.problem ? parser.problem
							 : "invalid YAML",
					  parser.context ? " " : "",
					  parser.context ? parser.context : "");
			if (rc == 0)
				rc = SG_EINVALID;
			break;
		}
		done = ev.type == YAML_STREAM_END_EVENT;
		rc = on_event(&b, &ev);
		yaml_event_delete(&ev);
		if (rc < 0)
			break;
		rc = 0;
	}
	yaml_parser_delete(&parser);
	while (b.stack.n) {
		struct frame *f = &b.stack.v[--b.stack.n];

		sg_vec_release(&f->items);
		sg_vec_release(&f->merges);
	}
	sg_vec_release(&b.stack);
	sg_strmap_release(&b.anchors);
	if (rc < 0) {
		sg_yaml_free(b.doc);
		return rc;
	}
	*out = b.doc;
	return 0;
}

void sg_yaml_free(struct sg_yaml_doc *doc)
{
	if (!doc)
		return;
	sg_arena_release(&doc->arena);
	free(doc);
}

const struct sg_yaml_pair *sg_yaml_get_pair(const struct sg_yaml_node *map,
					    const char *key)
{
	size_t i;

	if (!map || map->kind != SG_YAML_MAP)
		return NULL;
	for (i = 0; i < map->npairs; i++) {
		const struct sg_yaml_node *k = map->pairs[i].key;

		if (k->kind == SG_YAML_SCALAR && strcmp(k->value, key) == 0)
			return &map->pairs[i];
	}
	return NULL;
}

const struct sg_yaml_node *sg_yaml_get(const struct sg_yaml_node *map,
				       const char *key)
{
	const struct sg_yaml_pair *p = sg_yaml_get_pair(map, key);

	return p ? p->value : NULL;
}

bool sg_yaml_is_null(const struct sg_yaml_node *n)
{
	if (!n)
		return true;
	if (n->kind != SG_YAML_SCALAR || n->style != SG_YAML_PLAIN)
		return false;
	if (n->tag && strcmp(n->tag, "tag:yaml.org,2002:null") != 0)
		return false;
	return n->len == 0 || strcmp(n->value, "~") == 0 ||
	       strcmp(n->value, "null") == 0 || strcmp(n->value, "Null") == 0 ||
	       strcmp(n->value, "NULL") == 0;
}

bool sg_yaml_is_string(const struct sg_yaml_node *n)
{
	return n && n->kind == SG_YAML_SCALAR && !sg_yaml_is_null(n);
}

int sg_yaml_bool(const struct sg_yaml_node *n, bool *out)
{
	static const char *const yes[] = { "true", "yes", "on", "y" };
	static const char *const no[] = { "false", "no", "off", "n" };
	size_t i;

	if (!n || n->kind != SG_YAML_SCALAR || n->style != SG_YAML_PLAIN)
		return -1;
	for (i = 0; i < SG_ARRAY_SIZE(yes); i++) {
		if (sg_strcasecmp(n->value, yes[i]) == 0) {
			*out = true;
			return 0;
		}
		if (sg_strcasecmp(n->value, no[i]) == 0) {
			*out = false;
			return 0;
		}
	}
	return -1;
}

int sg_yaml_int(const struct sg_yaml_node *n, long long *out)
{
	const char *s;
	uint64_t v;
	bool neg = false;

	if (!n || n->kind != SG_YAML_SCALAR || n->style != SG_YAML_PLAIN)
		return -1;
	s = n->value;
	if (*s == '-' || *s == '+')
		neg = *s++ == '-';
	if (sg_parse_u64(s, strlen(s), &v) < 0 || v > (uint64_t)LLONG_MAX)
		return -1;
	*out = neg ? -(long long)v : (long long)v;
	return 0;
}
