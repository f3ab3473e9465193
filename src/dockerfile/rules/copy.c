/*
 * copy.c: ADD and COPY (reference section F, and G04, G09).
 *
 * The build context is assumed to be the Dockerfile's directory (what
 * `docker build -f dir/Dockerfile dir` and Compose's default do); the
 * .dockerignore rules read it from the same source tree as the Dockerfile
 * (`<Dockerfile>.dockerignore` first, as BuildKit does), and stay silent
 * when there is no source to read from.
 */
#include "util/compat.h"
#include "dockerfile/rules/rules.h"

#include "repo/source.h"
#include "util/path.h"

enum {
	R_ADD, R_ADD_URL, R_ARCHIVE, R_DEST, R_RELATIVE, R_IGNORED,
	R_OUTSIDE, R_CHECKSUM, R_NO_IGNORE, R_WORLD, R_SETUID, R_VCS,
};

/* Source words of a COPY/ADD (all but the last), skipping heredocs. */
#define FOR_SOURCES(in, i) for (i = 0; i + 1 < (in)->nargs; i++)

static bool heredoc_word(const struct df_word *w)
{
	return !strncmp(w->raw, "<<", 2) ||
	       (sg_isdigit((unsigned char)w->raw[0]) && strstr(w->raw, "<<"));
}

static void add_check(struct df_ctx *c, const struct df_instr *in, void *s)
{
	uint32_t i, local = 0;

	FOR_SOURCES(in, i) {
		const struct df_word *w = &in->args[i];

		if (w->unresolved || heredoc_word(w))
			return;
		if (df_is_url(w->value) || df_is_git(w->value) ||
		    df_is_archive(w->value))
			return;
		local++;
	}
	if (local)
		df_report(c, in, in->kw_off,
				  (uint32_t)strlen(in->keyword),
			  "ADD of local files; COPY does the same without "
			  "ADD's implicit unpacking and downloads");
}

static void add_url(struct df_ctx *c, const struct df_instr *in, void *s)
{
	uint32_t i;

	FOR_SOURCES(in, i) {
		const struct df_word *w = &in->args[i];

		if (df_is_url(w->value) && !df_is_git(w->value))
			df_report(c, in, w->off, w->len,
				  "ADD downloads '%s'; fetch it in a RUN step "
				  "where it can be verified and cleaned up", w->value);
	}
}

static bool hex40(const char *s)
{
	size_t n = 0;

	for (; *s; s++, n++)
		if (!((*s >= '0' && *s <= '9') || (*s >= 'a' && *s <= 'f')))
			return false;
	return n == 40 || n == 64;
}

static void checksum(struct df_ctx *c, const struct df_instr *in, void *s)
{
	uint32_t i;
	const struct df_flag *sum = df_instr_flag(in, "checksum");

	FOR_SOURCES(in, i) {
		const struct df_word *w = &in->args[i];

		if (w->unresolved)
			continue;
		if (df_is_git(w->value)) {
			const char *frag = strchr(w->value, '#');
			char ref[128];
			const char *colon;

			if (sum)
				continue;
			if (frag) {
				colon = strchr(frag + 1, ':');
				snprintf(ref, sizeof(ref), "%.*s",
					 (int)(colon ? (size_t)(colon - frag - 1) :
						 strlen(frag + 1)), frag + 1);
				if (hex40(ref))
					continue;
			}
			df_report(c, in, w->off, w->len,
				  "ADD of git source '%s' is not pinned to a commit",
				  w->value);
		} else if (df_is_url(w->value) && !sum) {
			df_report(c, in, w->off, w->len,
				  "ADD downloads '%s' without --checksum, so a "
				  "changed or tampered file is accepted", w->value);
		}
	}
}

/* ---- archives copied then unpacked --------------------------------------- */

struct archive_state {
	int stage;
	char names[32][128];
	uint32_t n;
};

static void archive_check(struct df_ctx *c, const struct df_instr *in,
			  void *s)
{
	struct archive_state *st = s;
	uint32_t i, k;
	static const char *const unpack[] = {
		"tar ", "tar\t", "unzip", "gunzip", "bunzip2", "unxz", "xz -d",
		"7z x", "bsdtar", "zstd -d",
	};

	if (st->stage != in->stage) {
		st->stage = in->stage;
		st->n = 0;
	}
	if (in->kind == DF_COPY) {
		if (df_instr_flag(in, "from"))
			return;
		FOR_SOURCES(in, i) {
			const struct df_word *w = &in->args[i];
			const char *base = strrchr(w->value, '/');

			base = base ? base + 1 : w->value;
			if (w->unresolved || !df_is_archive(base) ||
			    strlen(base) >= 128 || st->n >= 32)
				continue;
			snprintf(st->names[st->n++], 128, "%s", base);
		}
		return;
	}
	for (k = 0; k < st->n; k++) {
		const char *hit = NULL;
		size_t u;
		bool extract = false;

		for (u = 0; u < SG_ARRAY_SIZE(unpack); u++)
			if (strstr(in->text, unpack[u]))
				extract = true;
		if (!extract)
			continue;
		{
			/* the logical text is not NUL-free only in theory */
			const char *t = in->text;

			hit = strstr(t, st->names[k]);
		}
		if (hit)
			df_report(c, in, (uint32_t)(hit - in->text),
				  (uint32_t)strlen(st->names[k]),
				  "'%s' is COPY'd and then unpacked; ADD unpacks "
				  "local archives in one layer", st->names[k]);
	}
}

static void dest_slash(struct df_ctx *c, const struct df_instr *in, void *s)
{
	uint32_t i, nsrc = 0;
	bool glob = false;
	const struct df_word *d;

	if (in->nargs < 2)
		return;
	FOR_SOURCES(in, i) {
		nsrc++;
		if (strpbrk(in->args[i].value, "*?["))
			glob = true;
	}
	d = &in->args[in->nargs - 1];
	/* a Windows destination (C:\\dir\\) ends in its own separator */
	if ((nsrc < 2 && !glob) || d->unresolved || sg_endswith(d->value, "/") ||
	    sg_endswith(d->value, "\\"))
		return;
	df_report(c, in, d->off, d->len,
		  "%s with %s must have a destination ending in '/'",
		  df_kind_name(in->kind),
		  nsrc > 1 ? "several sources" : "a wildcard source");
}

static bool absolute(const char *v)
{
	return v[0] == '/' || v[0] == '\\' ||
	       (sg_isalpha((unsigned char)v[0]) && v[1] == ':');
}

struct workdir_state {
	bool set[512];      /* per stage: an absolute WORKDIR was seen */
};

static bool chain_has_workdir(const struct df_file *f,
			      const struct workdir_state *st,
			      const struct df_stage *s)
{
	size_t guard = 0;

	while (s && guard++ <= f->nstages) {
		if (s->index < 512 && st->set[s->index])
			return true;
		s = df_stage_parent(f, s);
	}
	return false;
}

static void relative(struct df_ctx *c, const struct df_instr *in, void *s)
{
	struct workdir_state *st = s;
	const struct df_word *d;

	if (!c->stage)
		return;
	if (in->kind == DF_WORKDIR) {
		if (c->stage->index < 512)
			st->set[c->stage->index] = true;
		return;
	}
	if (in->nargs < 2)
		return;
	d = &in->args[in->nargs - 1];
	if (d->unresolved || d->raw[0] == '$' || absolute(d->value) ||
	    chain_has_workdir(c->file, st, c->stage))
		return;
	df_report(c, in, d->off, d->len,
		  "relative destination '%s' with no WORKDIR set in this stage",
		  d->value);
}

/* ---- .dockerignore ---------------------------------------------------- */

struct ignore_state {
	bool loaded, present, has_negation;
	char *data;
	size_t len;
};

static void load_ignore(struct df_ctx *c, struct ignore_state *st)
{
	struct sg_source *src = c->stage_ctx->source;
	char dir[1024], path[1200];
	struct sg_buf b = SG_BUF_INIT(1024 * 1024);

	if (st->loaded)
		return;
	st->loaded = true;
	if (!src)
		return;
	snprintf(path, sizeof(path), "%s.dockerignore", c->path);
	if (sg_source_read(src, path, b.max, &b, NULL) < 0) {
		sg_buf_clear(&b);
		df_context_dir(c->path, dir, sizeof(dir));
		snprintf(path, sizeof(path), "%s%s.dockerignore", dir,
			 *dir ? "/" : "");
		if (sg_source_read(src, path, b.max, &b, NULL) < 0) {
			sg_buf_release(&b);
			return;
		}
	}
	st->present = true;
	st->len = b.len;
	st->data = sg_buf_detach(&b);
	if (st->data && strstr(st->data, "\n!"))
		st->has_negation = true;
	if (st->data && st->data[0] == '!')
		st->has_negation = true;
	sg_buf_release(&b);
}

/* Does a .dockerignore pattern exclude `path` (or a directory above it)? */
static bool ignored_by(const char *pat, const char *path)
{
	char p[1024], q[1024];
	long n;
	size_t i;

	while (*pat == '/')
		pat++;
	n = sg_path_normalize(pat, strlen(pat), p);
	if (n <= 0 || (size_t)n >= sizeof(p))
		return false;
	p[n] = '\0';
	snprintf(q, sizeof(q), "%s", path);
	for (i = strlen(q);; i--) {
		if (i == strlen(q) || q[i] == '/') {
			char save = q[i];

			q[i] = '\0';
			if (sg_glob_match(p, q)) {
				q[i] = save;
				return true;
			}
			q[i] = save;
		}
		if (i == 0)
			break;
	}
	return false;
}

static bool ignored(const struct ignore_state *st, const char *path)
{
	const char *l = st->data;

	while (l && *l) {
		const char *e = strchr(l, '\n');
		size_t n = e ? (size_t)(e - l) : strlen(l);
		char pat[1024];

		while (n && (l[n - 1] == '\r' || l[n - 1] == ' ' ||
			     l[n - 1] == '\t'))
			n--;
		if (n && l[0] != '#' && n < sizeof(pat)) {
			memcpy(pat, l, n);
			pat[n] = '\0';
			if (ignored_by(pat, path))
				return true;
		}
		l = e ? e + 1 : NULL;
	}
	return false;
}

static void ignored_check(struct df_ctx *c, const struct df_instr *in,
			  void *s)
{
	struct ignore_state *st = s;
	uint32_t i;

	if (df_instr_flag(in, "from"))
		return;
	load_ignore(c, st);
	if (!st->present || st->has_negation || !st->data)
		return;
	FOR_SOURCES(in, i) {
		const struct df_word *w = &in->args[i];
		char norm[1024];
		long n;

		if (w->unresolved || heredoc_word(w) || df_is_url(w->value) ||
		    df_is_git(w->value) || strpbrk(w->value, "*?["))
			continue;
		n = sg_path_normalize(w->value, strlen(w->value), norm);
		if (n <= 0 || (size_t)n >= sizeof(norm))
			continue;
		norm[n] = '\0';
		if (ignored(st, norm))
			df_report(c, in, w->off, w->len,
				  "'%s' is excluded by .dockerignore, so the build "
				  "cannot copy it", w->value);
	}
}

static void ignore_finish(struct df_ctx *c, void *s)
{
	struct ignore_state *st = s;

	free(st->data);
	st->data = NULL;
}

static void outside(struct df_ctx *c, const struct df_instr *in, void *s)
{
	uint32_t i;

	if (df_instr_flag(in, "from"))
		return;
	FOR_SOURCES(in, i) {
		const struct df_word *w = &in->args[i];
		char norm[4096];
		const char *v = w->value;

		if (w->unresolved || heredoc_word(w) || df_is_url(v) ||
		    df_is_git(v) || strlen(v) >= sizeof(norm))
			continue;
		while (*v == '/')
			v++;
		if (sg_path_normalize(v, strlen(v), norm) < 0)
			df_report(c, in, w->off, w->len,
				  "'%s' is outside the build context; the build "
				  "cannot see it", w->value);
	}
}

static void no_ignore(struct df_ctx *c, const struct df_instr *in, void *s)
{
	struct ignore_state *st = s;
	uint32_t i;

	if (df_instr_flag(in, "from") || !c->stage_ctx->source)
		return;
	FOR_SOURCES(in, i) {
		const char *v = in->args[i].value;

		if (in->args[i].unresolved)
			continue;
		if (strcmp(v, ".") && strcmp(v, "./") && strcmp(v, "*"))
			continue;
		load_ignore(c, st);
		if (st->present)
			return;
		df_report(c, in, in->args[i].off, in->args[i].len,
			  "%s copies the whole build context and there is no "
			  ".dockerignore, so .git, local .env files and build "
			  "output go into the image", df_kind_name(in->kind));
		return;
	}
}

/* ---- --chmod ------------------------------------------------------------ */

struct mode {
	bool world_write, setid, ok;
};

/* Octal ("0777", "4755") or symbolic ("u+s,o+w", "a+rwx") --chmod. */
static struct mode parse_mode(const char *v)
{
	struct mode m = { false, false, false };
	size_t n = strlen(v), i;

	if (n && strspn(v, "01234567") == n) {
		unsigned long x = strtoul(v, NULL, 8);

		m.ok = true;
		m.world_write = (x & 02) != 0;
		m.setid = (x & 06000) != 0;
		return m;
	}
	for (i = 0; i < n;) {
		size_t e = i, k;
		bool who_o = false, who_any = false;

		while (e < n && v[e] != ',')
			e++;
		for (k = i; k < e && strchr("ugoa", v[k]); k++) {
			who_any = true;
			if (v[k] == 'o' || v[k] == 'a')
				who_o = true;
		}
		if (!who_any)
			who_o = true;  /* "+w" is "a+w" before the umask */
		for (; k < e; k++) {
			if (v[k] == '+' || v[k] == '=') {
				size_t j;

				for (j = k + 1; j < e && strchr("rwxXst", v[j]); j++) {
					if (v[j] == 'w' && who_o)
						m.world_write = true;
					if (v[j] == 's')
						m.setid = true;
				}
			}
		}
		m.ok = true;
		i = e + 1;
	}
	return m;
}

static void world(struct df_ctx *c, const struct df_instr *in, void *s)
{
	const struct df_flag *fl = df_instr_flag(in, "chmod");

	if (!fl || !fl->has_value || fl->val.unresolved ||
	    !parse_mode(fl->val.value).world_write)
		return;
	df_report(c, in, fl->off, fl->len,
		  "--chmod=%s makes the copied files writable by every user",
		  fl->val.value);
}

static void setid(struct df_ctx *c, const struct df_instr *in, void *s)
{
	const struct df_flag *fl = df_instr_flag(in, "chmod");

	if (!fl || !fl->has_value || fl->val.unresolved ||
	    !parse_mode(fl->val.value).setid)
		return;
	df_report(c, in, fl->off, fl->len,
		  "--chmod=%s sets the setuid/setgid bit on the copied files",
		  fl->val.value);
}

static void vcs(struct df_ctx *c, const struct df_instr *in, void *s)
{
	static const char *const dirs[] = { ".git", ".svn", ".hg", ".bzr" };
	uint32_t i;
	size_t k;

	if (df_instr_flag(in, "from") || df_instr_flag(in, "keep-git-dir"))
		return;
	FOR_SOURCES(in, i) {
		const struct df_word *w = &in->args[i];
		char v[1024];
		const char *base;
		size_t n;

		if (w->unresolved || df_is_url(w->value) || df_is_git(w->value))
			continue;
		snprintf(v, sizeof(v), "%s", w->value);
		n = strlen(v);
		while (n > 1 && v[n - 1] == '/')
			v[--n] = '\0';
		base = strrchr(v, '/');
		base = base ? base + 1 : v;
		for (k = 0; k < SG_ARRAY_SIZE(dirs); k++)
			if (!strcmp(base, dirs[k]))
				df_report(c, in, w->off, w->len,
					  "%s copies the version-control directory "
					  "'%s' into the image", df_kind_name(in->kind),
					  w->value);
	}
}

static const struct df_rule rules[] = {
	[R_ADD] = {
		DF_META(.id = "SGD050", .name = "add-instead-of-copy",
			.title = "ADD used for local files where COPY suffices",
			.help = "ADD also downloads URLs and unpacks archives; for "
				"plain local files that magic is a liability (an "
				"archive added later silently unpacks). COPY says "
				"what it does. Archives, URLs and git sources are not "
				"reported.\n\n"
				"Fix:\n\n```dockerfile\n# wrong\nADD requirements.txt "
				"/app/\n# right\nCOPY requirements.txt /app/\n```",
			.aliases = SG_ALIASES("DL3020", "DS-0005", "CKV_DOCKER_4",
					      "Add Instead of Copy",
					      "prefer-copy-over-add", "CIS-DI-0009"),
			.practice = SG_PRACTICE_MINIMAL_IMAGE,
			.severity = SG_SEVERITY_MEDIUM),
		.on = DF_ON(DF_ADD), .check = add_check,
		.flags = DF_RULE_ONBUILD,
	},
	[R_ADD_URL] = {
		DF_META(.id = "SGD051", .name = "add-remote-url",
			.title = "ADD downloads a remote URL",
			.help = "`ADD https://...` fetches at build time into a "
				"layer you cannot clean up, and without `--checksum` "
				"it accepts whatever the server returns. Off by "
				"default: with `--checksum` (see SGD057) ADD is a "
				"reasonable way to fetch.\n\n"
				"Fix:\n\n```dockerfile\nRUN curl -fsSLo /tmp/t.tgz "
				"https://example.com/t.tgz \\\n && echo \"<sha256>  "
				"/tmp/t.tgz\" | sha256sum -c - \\\n && tar -xzf "
				"/tmp/t.tgz -C /opt && rm /tmp/t.tgz\n```",
			.aliases = SG_ALIASES("Curl or Wget Instead of Add"),
			.practice = SG_PRACTICE_VULN_SCANNING,
			.severity = SG_SEVERITY_LOW,
			.flags = SG_RULE_OFF_BY_DEFAULT),
		.on = DF_ON(DF_ADD), .check = add_url,
	},
	[R_ARCHIVE] = {
		DF_META(.id = "SGD052", .name = "archive-copied-then-extracted",
			.title = "Archive COPY'd and then unpacked in RUN",
			.help = "Copying an archive and unpacking it in a later RUN "
				"keeps the archive in its own layer forever. `ADD` "
				"unpacks a local archive directly.\n\n"
				"Fix:\n\n```dockerfile\n# wrong\nCOPY app.tar.gz /tmp/\n"
				"RUN tar -xzf /tmp/app.tar.gz -C /opt\n# right\nADD "
				"app.tar.gz /opt/\n```",
			.aliases = SG_ALIASES("DL3010"),
			.practice = SG_PRACTICE_MINIMAL_IMAGE,
			.severity = SG_SEVERITY_INFO),
		.on = DF_ON(DF_COPY) | DF_ON(DF_RUN), .check = archive_check,
		.state_size = sizeof(struct archive_state),
	},
	[R_DEST] = {
		DF_META(.id = "SGD053", .name = "copy-destination-not-directory",
			.title = "COPY/ADD of several files to a destination "
				 "without a trailing '/'",
			.help = "With more than one source (or a wildcard) the "
				"destination must be a directory, written with a "
				"trailing `/` (on Windows also `\\`); otherwise the "
				"build fails or, for one "
				"wildcard match, silently creates a file.\n\n"
				"Fix:\n\n```dockerfile\nCOPY package.json "
				"package-lock.json /app/\n```",
			.aliases = SG_ALIASES("DL3021", "DS-0011",
					      "Copy With More Than Two Arguments Not Ending With Slash",
					      "add_dest_invalid"),
			.practice = SG_PRACTICE_PATCHING,
			.severity = SG_SEVERITY_HIGH),
		.on = DF_ON(DF_COPY) | DF_ON(DF_ADD), .check = dest_slash,
		.flags = DF_RULE_ONBUILD,
	},
	[R_RELATIVE] = {
		DF_META(.id = "SGD054", .name = "copy-relative-without-workdir",
			.title = "COPY/ADD to a relative path with no WORKDIR set",
			.help = "A relative destination is resolved against the "
				"working directory, which is `/` unless a WORKDIR in "
				"this stage (or the stage it builds on) or the base "
				"image sets one. Say where files go.\n\n"
				"Fix:\n\n```dockerfile\nWORKDIR /app\nCOPY . .\n```",
			.aliases = SG_ALIASES("DL3045"),
			.practice = SG_PRACTICE_PATCHING,
			.severity = SG_SEVERITY_LOW),
		.on = DF_ON(DF_COPY) | DF_ON(DF_ADD) | DF_ON(DF_WORKDIR),
		.check = relative, .state_size = sizeof(struct workdir_state),
	},
	[R_IGNORED] = {
		DF_META(.id = "SGD055", .name = "copy-ignored-file",
			.title = "COPY/ADD of a path excluded by .dockerignore",
			.help = "A source that `.dockerignore` excludes is not in "
				"the build context, so the build fails (or a wildcard "
				"silently copies nothing). Files with `!` exceptions "
				"are not checked.\n\n"
				"Fix: copy something that is sent, or remove the "
				"exclusion.\n\n"
				"```\n# .dockerignore\n*.log\n!keep.log\n```",
			.aliases = SG_ALIASES("CopyIgnoredFile"),
			.practice = SG_PRACTICE_PATCHING,
			.severity = SG_SEVERITY_MEDIUM),
		.on = DF_ON(DF_COPY) | DF_ON(DF_ADD), .check = ignored_check,
		.finish = ignore_finish,
		.state_size = sizeof(struct ignore_state),
	},
	[R_OUTSIDE] = {
		DF_META(.id = "SGD056", .name = "copy-outside-context",
			.title = "COPY/ADD source is outside the build context",
			.help = "`../` paths point outside the context; the builder "
				"cannot read them and the build fails.\n\n"
				"Fix: move the file into the context, or build from a "
				"higher directory with `-f`.\n\n"
				"```sh\ndocker build -f app/Dockerfile .\n```",
			.aliases = SG_ALIASES("add_src_invalid"),
			.practice = SG_PRACTICE_PATCHING,
			.severity = SG_SEVERITY_MEDIUM),
		.on = DF_ON(DF_COPY) | DF_ON(DF_ADD), .check = outside,
		.flags = DF_RULE_ONBUILD,
	},
	[R_CHECKSUM] = {
		DF_META(.id = "SGD057", .name = "add-without-checksum",
			.title = "ADD of a URL without --checksum, or of git "
				 "without a pinned commit",
			.help = "ADD fetches at build time. Without `--checksum` a "
				"compromised or changed server is trusted blindly; a "
				"git source without a commit hash follows whatever the "
				"branch points to.\n\n"
				"Fix:\n\n```dockerfile\nADD --checksum=sha256:24454f8"
				"30cdb571e2c4ad15481119c43b3cafd48dd869a9b2945d1036d1d"
				"c68d https://example.com/tool.tar.gz /opt/\nADD "
				"https://github.com/org/repo.git#3f1c2d9e4b5a697801"
				"2c3d4e5f6a7b8c9d0e1f2a /src\n```",
			.practice = SG_PRACTICE_VULN_SCANNING,
			.severity = SG_SEVERITY_MEDIUM),
		.on = DF_ON(DF_ADD), .check = checksum,
		.flags = DF_RULE_ONBUILD,
	},
	[R_NO_IGNORE] = {
		DF_META(.id = "SGD058", .name = "copy-context-without-dockerignore",
			.title = "Whole build context copied with no .dockerignore",
			.help = "`COPY . .` sends everything next to the "
				"Dockerfile: `.git` (history, sometimes tokens in "
				"remotes), local `.env` files, keys and build output. "
				"Without a `.dockerignore` all of it lands in the "
				"image.\n\n"
				"Fix: add a `.dockerignore` next to the Dockerfile.\n\n"
				"```\n.git\n.env\n*.pem\nnode_modules\n```",
			.practice = SG_PRACTICE_VULN_SCANNING,
			.severity = SG_SEVERITY_MEDIUM),
		.on = DF_ON(DF_COPY) | DF_ON(DF_ADD), .check = no_ignore,
		.finish = ignore_finish,
		.state_size = sizeof(struct ignore_state),
	},
	[R_WORLD] = {
		DF_META(.id = "SGD059", .name = "copy-chmod-world-writable",
			.title = "COPY/ADD --chmod makes files world-writable",
			.help = "A mode with the others-write bit (`777`, `666`, "
				"`o+w`, `a+w`) lets any process in the container, "
				"whatever its user, rewrite the files: code and "
				"config become an escalation path.\n\n"
				"Fix: grant the minimum.\n\n"
				"```dockerfile\nCOPY --chmod=0755 entrypoint.sh "
				"/usr/local/bin/\nCOPY --chmod=0644 app.conf /etc/app/\n```",
			.practice = SG_PRACTICE_NON_ROOT,
			.severity = SG_SEVERITY_MEDIUM),
		.on = DF_ON(DF_COPY) | DF_ON(DF_ADD), .check = world,
		.flags = DF_RULE_ONBUILD,
	},
	[R_SETUID] = {
		DF_META(.id = "SGD044", .name = "copy-chmod-setuid",
			.title = "COPY/ADD --chmod sets setuid or setgid",
			.help = "A setuid/setgid file runs with its owner's "
				"privileges (usually root) whoever starts it; each one "
				"is a privilege-escalation path out of the non-root "
				"user. The image-level check (dockle CIS-DI-0008) "
				"finds them after the build; this finds the line that "
				"creates them.\n\n"
				"Fix: drop the bit; use capabilities or run the task "
				"as the right user.\n\n"
				"```dockerfile\nCOPY --chmod=0755 tool /usr/local/bin/\n```",
			.aliases = SG_ALIASES("CIS-DI-0008"),
			.practice = SG_PRACTICE_NON_ROOT,
			.severity = SG_SEVERITY_MEDIUM),
		.on = DF_ON(DF_COPY) | DF_ON(DF_ADD), .check = setid,
		.flags = DF_RULE_ONBUILD,
	},
	[R_VCS] = {
		DF_META(.id = "SGD048", .name = "copy-vcs-metadata",
			.title = "Version-control directory copied into the image",
			.help = "`.git` (or `.svn`, `.hg`) holds the whole history, "
				"sometimes credentials in remote URLs, and is dead "
				"weight at run time (dockle DKL-LI-0003 reports it on "
				"built images).\n\n"
				"Fix: copy the sources, not the repository, and list "
				"`.git` in `.dockerignore`; pass the commit as a "
				"build-arg if the app needs it.\n\n"
				"```dockerfile\nARG GIT_SHA\nCOPY src/ /app/src/\n```",
			.aliases = SG_ALIASES("DKL-LI-0003"),
			.practice = SG_PRACTICE_MINIMAL_IMAGE,
			.severity = SG_SEVERITY_LOW),
		.on = DF_ON(DF_COPY) | DF_ON(DF_ADD), .check = vcs,
		.flags = DF_RULE_ONBUILD,
	},
};

const struct sg_rule_table df_rules_copy = SG_RULE_TABLE(rules);
