/*
 * size.c: the "minimal images" figures -- image size, layer size, and
 * wasted bytes (dive's figure: written by one layer, then deleted or
 * overwritten by a later one, so shipped but invisible).  Thresholds come
 * from the policy's `image` section; 0 turns a check off.
 */
#include "util/compat.h"

#include "image/rules.h"

static void human(uint64_t b, char *out, size_t size)
{
	if (b >= ((uint64_t)1 << 30))
		snprintf(out, size, "%.1f GiB", (double)b / (1 << 30));
	else if (b >= ((uint64_t)1 << 20))
		snprintf(out, size, "%.1f MiB", (double)b / (1 << 20));
	else
		snprintf(out, size, "%.1f KiB", (double)b / 1024);
}

static void check_too_large(struct img_ctx *c, const struct img_rule *r)
{
	uint64_t max = c->stage->policy->image.max_size;
	char have[32], lim[32];

	if (!max || c->img->size <= max)
		return;
	human(c->img->size, have, sizeof(have));
	human(max, lim, sizeof(lim));
	img_report(c, r, UINT32_MAX, "size", "image size",
		   "image is %s uncompressed (%llu bytes), above max-size %s",
		   have, (unsigned long long)c->img->size, lim);
}

const struct img_rule img_rule_too_large = {
	.meta = {
		.id = "SGI033",
		.name = "image-too-large",
		.title = "The image is larger than the policy allows",
		.help = "Every byte is pulled on every node that runs the image "
			"and scanned on every build; large images are slow to "
			"deploy and carry more software to patch. The limit is "
			"`image.max-size` (uncompressed bytes, e.g. `500MiB`).\n\n"
			"Fix: use a slim or distroless base, a multi-stage build "
			"that copies only the artefacts, and clean package caches "
			"in the step that creates them.",
		.stage = SG_STAGE_IMAGE,
		.practice = SG_PRACTICE_MINIMAL_IMAGE,
		.severity = SG_SEVERITY_MEDIUM,
	},
	.check = check_too_large,
};

static void check_layer_too_large(struct img_ctx *c, const struct img_rule *r)
{
	uint64_t max = c->stage->policy->image.max_layer_size;
	size_t i;

	if (!max)
		return;
	for (i = 0; i < c->img->layers.n; i++) {
		const struct img_layer *L = &c->img->layers.v[i];
		char have[32], lim[32], obj[32];

		if (L->size <= max)
			continue;
		human(L->size, have, sizeof(have));
		human(max, lim, sizeof(lim));
		snprintf(obj, sizeof(obj), "layer %zu", i + 1);
		img_report(c, r, (uint32_t)i, obj, "layer size",
			   "layer %zu is %s uncompressed (%llu bytes), above "
			   "max-layer-size %s", i + 1, have,
			   (unsigned long long)L->size, lim);
	}
}

const struct img_rule img_rule_layer_too_large = {
	.meta = {
		.id = "SGI034",
		.name = "layer-too-large",
		.title = "A layer is larger than the policy allows",
		.help = "One huge layer usually means a whole build context, a "
			"toolchain or a cache went into the image. The limit is "
			"`image.max-layer-size`.\n\n"
			"Fix: see which step made the layer (the finding names "
			"it) and copy only what runs.",
		.stage = SG_STAGE_IMAGE,
		.practice = SG_PRACTICE_MINIMAL_IMAGE,
		.severity = SG_SEVERITY_LOW,
	},
	.check = check_layer_too_large,
};

static void check_waste(struct img_ctx *c, const struct img_rule *r)
{
	double max = c->stage->policy->image.max_waste_ratio;
	const struct img_image *img = c->img;
	double ratio;
	char have[32];
	size_t i, worst = 0;

	if (max <= 0 || img->size == 0)
		return;
	ratio = (double)img->waste / (double)img->size;
	if (ratio <= max)
		return;
	for (i = 1; i < img->layers.n; i++)
		if (img->layers.v[i].waste > img->layers.v[worst].waste)
			worst = i;
	human(img->waste, have, sizeof(have));
	img_report(c, r, (uint32_t)worst, "size", "wasted space",
		   "%s (%.1f%% of the image) was written by one layer and "
		   "deleted or replaced by a later one; layer %zu hides the "
		   "most (%llu bytes); max-waste-ratio is %.1f%%", have,
		   ratio * 100.0, worst + 1,
		   (unsigned long long)img->layers.v[worst].waste, max * 100.0);
}

const struct img_rule img_rule_waste = {
	.meta = {
		.id = "SGI035",
		.name = "wasted-space",
		.title = "Much of the image is files that later layers delete",
		.help = "Deleting a file in a later layer hides it but does not "
			"remove it: the earlier layer still ships the bytes "
			"(dive's \"wasted space\"). The typical cause is cleanup "
			"in a separate `RUN` (`RUN apt-get update` ... `RUN rm -rf "
			"/var/lib/apt/lists/*`). The limit is "
			"`image.max-waste-ratio` (0..1 of the uncompressed "
			"size).\n\n"
			"Fix: create and delete temporary files in the same "
			"`RUN`, or use a multi-stage build.",
		.stage = SG_STAGE_IMAGE,
		.practice = SG_PRACTICE_MINIMAL_IMAGE,
		.severity = SG_SEVERITY_LOW,
	},
	.check = check_waste,
};
