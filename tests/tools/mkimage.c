/*
 * mkimage: write a container image, in any of the formats shipgate reads,
 * from a small text spec -- so the repository holds no binary fixtures.
 *
 *	mkimage [options] SPEC OUT
 *	  --format F     docker (save 1.10-24), docker25 (save 25+: OCI layout +
 *	                 manifest.json, uncompressed), containerd (the same with
 *	                 compressed layers), skopeo (docker-archive with
 *	                 symlinked <id>/layer.tar), oci-archive, oci-dir
 *	  --compress C   none | gzip | zstd (layer blobs; docker/skopeo: none)
 *	  --outer C      wrap the whole tar in gzip or zstd
 *	  --platforms L  comma list: write an image index (multi-platform)
 *	  --hostile H    bad-diffid | bad-blob | bad-config | truncate |
 *	                 outside | self | layers=N | link-outside | no-diffids
 *
 * SPEC lines (paths relative to the spec's directory):
 *	tag NAME:TAG              RepoTags / ref annotations
 *	platform OS/ARCH          config os/architecture (default linux/amd64)
 *	config FILE.json          base config object (User, Env, ...)
 *	layer FILE.layer TEXT     a layer and its history created_by
 *	empty TEXT                a history entry with empty_layer
 * LAYER lines:
 *	dir PATH [mode=] [uid=] [gid=]
 *	file PATH [mode=] [uid=] [gid=] [size=N | text=REST-OF-LINE]
 *	link PATH TARGET          symlink      hard PATH TARGET   hardlink
 *	whiteout PATH             DIR/.wh.NAME opaque DIR         DIR/.wh..wh..opq
 * Names are written exactly as given (hostile ones too); `text=` takes \n
 * and \t escapes.  Everything has mtime 0 and fixed owners, so the same spec
 * always gives the same bytes.
 */
#define _POSIX_C_SOURCE 200809L
#define _DEFAULT_SOURCE 1
#include <archive.h>
#include <archive_entry.h>
#include <errno.h>
#include <jansson.h>
#include <openssl/evp.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

struct mem {
	unsigned char *p;
	size_t len, cap;
};

struct blob {
	char digest[72];         /* sha256:<hex> */
	struct mem data;
};

struct outent {
	char *name;
	struct mem data;
	char *symlink;
	int dir;
};

static struct outent *outs;
static size_t nouts, capouts;

static void die(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	fprintf(stderr, "mkimage: ");
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	va_end(ap);
	exit(1);
}

static void *xrealloc(void *p, size_t n)
{
	p = realloc(p, n ? n : 1);
	if (!p)
		die("out of memory");
	return p;
}

static char *xstrdup(const char *s)
{
	char *d = strdup(s);

	if (!d)
		die("out of memory");
	return d;
}

static void mem_put(struct mem *m, const void *p, size_t n)
{
	if (m->len + n > m->cap) {
		m->cap = (m->len + n) * 2 + 4096;
		m->p = xrealloc(m->p, m->cap);
	}
	memcpy(m->p + m->len, p, n);
	m->len += n;
}

static void sha256_hex(const void *p, size_t n, char out[65])
{
	unsigned char md[32];
	unsigned int mdlen = 0;
	int i;

	EVP_Digest(p, n, md, &mdlen, EVP_sha256(), NULL);
	for (i = 0; i < 32; i++)
		snprintf(out + 2 * i, 3, "%02x", md[i]);
}

static la_ssize_t mem_write(struct archive *a, void *data, const void *buf,
			    size_t n)
{
	(void)a;
	mem_put(data, buf, n);
	return (la_ssize_t)n;
}

static struct archive *tar_writer(struct mem *m, const char *filter)
{
	struct archive *a = archive_write_new();

	archive_write_set_format_pax_restricted(a);
	archive_write_set_bytes_in_last_block(a, 1);
	if (filter && !strcmp(filter, "gzip")) {
		archive_write_add_filter_gzip(a);
		archive_write_set_filter_option(a, "gzip", "timestamp", NULL);
	} else if (filter && !strcmp(filter, "zstd")) {
		archive_write_add_filter_zstd(a);
	}
	if (archive_write_open(a, m, NULL, mem_write, NULL) != ARCHIVE_OK)
		die("archive_write_open: %s", archive_error_string(a));
	return a;
}

static void tar_add(struct archive *a, const char *name, mode_t type,
		    unsigned mode, unsigned uid, unsigned gid,
		    const void *data, size_t len, const char *symlink,
		    const char *hardlink)
{
	struct archive_entry *e = archive_entry_new();

	archive_entry_set_pathname(e, name);
	archive_entry_set_filetype(e, type);
	archive_entry_set_perm(e, mode);
	archive_entry_set_uid(e, uid);
	archive_entry_set_gid(e, gid);
	archive_entry_set_mtime(e, 0, 0);
	if (symlink)
		archive_entry_set_symlink(e, symlink);
	if (hardlink) {
		archive_entry_set_hardlink(e, hardlink);
		len = 0;
	}
	archive_entry_set_size(e, (la_int64_t)(type == AE_IFREG ? len : 0));
	if (archive_write_header(a, e) != ARCHIVE_OK)
		die("write header %s: %s", name, archive_error_string(a));
	if (len && type == AE_IFREG &&
	    archive_write_data(a, data, len) != (la_ssize_t)len)
		die("write data %s: %s", name, archive_error_string(a));
	archive_entry_free(e);
}

static void tar_close(struct archive *a)
{
	if (archive_write_close(a) != ARCHIVE_OK)
		die("archive close: %s", archive_error_string(a));
	archive_write_free(a);
}

/* Compress a whole buffer with libarchive's raw format. */
static void compress(struct mem *in, const char *how, struct mem *out)
{
	struct archive *a;
	struct archive_entry *e;

	if (!how || !strcmp(how, "none")) {
		mem_put(out, in->p, in->len);
		return;
	}
	a = archive_write_new();
	archive_write_set_format_raw(a);
	if (!strcmp(how, "gzip")) {
		archive_write_add_filter_gzip(a);
		archive_write_set_filter_option(a, "gzip", "timestamp", NULL);
	} else if (!strcmp(how, "zstd")) {
		archive_write_add_filter_zstd(a);
	} else {
		die("unknown compression '%s'", how);
	}
	archive_write_set_bytes_in_last_block(a, 1);
	archive_write_open(a, out, NULL, mem_write, NULL);
	e = archive_entry_new();
	archive_entry_set_filetype(e, AE_IFREG);
	archive_entry_set_pathname(e, "data");
	archive_write_header(a, e);
	if (in->len)
		archive_write_data(a, in->p, in->len);
	archive_entry_free(e);
	tar_close(a);
}

static char *read_all(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	struct mem m = { 0 };
	char buf[8192];
	size_t n;

	if (!f)
		die("cannot open %s: %s", path, strerror(errno));
	while ((n = fread(buf, 1, sizeof(buf), f)) > 0)
		mem_put(&m, buf, n);
	fclose(f);
	mem_put(&m, "", 1);
	if (len)
		*len = m.len - 1;
	return (char *)m.p;
}

static unsigned long opt_num(const char *line, const char *key,
			     unsigned long def)
{
	char pat[32];
	const char *p;

	snprintf(pat, sizeof(pat), " %s=", key);
	p = strstr(line, pat);
	if (!p)
		return def;
	return strtoul(p + strlen(pat), NULL, strcmp(key, "mode") ? 10 : 8);
}

/* Build one layer tar from a .layer listing. */
static void build_layer(const char *path, struct mem *tar)
{
	char *text = read_all(path, NULL), *line, *save = NULL;
	struct archive *a = tar_writer(tar, NULL);
	unsigned lineno = 0;

	for (line = strtok_r(text, "\n", &save); line;
	     line = strtok_r(NULL, "\n", &save)) {
		char kind[16], name[4200], arg[4200];
		const char *t;
		unsigned mode, uid, gid;

		lineno++;
		if (line[0] == '#' || line[0] == '\0')
			continue;
		name[0] = arg[0] = '\0';
		{
			/* kind, name, first argument: space separated */
			const char *p = line;
			size_t k = 0;

			while (*p && *p != ' ' && k < sizeof(kind) - 1)
				kind[k++] = *p++;
			kind[k] = '\0';
			while (*p == ' ')
				p++;
			k = 0;
			while (*p && *p != ' ' && k < sizeof(name) - 1)
				name[k++] = *p++;
			name[k] = '\0';
			while (*p == ' ')
				p++;
			k = 0;
			while (*p && *p != ' ' && k < sizeof(arg) - 1)
				arg[k++] = *p++;
			arg[k] = '\0';
		}
		uid = (unsigned)opt_num(line, "uid", 0);
		gid = (unsigned)opt_num(line, "gid", 0);
		if (!strcmp(kind, "dir")) {
			mode = (unsigned)opt_num(line, "mode", 0755);
			tar_add(a, name, AE_IFDIR, mode, uid, gid, NULL, 0,
				NULL, NULL);
		} else if (!strcmp(kind, "file")) {
			struct mem d = { 0 };

			mode = (unsigned)opt_num(line, "mode", 0644);
			if ((t = strstr(line, " text=")) != NULL) {
				for (t += 6; *t; t++) {
					char c = *t;

					if (c == '\\' && t[1] == 'n')
						c = '\n', t++;
					else if (c == '\\' && t[1] == 't')
						c = '\t', t++;
					mem_put(&d, &c, 1);
				}
			} else {
				unsigned long sz = opt_num(line, "size", 0);
				unsigned long i;
				char x = 'x';

				for (i = 0; i < sz; i++)
					mem_put(&d, &x, 1);
			}
			tar_add(a, name, AE_IFREG, mode, uid, gid, d.p, d.len,
				NULL, NULL);
			free(d.p);
		} else if (!strcmp(kind, "zeros")) {
			/* zeros PATH MIB: a compressible bomb payload */
			unsigned long mib = strtoul(arg, NULL, 10), i;
			struct archive_entry *e = archive_entry_new();
			static const char zero[65536];

			archive_entry_set_pathname(e, name);
			archive_entry_set_filetype(e, AE_IFREG);
			archive_entry_set_perm(e, 0644);
			archive_entry_set_size(e, (la_int64_t)(mib << 20));
			archive_write_header(a, e);
			for (i = 0; i < mib * 16; i++)
				archive_write_data(a, zero, sizeof(zero));
			archive_entry_free(e);
		} else if (!strcmp(kind, "link")) {
			tar_add(a, name, AE_IFLNK, 0777, uid, gid, NULL, 0, arg,
				NULL);
		} else if (!strcmp(kind, "hard")) {
			tar_add(a, name, AE_IFREG, 0644, uid, gid, NULL, 0, NULL,
				arg);
		} else if (!strcmp(kind, "whiteout") || !strcmp(kind, "opaque")) {
			char wh[4300];
			const char *slash = strrchr(name, '/');
			int dl = slash ? (int)(slash - name) + 1 : 0;

			if (!strcmp(kind, "opaque"))
				snprintf(wh, sizeof(wh), "%s/.wh..wh..opq", name);
			else
				snprintf(wh, sizeof(wh), "%.*s.wh.%s", dl, name,
					 name + dl);
			tar_add(a, wh, AE_IFREG, 0644, 0, 0, NULL, 0, NULL,
				NULL);
		} else {
			die("%s:%u: unknown entry kind '%s'", path, lineno, kind);
		}
	}
	tar_close(a);
	free(text);
}

struct layer {
	char *file;
	char *created_by;
	struct mem tar;
	struct blob stored;      /* compressed as written */
	char diff_id[72];
};

struct hist {
	char *created_by;
	int empty;
};

static void out_file(const char *name, const void *p, size_t n)
{
	struct outent *o;
	size_t i;

	for (i = 0; i < nouts; i++)
		if (!strcmp(outs[i].name, name))
			return;   /* blobs shared by layers or platforms */
	if (nouts == capouts) {
		capouts = capouts ? capouts * 2 : 64;
		outs = xrealloc(outs, capouts * sizeof(*outs));
	}
	o = &outs[nouts++];
	memset(o, 0, sizeof(*o));
	o->name = xstrdup(name);
	mem_put(&o->data, p, n);
}

static void out_link(const char *name, const char *target)
{
	out_file(name, "", 0);
	outs[nouts - 1].symlink = xstrdup(target);
}

static void out_blob(const void *p, size_t n, char digest[72])
{
	char hex[65], name[100];

	sha256_hex(p, n, hex);
	snprintf(digest, 72, "sha256:%s", hex);
	snprintf(name, sizeof(name), "blobs/sha256/%s", hex);
	out_file(name, p, n);
}

static char *dumps(json_t *j)
{
	char *s = json_dumps(j, JSON_COMPACT | JSON_SORT_KEYS);

	if (!s)
		die("json_dumps failed");
	return s;
}

static int cmp_out(const void *a, const void *b)
{
	return strcmp(((const struct outent *)a)->name,
		      ((const struct outent *)b)->name);
}

static void mkdirs(const char *path)
{
	char tmp[4096];
	size_t i;

	snprintf(tmp, sizeof(tmp), "%s", path);
	for (i = 1; tmp[i]; i++)
		if (tmp[i] == '/') {
			tmp[i] = '\0';
			mkdir(tmp, 0755);
			tmp[i] = '/';
		}
	mkdir(tmp, 0755);
}

static void write_outputs(const char *out, int dir, const char *outer,
			  int manifest_last)
{
	size_t i;

	qsort(outs, nouts, sizeof(*outs), cmp_out);
	if (manifest_last)
		for (i = 0; i + 1 < nouts; i++)
			if (!strcmp(outs[i].name, "manifest.json")) {
				struct outent t = outs[i];

				memmove(&outs[i], &outs[i + 1],
					(nouts - i - 1) * sizeof(*outs));
				outs[nouts - 1] = t;
				break;
			}
	if (dir) {
		mkdirs(out);
		for (i = 0; i < nouts; i++) {
			char p[4096], d[4096];
			FILE *f;
			char *slash;

			snprintf(p, sizeof(p), "%s/%s", out, outs[i].name);
			snprintf(d, sizeof(d), "%s", p);
			slash = strrchr(d, '/');
			*slash = '\0';
			mkdirs(d);
			f = fopen(p, "wb");
			if (!f || fwrite(outs[i].data.p, 1, outs[i].data.len, f) !=
					  outs[i].data.len || fclose(f) != 0)
				die("cannot write %s", p);
		}
		return;
	}
	{
		struct mem m = { 0 };
		struct archive *a = tar_writer(&m, outer);
		FILE *f;

		for (i = 0; i < nouts; i++) {
			if (outs[i].symlink)
				tar_add(a, outs[i].name, AE_IFLNK, 0777, 0, 0,
					NULL, 0, outs[i].symlink, NULL);
			else
				tar_add(a, outs[i].name, AE_IFREG, 0644, 0, 0,
					outs[i].data.p, outs[i].data.len, NULL,
					NULL);
		}
		tar_close(a);
		f = fopen(out, "wb");
		if (!f || fwrite(m.p, 1, m.len, f) != m.len || fclose(f) != 0)
			die("cannot write %s", out);
		free(m.p);
	}
}

int main(int argc, char **argv)
{
	const char *format = "oci-archive", *comp = "gzip", *outer = NULL;
	const char *platforms = NULL, *hostile = "", *spec, *out;
	char *text, *line, *save = NULL, specdir[4096], *slash;
	char *tag = NULL, *platform = xstrdup("linux/amd64");
	json_t *base = json_object();
	struct layer *layers = NULL;
	struct hist *hist = NULL;
	size_t nlayers = 0, nhist = 0, i, nrepeat = 1;
	int argi = 1;

	while (argi + 1 < argc && !strncmp(argv[argi], "--", 2)) {
		const char *o = argv[argi], *v = argv[argi + 1];

		if (!strcmp(o, "--format"))
			format = v;
		else if (!strcmp(o, "--compress"))
			comp = v;
		else if (!strcmp(o, "--outer"))
			outer = v;
		else if (!strcmp(o, "--platforms"))
			platforms = v;
		else if (!strcmp(o, "--hostile"))
			hostile = v;
		else
			die("unknown option %s", o);
		argi += 2;
	}
	if (argc - argi != 2)
		die("usage: mkimage [--format F] [--compress C] [--outer C] "
		    "[--platforms L] [--hostile H] SPEC OUT");
	spec = argv[argi];
	out = argv[argi + 1];
	snprintf(specdir, sizeof(specdir), "%s", spec);
	slash = strrchr(specdir, '/');
	if (slash)
		*slash = '\0';
	else
		snprintf(specdir, sizeof(specdir), ".");
	if (!strcmp(format, "docker") || !strcmp(format, "skopeo") ||
	    !strcmp(format, "docker25"))
		comp = "none";
	if (!strncmp(hostile, "layers=", 7))
		nrepeat = strtoul(hostile + 7, NULL, 10);

	text = read_all(spec, NULL);
	for (line = strtok_r(text, "\n", &save); line;
	     line = strtok_r(NULL, "\n", &save)) {
		char path[8400];
		const char *arg = strchr(line, ' ');

		if (line[0] == '#' || !arg)
			continue;
		arg++;
		if (!strncmp(line, "tag ", 4)) {
			tag = xstrdup(arg);
		} else if (!strncmp(line, "platform ", 9)) {
			free(platform);
			platform = xstrdup(arg);
		} else if (!strncmp(line, "config ", 7)) {
			json_error_t je;
			char *c;

			snprintf(path, sizeof(path), "%s/%s", specdir, arg);
			c = read_all(path, NULL);
			json_decref(base);
			base = json_loads(c, 0, &je);
			if (!json_is_object(base))
				die("%s:%d: %s", path, je.line, je.text);
			free(c);
		} else if (!strncmp(line, "layer ", 6)) {
			const char *sp = strchr(arg, ' ');
			struct layer *L;

			layers = xrealloc(layers, (nlayers + 1) * sizeof(*layers));
			L = &layers[nlayers++];
			memset(L, 0, sizeof(*L));
			L->file = sp ? strndup(arg, (size_t)(sp - arg)) : xstrdup(arg);
			L->created_by = xstrdup(sp ? sp + 1 : "");
			snprintf(path, sizeof(path), "%s/%s", specdir, L->file);
			build_layer(path, &L->tar);
			hist = xrealloc(hist, (nhist + 1) * sizeof(*hist));
			hist[nhist].created_by = xstrdup(L->created_by);
			hist[nhist++].empty = 0;
		} else if (!strncmp(line, "empty ", 6)) {
			hist = xrealloc(hist, (nhist + 1) * sizeof(*hist));
			hist[nhist].created_by = xstrdup(arg);
			hist[nhist++].empty = 1;
		} else {
			die("%s: unknown line '%s'", spec, line);
		}
	}
	free(text);
	if (nlayers == 0)
		die("%s: no layers", spec);

	/* Layers: diff_id, then the stored (maybe compressed) blob. */
	for (i = 0; i < nlayers; i++) {
		struct layer *L = &layers[i];
		char hex[65];

		sha256_hex(L->tar.p, L->tar.len, hex);
		snprintf(L->diff_id, sizeof(L->diff_id), "sha256:%s", hex);
		compress(&L->tar, comp, &L->stored.data);
		if (!strcmp(hostile, "truncate") && i == nlayers - 1)
			L->stored.data.len /= 2;
		sha256_hex(L->stored.data.p, L->stored.data.len, hex);
		snprintf(L->stored.digest, 72, "sha256:%s", hex);
		if (!strcmp(hostile, "bad-blob") && i == 0)
			mem_put(&L->stored.data, "tampered", 8);
	}

	{
		const char *plats = platforms ? platforms : platform;
		char *pl = xstrdup(plats), *p, *psave = NULL;
		json_t *index_manifests = json_array();
		json_t *docker_manifest = json_array();
		int first = 1;

		for (p = strtok_r(pl, ",", &psave); p;
		     p = strtok_r(NULL, ",", &psave)) {
			json_t *cfg = json_deep_copy(base), *rootfs, *diffs, *h;
			json_t *man, *mlayers, *desc, *pdesc;
			char *cs, *ms, cdigest[80], mdigest[80], os[64], arch[64];
			const char *cut = strchr(p, '/');
			size_t r;

			snprintf(os, sizeof(os), "%.*s", cut ? (int)(cut - p) : 5,
				 cut ? p : "linux");
			snprintf(arch, sizeof(arch), "%s", cut ? cut + 1 : p);
			if (!json_object_get(cfg, "os"))
				json_object_set_new(cfg, "os", json_string(os));
			json_object_set_new(cfg, "architecture", json_string(arch));
			json_object_set_new(cfg, "created",
					    json_string("2024-01-01T00:00:00Z"));
			rootfs = json_object();
			diffs = json_array();
			for (r = 0; r < nrepeat; r++)
				for (i = 0; i < nlayers; i++) {
					char d[80];

					snprintf(d, sizeof(d), "%s", layers[i].diff_id);
					if (!strcmp(hostile, "bad-diffid") && i == 0)
						d[7] = d[7] == '0' ? '1' : '0';
					json_array_append_new(diffs, json_string(d));
				}
			json_object_set_new(rootfs, "type", json_string("layers"));
			if (strcmp(hostile, "no-diffids"))
				json_object_set_new(rootfs, "diff_ids", diffs);
			else
				json_decref(diffs);
			json_object_set_new(cfg, "rootfs", rootfs);
			h = json_array();
			for (i = 0; i < nhist; i++) {
				json_t *e = json_object();

				json_object_set_new(e, "created",
						    json_string("2024-01-01T00:00:00Z"));
				json_object_set_new(e, "created_by",
						    json_string(hist[i].created_by));
				if (hist[i].empty)
					json_object_set_new(e, "empty_layer",
							    json_true());
				json_array_append_new(h, e);
			}
			json_object_set_new(cfg, "history", h);
			cs = dumps(cfg);
			if (!strcmp(hostile, "bad-config")) {
				/* stored under the digest of other bytes */
				char hex[65], name[100];
				size_t cl = strlen(cs);

				sha256_hex(cs, cl, hex);
				snprintf(cdigest, sizeof(cdigest), "sha256:%s", hex);
				cs = xrealloc(cs, cl + 2);
				cs[cl] = ' ';
				cs[cl + 1] = '\0';
				snprintf(name, sizeof(name), "blobs/sha256/%s", hex);
				out_file(name, cs, strlen(cs));
			} else {
				out_blob(cs, strlen(cs), cdigest);
			}

			/* OCI manifest */
			man = json_object();
			json_object_set_new(man, "schemaVersion", json_integer(2));
			json_object_set_new(man, "mediaType",
					    json_string("application/vnd.oci.image.manifest.v1+json"));
			desc = json_object();
			json_object_set_new(desc, "mediaType",
					    json_string("application/vnd.oci.image.config.v1+json"));
			json_object_set_new(desc, "digest", json_string(cdigest));
			json_object_set_new(desc, "size", json_integer((json_int_t)strlen(cs)));
			json_object_set_new(man, "config", desc);
			mlayers = json_array();
			for (r = 0; r < nrepeat; r++)
				for (i = 0; i < nlayers; i++) {
					struct layer *L = &layers[i];
					const char *mt = !strcmp(comp, "gzip")
						? "application/vnd.oci.image.layer.v1.tar+gzip"
						: !strcmp(comp, "zstd")
						? "application/vnd.oci.image.layer.v1.tar+zstd"
						: "application/vnd.oci.image.layer.v1.tar";
					char name[100];

					desc = json_object();
					json_object_set_new(desc, "mediaType", json_string(mt));
					json_object_set_new(desc, "digest",
							    json_string(L->stored.digest));
					json_object_set_new(desc, "size",
							    json_integer((json_int_t)L->stored.data.len));
					json_array_append_new(mlayers, desc);
					snprintf(name, sizeof(name), "blobs/sha256/%s",
						 L->stored.digest + 7);
					if (strcmp(format, "docker") && strcmp(format, "skopeo"))
						out_file(name, L->stored.data.p,
							 L->stored.data.len);
				}
			json_object_set_new(man, "layers", mlayers);
			ms = dumps(man);
			out_blob(ms, strlen(ms), mdigest);
			pdesc = json_object();
			json_object_set_new(pdesc, "mediaType",
					    json_string("application/vnd.oci.image.manifest.v1+json"));
			json_object_set_new(pdesc, "digest", json_string(mdigest));
			json_object_set_new(pdesc, "size", json_integer((json_int_t)strlen(ms)));
			if (platforms) {
				json_t *pp = json_object();

				json_object_set_new(pp, "os", json_string(os));
				json_object_set_new(pp, "architecture", json_string(arch));
				json_object_set_new(pdesc, "platform", pp);
			}
			json_array_append_new(index_manifests, pdesc);

			/* docker manifest.json (first platform only) */
			if (first) {
				json_t *e = json_object(), *tags = json_array();
				json_t *dl = json_array();
				char name[200];

				if (tag)
					json_array_append_new(tags, json_string(tag));
				json_object_set_new(e, "RepoTags", tags);
				for (r = 0; r < nrepeat; r++)
					for (i = 0; i < nlayers; i++) {
						struct layer *L = &layers[i];
						char v1[65];

						if (!strcmp(format, "docker")) {
							sha256_hex(L->diff_id, strlen(L->diff_id), v1);
							snprintf(name, sizeof(name), "%s/layer.tar", v1);
							out_file(name, L->stored.data.p, L->stored.data.len);
							snprintf(name, sizeof(name), "%s/VERSION", v1);
							out_file(name, "1.0", 3);
							snprintf(name, sizeof(name), "%s/layer.tar", v1);
						} else if (!strcmp(format, "skopeo")) {
							char target[256];

							snprintf(name, sizeof(name), "%s.tar", L->diff_id + 7);
							out_file(name, L->stored.data.p, L->stored.data.len);
							sha256_hex(L->diff_id, strlen(L->diff_id), v1);
							snprintf(target, sizeof(target), "../%s", name);
							if (!strcmp(hostile, "link-outside"))
								snprintf(target, sizeof(target), "../../../etc/passwd");
							snprintf(name, sizeof(name), "%s/layer.tar", v1);
							out_link(name, target);
						} else {
							snprintf(name, sizeof(name), "blobs/sha256/%s",
								 L->stored.digest + 7);
						}
						if (!strcmp(hostile, "outside") && i == 0)
							snprintf(name, sizeof(name), "../../etc/passwd");
						if (!strcmp(hostile, "self") && i == 0)
							snprintf(name, sizeof(name), "manifest.json");
						json_array_append_new(dl, json_string(name));
					}
				if (!strcmp(format, "docker") || !strcmp(format, "skopeo")) {
					snprintf(name, sizeof(name), "%s.json", cdigest + 7);
					out_file(name, cs, strlen(cs));
				} else {
					snprintf(name, sizeof(name), "blobs/sha256/%s", cdigest + 7);
				}
				json_object_set_new(e, "Config", json_string(name));
				json_object_set_new(e, "Layers", dl);
				json_array_append_new(docker_manifest, e);
				first = 0;
			}
			free(cs);
			free(ms);
			json_decref(cfg);
			json_decref(man);
		}
		free(pl);

		if (strcmp(format, "docker") && strcmp(format, "skopeo")) {
			json_t *idx = json_object(), *top = json_array();
			json_t *layout = json_object();
			char *s;

			json_object_set_new(layout, "imageLayoutVersion",
					    json_string("1.0.0"));
			s = dumps(layout);
			out_file("oci-layout", s, strlen(s));
			free(s);
			json_object_set_new(idx, "schemaVersion", json_integer(2));
			if (platforms) {
				/* containerd: index.json -> image index blob */
				json_t *ii = json_object(), *d = json_object();
				char idig[72];

				json_object_set_new(ii, "schemaVersion", json_integer(2));
				json_object_set_new(ii, "mediaType",
						    json_string("application/vnd.oci.image.index.v1+json"));
				json_object_set(ii, "manifests", index_manifests);
				s = dumps(ii);
				out_blob(s, strlen(s), idig);
				json_object_set_new(d, "mediaType",
						    json_string("application/vnd.oci.image.index.v1+json"));
				json_object_set_new(d, "digest", json_string(idig));
				json_object_set_new(d, "size", json_integer((json_int_t)strlen(s)));
				free(s);
				json_array_append_new(top, d);
				json_decref(ii);
			} else {
				json_array_extend(top, index_manifests);
			}
			if (tag) {
				json_t *ann = json_object();
				const char *colon = strrchr(tag, ':');

				json_object_set_new(ann, "org.opencontainers.image.ref.name",
						    json_string(colon ? colon + 1 : tag));
				if (strcmp(format, "oci-archive") && strcmp(format, "oci-dir"))
					json_object_set_new(ann, "io.containerd.image.name",
							    json_string(tag));
				json_object_set_new(json_array_get(top, 0), "annotations", ann);
			}
			json_object_set_new(idx, "manifests", top);
			s = dumps(idx);
			out_file("index.json", s, strlen(s));
			free(s);
		}
		if (strcmp(format, "oci-archive") && strcmp(format, "oci-dir")) {
			char *s = dumps(docker_manifest);

			out_file("manifest.json", s, strlen(s));
			free(s);
			out_file("repositories", "{}", 2);
		}
		json_decref(index_manifests);
		json_decref(docker_manifest);
	}
	write_outputs(out, !strcmp(format, "oci-dir"), outer,
		      !strcmp(format, "docker"));
	return 0;
}
