/* key.c: identity key pieces (see key.h). */
#include "util/compat.h"
#include "core/key.h"

static const char sep[] = " ... sha256:";

static bool is_blank(char c)
{
	/* what sg_findings_add() collapses: sg_isspace() */
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' ||
	       c == '\v';
}

/* Normalised bytes in: into `out` up to the bound, past it into the digest
 * (which first takes what `out` already holds of the piece). */
static void emit(struct sg_key_piece *k, const char *p, size_t m)
{
	size_t keep;

	if (k->err)
		return;
	if (!k->sha.ctx && k->n + m <= SG_KEY_PIECE_MAX) {
		k->err = sg_buf_put(k->out, p, m);
		k->n += m;
		return;
	}
	if (!k->sha.ctx) {
		keep = SG_KEY_PIECE_MAX - k->n;
		if ((k->err = sg_buf_put(k->out, p, keep)) < 0 ||
		    (k->err = sg_sha256_init(&k->sha)) < 0 ||
		    (k->err = sg_sha256_update(&k->sha, k->out->ptr + k->start,
					       SG_KEY_PIECE_MAX)) < 0)
			return;
		p += keep;
		m -= keep;
		k->n += keep;
	}
	k->err = sg_sha256_update(&k->sha, p, m);
	k->n += m;
}

void sg_key_begin(struct sg_key_piece *k, struct sg_buf *out)
{
	memset(k, 0, sizeof(*k));
	k->out = out;
	k->start = out->len;
	k->err = sg_buf_error(out);
}

void sg_key_feed(struct sg_key_piece *k, const char *s, size_t len)
{
	const char *end = s + len, *run;

	/* the common case, a piece that stays within the bound: normalised
	 * straight into the buffer, grown once (at most one byte more than
	 * it takes: the space a blank left by the last feed becomes) */
	if (!k->err && !k->sha.ctx && k->n + len + 1 <= SG_KEY_PIECE_MAX) {
		char *d0, *d;

		if ((k->err = sg_buf_grow(k->out, len + 1)) < 0)
			return;
		d0 = d = k->out->ptr + k->out->len;
		for (; s < end; s++) {
			if (is_blank(*s)) {
				k->blank = true;
				continue;
			}
			if (k->blank && (k->n || d > d0))
				*d++ = ' ';
			k->blank = false;
			*d++ = *s;
		}
		k->n += (size_t)(d - d0);
		k->out->len += (size_t)(d - d0);
		k->out->ptr[k->out->len] = '\0';
		return;
	}
	while (s < end && !k->err) {
		if (is_blank(*s)) {
			k->blank = true;
			s++;
			continue;
		}
		for (run = s; s < end && !is_blank(*s); s++)
			;
		if (k->blank && k->n)
			emit(k, " ", 1);
		k->blank = false;
		emit(k, run, (size_t)(s - run));
	}
}

/* Length of the first `n` bytes of `s` without a UTF-8 sequence cut short
 * at their end. */
static size_t utf8_cut(const unsigned char *s, size_t n)
{
	size_t i = n, need;
	unsigned char lead;

	while (i > 0 && n - i < 3 && (s[i - 1] & 0xC0) == 0x80)
		i--;
	if (i == 0)
		return n;
	lead = s[i - 1];
	need = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1;
	return i - 1 + need > n ? i - 1 : n;
}

int sg_key_end(struct sg_key_piece *k)
{
	unsigned char d[SG_SHA256_LEN];
	char hex[SG_SHA256_HEX];
	size_t cut;

	if (!k->sha.ctx)
		return k->err;
	if (!k->err && (k->err = sg_sha256_final(&k->sha, d)) == 0) {
		cut = utf8_cut((const unsigned char *)k->out->ptr + k->start,
			       SG_KEY_PIECE_MAX);
		while (cut && k->out->ptr[k->start + cut - 1] == ' ')
			cut--;
		sg_buf_truncate(k->out, k->start + cut);
		sg_hex(d, sizeof(d), hex);
		if (sg_buf_puts(k->out, sep) == 0)
			sg_buf_puts(k->out, hex);
		k->err = sg_buf_error(k->out);
	}
	sg_sha256_release(&k->sha);
	return k->err;
}

int sg_key_put(struct sg_buf *out, const char *s, size_t len)
{
	struct sg_key_piece k;

	sg_key_begin(&k, out);
	sg_key_feed(&k, s, len);
	return sg_key_end(&k);
}
