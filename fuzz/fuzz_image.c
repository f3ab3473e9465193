/*
 * fuzz_image.c: libFuzzer target for the image path: archive -> format
 * detection -> layer streams (gzip/zstd/tar) -> squashed view -> every SGI
 * rule, through img_scan().
 *
 * The first input byte picks what the rest is:
 *   0  the whole image file (outer tar, maybe gzip/zstd; manifests, index)
 *   1  one layer blob, wrapped by the harness in a docker-archive
 *   2  two layer blobs split at "\n#--\n", same wrapper (whiteouts and
 *      hardlinks across layers)
 * The file lives in a memfd, so nothing touches the disk.
 */
#define _GNU_SOURCE 1   /* memfd_create */
#include "util/compat.h"

#include <archive.h>
#include <archive_entry.h>
#include <sys/mman.h>
#include <unistd.h>

#include "core/stage.h"
#include "image/image.h"
#include "policy/policy.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

struct mem {
	unsigned char *p;
	size_t len, cap;
};

static la_ssize_t mem_write(struct archive *a, void *ctx, const void *buf,
			    size_t n)
{
	struct mem *m = ctx;

	(void)a;
	if (m->len + n > m->cap) {
		size_t cap = (m->len + n) * 2;
		unsigned char *p = realloc(m->p, cap);

		if (!p)
			return -1;
		m->p = p;
		m->cap = cap;
	}
	memcpy(m->p + m->len, buf, n);
	m->len += n;
	return (la_ssize_t)n;
}

static void add(struct archive *a, const char *name, const void *p, size_t n)
{
	struct archive_entry *e = archive_entry_new();

	archive_entry_set_pathname(e, name);
	archive_entry_set_filetype(e, AE_IFREG);
	archive_entry_set_perm(e, 0644);
	archive_entry_set_size(e, (la_int64_t)n);
	archive_write_header(a, e);
	if (n)
		archive_write_data(a, p, n);
	archive_entry_free(e);
}

/* A docker-archive around one or two layer blobs. */
static void wrap(struct mem *out, const uint8_t *l1, size_t n1,
		 const uint8_t *l2, size_t n2, bool two)
{
	static const char cfg[] =
		"{\"architecture\":\"amd64\",\"os\":\"linux\",\"config\":"
		"{\"User\":\"\"},\"rootfs\":{\"type\":\"layers\",\"diff_ids\":"
		"[]},\"history\":[{\"created_by\":\"ADD x /\"},"
		"{\"created_by\":\"RUN apt-get update\"}]}";
	static const char man1[] =
		"[{\"Config\":\"c.json\",\"RepoTags\":[\"x:latest\"],"
		"\"Layers\":[\"a/layer.tar\"]}]";
	static const char man2[] =
		"[{\"Config\":\"c.json\",\"RepoTags\":[\"x:latest\"],"
		"\"Layers\":[\"a/layer.tar\",\"b/layer.tar\"]}]";
	struct archive *a = archive_write_new();

	archive_write_set_format_pax_restricted(a);
	archive_write_set_bytes_in_last_block(a, 1);
	archive_write_open(a, out, NULL, mem_write, NULL);
	add(a, "a/layer.tar", l1, n1);
	if (two)
		add(a, "b/layer.tar", l2, n2);
	add(a, "c.json", cfg, sizeof(cfg) - 1);
	add(a, "manifest.json", two ? man2 : man1,
	    (two ? sizeof(man2) : sizeof(man1)) - 1);
	archive_write_close(a);
	archive_write_free(a);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct sg_policy *policy;
	struct mem m = { NULL, 0, 0 };
	struct sg_stage_ctx ctx;
	sg_findings *set = NULL;
	char path[64];
	sg_error err;
	int fd;

	if (size < 1)
		return 0;
	if (!policy && sg_policy_defaults(&policy, "2026-06-01", NULL) < 0)
		abort();
	fd = memfd_create("fuzz-image", 0);
	if (fd < 0)
		abort();
	switch (data[0] % 3) {
	case 0:
		if (size > 1 && write(fd, data + 1, size - 1) != (ssize_t)(size - 1))
			abort();
		break;
	case 1:
		wrap(&m, data + 1, size - 1, NULL, 0, false);
		break;
	default: {
		const uint8_t *p = data + 1, *end = data + size, *cut = NULL;
		const uint8_t *q;

		for (q = p; q + 5 <= end; q++)
			if (!memcmp(q, "\n#--\n", 5)) {
				cut = q;
				break;
			}
		if (!cut)
			cut = p + (size_t)(end - p) / 2;
		wrap(&m, p, (size_t)(cut - p),
		     cut + 5 <= end ? cut + 5 : end,
		     cut + 5 <= end ? (size_t)(end - cut - 5) : 0, true);
		break;
	}
	}
	if (m.len && write(fd, m.p, m.len) != (ssize_t)m.len)
		abort();
	free(m.p);
	snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
	if (sg_findings_new(&set) < 0)
		abort();
	memset(&ctx, 0, sizeof(ctx));
	ctx.policy = policy;
	ctx.findings = set;
	sg_error_clear(&err);
	if (img_scan(&ctx, "x:latest", path, &err) < 0 && err.code != SG_ENOMEM)
		abort();   /* only out-of-memory may fail the stage */
	sg_findings_finalize(set);
	sg_findings_free(set);
	close(fd);
	return 0;
}
