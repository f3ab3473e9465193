/*
 * run_fetch.c: what no peer checks (reference "concepts no peer
 * implements"): remote scripts piped into a shell (G01), downloads used
 * without a checksum or signature check (G05), world-writable modes (G06),
 * git clones not pinned to a commit or tag (G10).
 */
#include "util/compat.h"
#include "dockerfile/rules/run_lib.h"

enum { R_PIPE_SHELL, R_UNVERIFIED, R_WORLD_WRITABLE, R_GIT_CLONE };

static bool is_fetcher(const char *name)
{
	return !strcmp(name, "curl") || !strcmp(name, "wget") ||
	       !strcmp(name, "fetch");
}

static bool is_interpreter(const char *name)
{
	static const char *const names[] = {
		"perl", "ruby", "node", "php", "pwsh", "source", ".", "eval",
		NULL,
	};
	return sh_is_posix_shell(name) || sg_startswith(name, "python") ||
	       sg_str_in(name, names);
}

/* "$(curl …)", "<(wget …)", "`curl …`" inside a word */
static bool word_fetches(const char *t)
{
	static const char *const pats[] = {
		"$(curl", "$(wget", "<(curl", "<(wget", "`curl", "`wget",
		"$( curl", "$( wget", NULL,
	};
	const char *const *p;

	for (p = pats; *p; p++)
		if (strstr(t, *p))
			return true;
	return false;
}

/* Is `t` exactly `$name` or `${name}` (name[0..n)), the variable as the
 * whole script, not a value inside one (`sh -c "tar -C /opt/$v"`)? */
static bool is_var(const char *t, const char *name, size_t n)
{
	bool braced = t[0] == '$' && t[1] == '{';

	if (t[0] != '$' || strncmp(t + 1 + braced, name, n))
		return false;
	t += 1 + braced + n;
	return braced ? !strcmp(t, "}") : !*t;
}

/*
 * A variable an earlier command of the same script set to a download
 * (`x=$(curl …)`, `export x="$(wget -O- …)"`) that word `t` is: its name
 * in name[0..*n), else NULL.  One variable deep, not through copies.
 */
static const char *fetched_var(const struct run_ctx *rc, size_t i,
			       const char *t, size_t *n)
{
	size_t k, j;

	if (!strchr(t, '$'))
		return NULL;
	for (k = i; k-- > 0 && i - k <= 64;) {
		const struct sh_cmd *p = rc->items[k].cmd;
		const struct sh_view *pv = &rc->items[k].view;
		bool decl = pv->name && (!strcmp(pv->name, "export") ||
					 !strcmp(pv->name, "readonly") ||
					 !strcmp(pv->name, "local") ||
					 !strcmp(pv->name, "declare"));

		if (rc->items[k].u != rc->items[i].u)
			continue;
		for (j = 0; j < p->nassign + (decl ? pv->argc : 0); j++) {
			const struct sh_word *w = j < p->nassign
				? &p->assign[j] : &pv->argv[j - p->nassign];

			if ((w->flags & SH_W_DYNAMIC) && word_fetches(w->text) &&
			    (*n = sh_assign_len(w->text, strlen(w->text))) &&
			    /* the name: without "=" or "+=" */
			    (*n -= 1 + (w->text[*n - 2] == '+')) &&
			    is_var(t, w->text, *n))
				return w->text;
		}
	}
	return NULL;
}

static void check_pipe_shell(struct run_ctx *rc)
{
	size_t i, k, n;

	for (i = 0; i < rc->nitems; i++) {
		const struct sh_cmd *c = rc->items[i].cmd;
		const struct sh_view v = rc->items[i].view;
		const char *name = v.name, *var = NULL;

		if (!is_interpreter(name))
			continue;
		/* sh -c "$(curl …)", bash <(curl …), eval "$(wget -O- …)";
		 * x=$(curl …); sh -c "$x" */
		for (k = 1; k < v.argc; k++) {
			if (!(v.argv[k].flags & SH_W_DYNAMIC))
				continue;
			if (word_fetches(v.argv[k].text)) {
				run_report_cmd(rc, rc->items[i].u, c,
					       "a downloaded script is run by '%s' "
					       "without being checked", name);
				break;
			}
			if ((var = fetched_var(rc, i, v.argv[k].text, &n))) {
				run_report_cmd(rc, rc->items[i].u, c,
					       "a script downloaded into '$%.*s' "
					       "is run by '%s' without being "
					       "checked", (int)n, var, name);
				break;
			}
		}
		if (k < v.argc || !c->pipe_len || c->pipe_pos == 0)
			continue;
		/* curl … | [sudo] sh: an earlier element of the pipe fetches;
		 * x=$(curl …); echo "$x" | sh */
		for (k = i; k-- > 0 && i - k <= 64;) {
			const struct sh_cmd *p = rc->items[k].cmd;
			struct sh_view pv;
			size_t a;

			if (rc->items[k].u != rc->items[i].u ||
			    p->pipeline != c->pipeline)
				continue;
			if (is_fetcher(run_name(p, &pv))) {
				run_report_cmd(rc, rc->items[i].u, c,
					       "'%s … | %s' runs a downloaded "
					       "script without checking it",
					       pv.name, name);
				break;
			}
			for (a = 1; a < pv.argc && !var; a++)
				if (pv.argv[a].flags & SH_W_DYNAMIC)
					var = fetched_var(rc, k, pv.argv[a].text,
							  &n);
			if (var) {
				run_report_cmd(rc, rc->items[i].u, c,
					       "a script downloaded into '$%.*s' "
					       "is piped to '%s' without being "
					       "checked", (int)n, var, name);
				break;
			}
		}
	}
}

/* ---- downloads and their use ---------------------------------------------- */

/*
 * A verification: a checksum tool checking a list (-c), a signature tool,
 * or a digest computed inside $( … ), whose output is there to be compared:
 * [ "$(openssl sha512 -r f.tgz)" = "$SUM" ], as the official nginx images do.
 */
static bool is_verifier(const struct sh_cmd *c)
{
	struct sh_view v;
	const char *name = run_name(c, &v);
	bool compared = (c->ctx & SH_CTX_SUBST) != 0;
	size_t k;

	if (!strcmp(name, "sha256sum") || !strcmp(name, "sha512sum") ||
	    !strcmp(name, "sha1sum") || !strcmp(name, "md5sum") ||
	    !strcmp(name, "sha384sum") || !strcmp(name, "sha224sum") ||
	    !strcmp(name, "shasum") || !strcmp(name, "b2sum")) {
		if (compared)
			return true;
		for (k = 1; k < v.argc; k++)
			if (!strcmp(v.argv[k].text, "--check") ||
			    (v.argv[k].text[0] == '-' && v.argv[k].text[1] != '-' &&
			     strchr(v.argv[k].text, 'c')))
				return true;
		return false;
	}
	if (!strcmp(name, "gpgv") || !strcmp(name, "minisign") ||
	    !strcmp(name, "signify") || !strcmp(name, "cosign") ||
	    !strcmp(name, "slsa-verifier") || !strcmp(name, "rekor-cli"))
		return true;
	if (!strcmp(name, "gpg") || !strcmp(name, "gpg2") ||
	    !strcmp(name, "openssl")) {
		for (k = 1; k < v.argc; k++)
			if (!strcmp(v.argv[k].text, "--verify") ||
			    !strcmp(v.argv[k].text, "-verify"))
				return true;
	}
	if (compared && !strcmp(name, "openssl") && v.argc > 1) {
		const char *sub = v.argv[1].text;

		return !strcmp(sub, "dgst") || !strcmp(sub, "md5") ||
		       (!strncmp(sub, "sha", 3) && sg_isdigit(sub[3]));
	}
	return false;
}

/* Last path segment of a URL (query and fragment dropped). */
static void url_base(const char *url, char *buf, size_t size)
{
	const char *end = url + strcspn(url, "?#"), *s = end;

	while (s > url && s[-1] != '/')
		s--;
	(void)snprintf(buf, size, "%.*s", (int)(end - s), s);
}

static bool looks_url(const char *s)
{
	return sg_startswith(s, "http://") || sg_startswith(s, "https://") ||
	       sg_startswith(s, "ftp://");
}

/* The file a curl/wget command writes, or false (stdout, unknown). */
static bool download_target(const struct sh_view *v, char *buf, size_t size)
{
	static const char *const curl_long[] = {
		"output", "user", "header", "data", "request", "user-agent",
		"referer", "cookie", "cookie-jar", "upload-file", "form",
		"max-time", "write-out", "proxy", "range", "cacert", "retry",
		"connect-timeout", "output-dir", NULL,
	};
	static const char *const wget_long[] = {
		"output-document", "output-file", "directory-prefix", "execute",
		"tries", "timeout", "header", "user", "password", NULL,
	};
	static const struct sh_optspec curl_spec = {
		"ouHdXAebcTFmwxrCEKYyzUQtD", curl_long,
	};
	static const struct sh_optspec wget_spec = { "oOaePtTwU", wget_long };
	struct sh_args a;
	const struct sh_opt *o;
	const char *url = NULL;
	size_t k;

	if (sh_view_is(v, "curl")) {
		sh_args_parse(&a, v, &curl_spec);
		for (k = 0; k < a.noperand && !url; k++)
			if (looks_url(a.operand[k]->text))
				url = a.operand[k]->text;
		if ((o = sh_args_find(&a, "o", "output")) && o->value &&
		    strcmp(o->value, "-")) {
			(void)snprintf(buf, size, "%s", o->value);
			return true;
		}
		if (url && (sh_args_find(&a, "O", "remote-name"))) {
			url_base(url, buf, size);
			return buf[0] != '\0';
		}
		return false;
	}
	if (sh_view_is(v, "wget")) {
		sh_args_parse(&a, v, &wget_spec);
		for (k = 0; k < a.noperand && !url; k++)
			if (looks_url(a.operand[k]->text))
				url = a.operand[k]->text;
		if ((o = sh_args_find(&a, "O", "output-document")) && o->value) {
			if (!strcmp(o->value, "-"))
				return false;
			(void)snprintf(buf, size, "%s", o->value);
			return true;
		}
		if (url) {
			url_base(url, buf, size);
			return buf[0] != '\0';
		}
	}
	return false;
}

/*
 * curl URL > f, wget -qO- URL > f: a download written to stdout lands
 * where stdout is redirected (download_target() said stdout).
 */
static bool stdout_target(const struct sh_cmd *c, const struct sh_view *v,
			  char *buf, size_t size)
{
	size_t k;

	if (!sh_view_is(v, "curl") && !sh_view_is(v, "wget"))
		return false;
	for (k = 0; k < c->nredir; k++) {
		const struct sh_redir *r = c->redir[k];

		if ((r->op == SH_REDIR_OUT || r->op == SH_REDIR_CLOBBER ||
		     r->op == SH_REDIR_APPEND || r->op == SH_REDIR_ALL) &&
		    (r->fd == -1 || r->fd == 1) && r->target.text &&
		    r->target.text[0] && strcmp(r->target.text, "/dev/null")) {
			(void)snprintf(buf, size, "%s", r->target.text);
			return true;
		}
	}
	return false;
}

static bool same_file(const char *arg, const char *file)
{
	return !strcmp(arg, file) ||
	       !strcmp(sh_basename(arg), sh_basename(file));
}

/* Does command c use `file` as something to run, unpack or install? */
static bool uses_file(const struct sh_cmd *c, const char *file)
{
	static const char *const users[] = {
		"tar", "unzip", "gunzip", "bunzip2", "unxz", "7z", "bsdtar",
		"dpkg", "rpm", "apk", "apt-get", "apt", "yum", "dnf", "install",
		"chmod", "java", "pip", "pip3", "gem", "npm", "cpio", "zcat",
		"xz", "gzip", NULL,
	};
	struct sh_view v;
	const char *name = run_name(c, &v);
	const char *const *u;
	bool user = is_interpreter(name);
	size_t k;

	if (v.argc && same_file(v.argv[0].text, file) &&
	    strchr(v.argv[0].text, '/'))
		return true;    /* ./installer.sh */
	for (u = users; *u && !user; u++)
		if (!strcmp(name, *u))
			user = true;
	if (!user)
		return false;
	for (k = 1; k < v.argc; k++) {
		const char *t = v.argv[k].text;

		if (t[0] == '-' && t[1] == 'f' && t[2] && same_file(t + 2, file))
			return true;    /* tar -f/x.tgz written as -fx.tgz */
		if (t[0] != '-' && same_file(t, file))
			return true;
	}
	return false;
}

static void check_unverified(struct run_ctx *rc)
{
	size_t i, k;

	for (i = 0; i < rc->nitems; i++)
		if (is_verifier(rc->items[i].cmd))
			return;
	for (i = 0; i < rc->nitems; i++) {
		const struct sh_cmd *c = rc->items[i].cmd;
		struct sh_view v;
		char file[256];

		if (!is_fetcher(run_name(c, &v)))
			continue;
		/* curl … | tar x: unpacked straight from the network */
		if (c->pipe_len && c->pipe_pos + 1 < c->pipe_len) {
			for (k = i + 1; k < rc->nitems && k - i <= 64; k++) {
				const struct sh_cmd *n = rc->items[k].cmd;
				struct sh_view nv;
				const char *nn;

				if (rc->items[k].u != rc->items[i].u ||
				    n->pipeline != c->pipeline ||
				    n->pipe_pos != c->pipe_pos + 1)
					continue;
				nn = run_name(n, &nv);
				if (!strcmp(nn, "tar") || !strcmp(nn, "bsdtar") ||
				    !strcmp(nn, "cpio") || !strcmp(nn, "unzip") ||
				    !strcmp(nn, "funzip") || !strcmp(nn, "gunzip") ||
				    !strcmp(nn, "dpkg") || !strcmp(nn, "rpm"))
					run_report_cmd(rc, rc->items[i].u, c,
						       "'%s … | %s' unpacks a download "
						       "without checking its checksum "
						       "or signature", v.name, nn);
				break;
			}
			continue;
		}
		if (!download_target(&v, file, sizeof(file)) &&
		    !stdout_target(c, &v, file, sizeof(file)))
			continue;
		for (k = i + 1; k < rc->nitems; k++)
			if (uses_file(rc->items[k].cmd, file)) {
				run_report_cmd(rc, rc->items[i].u, c,
					       "'%s' is downloaded and used without a "
					       "checksum or signature check",
					       sh_basename(file));
				break;
			}
	}
}

/* ---- world-writable modes ------------------------------------------------ */

/* Octal 777, 0666, 2777 … with the others-write bit and no sticky bit. */
static bool mode_world_writable(const char *m)
{
	size_t n = strlen(m), i;
	unsigned int bits = 0;
	bool sym_hit = false;
	const char *clause;

	if (n >= 3 && n <= 5) {
		for (i = 0; i < n; i++)
			if (m[i] < '0' || m[i] > '7')
				break;
		if (i == n) {
			for (i = 0; i < n; i++)
				bits = bits * 8 + (unsigned int)(m[i] - '0');
			return (bits & 02) && !(bits & 01000);
		}
	}
	/* symbolic: o+w, a+rwx, ugo=rw, +w is umask-limited: not counted */
	for (clause = m; clause && *clause;) {
		const char *end = strchr(clause, ',');
		size_t len = end ? (size_t)(end - clause) : strlen(clause);
		size_t w = strspn(clause, "ugoa");
		bool others = memchr(clause, 'o', w) || memchr(clause, 'a', w);
		const char *op = clause + w;

		if (others && w < len && (*op == '+' || *op == '=') &&
		    memchr(op, 'w', len - w) && !memchr(op, 't', len - w))
			sym_hit = true;
		clause = end ? end + 1 : NULL;
	}
	return sym_hit;
}

static void check_world_writable(struct run_ctx *rc)
{
	size_t i, k;

	for (i = 0; i < rc->nitems; i++) {
		const struct sh_cmd *c = rc->items[i].cmd;
		struct sh_view v;
		const char *name = run_name(c, &v);

		if (!strcmp(name, "chmod")) {
			for (k = 1; k < v.argc; k++) {
				const char *t = v.argv[k].text;

				if (t[0] == '-' && !strchr(t, 'w'))
					continue;   /* -R, --recursive */
				if (mode_world_writable(t[0] == '-' ? t + 1 : t)) {
					run_report_cmd(rc, rc->items[i].u, c,
						       "chmod %s makes files writable "
						       "by every user", t);
					break;
				}
				if (t[0] != '-')
					break;      /* the mode is the first operand */
			}
		} else if (!strcmp(name, "install") || !strcmp(name, "mkdir")) {
			for (k = 1; k + 1 < v.argc; k++)
				if ((!strcmp(v.argv[k].text, "-m") ||
				     !strcmp(v.argv[k].text, "--mode")) &&
				    mode_world_writable(v.argv[k + 1].text))
					run_report_cmd(rc, rc->items[i].u, c,
						       "%s -m %s creates world-writable "
						       "files", name, v.argv[k + 1].text);
		}
	}
}

static void copy_chmod(struct df_ctx *c, const struct df_instr *in,
		       struct run_state *st)
{
	const struct df_flag *f = df_instr_flag(in, "chmod");

	if (!f || !f->has_value || !f->val.value || f->val.unresolved ||
	    !mode_world_writable(f->val.value))
		return;
	df_report(c, in, f->off, f->len,
		  "--chmod=%s makes the copied files writable by every user",
		  f->val.value);
}

/* ---- git clone ------------------------------------------------------------- */

/* v1.2.3, 1.2, 40-hex: a tag or a commit rather than a branch */
static bool ref_pinned(const char *r)
{
	size_t n = strlen(r), i;

	if (strchr(r, '$'))
		return true;    /* a variable: its value is not known here */
	if ((r[0] == 'v' && sg_isdigit((unsigned char)r[1])) ||
	    sg_isdigit((unsigned char)r[0]))
		return true;
	if (n >= 7 && n <= 40) {
		for (i = 0; i < n; i++)
			if (!strchr("0123456789abcdef", r[i]))
				break;
		if (i == n)
			return true;
	}
	return false;
}

static void check_git_clone(struct run_ctx *rc)
{
	static const char *const longv[] = {
		"branch", "depth", "origin", "upload-pack", "template",
		"reference", "separate-git-dir", "config", "jobs", "filter",
		"shallow-since", "shallow-exclude", NULL,
	};
	static const struct sh_optspec spec = { "bocuj", longv };
	size_t i, k;

	for (i = 0; i < rc->nitems; i++) {
		const struct sh_cmd *c = rc->items[i].cmd;
		const struct sh_opt *b;
		struct sh_view v, gv;
		struct sh_args a;
		bool later = false;

		if (strcmp(run_name(c, &v), "git") || v.argc < 2)
			continue;
		/* git [-C dir] [-c k=v] clone … */
		gv = v;
		/* "-C dir" and "-c k=v" only skip when a subcommand follows
		 * (`git -C dir` alone has nothing after it: fuzzer-found) */
		while (gv.argc >= 4 && (!strcmp(gv.argv[1].text, "-C") ||
					!strcmp(gv.argv[1].text, "-c"))) {
			gv.argv += 2;
			gv.argc -= 2;
		}
		if (gv.argc < 2 || strcmp(gv.argv[1].text, "clone"))
			continue;
		gv.argv += 1;
		gv.argc -= 1;
		sh_args_parse(&a, &gv, &spec);
		b = sh_args_find(&a, "b", "branch");
		if (b && b->value && ref_pinned(b->value))
			continue;
		/* a later checkout/reset/switch picks the revision */
		for (k = i + 1; k < rc->nitems && !later; k++) {
			struct sh_view lv;
			size_t j;

			if (strcmp(run_name(rc->items[k].cmd, &lv), "git"))
				continue;
			for (j = 1; j < lv.argc; j++)
				if (!strcmp(lv.argv[j].text, "checkout") ||
				    !strcmp(lv.argv[j].text, "reset") ||
				    !strcmp(lv.argv[j].text, "switch"))
					later = true;
		}
		if (later)
			continue;
		run_report_cmd(rc, rc->items[i].u, c,
			       "git clone of %s%s is not pinned to a tag or "
			       "commit", b && b->value ? "branch " : "the default "
			       "branch", b && b->value ? b->value : "");
	}
}

static const struct run_rule rules[] = {
	RULE(R_PIPE_SHELL, 0, .id = "SGD190", .name = "remote-script-piped-to-shell",
	     .title = "Downloaded script piped into a shell",
	     .help = "`curl -fsSL https://… | sh` runs whatever the server (or "
		     "anyone able to change it) sends today, as root, with "
		     "nothing recorded about what ran; a truncated download "
		     "runs half a script. Also reported: `sh -c \"$(curl …)\"`, "
		     "`bash <(curl …)`, `eval \"$(wget -O- …)\"`, the same through "
		     "a variable (`s=$(curl …); sh -c \"$s\"`), and pipes into "
		     "python, perl, ruby, node or php.\n\n"
		     "Fix: download to a file, verify it, then run it.\n\n"
		     "```dockerfile\nRUN curl -fsSLo /tmp/install.sh https://example."
		     "com/install-1.4.sh \\\n && echo \"<sha256>  /tmp/install.sh\" "
		     "| sha256sum -c - \\\n && sh /tmp/install.sh\n```",
	     .practice = SG_PRACTICE_VULN_SCANNING,
	     .severity = SG_SEVERITY_HIGH)
		.needles = RUN_N(CURL) | RUN_N(WGET) | RUN_N(FETCH),
		.run = check_pipe_shell,
	},
	RULE(R_UNVERIFIED, 0, .id = "SGD191", .name = "download-not-verified",
	     .title = "Downloaded file used without a checksum or signature "
		      "check",
	     .help = "A file fetched with curl or wget and then executed, "
		     "unpacked or installed in the same RUN, with no "
		     "`sha256sum -c`, `gpg --verify`, `cosign verify`, "
		     "`minisign -V` (…) anywhere in that RUN, is trusted on the "
		     "word of the network. `curl URL > file` counts as a "
		     "download to that file. A digest computed inside `$( … )` "
		     "to be compared (`[ \"$(openssl sha512 -r f.tgz)\" = "
		     "\"$SUM\" ]`) counts as a check. Also reported: "
		     "`curl … | tar x` (unpacked straight from the "
		     "network).\n\n"
		     "Fix: pin the checksum next to the URL.\n\n"
		     "```dockerfile\nARG TOOL_SHA256=2f1f…\nRUN curl -fsSLo /tmp/"
		     "tool.tgz https://example.com/tool-1.2.tgz \\\n && echo "
		     "\"$TOOL_SHA256  /tmp/tool.tgz\" | sha256sum -c - \\\n && tar "
		     "-xzf /tmp/tool.tgz -C /usr/local/bin\n```\n\nor `ADD "
		     "--checksum=sha256:… <url> /tmp/`.",
	     .practice = SG_PRACTICE_VULN_SCANNING,
	     .severity = SG_SEVERITY_MEDIUM)
		.needles = RUN_N(CURL) | RUN_N(WGET) | RUN_N(FETCH),
		.run = check_unverified,
	},
	RULE(R_WORLD_WRITABLE, DF_ON(DF_COPY) | DF_ON(DF_ADD),
	     .id = "SGD192", .name = "world-writable-mode",
	     .title = "Files made writable by every user",
	     .help = "`chmod 777`, `chmod -R a+w`, `mkdir -m 777`, `install -m "
		     "666` or `COPY --chmod=777` let any process in the "
		     "container, whatever user it runs as, rewrite those files: "
		     "code, configuration, scripts run by root. Modes with the "
		     "sticky bit (`1777`, `+t`, as for /tmp) are not "
		     "reported.\n\n"
		     "Fix: give ownership to the one user that needs to write, "
		     "keep the rest read-only.\n\n"
		     "```dockerfile\nRUN mkdir -p /data && chown 10001:10001 /data "
		     "&& chmod 750 /data\nCOPY --chmod=644 app.conf /etc/app/\n```",
	     .practice = SG_PRACTICE_NON_ROOT,
	     .severity = SG_SEVERITY_MEDIUM)
		.needles = RUN_N(CHMOD) | RUN_N(MODE_OPT),
		.run = check_world_writable,
		.other_on = DF_ON(DF_COPY) | DF_ON(DF_ADD), .other = copy_chmod,
	},
	RULE(R_GIT_CLONE, 0, .id = "SGD193", .name = "git-clone-unpinned",
	     .title = "git clone not pinned to a tag or commit",
	     .help = "`git clone https://…/repo` (or `--branch main`) builds "
		     "whatever the branch points to that day: rebuilds differ "
		     "and a compromised push lands in the image. Clone a tag, "
		     "or check out a commit.\n\n"
		     "Not reported when `--branch` names something tag-like "
		     "(`v1.2.3`, `1.2`, a hex commit, a variable) or when a later "
		     "`git checkout`, `git reset` or `git switch` in the same "
		     "RUN picks the revision.\n\n"
		     "Fix:\n\n```dockerfile\nRUN git clone --depth 1 --branch "
		     "v1.4.2 https://github.com/example/tool.git\n```",
	     .practice = SG_PRACTICE_PATCHING,
	     .severity = SG_SEVERITY_LOW)
		.needles = RUN_N(CLONE),
		.run = check_git_clone,
	},
};

const struct sg_rule_table df_rules_run_fetch = SG_RULE_TABLE(rules);
