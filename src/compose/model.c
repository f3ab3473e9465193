/*
 * model.c: Compose files -> the merged project model (see model.h).
 *
 * Order of work, as `docker compose` does it: each file is parsed (anchors
 * and merge keys resolved by the YAML layer), interpolated with the
 * project's variables, its services' `extends` resolved; then the files are
 * merged in order (spec 13), and `include` entries are loaded as projects of
 * their own and copied in.  Problems with the input (YAML errors, missing or
 * circular extends, include conflicts, unresolved variables in security
 * fields) become findings at the line that caused them.
 */
#include "util/compat.h"
#include "compose/model.h"

#include "compose/interp.h"
#include "compose/rules.h"
#include "core/registry.h"
#include "policy/policy.h"
#include "util/buf.h"
#include "util/path.h"

#define MODEL_BUDGET 400000   /* nodes per project, aliases expanded */
#define MAX_DEPTH 12          /* extends / include nesting */
#define MAX_PATH 4096

static const struct sg_yaml_limits yaml_limits = { 64, 200000, 200000 };

/* Service fields where an unknown value hides a security decision. */
static const char *const security_fields[] = {
	"cap_add", "cap_drop", "cgroup", "cgroup_parent", "cpus", "devices",
	"image", "ipc", "mem_limit", "network_mode", "pid", "pids_limit",
	"ports", "privileged", "read_only", "security_opt", "sysctls",
	"tmpfs", "use_api_socket", "user", "userns_mode", "uts", "volumes",
};

/* Service fields whose `K=V` list form is a mapping in disguise. */
static const char *const kv_fields[] = {
	"annotations", "environment", "labels", "sysctls",
};

struct walk {
	const char *keys[8];
	int n;
};

struct loader {
	struct compose_project *p;
	struct cm_env *env;
	const char *file;
	bool budget_hit;
};

/* ---- lookups ------------------------------------------------------------ */

/*
 * Rules look services and keys up by name once per finding, so a linear
 * scan of a 20,000-service mapping is quadratic.  Mappings this large get
 * an open-addressing table of kid positions once the model is final; it
 * records the kids it was built for and is ignored if they changed.
 */
#define INDEX_MIN 16

struct cm_index {
	struct cm_node *const *kids;
	size_t n;
	size_t mask;
	uint32_t slot[];          /* kid position + 1; 0 = empty */
};

static size_t key_hash(const char *key)
{
	return (size_t)sg_hash_bytes(key, strlen(key));
}

static struct cm_node *index_get(const struct cm_index *x, const char *key)
{
	size_t h = key_hash(key) & x->mask;

	for (; x->slot[h]; h = (h + 1) & x->mask)
		if (strcmp(x->kids[x->slot[h] - 1]->key, key) == 0)
			return x->kids[x->slot[h] - 1];
	return NULL;
}

static void index_map(struct compose_project *p, struct cm_node *map)
{
	struct cm_index *x;
	size_t cap = 32, i;

	if (map->n > UINT32_MAX / 4)
		return;
	while (cap < 2 * map->n)
		cap *= 2;
	x = sg_arena_alloc(&p->arena, sizeof(*x) + cap * sizeof(x->slot[0]));
	if (!x)
		return;
	memset(x->slot, 0, cap * sizeof(x->slot[0]));
	x->kids = map->kids;
	x->n = map->n;
	x->mask = cap - 1;
	for (i = 0; i < map->n; i++) {
		size_t h;

		/* the first of duplicate keys wins, as in the linear scan */
		if (index_get(x, map->kids[i]->key))
			continue;
		h = key_hash(map->kids[i]->key) & x->mask;
		while (x->slot[h])
			h = (h + 1) & x->mask;
		x->slot[h] = (uint32_t)i + 1;
	}
	map->index = x;
}

/* Index every large mapping of the final model (shared nodes once). */
static void index_tree(struct compose_project *p, struct cm_node *n, int depth)
{
	size_t i;

	if (!n || n->kind == CM_SCALAR || n->index || depth > 200)
		return;
	if (n->kind == CM_MAP && n->n >= INDEX_MIN)
		index_map(p, n);
	for (i = 0; i < n->n; i++)
		index_tree(p, n->kids[i], depth + 1);
}

struct cm_node *cm_get(const struct cm_node *map, const char *key)
{
	size_t i;

	if (!map || map->kind != CM_MAP)
		return NULL;
	if (map->index && map->index->kids == map->kids &&
	    map->index->n == map->n)
		return index_get(map->index, key);
	/* rules ask for absent keys most of the time: the first byte decides
	 * without a call */
	for (i = 0; i < map->n; i++) {
		const char *k = map->kids[i]->key;

		if (k[0] == key[0] && strcmp(k, key) == 0)
			return map->kids[i];
	}
	return NULL;
}

bool cm_is_str(const struct cm_node *n)
{
	return n && n->kind == CM_SCALAR && !n->null && !n->unknown;
}

int cm_bool(const struct cm_node *n, bool *out)
{
	static const char *const yes[] = { "true", "yes", "on", "y" };
	static const char *const no[] = { "false", "no", "off", "n" };
	size_t i;

	if (!cm_is_str(n))
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

bool cm_true(const struct cm_node *n)
{
	bool b = false;

	return cm_bool(n, &b) == 0 && b;
}

int cm_int(const struct cm_node *n, long long *out)
{
	const char *s;
	uint64_t v;
	bool neg = false;

	if (!cm_is_str(n))
		return -1;
	s = n->value;
	if (*s == '-' || *s == '+')
		neg = *s++ == '-';
	if (sg_parse_u64(s, strlen(s), &v) < 0 || v > (uint64_t)LLONG_MAX)
		return -1;
	*out = neg ? -(long long)v : (long long)v;
	return 0;
}

/* ---- paths and files ---------------------------------------------------- */

const char *compose_dirname(struct compose_project *p, const char *path)
{
	return sg_arena_strndup(&p->arena, path, sg_path_dirlen(path));
}

const char *compose_join(struct compose_project *p, const char *dir,
			 const char *rel)
{
	char in[MAX_PATH], out[MAX_PATH];
	int n;
	long m;

	if (!rel)
		return NULL;
	if (rel[0] == '/')
		return NULL;
	n = snprintf(in, sizeof(in), "%s%s%s", dir ? dir : "",
		     dir && *dir ? "/" : "", rel);
	if (n < 0 || (size_t)n >= sizeof(in))
		return NULL;
	m = sg_path_normalize(in, (size_t)n, out);
	if (m < 0)
		return NULL;
	return sg_arena_strndup(&p->arena, out, (size_t)m);
}

static struct cm_file *find_file(struct compose_project *p, const char *path)
{
	size_t i;

	/* nodes and findings carry the file's own path string: no compare */
	for (i = 0; i < p->files.n; i++)
		if (p->files.v[i].path == path)
			return &p->files.v[i];
	for (i = 0; i < p->files.n; i++)
		if (strcmp(p->files.v[i].path, path) == 0)
			return &p->files.v[i];
	return NULL;
}

/*
 * The text of `path`, read through the source (a link resolves inside the
 * tree only); NULL when it cannot be, and then `why` (if given) says why,
 * SG_ENOTFOUND for a file that is not there.
 */
static const char *read_text(struct compose_project *p, const char *path,
			     size_t *len, sg_error *why)
{
	struct sg_buf b = SG_BUF_INIT(p->ctx->policy->max_file_size
					      ? p->ctx->policy->max_file_size
					      : 1024 * 1024);
	struct sg_entry e;
	const char *data = NULL;

	if (!p->ctx->source || !path ||
	    sg_source_stat(p->ctx->source, path, &e, why) < 0)
		return NULL;
	if (e.type != SG_ENTRY_FILE && e.type != SG_ENTRY_SYMLINK) {
		/* there, but nothing to read: said, not taken for absent */
		if (why && e.type != SG_ENTRY_NONE)
			sg_error_set(why, SG_EINVALID, path, 0, 0,
				     e.type == SG_ENTRY_SPECIAL
					     ? "not a regular file"
					     : "is a directory");
		return NULL;
	}
	if (sg_source_read(p->ctx->source, path, b.max, &b, why) == 0 &&
	    !sg_buf_error(&b)) {
		data = sg_arena_strndup(&p->arena, b.ptr ? b.ptr : "", b.len);
		if (len)
			*len = b.len;
	} else if (why && why->code == SG_ENOTFOUND) {
		why->code = SG_EINVALID;        /* there, but a dangling link */
	} else if (why && !why->code) {
		sg_error_set(why, SG_ELIMIT, path, 0, 0, "larger than %zu bytes",
			     b.max);
	}
	sg_buf_release(&b);
	return data;
}

const char *compose_read(struct compose_project *p, const char *path,
			 size_t *len)
{
	return read_text(p, path, len, NULL);
}

/* The start of line `line` of `file`, and its end; NULL if there is none. */
static const char *line_of(struct compose_project *p, const char *file,
			   uint32_t line, const char **eolp)
{
	struct cm_file *f = find_file(p, file);
	const char *s, *end, *eol;

	if (!f || !f->data || line == 0 || f->len > UINT32_MAX)
		return NULL;
	/* findings ask for lines one by one: index the starts once */
	if (!f->line_off) {
		uint32_t n = 1, k = 1;

		for (s = f->data, end = s + f->len;
		     (eol = memchr(s, '\n', (size_t)(end - s))); s = eol + 1)
			n++;
		f->line_off = sg_arena_calloc(&p->arena, n, sizeof(uint32_t));
		if (!f->line_off)
			return NULL;
		for (s = f->data, end = s + f->len;
		     (eol = memchr(s, '\n', (size_t)(end - s))); s = eol + 1)
			f->line_off[k++] = (uint32_t)(eol + 1 - f->data);
		f->nlines = n;
	}
	if (line > f->nlines)
		return NULL;
	s = f->data + f->line_off[line - 1];
	end = f->data + f->len;
	eol = memchr(s, '\n', (size_t)(end - s));
	*eolp = eol ? eol : end;
	return s;
}

const char *compose_line_text(struct compose_project *p, const char *file,
			      uint32_t line)
{
	const char *eol, *s = line_of(p, file, line, &eol);

	if (!s)
		return "";
	while (eol > s && (eol[-1] == '\r' || eol[-1] == ' '))
		eol--;
	while (s < eol && (*s == ' ' || *s == '\t'))
		s++;
	return sg_arena_strndup(&p->arena, s, (size_t)(eol - s));
}

int compose_line_indent(struct compose_project *p, const char *file,
			uint32_t line)
{
	const char *eol, *s = line_of(p, file, line, &eol);
	int n = 0;

	if (!s)
		return -1;
	while (s + n < eol && s[n] == ' ')
		n++;
	return s + n < eol && s[n] != '\r' ? n : -1;
}

static int add_file(struct compose_project *p, const char *path,
		    const char *data, size_t len)
{
	struct cm_file f = { 0 };

	if (find_file(p, path))
		return 0;
	f.path = sg_arena_strdup(&p->arena, path);
	f.data = data;
	f.len = len;
	return sg_vec_push(&p->files, f);
}

/* ---- YAML tree -> model ------------------------------------------------- */

static struct cm_node *new_node(struct loader *L, enum cm_kind kind)
{
	struct cm_node *n;

	if (L->p->budget == 0) {
		L->budget_hit = true;
		return NULL;
	}
	L->p->budget--;
	n = sg_arena_calloc(&L->p->arena, 1, sizeof(*n));
	if (n) {
		n->kind = kind;
		n->file = L->file;
	}
	return n;
}

static bool in_list(const char *s, const char *const *list, size_t n)
{
	size_t i;

	for (i = 0; s && i < n; i++)
		if (strcmp(s, list[i]) == 0)
			return true;
	return false;
}

/* services.<name>.<field>: the field, or NULL */
static const char *service_field(const struct walk *w)
{
	if (w->n >= 3 && sg_streq(w->keys[0], "services"))
		return w->keys[2];
	return NULL;
}

static void report_interp(struct loader *L, const struct cm_node *n,
			  const struct cm_interp_result *r,
			  const struct walk *w)
{
	const char *field = service_field(w);
	const char *saved = L->p->service;
	char what[160];

	if (r->issue == CM_INTERP_OK)
		return;
	if (w->n >= 2 && sg_streq(w->keys[0], "services"))
		L->p->service = w->keys[1];
	snprintf(what, sizeof(what), "%s%s%s", w->n >= 2 ? w->keys[1] : "",
		 field ? "." : "", field ? field : "");
	switch (r->issue) {
	case CM_INTERP_REQUIRED:
		compose_report(L->p, &sgc086, n, NULL,
			       "required variable '%s' is not set in .env%s%s; "
			       "'%s' cannot be checked",
			       r->var, r->detail && *r->detail ? ": " : "",
			       r->detail ? r->detail : "", what);
		break;
	case CM_INTERP_SYNTAX:
		compose_report(L->p, &sgc087, n, NULL,
			       "invalid interpolation '%.60s' (write '$$' for "
			       "a literal '$')", r->detail ? r->detail : "");
		break;
	case CM_INTERP_DEPTH:
		compose_report(L->p, &sgc087, n, NULL,
			       "interpolation nested deeper than %d levels: "
			       "'%.60s...'", CM_INTERP_MAX_NEST,
			       r->detail ? r->detail : "");
		break;
	case CM_INTERP_UNSET:
		if (field && in_list(field, security_fields,
				     SG_ARRAY_SIZE(security_fields)))
			compose_report(L->p, &sgc086, n, NULL,
				       "variable '%s' has no value or default; "
				       "security field '%s' was not checked",
				       r->var, what);
		break;
	default:
		break;
	}
	L->p->service = saved;
}

static struct cm_node *copy_node(struct loader *L,
				 const struct sg_yaml_node *y,
				 struct walk *w, int depth);

static int set_scalar(struct loader *L, struct cm_node *n,
		      const struct sg_yaml_node *y, const char *text,
		      size_t len, struct walk *w)
{
	struct cm_interp_result r;

	n->raw = sg_arena_strndup(&L->p->arena, text, len);
	n->style = y->style;
	if (cm_interpolate(L->env, &L->p->arena, text, len, &r) < 0)
		return SG_ENOMEM;
	n->value = r.value;
	n->unknown = r.unknown;
	report_interp(L, n, &r, w);
	return n->value && n->raw ? 0 : SG_ENOMEM;
}

static void set_pos(struct cm_node *n, const struct sg_yaml_node *y)
{
	n->line = y->line;
	n->col = y->column;
	n->end_line = y->end_line ? y->end_line : y->line;
	n->end_col = y->end_column;
}

/* `- KEY=VALUE` items -> a mapping (keys not interpolated, as spec 12) */
static struct cm_node *kv_map(struct loader *L, const struct sg_yaml_node *y,
			      struct walk *w)
{
	struct cm_node *m = new_node(L, CM_MAP);
	size_t i;

	if (!m)
		return NULL;
	set_pos(m, y);
	m->kids = sg_arena_calloc(&L->p->arena, y->nitems + 1,
				  sizeof(*m->kids));
	if (!m->kids)
		return NULL;
	for (i = 0; i < y->nitems; i++) {
		const struct sg_yaml_node *it = y->items[i];
		struct cm_node *v;
		const char *eq;

		if (it->kind != SG_YAML_SCALAR)
			continue;
		v = new_node(L, CM_SCALAR);
		if (!v)
			return NULL;
		set_pos(v, it);
		v->kline = it->line;
		v->kcol = it->column;
		eq = memchr(it->value, '=', it->len);
		if (eq) {
			v->key = sg_arena_strndup(&L->p->arena, it->value,
						  (size_t)(eq - it->value));
			if (set_scalar(L, v, it, eq + 1,
				       it->len - (size_t)(eq - it->value) - 1,
				       w) < 0)
				return NULL;
		} else {
			v->key = sg_arena_strndup(&L->p->arena, it->value,
						  it->len);
			v->null = true;
			v->value = "";
			v->raw = "";
		}
		if (!v->key)
			return NULL;
		m->kids[m->n++] = v;
	}
	return m;
}

static struct cm_node *copy_node(struct loader *L,
				 const struct sg_yaml_node *y,
				 struct walk *w, int depth)
{
	struct cm_node *n;
	size_t i;

	if (y->kind == SG_YAML_SEQ && w->n == 3 &&
	    sg_streq(w->keys[0], "services") &&
	    in_list(w->keys[2], kv_fields, SG_ARRAY_SIZE(kv_fields)))
		return kv_map(L, y, w);
	if (y->kind == SG_YAML_SEQ && w->n == 4 &&
	    sg_streq(w->keys[0], "services") && sg_streq(w->keys[2], "build") &&
	    sg_streq(w->keys[3], "args"))
		return kv_map(L, y, w);
	n = new_node(L, y->kind == SG_YAML_SCALAR ? CM_SCALAR
			: y->kind == SG_YAML_SEQ ? CM_SEQ : CM_MAP);
	if (!n)
		return NULL;
	set_pos(n, y);
	n->tag = y->tag ? sg_arena_strdup(&L->p->arena, y->tag) : NULL;
	switch (y->kind) {
	case SG_YAML_SCALAR:
		if (sg_yaml_is_null(y)) {
			n->null = true;
			n->value = n->raw = "";
			return n;
		}
		return set_scalar(L, n, y, y->value, y->len, w) < 0 ? NULL : n;
	case SG_YAML_SEQ:
		n->kids = sg_arena_calloc(&L->p->arena, y->nitems + 1,
					  sizeof(*n->kids));
		if (!n->kids)
			return NULL;
		for (i = 0; i < y->nitems; i++) {
			struct cm_node *k = copy_node(L, y->items[i], w,
						      depth + 1);

			if (!k)
				return NULL;
			n->kids[n->n++] = k;
		}
		return n;
	case SG_YAML_MAP:
		n->kids = sg_arena_calloc(&L->p->arena, y->npairs + 1,
					  sizeof(*n->kids));
		if (!n->kids)
			return NULL;
		for (i = 0; i < y->npairs; i++) {
			const struct sg_yaml_pair *pr = &y->pairs[i];
			struct cm_node *k;

			/* keys are not interpolated; non-scalar keys are
			 * not Compose */
			if (pr->key->kind != SG_YAML_SCALAR)
				continue;
			if (w->n < (int)SG_ARRAY_SIZE(w->keys))
				w->keys[w->n] = pr->key->value;
			w->n++;
			k = copy_node(L, pr->value, w, depth + 1);
			w->n--;
			if (!k)
				return NULL;
			k->key = pr->key->value[0] ? sg_arena_strdup(
							    &L->p->arena,
							    pr->key->value)
						   : "";
			k->kline = pr->key->line;
			k->kcol = pr->key->column;
			k->anchored = pr->merged;
			n->kids[n->n++] = k;
		}
		return n;
	}
	return n;
}

/* ---- merging (spec 13) -------------------------------------------------- */

static bool is_tag(const struct cm_node *n, const char *tag)
{
	return n && n->tag && strcmp(n->tag, tag) == 0;
}

/* The identity of a unique-resource entry, for de-duplication. */
static const char *unique_key(struct compose_project *p, const char *field,
			      const struct cm_node *n)
{
	if (sg_streq(field, "ports")) {
		struct cm_port pt;

		cm_port_parse(p, n, &pt);
		return sg_arena_printf(&p->arena, "%s|%s|%s|%s",
				       pt.host_ip ? pt.host_ip : "",
				       pt.published ? pt.published : "",
				       pt.target ? pt.target : "",
				       pt.protocol ? pt.protocol : "tcp");
	}
	if (sg_streq(field, "volumes") || sg_streq(field, "devices")) {
		struct cm_volume v;

		if (sg_streq(field, "devices") && n->kind == CM_SCALAR) {
			const char *c = strchr(n->value, ':');

			return c ? c + 1 : n->value;
		}
		cm_volume_parse(p, n, &v);
		return v.target;
	}
	if (sg_streq(field, "secrets") || sg_streq(field, "configs")) {
		if (n->kind == CM_SCALAR)
			return n->value;
		if (cm_is_str(cm_get(n, "target")))
			return cm_get(n, "target")->value;
		return cm_is_str(cm_get(n, "source"))
			       ? cm_get(n, "source")->value : NULL;
	}
	return NULL;
}

static struct cm_node *clone_shallow(struct compose_project *p,
				     const struct cm_node *n, size_t extra)
{
	struct cm_node *c = sg_arena_alloc(&p->arena, sizeof(*c));

	if (!c)
		return NULL;
	*c = *n;
	c->kids = sg_arena_calloc(&p->arena, n->n + extra + 1,
				  sizeof(*c->kids));
	if (!c->kids)
		return NULL;
	if (n->n)
		memcpy(c->kids, n->kids, n->n * sizeof(*c->kids));
	return c;
}

static struct cm_node *merge_seq(struct compose_project *p,
				 const struct cm_node *base,
				 const struct cm_node *over, const char *field)
{
	struct cm_node *m = clone_shallow(p, base, over->n);
	bool uniq = sg_streq(field, "ports") || sg_streq(field, "volumes") ||
		    sg_streq(field, "secrets") || sg_streq(field, "configs") ||
		    sg_streq(field, "devices");
	size_t i, j;

	if (!m)
		return NULL;
	for (i = 0; i < over->n; i++) {
		const char *k = uniq ? unique_key(p, field, over->kids[i]) : NULL;
		bool replaced = false;

		for (j = 0; k && j < m->n; j++) {
			if (sg_streq(unique_key(p, field, m->kids[j]), k)) {
				m->kids[j] = over->kids[i];
				replaced = true;
				break;
			}
		}
		if (!replaced)
			m->kids[m->n++] = over->kids[i];
	}
	return m;
}

/*
 * `over` on top of `base`.  `field` is the key being merged (for the
 * replace-not-append exceptions); returns NULL for `!reset`.
 */
static struct cm_node *merge(struct compose_project *p,
			     const struct cm_node *base,
			     const struct cm_node *over, const char *field)
{
	struct cm_node *m;
	size_t i, j;

	if (is_tag(over, "!reset"))
		return NULL;
	if (!base || is_tag(over, "!override") || base->kind != over->kind ||
	    over->kind == CM_SCALAR)
		return (struct cm_node *)over;
	if (over->kind == CM_SEQ) {
		if (sg_streq(field, "command") || sg_streq(field, "entrypoint") ||
		    sg_streq(field, "test"))
			return (struct cm_node *)over;
		return merge_seq(p, base, over, field);
	}
	m = clone_shallow(p, base, over->n);
	if (!m)
		return NULL;
	for (i = 0; i < over->n; i++) {
		const struct cm_node *o = over->kids[i];
		bool found = false;

		for (j = 0; j < m->n; j++) {
			struct cm_node *r;

			if (strcmp(m->kids[j]->key, o->key) != 0)
				continue;
			found = true;
			r = merge(p, m->kids[j], o, o->key);
			if (r) {
				if (r != o) {
					r->key = o->key;
					r->kline = o->kline;
					r->kcol = o->kcol;
				}
				m->kids[j] = r;
			} else if (!is_tag(o, "!reset")) {
				return NULL;   /* out of memory */
			} else {
				memmove(&m->kids[j], &m->kids[j + 1],
					(m->n - j - 1) * sizeof(*m->kids));
				m->n--;
			}
			break;
		}
		if (!found && !is_tag(o, "!reset"))
			m->kids[m->n++] = (struct cm_node *)o;
	}
	return m;
}

/* ---- one file ----------------------------------------------------------- */

static const char *const compose_top_keys[] = {
	"version", "name", "include", "services", "networks", "volumes",
	"secrets", "configs", "models",
};

/*
 * A mapping none of whose keys is a Compose top-level key is not a Compose
 * file as Compose v2 reads it: either the legacy v1 format (services at
 * the top level) or another YAML file that discovery picked up by name.
 * One finding says so, instead of one per key.
 */
static bool not_compose(struct compose_project *p, const char *path,
			const struct sg_yaml_node *root)
{
	struct cm_node at = { 0 };
	bool v1 = false;
	size_t i;

	if (!root || root->kind != SG_YAML_MAP || root->npairs == 0)
		return false;
	for (i = 0; i < root->npairs; i++) {
		const struct sg_yaml_node *k = root->pairs[i].key;
		const struct sg_yaml_node *v = root->pairs[i].value;

		if (k->kind != SG_YAML_SCALAR)
			continue;
		if (sg_startswith(k->value, "x-") ||
		    in_list(k->value, compose_top_keys,
			    SG_ARRAY_SIZE(compose_top_keys)))
			return false;
		if (sg_yaml_get(v, "image") || sg_yaml_get(v, "build"))
			v1 = true;
	}
	at.file = find_file(p, path)->path;
	at.line = root->line;
	at.col = root->column;
	compose_report(p, &sgc088, &at, v1 ? "v1" : "not-compose",
		       v1 ? "legacy Compose v1 format (services at the top "
			    "level, no 'services' key) is not read by Compose "
			    "v2; the file was not analysed"
			  : "no Compose top-level key (services, include, "
			    "...): not a Compose file; it was not analysed");
	return true;
}

/* The .env of a file in `dir`, read when a value first names a variable. */
struct env_source {
	struct compose_project *p;
	const char *dir;
};

static int load_env(struct cm_env *env, void *ctx)
{
	const struct env_source *src = ctx;
	struct compose_project *p = src->p;
	const char *path, *data;
	size_t len = 0;

	if (p->ctx->policy->compose.env_file)
		path = p->ctx->policy->compose.env_file;
	else
		path = compose_join(p, src->dir, ".env");
	data = compose_read(p, path, &len);
	if (!data)
		return 0;
	return cm_env_parse(env, &p->arena, data, len);
}

static void report_yaml_error(struct compose_project *p, const char *path,
			      const sg_error *e)
{
	struct cm_node at = { 0 };

	at.file = path;
	at.line = e->line ? e->line : 1;
	at.col = e->column;
	compose_report(p, &sgc082, &at, e->message, "%s", e->message);
}

/* Added even when the policy turns the rule off (it drops the finding
 * later): the finding is how the scan records the file as not analysed. */
static void unreadable(struct compose_project *p, const char *path,
		       const sg_error *e)
{
	sg_location loc = { .path = path };

	(void)sg_findings_add(p->ctx->findings, &sg_rule_unreadable, &loc,
			      "unreadable", "%s", e->message);
}

/*
 * Parse `path` (from `data`, or read through the source) into a model
 * tree; NULL when it could not be (a finding says why).
 */
static struct cm_node *load_tree(struct compose_project *p, const char *path,
				 const char *data, size_t len,
				 struct cm_env *env)
{
	struct sg_yaml_doc *doc = NULL;
	struct loader L = { 0 };
	struct walk w = { { 0 }, 0 };
	struct cm_node *root = NULL;
	sg_error e;

	sg_error_clear(&e);
	if (!data && !(data = read_text(p, path, &len, &e))) {
		/* there but unreadable (a link out of the tree, a loop, too
		 * big): not analysed, never passed over */
		if (e.code && e.code != SG_ENOTFOUND)
			unreadable(p, path, &e);
		return NULL;
	}
	if (sg_source_is_lfs_pointer(data, len)) {
		/* not the file: not analysed (see unreadable()) */
		(void)sg_findings_add_lfs_pointer(p->ctx->findings, path);
		return NULL;
	}
	if (add_file(p, path, data, len) < 0)
		return NULL;
	sg_error_clear(&e);
	if (sg_yaml_parse(&doc, path, data, len, &yaml_limits, &e) < 0) {
		report_yaml_error(p, path, &e);
		return NULL;
	}
	find_file(p, path)->parsed = true;
	if (not_compose(p, path, doc->root)) {
		sg_yaml_free(doc);
		return NULL;
	}
	L.p = p;
	L.env = env;
	L.file = find_file(p, path)->path;
	if (doc->root)
		root = copy_node(&L, doc->root, &w, 0);
	else
		root = NULL;
	if (L.budget_hit) {
		struct cm_node at = { 0 };

		at.file = L.file;
		at.line = 1;
		compose_report(p, &sgc082, &at, "budget",
			       "document expands to more than %d nodes",
			       MODEL_BUDGET);
		root = NULL;
	}
	sg_yaml_free(doc);
	if (root && root->kind != CM_MAP) {
		compose_report(p, &sgc088, root, "root",
			       "top level of a Compose file must be a mapping, "
			       "not a %s", root->kind == CM_SEQ ? "sequence"
								: "scalar");
		return NULL;
	}
	if (!root) {
		/* empty document: an empty project */
		root = sg_arena_calloc(&p->arena, 1, sizeof(*root));
		if (root) {
			root->kind = CM_MAP;
			root->file = L.file;
			root->line = 1;
		}
	}
	return root;
}

/* ---- extends ------------------------------------------------------------ */

static struct cm_node *without_key(struct compose_project *p,
				   const struct cm_node *map, const char *key)
{
	struct cm_node *c = clone_shallow(p, map, 0);
	size_t i;

	if (!c)
		return NULL;
	c->n = 0;
	for (i = 0; i < map->n; i++)
		if (strcmp(map->kids[i]->key, key) != 0)
			c->kids[c->n++] = map->kids[i];
	return c;
}

static struct cm_node *resolve_extends(struct compose_project *p,
				       struct cm_node *services,
				       const char *file, struct cm_node *svc,
				       struct cm_env *env);

static struct cm_node *extends_base(struct compose_project *p,
				    struct cm_node *services, const char *file,
				    const struct cm_node *ext,
				    struct cm_env *env)
{
	const struct cm_node *name = ext, *fnode = NULL;
	const char *bfile = file, *id;
	struct cm_node *bservices = services, *base;
	int i;

	if (ext->kind == CM_MAP) {
		name = cm_get(ext, "service");
		fnode = cm_get(ext, "file");
	}
	if (!cm_is_str(name)) {
		compose_report(p, &sgc085, ext, "extends",
			       "'extends' needs a service name");
		return NULL;
	}
	if (fnode && cm_is_str(fnode)) {
		struct cm_node *root;

		if (compose_is_remote(fnode->value)) {
			compose_report(p, &sgc085, fnode, fnode->value,
				       "extends file '%s' is remote: the gate "
				       "fetches nothing, so it was not analysed",
				       fnode->value);
			return NULL;
		}
		bfile = compose_join(p, compose_dirname(p, file), fnode->value);
		if (!bfile) {
			compose_report(p, &sgc085, fnode, fnode->value,
				       "extends file '%s' is outside the "
				       "repository", fnode->value);
			return NULL;
		}
		if (!p->ctx->source)
			return NULL;   /* cannot look: not a finding */
		if (!sg_source_exists(p->ctx->source, bfile)) {
			compose_report(p, &sgc085, fnode, fnode->value,
				       "extends file '%s' does not exist",
				       fnode->value);
			return NULL;
		}
		root = load_tree(p, bfile, NULL, 0, env);
		if (!root)
			return NULL;
		bservices = cm_get(root, "services");
	}
	base = cm_get(bservices, name->value);
	if (!base || base->kind != CM_MAP) {
		compose_report(p, &sgc085, name, name->value,
			       "extends names service '%s', which %s does not "
			       "define", name->value, bfile);
		return NULL;
	}
	id = sg_arena_printf(&p->arena, "%s#%s", bfile, name->value);
	for (i = 0; i < p->nchain; i++) {
		if (sg_streq(p->chain[i], id)) {
			compose_report(p, &sgc085, name, name->value,
				       "circular extends through service '%s'",
				       name->value);
			return NULL;
		}
	}
	if (p->nchain >= (int)SG_ARRAY_SIZE(p->chain) ||
	    p->nchain >= MAX_DEPTH) {
		compose_report(p, &sgc085, name, name->value,
			       "extends nested more than %d deep", MAX_DEPTH);
		return NULL;
	}
	p->chain[p->nchain++] = id;
	base = resolve_extends(p, bservices, bfile, base, env);
	p->nchain--;
	return base;
}

static struct cm_node *resolve_extends(struct compose_project *p,
				       struct cm_node *services,
				       const char *file, struct cm_node *svc,
				       struct cm_env *env)
{
	const struct cm_node *ext = cm_get(svc, "extends");
	struct cm_node *base, *child, *m;

	if (!ext || svc->kind != CM_MAP)
		return svc;
	base = extends_base(p, services, file, ext, env);
	if (!base)
		return svc;
	child = without_key(p, svc, "extends");
	if (!child)
		return svc;
	m = merge(p, without_key(p, base, "extends"), child, NULL);
	if (!m)
		return svc;
	m->key = svc->key;
	m->kline = svc->kline;
	m->kcol = svc->kcol;
	m->file = svc->file;
	m->line = svc->line;
	m->col = svc->col;
	m->end_line = svc->end_line;
	m->end_col = svc->end_col;
	return m;
}

static void apply_extends(struct compose_project *p, struct cm_node *root,
			  const char *file, struct cm_env *env)
{
	struct cm_node *services = cm_get(root, "services");
	size_t i;

	if (!services || services->kind != CM_MAP)
		return;
	for (i = 0; i < services->n; i++) {
		const char *id = sg_arena_printf(&p->arena, "%s#%s", file,
						 services->kids[i]->key);

		p->nchain = 0;
		p->chain[p->nchain++] = id;
		services->kids[i] = resolve_extends(p, services, file,
						    services->kids[i], env);
		p->nchain = 0;
	}
}

/* ---- include ------------------------------------------------------------ */

static const char *const include_sections[] = {
	"services", "networks", "volumes", "secrets", "configs",
};

static struct cm_node *load_file(struct compose_project *p, const char *path,
				 const char *data, size_t len);

static void include_one(struct compose_project *p, struct cm_node *root,
			const char *from, const struct cm_node *pathnode)
{
	const char *path;
	struct cm_node *sub;
	size_t s, i;

	if (!cm_is_str(pathnode))
		return;
	if (compose_is_remote(pathnode->value)) {
		compose_report(p, &sgc085, pathnode, pathnode->value,
			       "include '%s' is remote: the gate fetches "
			       "nothing, so it was not analysed", pathnode->value);
		return;
	}
	path = compose_join(p, compose_dirname(p, from), pathnode->value);
	if (!path) {
		compose_report(p, &sgc085, pathnode, pathnode->value,
			       "include '%s' is outside the repository",
			       pathnode->value);
		return;
	}
	if (!p->ctx->source)
		return;
	if (!sg_source_exists(p->ctx->source, path)) {
		compose_report(p, &sgc085, pathnode, pathnode->value,
			       "included file '%s' does not exist",
			       pathnode->value);
		return;
	}
	for (i = 0; i < (size_t)p->nincludes; i++) {
		if (sg_streq(p->includes[i], path)) {
			compose_report(p, &sgc085, pathnode, pathnode->value,
				       "circular include of '%s'",
				       pathnode->value);
			return;
		}
	}
	if (p->depth >= MAX_DEPTH ||
	    p->nincludes >= (int)SG_ARRAY_SIZE(p->includes)) {
		compose_report(p, &sgc085, pathnode, pathnode->value,
			       "include nested more than %d deep", MAX_DEPTH);
		return;
	}
	p->includes[p->nincludes++] = path;
	p->depth++;
	sub = load_file(p, path, NULL, 0);
	p->depth--;
	p->nincludes--;
	if (!sub)
		return;
	for (s = 0; s < SG_ARRAY_SIZE(include_sections); s++) {
		struct cm_node *from_sec = cm_get(sub, include_sections[s]);
		struct cm_node *to_sec = cm_get(root, include_sections[s]);

		if (!from_sec || from_sec->kind != CM_MAP)
			continue;
		if (!to_sec) {
			struct cm_node *c = clone_shallow(p, root, 1);

			if (!c)
				return;
			to_sec = clone_shallow(p, from_sec, 0);
			if (!to_sec)
				return;
			to_sec->n = 0;
			to_sec->key = include_sections[s];
			/* root is mutable: it is this project's own copy */
			root->kids = c->kids;
			root->kids[root->n++] = to_sec;
		} else if (to_sec->kind != CM_MAP) {
			continue;
		} else {
			struct cm_node *c = clone_shallow(p, to_sec,
							  from_sec->n);

			if (!c)
				return;
			to_sec->kids = c->kids;
		}
		for (i = 0; i < from_sec->n; i++) {
			const struct cm_node *k = from_sec->kids[i];
			const struct cm_node *have = cm_get(to_sec, k->key);

			if (have) {
				compose_report(p, &sgc085, pathnode, k->key,
					       "included '%s' defines %s '%s', "
					       "which %s:%u already defines",
					       pathnode->value,
					       include_sections[s], k->key,
					       have->file, have->kline);
				continue;
			}
			to_sec->kids[to_sec->n++] = (struct cm_node *)k;
		}
	}
}

static void apply_include(struct compose_project *p, struct cm_node *root,
			  const char *from)
{
	const struct cm_node *inc = cm_get(root, "include");
	size_t i, j;

	if (!inc || inc->kind != CM_SEQ)
		return;
	for (i = 0; i < inc->n; i++) {
		const struct cm_node *it = inc->kids[i];
		const struct cm_node *pn;

		if (it->kind == CM_SCALAR) {
			include_one(p, root, from, it);
			continue;
		}
		pn = cm_get(it, "path");
		if (pn && pn->kind == CM_SEQ) {
			for (j = 0; j < pn->n; j++)
				include_one(p, root, from, pn->kids[j]);
		} else if (pn) {
			include_one(p, root, from, pn);
		}
	}
}

/* A file with its extends and includes resolved. */
static struct cm_node *load_file(struct compose_project *p, const char *path,
				 const char *data, size_t len)
{
	struct env_source src = { p, compose_dirname(p, path) };
	struct cm_env env;
	struct cm_node *root;

	cm_env_init(&env);
	env.load = load_env;
	env.ctx = &src;
	root = load_tree(p, path, data, len, &env);
	if (root) {
		apply_extends(p, root, find_file(p, path)->path, &env);
		apply_include(p, root, find_file(p, path)->path);
	}
	cm_env_release(&env);
	return root;
}

/* ---- project ------------------------------------------------------------ */

int compose_project_load(struct compose_project **out,
			 const struct sg_stage_ctx *ctx, sg_findings *findings,
			 const char *const *paths, size_t n,
			 const char *data, size_t len, sg_error *err)
{
	struct compose_project *p = calloc(1, sizeof(*p));
	size_t i;

	*out = NULL;
	if (!p)
		return sg_error_set(err, SG_ENOMEM, NULL, 0, 0, "out of memory");
	sg_arena_init(&p->arena);
	sg_buf_init(&p->key, 1 << 20);
	p->ctx = ctx;
	p->out = findings;
	p->budget = MODEL_BUDGET;
	p->main_path = sg_arena_strdup(&p->arena, paths[0]);
	p->dir = compose_dirname(p, paths[0]);
	for (i = 0; i < n; i++) {
		struct cm_node *t;

		p->nincludes = 0;
		p->includes[p->nincludes++] = paths[i];
		t = load_file(p, paths[i], i == 0 ? data : NULL,
			      i == 0 ? len : 0);
		p->nincludes = 0;
		if (!t) {
			if (i == 0)
				break;
			continue;
		}
		p->root = p->root ? merge(p, p->root, t, NULL) : t;
		if (!p->root)
			break;
	}
	if (p->arena.oom) {
		compose_project_free(p);
		return sg_error_set(err, SG_ENOMEM, paths[0], 0, 0,
				    "out of memory");
	}
	index_tree(p, p->root, 0);
	p->services = cm_get(p->root, "services");
	if (p->services && p->services->kind != CM_MAP) {
		compose_report(p, &sgc088, p->services, "services",
			       "'services' must be a mapping");
		p->services = NULL;
	}
	*out = p;
	return 0;
}

void compose_project_free(struct compose_project *p)
{
	if (!p)
		return;
	sg_vec_release(&p->files);
	sg_buf_release(&p->key);
	sg_arena_release(&p->arena);
	free(p);
}
