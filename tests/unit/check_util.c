/* check_util.c: buffers, arena, map, paths and globs, sha256, atomic writes. */
/* sched_setaffinity() */
#define _GNU_SOURCE 1
#include "util/compat.h"
#include "helpers.h"
#include "util/arena.h"
#include "util/buf.h"
#include "util/fs.h"
#include "util/path.h"
#include "util/sha256.h"
#include "util/strmap.h"
#include "util/threads.h"
#include "util/vec.h"

#include <dirent.h>
#include <stdatomic.h>
#include <fcntl.h>
#include <sched.h>
#include <sys/stat.h>
#include <unistd.h>

START_TEST(test_util_buf_ceiling_is_sticky)
{
	struct sg_buf b = SG_BUF_INIT(8);

	ck_assert_int_eq(sg_buf_puts(&b, "12345"), 0);
	ck_assert_int_eq(sg_buf_puts(&b, "6789"), SG_ELIMIT);
	/* sticky: a small append after the failure fails too */
	ck_assert_int_eq(sg_buf_putc(&b, 'x'), SG_ELIMIT);
	ck_assert_str_eq(sg_buf_cstr(&b), "12345");
	sg_buf_clear(&b);
	ck_assert_int_eq(sg_buf_printf(&b, "%d-%s", 42, "ab"), 0);
	ck_assert_str_eq(sg_buf_cstr(&b), "42-ab");
	sg_buf_release(&b);
	ck_assert_str_eq(sg_buf_cstr(&b), "");
}
END_TEST

START_TEST(test_util_arena_zeroed_and_aligned)
{
	struct sg_arena a = SG_ARENA_INIT;
	char *big;
	int i;

	for (i = 0; i < 10000; i++) {
		unsigned char *p = sg_arena_alloc(&a, (size_t)(i % 97) + 1);

		ck_assert_ptr_nonnull(p);
		ck_assert_uint_eq((uintptr_t)p % 16, 0);
		ck_assert_uint_eq(p[0], 0);
	}
	big = sg_arena_alloc(&a, 1 << 20);
	ck_assert_ptr_nonnull(big);
	ck_assert_str_eq(sg_arena_printf(&a, "%s/%d", "x", 7), "x/7");
	ck_assert_ptr_null(sg_arena_strdup(&a, NULL));
	ck_assert_ptr_null(sg_arena_calloc(&a, SIZE_MAX / 2, 4));
	ck_assert(a.oom);
	sg_arena_release(&a);
}
END_TEST

/* Chunks an arena gives back are reused by the next (the pool of 2 MiB
 * regions): what the first wrote is never seen by the second, and an
 * arena absorbed into another is released with it. */
START_TEST(test_util_arena_reused_memory_is_zeroed)
{
	struct sg_arena a = SG_ARENA_INIT, b = SG_ARENA_INIT;
	size_t i, j;

	for (i = 0; i < 64; i++)
		memset(sg_arena_alloc(&a, 4000), 0xff, 4000);
	sg_arena_release(&a);
	for (i = 0; i < 64; i++) {
		unsigned char *p = sg_arena_alloc(&b, 4000);

		ck_assert_ptr_nonnull(p);
		for (j = 0; j < 4000; j++)
			ck_assert_uint_eq(p[j], 0);
		memset(p, 0xff, 4000);
	}
	for (i = 0; i < 64; i++)
		memset(sg_arena_alloc(&a, 4000), 0xff, 4000);
	sg_arena_absorb(&a, &b);
	ck_assert_ptr_null(b.head);
	ck_assert_uint_eq(a.total, 2 * 64 * 4000);
	sg_arena_release(&a);
	ck_assert_uint_eq(((unsigned char *)sg_arena_alloc(&b, 1))[0], 0);
	sg_arena_release(&b);
}
END_TEST

START_TEST(test_util_strmap_put_get_replace)
{
	struct sg_strmap m = SG_STRMAP_INIT;
	char keys[2000][16];
	void *old;
	size_t i, it = 0, seen = 0;

	for (i = 0; i < 2000; i++) {
		snprintf(keys[i], sizeof(keys[i]), "k%zu", i);
		ck_assert_int_eq(sg_strmap_put(&m, keys[i], (void *)(i + 1), &old), 0);
		ck_assert_ptr_null(old);
	}
	ck_assert_uint_eq(m.count, 2000);
	for (i = 0; i < 2000; i++)
		ck_assert_ptr_eq(sg_strmap_get(&m, keys[i]), (void *)(i + 1));
	ck_assert_ptr_null(sg_strmap_get(&m, "absent"));
	ck_assert_int_eq(sg_strmap_put(&m, keys[5], (void *)99, &old), 0);
	ck_assert_ptr_eq(old, (void *)6);
	ck_assert_uint_eq(m.count, 2000);
	while (sg_strmap_next(&m, &it, NULL, NULL))
		seen++;
	ck_assert_uint_eq(seen, 2000);
	sg_strmap_release(&m);
}
END_TEST

static const char *norm(const char *in)
{
	static char out[256];

	return sg_path_normalize(in, strlen(in), out) < 0 ? "<unsafe>" : out;
}

START_TEST(test_util_path_normalize)
{
	ck_assert_str_eq(norm("./a//b/./c"), "a/b/c");
	ck_assert_str_eq(norm("/etc/passwd"), "etc/passwd");
	ck_assert_str_eq(norm("a/b/../c"), "a/c");
	ck_assert_str_eq(norm("a/.."), "");
	ck_assert_str_eq(norm("."), "");
	ck_assert_str_eq(norm("../x"), "<unsafe>");
	ck_assert_str_eq(norm("a/../../x"), "<unsafe>");
	ck_assert_str_eq(norm("a/b/"), "a/b");
}
END_TEST

START_TEST(test_util_glob)
{
	ck_assert(sg_glob_match("*.Dockerfile", "api.Dockerfile"));
	ck_assert(!sg_glob_match("*.Dockerfile", "x/api.Dockerfile"));
	ck_assert(sg_glob_match("**/Dockerfile", "Dockerfile"));
	ck_assert(sg_glob_match("**/Dockerfile", "a/b/Dockerfile"));
	ck_assert(sg_glob_match("a/**", "a/b/c"));
	ck_assert(sg_glob_match("a/**/z", "a/z"));
	ck_assert(sg_glob_match("a/**/z", "a/b/c/z"));
	ck_assert(!sg_glob_match("a/**/z", "b/z"));
	ck_assert(sg_glob_match("docker-compose*.y*ml", "docker-compose.prod.yml"));
	ck_assert(sg_glob_match("[Dd]ockerfile", "dockerfile"));
	ck_assert(!sg_glob_match("[!D]ockerfile", "Dockerfile"));
	ck_assert(sg_glob_match("a?c", "abc"));
	ck_assert(!sg_glob_match("a?c", "a/c"));
	ck_assert(sg_glob_match("a\\*", "a*"));
	ck_assert(!sg_glob_match("a\\*", "ab"));
	/* gitignore-style selection */
	ck_assert(sg_path_matches("vendor", "x/vendor/Dockerfile"));
	ck_assert(sg_path_matches("services/legacy", "services/legacy/Dockerfile"));
	ck_assert(!sg_path_matches("services/legacy", "x/services/legacy/Dockerfile"));
	ck_assert(sg_path_matches("*.yml", "a/b/c.yml"));
	ck_assert(sg_path_matches("/a/b", "a/b/c"));
	/* anchored (a policy ignore): no component match anywhere */
	ck_assert(sg_path_under("legacy", "legacy/Dockerfile"));
	ck_assert(sg_path_under("/legacy", "legacy/a/Dockerfile"));
	ck_assert(!sg_path_under("legacy", "services/legacy/Dockerfile"));
	ck_assert(!sg_path_under("Dockerfile.dev", "svc/Dockerfile.dev"));
	ck_assert(sg_path_under("**/legacy", "services/legacy/Dockerfile"));
	ck_assert(sg_path_under("legacy/**", "legacy/x/Dockerfile"));
	ck_assert(sg_path_under("*/Dockerfile", "svc/Dockerfile"));
}
END_TEST

START_TEST(test_util_sha256_known_vector)
{
	char hex[SG_SHA256_HEX];

	ck_assert_int_eq(sg_sha256_hex("abc", 3, hex), 0);
	ck_assert_str_eq(hex, "ba7816bf8f01cfea414140de5dae2223"
			      "b00361a396177a9cb410ff61f20015ad");
	/* a reused context gives the same digests, call after call */
	{
		struct sg_sha256 s;
		char again[SG_SHA256_HEX];
		int i;

		ck_assert_int_eq(sg_sha256_init(&s), 0);
		for (i = 0; i < 3; i++) {
			ck_assert_int_eq(sg_sha256_hex_reuse(&s, "abc", 3, again), 0);
			ck_assert_str_eq(again, hex);
		}
		ck_assert_int_eq(sg_sha256_hex_reuse(&s, "", 0, again), 0);
		ck_assert_str_eq(again, "e3b0c44298fc1c149afbf4c8996fb924"
					"27ae41e4649b934ca495991b7852b855");
		sg_sha256_release(&s);
	}
}
END_TEST

/* A peek is the digest of the prefix; the stream goes on undisturbed. */
START_TEST(test_util_sha256_peek_and_restart)
{
	static const char two_blocks[] =
		"abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
	unsigned char got[SG_SHA256_LEN], want[SG_SHA256_LEN];
	struct sg_sha256 s, tmp;
	char hex[SG_SHA256_HEX];
	size_t cut;

	ck_assert_int_eq(sg_sha256_init(&s), 0);
	ck_assert_int_eq(sg_sha256_init(&tmp), 0);
	/* every split point of a text longer than one block */
	for (cut = 0; cut <= sizeof(two_blocks) - 1; cut++) {
		ck_assert_int_eq(sg_sha256_restart(&s), 0);
		ck_assert_int_eq(sg_sha256_update(&s, two_blocks, cut), 0);
		ck_assert_int_eq(sg_sha256_peek(&s, &tmp, got), 0);
		ck_assert_int_eq(sg_sha256(two_blocks, cut, want), 0);
		ck_assert_mem_eq(got, want, SG_SHA256_LEN);
		/* twice: peeking does not consume */
		ck_assert_int_eq(sg_sha256_peek(&s, &tmp, got), 0);
		ck_assert_mem_eq(got, want, SG_SHA256_LEN);
		ck_assert_int_eq(sg_sha256_update(&s, two_blocks + cut,
						  sizeof(two_blocks) - 1 - cut), 0);
		ck_assert_int_eq(sg_sha256_digest(&s, got), 0);
		sg_hex(got, sizeof(got), hex);
		ck_assert_str_eq(hex, "248d6a61d20638b8e5c026930c3e6039"
				      "a33ce45964ff2167f6ecedd419db06c1");
	}
	/* restart after a digest starts from nothing */
	ck_assert_int_eq(sg_sha256_restart(&s), 0);
	ck_assert_int_eq(sg_sha256_digest(&s, got), 0);
	sg_hex(got, sizeof(got), hex);
	ck_assert_str_eq(hex, "e3b0c44298fc1c149afbf4c8996fb924"
			      "27ae41e4649b934ca495991b7852b855");
	sg_sha256_release(&s);
	sg_sha256_release(&tmp);
}
END_TEST

START_TEST(test_util_digest_counts)
{
	struct sg_digest_counts m = SG_DIGEST_COUNTS_INIT;
	unsigned char d[SG_SHA256_LEN];
	size_t before, i, round;
	char text[32];

	/* 1,000 distinct digests (the map grows several times), three rounds */
	for (round = 0; round < 3; round++)
		for (i = 0; i < 1000; i++) {
			int n = snprintf(text, sizeof(text), "text %zu", i);

			ck_assert_int_eq(sg_sha256(text, (size_t)n, d), 0);
			ck_assert_int_eq(sg_digest_counts_add(&m, d, &before), 0);
			ck_assert_uint_eq(before, round);
		}
	ck_assert_uint_eq(m.n, 1000);
	/* digests alike in the bytes that pick the slot still count apart */
	memset(d, 0xAB, sizeof(d));
	for (i = 0; i < 40; i++) {
		d[SG_SHA256_LEN - 1] = (unsigned char)i;
		ck_assert_int_eq(sg_digest_counts_add(&m, d, &before), 0);
		ck_assert_uint_eq(before, 0);
	}
	d[SG_SHA256_LEN - 1] = 7;
	ck_assert_int_eq(sg_digest_counts_add(&m, d, &before), 0);
	ck_assert_uint_eq(before, 1);
	ck_assert_uint_eq(m.n, 1040);
	/* a clear forgets every digest, keeps the slots, and counting goes
	 * on as in a new map, also across a wrap of the generation */
	{
		struct sg_digest_count *slots = m.slots;

		sg_digest_counts_clear(&m);
		ck_assert_ptr_eq(m.slots, slots);
		ck_assert_uint_eq(m.n, 0);
		ck_assert_int_eq(sg_digest_counts_add(&m, d, &before), 0);
		ck_assert_uint_eq(before, 0);
		ck_assert_int_eq(sg_digest_counts_add(&m, d, &before), 0);
		ck_assert_uint_eq(before, 1);
		m.gen = UINT32_MAX;
		ck_assert_int_eq(sg_digest_counts_add(&m, d, &before), 0);
		ck_assert_uint_eq(before, 0);
		sg_digest_counts_clear(&m);
		ck_assert_uint_eq(m.gen, 1);
		ck_assert_int_eq(sg_digest_counts_add(&m, d, &before), 0);
		ck_assert_uint_eq(before, 0);
		ck_assert_uint_eq(m.n, 1);
	}
	sg_digest_counts_release(&m);
	ck_assert_ptr_null(m.slots);
	ck_assert_uint_eq(m.n, 0);
}
END_TEST

START_TEST(test_util_atomic_write_replaces_whole_file)
{
	char *dir = t_tmpdir("atomic"), path[4200];
	struct sg_buf b = SG_BUF_INIT(1 << 20);
	struct stat st;
	sg_error err;

	sg_error_clear(&err);
	snprintf(path, sizeof(path), "%s/report.json", dir);
	ck_assert_int_eq(sg_write_file_atomic(path, "old", 3, &err), 0);
	ck_assert_int_eq(sg_write_file_atomic(path, "new!", 4, &err), 0);
	ck_assert_int_eq(sg_read_file(path, 100, &b, &err), 0);
	ck_assert_str_eq(sg_buf_cstr(&b), "new!");
	sg_buf_clear(&b);
	/* the cap is enforced */
	ck_assert_int_eq(sg_read_file(path, 2, &b, &err), SG_ELIMIT);
	ck_assert_str_eq(err.path, path);
	/* a file of exactly the cap is whole; a stream without a size that
	 * goes past it is over, after reading one byte more than the cap */
	sg_buf_clear(&b);
	sg_error_clear(&err);
	ck_assert_int_eq(sg_read_file(path, 4, &b, &err), 0);
	ck_assert_str_eq(sg_buf_cstr(&b), "new!");
	/* appended after what the buffer holds, within its own ceiling: a
	 * buffer without room for the file is over its limit, not cut short */
	ck_assert_int_eq(sg_read_file(path, 100, &b, &err), 0);
	ck_assert_str_eq(sg_buf_cstr(&b), "new!new!");
	{
		struct sg_buf small = SG_BUF_INIT(6);

		ck_assert_int_eq(sg_buf_puts(&small, "ab"), 0);
		ck_assert_int_eq(sg_read_file(path, 100, &small, &err), 0);
		ck_assert_str_eq(sg_buf_cstr(&small), "abnew!");
		ck_assert_int_eq(sg_read_file(path, 100, &small, &err),
				 SG_ELIMIT);
		sg_buf_release(&small);
		sg_error_clear(&err);
	}
	sg_buf_clear(&b);
	ck_assert_int_eq(sg_read_file("/dev/zero", 100, &b, &err), SG_ELIMIT);
	ck_assert_str_eq(err.message, "file is over the 100-byte limit");
	/* a directory that does not exist: an error, nothing written */
	sg_error_clear(&err);
	snprintf(path, sizeof(path), "%s/missing/report.json", dir);
	ck_assert_int_eq(sg_write_file_atomic(path, "x", 1, &err), SG_EIO);
	ck_assert(strstr(err.message, "temporary") != NULL);
	/* a FIFO is refused, not renamed over: it is still a FIFO */
	sg_error_clear(&err);
	snprintf(path, sizeof(path), "%s/fifo", dir);
	ck_assert_int_eq(mkfifo(path, 0600), 0);
	ck_assert_int_eq(sg_write_file_atomic(path, "x", 1, &err), SG_EIO);
	ck_assert(strstr(err.message, "not a regular file") != NULL);
	ck_assert(lstat(path, &st) == 0 && S_ISFIFO(st.st_mode));
	sg_buf_release(&b);
	free(dir);
}
END_TEST

START_TEST(test_util_vec_push)
{
	SG_VEC(int) v = SG_VEC_INIT;
	int i;

	for (i = 0; i < 1000; i++)
		ck_assert_int_eq(sg_vec_push(&v, i), 0);
	ck_assert_uint_eq(v.n, 1000);
	ck_assert_int_eq(v.v[999], 999);
	sg_vec_release(&v);
	ck_assert_uint_eq(v.n, 0);
}
END_TEST

START_TEST(test_util_error_format)
{
	sg_error err;
	char buf[600];

	sg_error_clear(&err);
	ck_assert_int_eq(sg_error_set(&err, SG_EINVALID, "Dockerfile", 12, 1,
				      "unterminated heredoc '%s'\nmore", "EOF"),
			 SG_EINVALID);
	/* the first error wins */
	sg_error_set(&err, SG_EIO, "other", 1, 1, "later");
	ck_assert_str_eq(sg_error_format(&err, buf, sizeof(buf)),
			 "Dockerfile:12:1: unterminated heredoc 'EOF' more");
	ck_assert_str_eq(sg_status_text(SG_ELIMIT), "input exceeds a safety limit");
}
END_TEST

/* Descriptors this process has open. */
static size_t open_fds(void)
{
	DIR *d = opendir("/proc/self/fd");
	size_t n = 0;

	ck_assert_ptr_nonnull(d);
	while (readdir(d))
		n++;
	closedir(d);
	return n;
}

/*
 * sg_realpath_cached agrees with realpath(3) on every kind of path, in an
 * order that hits and misses the cached directory: symlinked files and
 * directories, "." and "..", the root, bare names, missing files.
 */
START_TEST(test_util_realpath_cached_agrees_with_realpath)
{
	char *dir = t_tmpdir("realdir"), p[4200], want[PATH_MAX], got[PATH_MAX];
	struct sg_realdir rd;
	const char *rel[] = {
		"a/f", "a/g", "a/link-f", "b/f", "a/f", "ln-a/f", "ln-a/g",
		"a/../b/f", "a/./f", "a/sub", "a/sub/", "a/.", "a/..", "a/nope",
		"nope/f", "ln-a/link-f", "a//f", "dangling", "b/f",
		/* directories resolved through their parents, a symlink
		 * on the way, more directories than the cache holds */
		"a/sub/deep/f", "ln-a/sub/deep/f", "b/ln-sub/deep/f",
		"b/ln-sub/deep/../f", "a/sub/deep/nope", "a/sub/nope/f",
		"c0/f", "c1/f", "c2/f", "c3/f", "c4/f", "c5/f", "c0/f",
		"a/sub/deep/f", "c5/f", "b/ln-sub/deep/f", "b/f",
	};
	size_t i, fds = open_fds();

	memset(&rd, 0, sizeof(rd));
	snprintf(p, sizeof(p), "%s/a", dir);
	ck_assert_int_eq(mkdir(p, 0755), 0);
	snprintf(p, sizeof(p), "%s/a/sub", dir);
	ck_assert_int_eq(mkdir(p, 0755), 0);
	snprintf(p, sizeof(p), "%s/b", dir);
	ck_assert_int_eq(mkdir(p, 0755), 0);
	snprintf(p, sizeof(p), "%s/a/f", dir); t_write(p, "f");
	snprintf(p, sizeof(p), "%s/a/g", dir); t_write(p, "g");
	snprintf(p, sizeof(p), "%s/b/f", dir); t_write(p, "bf");
	snprintf(p, sizeof(p), "%s/a/link-f", dir);
	ck_assert_int_eq(symlink("../b/f", p), 0);
	snprintf(p, sizeof(p), "%s/ln-a", dir);
	ck_assert_int_eq(symlink("a", p), 0);
	snprintf(p, sizeof(p), "%s/dangling", dir);
	ck_assert_int_eq(symlink("nowhere", p), 0);
	snprintf(p, sizeof(p), "%s/a/sub/deep", dir);
	ck_assert_int_eq(mkdir(p, 0755), 0);
	snprintf(p, sizeof(p), "%s/a/sub/deep/f", dir); t_write(p, "df");
	snprintf(p, sizeof(p), "%s/b/ln-sub", dir);
	ck_assert_int_eq(symlink("../a/sub", p), 0);
	for (i = 0; i < 6; i++) {
		snprintf(p, sizeof(p), "%s/c%zu", dir, i);
		ck_assert_int_eq(mkdir(p, 0755), 0);
		snprintf(p, sizeof(p), "%s/c%zu/f", dir, i); t_write(p, "c");
	}
	for (i = 0; i < sizeof(rel) / sizeof(rel[0]); i++) {
		struct stat st, lst;
		const char *name;
		char *w, *g;

		snprintf(p, sizeof(p), "%s/%s", dir, rel[i]);
		w = realpath(p, want);
		g = sg_realpath_cached(&rd, p, got, &st, NULL);
		ck_assert_msg(!w == !g, "%s: realpath %s, cached %s", rel[i],
			      w ? w : "fails", g ? g : "fails");
		if (w)
			ck_assert_str_eq(got, want);
		/* and the lstat of the name, or zeroes when there is none
		 * ("a/sub/", "a/.", "a/.." name no entry of their own) */
		name = strrchr(p, '/') + 1;
		if (*name && strcmp(name, ".") && strcmp(name, "..") &&
		    lstat(p, &lst) == 0)
			ck_assert_uint_eq(st.st_mode, lst.st_mode);
		else
			ck_assert_uint_eq(st.st_mode, 0);
	}
	/* "/" and a name in the current directory */
	ck_assert_ptr_nonnull(sg_realpath_cached(&rd, "/", got, NULL, NULL));
	ck_assert_str_eq(got, "/");
	ck_assert_ptr_nonnull(sg_realpath_cached(&rd, "/tmp", got, NULL, NULL));
	ck_assert_str_eq(got, realpath("/tmp", want));
	/* files are opened in their cached directory, never through a link */
	{
		struct sg_buf b = SG_BUF_INIT(1 << 20);
		sg_error e = { 0 };
		const char *name;
		int fd, lfd;

		snprintf(p, sizeof(p), "%s/a/f", dir);
		ck_assert_ptr_nonnull(sg_realpath_cached(&rd, p, got, NULL, &fd));
		ck_assert_int_ge(fd, 0);
		name = strrchr(got, '/') + 1;
		ck_assert_str_eq(name, "f");
		ck_assert_int_eq(sg_read_file_at(fd, name, p, 1 << 20, &b, &e),
				 0);
		ck_assert_str_eq(sg_buf_cstr(&b), "f");
		/* a link is resolved the long way, and its name in the
		 * directory is not followed */
		snprintf(p, sizeof(p), "%s/a/link-f", dir);
		ck_assert_ptr_nonnull(sg_realpath_cached(&rd, p, got, NULL,
							 &lfd));
		ck_assert_int_eq(lfd, -1);
		ck_assert_int_lt(sg_read_file_at(fd, "link-f", p, 1 << 20, &b,
						 &e), 0);
		ck_assert_str_eq(e.path, p);
		snprintf(p, sizeof(p), "%s/a/", dir);
		ck_assert_ptr_nonnull(sg_realpath_cached(&rd, p, got, NULL,
							 &lfd));
		ck_assert_int_eq(lfd, -1);
		sg_buf_release(&b);
	}
	/* release closes every directory the cache opened */
	sg_realdir_release(&rd);
	for (i = 0; i < SG_ARRAY_SIZE(rd.slot); i++)
		ck_assert(!rd.slot[i].has_fd && !rd.slot[i].used);
	ck_assert_uint_eq(open_fds(), fds);
	free(dir);
}
END_TEST

/* The thread count follows what the process may use: a cgroup quota
 * (cpu.max) rounded up, and the affinity mask (checked in this forked
 * test by narrowing it to one CPU). */
/*
 * A read told the size a stat gave reads the file as it is when opened:
 * grown, shrunk or emptied since, whole; over the limit, refused; a fifo
 * where the file was does not wait for a writer.
 */
START_TEST(test_util_read_at_known_size)
{
	char *dir = t_tmpdir("read-at-size"), p[4200];
	struct sg_buf b = SG_BUF_INIT(64);
	sg_error e = { 0 };
	int fd = open(dir, O_RDONLY | O_DIRECTORY);
	const uint64_t sizes[] = { 0, 3, 10, 11, 12, 1000 };
	size_t i;

	ck_assert_int_ge(fd, 0);
	snprintf(p, sizeof(p), "%s/f", dir);
	t_write(p, "0123456789");
	for (i = 0; i < SG_ARRAY_SIZE(sizes); i++) {
		sg_buf_clear(&b);
		ck_assert_int_eq(sg_read_file_at_size(fd, "f", p, sizes[i], 64,
						      &b, &e),
				 sizes[i] > 64 ? SG_ELIMIT : 0);
		if (sizes[i] <= 64)
			ck_assert_str_eq(sg_buf_cstr(&b), "0123456789");
	}
	sg_buf_clear(&b);
	ck_assert_int_eq(sg_read_file_at_size(fd, "f", p, 10, 5, &b, &e),
			 SG_ELIMIT);
	snprintf(p, sizeof(p), "%s/fifo", dir);
	ck_assert_int_eq(mkfifo(p, 0600), 0);
	sg_buf_clear(&b);
	ck_assert_int_eq(sg_read_file_at_size(fd, "fifo", p, 10, 64, &b, &e),
			 0);
	ck_assert_uint_eq(b.len, 0);
	sg_buf_release(&b);
	close(fd);
	free(dir);
}
END_TEST

START_TEST(test_util_usable_cpus)
{
	cpu_set_t one;

	ck_assert_uint_eq(sg_cpu_max_cap("max 100000", 8), 8);
	ck_assert_uint_eq(sg_cpu_max_cap("200000 100000\n", 8), 2);
	ck_assert_uint_eq(sg_cpu_max_cap("150000 100000", 8), 2);
	ck_assert_uint_eq(sg_cpu_max_cap("50000 100000", 8), 1);
	ck_assert_uint_eq(sg_cpu_max_cap("800000 100000", 4), 4);
	ck_assert_uint_eq(sg_cpu_max_cap("0 100000", 4), 4);
	ck_assert_uint_eq(sg_cpu_max_cap("100000 0", 4), 4);
	ck_assert_uint_eq(sg_cpu_max_cap("garbage", 4), 4);
	ck_assert_uint_eq(sg_cpu_max_cap("", 4), 4);
	ck_assert_uint_ge(sg_usable_cpus(), 1);
	ck_assert_uint_le(sg_usable_cpus(),
			  (unsigned int)sysconf(_SC_NPROCESSORS_ONLN));
	CPU_ZERO(&one);
	CPU_SET(sched_getcpu() >= 0 ? sched_getcpu() : 0, &one);
	ck_assert_int_eq(sched_setaffinity(0, sizeof(one), &one), 0);
	ck_assert_uint_eq(sg_usable_cpus(), 1);
}
END_TEST

/* a record of which worker made each call, and how often it was made */
struct work_log {
	atomic_uint calls[1000];
	unsigned int worker[1000];
	atomic_uint by_worker[SG_WORKERS_MAX];
};

static void log_call(void *payload, size_t call, unsigned int worker)
{
	struct work_log *l = payload;

	atomic_fetch_add(&l->calls[call], 1);
	l->worker[call] = worker;
	atomic_fetch_add(&l->by_worker[worker], 1);
}

START_TEST(test_util_workers_make_every_call_once)
{
	static const size_t runs[] = { 0, 1, 2, 3, 1000, 7, 1000 };
	struct sg_workers *w = NULL;
	struct work_log *l = calloc(1, sizeof(*l));
	size_t r, k;

	ck_assert_ptr_nonnull(l);
	/* no pool: every call on this thread, as worker 0 */
	sg_workers_run(NULL, 10, log_call, l);
	ck_assert_uint_eq(sg_workers_count(NULL), 1);
	for (k = 0; k < 10; k++)
		ck_assert_uint_eq(atomic_load(&l->calls[k]), 1);
	ck_assert_uint_eq(atomic_load(&l->by_worker[0]), 10);
	/* one pool, run again and again: each call once, by a worker the
	 * pool has, and the next run starts from a clean slate */
	ck_assert_int_eq(sg_workers_new(&w, 4), 0);
	ck_assert_uint_eq(sg_workers_count(w), 4);
	for (r = 0; r < SG_ARRAY_SIZE(runs); r++) {
		memset(l, 0, sizeof(*l));
		sg_workers_run(w, runs[r], log_call, l);
		for (k = 0; k < runs[r]; k++) {
			ck_assert_uint_eq(atomic_load(&l->calls[k]), 1);
			ck_assert_uint_lt(l->worker[k], 4);
		}
		for (; k < 1000; k++)
			ck_assert_uint_eq(atomic_load(&l->calls[k]), 0);
	}
	sg_workers_free(w);
	/* the count is clamped to [1, SG_WORKERS_MAX] */
	ck_assert_int_eq(sg_workers_new(&w, 0), 0);
	ck_assert_uint_eq(sg_workers_count(w), 1);
	sg_workers_free(w);
	ck_assert_int_eq(sg_workers_new(&w, 1000), 0);
	ck_assert_uint_eq(sg_workers_count(w), SG_WORKERS_MAX);
	sg_workers_free(w);
	sg_workers_free(NULL);
	free(l);
}
END_TEST

Suite *util_suite(void)
{
	Suite *s = suite_create("util");
	TCase *tc = tcase_create("util");

	tcase_add_test(tc, test_util_buf_ceiling_is_sticky);
	tcase_add_test(tc, test_util_arena_zeroed_and_aligned);
	tcase_add_test(tc, test_util_arena_reused_memory_is_zeroed);
	tcase_add_test(tc, test_util_strmap_put_get_replace);
	tcase_add_test(tc, test_util_path_normalize);
	tcase_add_test(tc, test_util_glob);
	tcase_add_test(tc, test_util_sha256_known_vector);
	tcase_add_test(tc, test_util_sha256_peek_and_restart);
	tcase_add_test(tc, test_util_digest_counts);
	tcase_add_test(tc, test_util_atomic_write_replaces_whole_file);
	tcase_add_test(tc, test_util_realpath_cached_agrees_with_realpath);
	tcase_add_test(tc, test_util_read_at_known_size);
	tcase_add_test(tc, test_util_usable_cpus);
	tcase_add_test(tc, test_util_workers_make_every_call_once);
	tcase_add_test(tc, test_util_vec_push);
	tcase_add_test(tc, test_util_error_format);
	suite_add_tcase(s, tc);
	return s;
}
