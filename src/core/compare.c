/*
 * compare.c: PR mode's new / unchanged / absent (see shipgate/compare.h).
 *
 * A finding's fingerprint includes its path, so the base set's fingerprints
 * are recomputed with renamed paths replaced by their head paths before
 * matching; everything else about identity stays as finalize defines it.
 */
#include "util/compat.h"
#include "shipgate/compare.h"

#include "util/strmap.h"

struct rename_map {
	const sg_rename *v;     /* sorted by base_path */
	size_t n;
};

static int cmp_base_path(const void *a, const void *b)
{
	return strcmp(((const sg_rename *)a)->base_path,
		      ((const sg_rename *)b)->base_path);
}

static const char *map_path(const char *path, void *payload)
{
	const struct rename_map *m = payload;
	size_t lo = 0, hi = m->n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strcmp(m->v[mid].base_path, path);

		if (c == 0)
			return m->v[mid].head_path;
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

int sg_findings_compare(sg_findings *head, sg_findings *base,
			const sg_rename *renames, size_t nrenames)
{
	struct sg_strmap seen = SG_STRMAP_INIT;     /* mapped base fp -> index+1 */
	struct rename_map map = { NULL, 0 };
	sg_rename *sorted = NULL;
	char (*fps)[65] = NULL;
	bool *matched = NULL;
	size_t i, nbase, nhead;
	int err = 0;

	if ((err = sg_findings_finalize(head)) < 0 ||
	    (err = sg_findings_finalize(base)) < 0)
		goto done;
	nbase = sg_findings_count(base);
	nhead = sg_findings_count(head);
	if (nrenames) {
		sorted = malloc(nrenames * sizeof(*sorted));
		if (!sorted)
			goto oom;
		memcpy(sorted, renames, nrenames * sizeof(*sorted));
		qsort(sorted, nrenames, sizeof(*sorted), cmp_base_path);
		map.v = sorted;
		map.n = nrenames;
	}
	fps = calloc(nbase ? nbase : 1, sizeof(*fps));
	matched = calloc(nbase ? nbase : 1, sizeof(*matched));
	if (!fps || !matched)
		goto oom;
	if ((err = sg_findings_fingerprints_mapped(base, map_path, &map,
						   fps)) < 0)
		goto done;
	for (i = 0; i < nbase; i++) {
		const sg_finding *b = sg_findings_at(base, i);

		/* a base run in PR mode may carry its own absent findings */
		if (b->baseline == SG_BASELINE_ABSENT)
			continue;
		if (sg_strmap_put(&seen, fps[i], (void *)(uintptr_t)(i + 1),
				  NULL) < 0)
			goto oom;
	}
	for (i = 0; i < nhead; i++) {
		sg_finding *f = sg_findings_at(head, i);
		uintptr_t at;

		if (f->baseline == SG_BASELINE_ABSENT)
			continue;
		at = (uintptr_t)sg_strmap_get(&seen, f->fingerprint);
		/* a suppressed finding accepted only itself: it never vouches
		 * for an unsuppressed one (their identities differ anyway, see
		 * sg_findings_finalize(); this holds whatever the hash says) */
		if (at && sg_findings_at(base, at - 1)->inline_suppression &&
		    !f->inline_suppression)
			at = 0;
		f->baseline = at ? SG_BASELINE_UNCHANGED : SG_BASELINE_NEW;
		if (at)
			matched[at - 1] = true;
	}
	for (i = 0; i < nbase; i++) {
		const sg_finding *b = sg_findings_at(base, i);
		sg_finding *f;

		if (matched[i] || b->baseline == SG_BASELINE_ABSENT)
			continue;
		if (!(f = sg_findings_add_copy(head, b)))
			goto oom;
		f->baseline = SG_BASELINE_ABSENT;
		f->verdict = SG_VERDICT_ABSENT;
		f->why = NULL;
		f->expires = NULL;
	}
	goto done;
oom:
	err = SG_ENOMEM;
done:
	sg_strmap_release(&seen);
	free(sorted);
	free(fps);
	free(matched);
	return err;
}
