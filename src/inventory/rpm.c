/*
 * rpm.c: the RPM database, from its SQLite backend (rpmdb.sqlite, RHEL 9,
 * Fedora 33+, CBL-Mariner) and its Berkeley DB hash backend (Packages,
 * RHEL <= 8, CentOS 7, Amazon Linux 2).
 *
 * Both store one RPM header blob per package; the blob layout is rpm's
 * lib/header.c: big-endian int32 index count `il`, int32 data length `dl`,
 * `il` 16-byte entries {tag, type, offset, count}, then `dl` data bytes.
 * Everything is bounds-checked against the blob: a database in a hostile
 * image can claim anything.  A blob that fails the checks is skipped with a
 * warning; a file that is not a database at all is an error.
 */
#include "util/compat.h"
#include <inttypes.h>
#include <sqlite3.h>
#include "inventory/inventory.h"
#include "util/dynlib.h"

/* rpm lib/rpmtag.h */
enum {
	TAG_NAME = 1000,
	TAG_VERSION = 1001,
	TAG_RELEASE = 1002,
	TAG_EPOCH = 1003,
	TAG_ARCH = 1022,
	TAG_SOURCERPM = 1044,
};
enum {
	TYPE_INT32 = 4,
	TYPE_STRING = 6,
	TYPE_STRING_ARRAY = 8,
	TYPE_I18NSTRING = 9,
};

#define RPM_MAX_INDEX 0x10000         /* rpm's own HEADER_TAGS_MAX is 0xffff */
#define RPM_MAX_DATA (256u << 20)     /* rpm: HEADER_DATA_MAX 256 MiB */

/* Last `c` in the first `n` bytes of `s` (memrchr is a GNU extension). */
static const char *last_of(const char *s, char c, size_t n)
{
	while (n-- > 0)
		if (s[n] == c)
			return s + n;
	return NULL;
}

static uint32_t be32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	       (uint32_t)p[2] << 8 | p[3];
}

struct rpm_hdr {
	const char *name, *version, *release, *arch, *sourcerpm;
	bool has_epoch;
	uint32_t epoch;
};

/* A NUL-terminated string at `off` inside the data store, or NULL. */
static const char *hdr_string(const unsigned char *store, uint32_t dl,
			      uint32_t off)
{
	if (off >= dl || !memchr(store + off, '\0', dl - off))
		return NULL;
	return (const char *)store + off;
}

static const char *parse_header(const unsigned char *blob, size_t len,
				struct rpm_hdr *h)
{
	const unsigned char *store;
	uint32_t il, dl, i;

	memset(h, 0, sizeof(*h));
	if (len < 8)
		return "header shorter than 8 bytes";
	il = be32(blob);
	dl = be32(blob + 4);
	if (il < 1 || il > RPM_MAX_INDEX || dl > RPM_MAX_DATA)
		return "header index or data size out of range";
	if ((uint64_t)8 + (uint64_t)il * 16 + dl > len)
		return "header larger than its blob";
	store = blob + 8 + (size_t)il * 16;
	for (i = 0; i < il; i++) {
		const unsigned char *e = blob + 8 + (size_t)i * 16;
		uint32_t tag = be32(e), type = be32(e + 4);
		uint32_t off = be32(e + 8), count = be32(e + 12);
		const char *s = NULL;

		if (tag == TAG_EPOCH) {
			if (type != TYPE_INT32 || count < 1 || off > dl ||
			    dl - off < 4)
				return "bad EPOCH entry";
			h->epoch = be32(store + off);
			h->has_epoch = true;
			continue;
		}
		if (tag != TAG_NAME && tag != TAG_VERSION &&
		    tag != TAG_RELEASE && tag != TAG_ARCH &&
		    tag != TAG_SOURCERPM)
			continue;
		if (type != TYPE_STRING && type != TYPE_STRING_ARRAY &&
		    type != TYPE_I18NSTRING)
			return "string tag with a non-string type";
		s = hdr_string(store, dl, off);
		if (!s)
			return "string outside the header data";
		switch (tag) {
		case TAG_NAME: h->name = s; break;
		case TAG_VERSION: h->version = s; break;
		case TAG_RELEASE: h->release = s; break;
		case TAG_ARCH: h->arch = s; break;
		case TAG_SOURCERPM: h->sourcerpm = s; break;
		}
	}
	if (!h->name || !*h->name || !h->version || !*h->version)
		return "header without NAME or VERSION";
	return NULL;
}

int inventory_rpm_header(struct inventory *inv, const char *path,
			 const unsigned char *blob, size_t len, sg_error *err)
{
	struct sg_arena *a = &inv->arena;
	struct inv_package *p;
	struct rpm_hdr h;
	const char *why = parse_header(blob, len, &h);
	char epoch[16] = "";

	if (why) {
		if (inventory_warn(inv, path, 0, "rpm header skipped: %s",
				   why) < 0)
			goto oom;
		return 0;
	}
	if (h.has_epoch)
		snprintf(epoch, sizeof(epoch), "%" PRIu32 ":", h.epoch);
	p = inventory_push(inv, INV_RPM, path, 0);
	if (!p)
		goto oom;
	p->name = sg_arena_strdup(a, h.name);
	p->version = sg_arena_printf(a, "%s%s%s%s", epoch, h.version,
				     h.release ? "-" : "",
				     h.release ? h.release : "");
	p->arch = h.arch ? sg_arena_strdup(a, h.arch) : NULL;
	if (h.sourcerpm && sg_endswith(h.sourcerpm, ".rpm")) {
		/* "openssl-1.1.1k-7.cm2.src.rpm": name-version-release */
		size_t n = strlen(h.sourcerpm) - 4;
		const char *rel, *ver;

		if (n > 4 && !strncmp(h.sourcerpm + n - 4, ".src", 4))
			n -= 4;
		else if (n > 6 && !strncmp(h.sourcerpm + n - 6, ".nosrc", 6))
			n -= 6;
		rel = last_of(h.sourcerpm, '-', n);
		ver = rel ? last_of(h.sourcerpm, '-',
				    (size_t)(rel - h.sourcerpm)) : NULL;
		if (ver && ver > h.sourcerpm) {
			p->source = sg_arena_strndup(a, h.sourcerpm,
						     (size_t)(ver - h.sourcerpm));
			/* the source takes the binary's epoch (Trivy does) */
			p->source_version = sg_arena_printf(
				a, "%s%.*s", epoch,
				(int)(h.sourcerpm + n - ver - 1), ver + 1);
		}
	}
	if (a->oom)
		goto oom;
	return 0;
oom:
	return sg_error_set(err, SG_ENOMEM, path, 0, 0, "out of memory");
}

/* ---- SQLite backend ---------------------------------------------------- */

int inventory_parse_rpm_sqlite(struct inventory *inv, const char *path,
			       const void *data, size_t len, sg_error *err)
{
	sqlite3 *db = NULL;
	sqlite3_stmt *st = NULL;
	unsigned char *copy = NULL;
	int rc = 0, s;

	if (len < 100 || memcmp(data, "SQLite format 3", 16) != 0)
		return sg_error_set(err, SG_EINVALID, path, 0, 0,
				    "not an SQLite database");
	if ((rc = sg_dynlib_load(SG_DYNLIB_SQLITE, err)) < 0)
		return rc;
	/* sqlite3_deserialize() takes ownership of a sqlite3_malloc buffer */
	copy = sqlite3_malloc64(len);
	if (!copy)
		return sg_error_set(err, SG_ENOMEM, path, 0, 0,
				    "out of memory");
	memcpy(copy, data, len);
	/* a WAL-mode file would make SQLite look for a -wal file beside it;
	 * the image copy is complete on its own, so read it as rollback */
	if (copy[18] == 2)
		copy[18] = 1;
	if (copy[19] == 2)
		copy[19] = 1;
	if (sqlite3_open_v2(":memory:", &db, SQLITE_OPEN_READWRITE, NULL) !=
	    SQLITE_OK) {
		sqlite3_free(copy);
		rc = sg_error_set(err, SG_ENOMEM, path, 0, 0,
				  "cannot open sqlite in memory");
		goto done;
	}
	s = sqlite3_deserialize(db, "main", copy, (sqlite3_int64)len,
				(sqlite3_int64)len,
				SQLITE_DESERIALIZE_FREEONCLOSE |
				SQLITE_DESERIALIZE_READONLY);
	if (s != SQLITE_OK) {
		rc = sg_error_set(err, SG_EINVALID, path, 0, 0,
				  "unreadable rpm sqlite database: %s",
				  sqlite3_errmsg(db));
		goto done;
	}
	if (sqlite3_prepare_v2(db, "SELECT blob FROM Packages ORDER BY hnum",
			       -1, &st, NULL) != SQLITE_OK) {
		rc = sg_error_set(err, SG_EINVALID, path, 0, 0,
				  "not an rpm database: %s",
				  sqlite3_errmsg(db));
		goto done;
	}
	while ((s = sqlite3_step(st)) == SQLITE_ROW) {
		const void *blob = sqlite3_column_blob(st, 0);
		int n = sqlite3_column_bytes(st, 0);

		if (!blob || n <= 0)
			continue;
		rc = inventory_rpm_header(inv, path, blob, (size_t)n, err);
		if (rc < 0)
			goto done;
	}
	if (s != SQLITE_DONE)
		rc = sg_error_set(err, SG_EINVALID, path, 0, 0,
				  "corrupt rpm sqlite database: %s",
				  sqlite3_errmsg(db));
done:
	sqlite3_finalize(st);
	sqlite3_close(db);
	return rc;
}

/* ---- Berkeley DB hash backend ------------------------------------------ */

/* Berkeley DB dbinc/db_page.h */
#define BDB_HASH_MAGIC 0x061561u
#define BDB_PAGE_HDR 26
enum {
	P_HASH_UNSORTED = 2,
	P_OVERFLOW = 7,
	P_HASH = 13,
	H_KEYDATA = 1,
	H_OFFPAGE = 3,
};

struct bdb {
	const unsigned char *data;
	size_t len;
	uint32_t pagesize;
	uint32_t npages;
	uint32_t hops;                  /* overflow pages visited, all chains */
	bool swap;                      /* big-endian file */
};

static uint32_t bdb32(const struct bdb *b, const unsigned char *p)
{
	if (b->swap)
		return be32(p);
	return (uint32_t)p[3] << 24 | (uint32_t)p[2] << 16 |
	       (uint32_t)p[1] << 8 | p[0];
}

static uint16_t bdb16(const struct bdb *b, const unsigned char *p)
{
	return b->swap ? (uint16_t)(p[0] << 8 | p[1])
		       : (uint16_t)(p[1] << 8 | p[0]);
}

/*
 * The pages of the overflow chain from `pgno`, checked: every one inside
 * the file and an overflow page, the chain as long as its item says.  In a
 * valid database each overflow page belongs to one item, so all chains
 * together visit at most npages pages; `b->hops` counts them, which bounds
 * the work on a file whose items share or repeat long chains (a fuzzer's
 * 12 KB file took ten seconds of 256 MB allocations before).
 */
static const char *bdb_chain_ok(struct bdb *b, uint32_t pgno, uint32_t tlen)
{
	uint32_t got = 0;

	if (tlen == 0 || tlen > RPM_MAX_DATA || tlen > b->len)
		return "overflow item size out of range";
	while (pgno != 0) {
		const unsigned char *pg;
		uint16_t used;

		if (pgno >= b->npages || ++b->hops > b->npages)
			return "overflow chains leave the file, loop or share pages";
		pg = b->data + (size_t)pgno * b->pagesize;
		if (pg[25] != P_OVERFLOW)
			return "overflow chain reaches a non-overflow page";
		used = bdb16(b, pg + 22);
		if (used > b->pagesize - BDB_PAGE_HDR || used > tlen - got)
			return "overflow page longer than its item";
		got += used;
		pgno = bdb32(b, pg + 16);
	}
	return got == tlen ? NULL : "overflow chain shorter than its item";
}

/* Concatenate an overflow chain into `out` (malloc'd, `tlen` bytes). */
static const char *bdb_overflow(struct bdb *b, uint32_t pgno, uint32_t tlen,
				unsigned char **out)
{
	unsigned char *buf;
	const char *why;
	uint32_t got = 0;

	*out = NULL;
	/* check the whole chain before allocating what it claims */
	if ((why = bdb_chain_ok(b, pgno, tlen)))
		return why;
	if (!(buf = malloc(tlen)))
		return "out of memory";
	while (pgno != 0) {
		const unsigned char *pg = b->data + (size_t)pgno * b->pagesize;
		uint16_t used = bdb16(b, pg + 22);

		memcpy(buf + got, pg + BDB_PAGE_HDR, used);
		got += used;
		pgno = bdb32(b, pg + 16);
	}
	*out = buf;
	return NULL;
}

int inventory_parse_rpm_bdb(struct inventory *inv, const char *path,
			    const void *data, size_t len, sg_error *err)
{
	struct bdb b;
	uint32_t magic, last, pg;
	int rc;

	memset(&b, 0, sizeof(b));
	b.data = data;
	b.len = len;
	if (len < 512)
		return sg_error_set(err, SG_EINVALID, path, 0, 0,
				    "not a Berkeley DB file (too short)");
	magic = bdb32(&b, b.data + 12);
	if (magic != BDB_HASH_MAGIC) {
		b.swap = true;
		magic = bdb32(&b, b.data + 12);
	}
	if (magic != BDB_HASH_MAGIC)
		return sg_error_set(err, SG_EINVALID, path, 0, 0,
				    "not a Berkeley DB hash database");
	b.pagesize = bdb32(&b, b.data + 20);
	if (b.pagesize < 512 || b.pagesize > 65536 ||
	    (b.pagesize & (b.pagesize - 1)))
		return sg_error_set(err, SG_EINVALID, path, 0, 0,
				    "Berkeley DB page size %" PRIu32
				    " out of range", b.pagesize);
	b.npages = (uint32_t)SG_MIN(len / b.pagesize, UINT32_MAX);
	if (b.npages == 0)
		return sg_error_set(err, SG_EINVALID, path, 0, 0,
				    "Berkeley DB file shorter than one page");
	last = bdb32(&b, b.data + 32);
	if (last >= b.npages)
		last = b.npages - 1;    /* a truncated copy: read what is there */
	for (pg = 1; pg <= last; pg++) {
		const unsigned char *page = b.data + (size_t)pg * b.pagesize;
		uint16_t nent, i;

		if (page[25] != P_HASH && page[25] != P_HASH_UNSORTED)
			continue;
		nent = bdb16(&b, page + 20);
		if ((size_t)BDB_PAGE_HDR + (size_t)nent * 2 > b.pagesize)
			continue;
		/* entries alternate key, data; the data is the header */
		for (i = 1; i < nent; i += 2) {
			uint16_t off = bdb16(&b, page + BDB_PAGE_HDR + i * 2);
			uint16_t prev = bdb16(&b, page + BDB_PAGE_HDR +
						      (i - 1) * 2);
			unsigned char *blob = NULL;
			const char *why = NULL;

			if (off >= b.pagesize)
				why = "hash item outside its page";
			else if (page[off] == H_OFFPAGE) {
				if ((size_t)off + 12 > b.pagesize)
					why = "hash item outside its page";
				else
					why = bdb_overflow(&b,
						bdb32(&b, page + off + 4),
						bdb32(&b, page + off + 8),
						&blob);
				if (!why)
					rc = inventory_rpm_header(
						inv, path, blob,
						bdb32(&b, page + off + 8), err);
				free(blob);
				if (!why && rc < 0)
					return rc;
			} else if (page[off] == H_KEYDATA && prev > off &&
				   prev <= b.pagesize &&
				   prev - off - 1 >= 24) {
				/* a small header stored on the page itself;
				 * shorter items (rpm's key-0 counter) are not
				 * headers */
				rc = inventory_rpm_header(inv, path,
							  page + off + 1,
							  (size_t)(prev - off - 1),
							  err);
				if (rc < 0)
					return rc;
			}
			if (why && inventory_warn(inv, path, 0,
						  "rpm database page %" PRIu32
						  " skipped: %s", pg, why) < 0)
				return sg_error_set(err, SG_ENOMEM, path, 0, 0,
						    "out of memory");
		}
	}
	return 0;
}
