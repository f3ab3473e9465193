/*
 * stage.c: stages, aliases, COPY --from and ONBUILD (reference section B).
 */
#include "util/compat.h"
#include "dockerfile/rules/rules.h"

enum {
	R_DUP, R_RESERVED, R_CASING, R_AS_CASING, R_SELF, R_UNDEFINED,
	R_INDEX, R_ROOT, R_ONBUILD,
};

static bool has_as(const struct df_instr *in)
{
	return in->nargs == 3 && !sg_strcasecmp(in->args[1].raw, "as");
}

static void dup(struct df_ctx *c, const struct df_instr *in, void *s)
{
	uint32_t i;
	const struct df_stage *st = c->stage;

	if (!st || !st->name || !has_as(in))
		return;
	for (i = 0; i < st->index; i++)
		if (c->file->stages[i].name &&
		    !strcmp(c->file->stages[i].name, st->name)) {
			df_report(c, in, in->args[2].off, in->args[2].len,
				  "stage name '%s' is already used by stage %u "
				  "(line %u)", in->args[2].raw, i,
				  c->file->stages[i].from->span.line);
			return;
		}
}

static void reserved(struct df_ctx *c, const struct df_instr *in, void *s)
{
	const struct df_stage *st = c->stage;

	if (!st || !st->name || !has_as(in))
		return;
	if (!strcmp(st->name, "scratch") || !strcmp(st->name, "context"))
		df_report(c, in, in->args[2].off, in->args[2].len,
			  "'%s' is reserved and cannot name a stage",
			  in->args[2].raw);
}

static void casing(struct df_ctx *c, const struct df_instr *in, void *s)
{
	const char *p;

	if (!has_as(in))
		return;
	for (p = in->args[2].raw; *p; p++)
		if (*p >= 'A' && *p <= 'Z') {
			df_report(c, in, in->args[2].off, in->args[2].len,
				  "stage name '%s' should be lowercase",
				  in->args[2].raw);
			return;
		}
}

static bool upper_word(const char *s)
{
	for (; *s; s++)
		if (*s >= 'a' && *s <= 'z')
			return false;
	return true;
}

static bool lower_word(const char *s)
{
	for (; *s; s++)
		if (*s >= 'A' && *s <= 'Z')
			return false;
	return true;
}

static void as_casing(struct df_ctx *c, const struct df_instr *in, void *s)
{
	const char *as;

	if (!has_as(in))
		return;
	as = in->args[1].raw;
	if ((upper_word(in->keyword) && !upper_word(as)) ||
	    (lower_word(in->keyword) && !lower_word(as)))
		df_report(c, in, in->args[1].off, in->args[1].len,
			  "'%s' and '%s' keywords' casing do not match",
			  as, in->keyword);
}

static const struct df_flag *copy_from(const struct df_instr *in)
{
	const struct df_flag *fl = df_instr_flag(in, "from");

	if (!fl || !fl->has_value || fl->val.unresolved || !*fl->val.value)
		return NULL;
	return fl;
}

static void self(struct df_ctx *c, const struct df_instr *in, void *s)
{
	const struct df_flag *fl = copy_from(in);
	uint64_t n;
	const char *v;

	if (!fl || !c->stage)
		return;
	v = fl->val.value;
	if ((c->stage->name && !sg_strcasecmp(v, c->stage->name)) ||
	    (sg_parse_u64(v, strlen(v), &n) == 0 && n == c->stage->index))
		df_report(c, in, fl->off, fl->len,
			  "COPY --from=%s refers to the stage it is in", v);
}

static void undefined(struct df_ctx *c, const struct df_instr *in, void *s)
{
	const struct df_flag *fl = copy_from(in);
	const char *v;
	uint64_t n;
	uint32_t i;

	if (!fl || !c->stage)
		return;
	v = fl->val.value;
	if (strchr(v, ':') || strchr(v, '/') || strchr(v, '@'))
		return;  /* an image reference */
	if (sg_parse_u64(v, strlen(v), &n) == 0) {
		if (n >= c->stage->index && n != c->stage->index)
			df_report(c, in, fl->off, fl->len,
				  "COPY --from=%s: there is no earlier stage %s",
				  v, v);
		return;
	}
	if (df_stage_lookup(c->file, v, c->stage->index) ||
	    (c->stage->name && !sg_strcasecmp(v, c->stage->name)))
		return;
	for (i = c->stage->index + 1; i < c->file->nstages; i++)
		if (c->file->stages[i].name &&
		    !sg_strcasecmp(c->file->stages[i].name, v)) {
			df_report(c, in, fl->off, fl->len,
				  "COPY --from=%s refers to a stage defined later",
				  v);
			return;
		}
	df_report(c, in, fl->off, fl->len,
		  "COPY --from=%s names no stage of this file; unless the build "
		  "passes --build-context %s=..., it pulls the image '%s:latest'",
		  v, v, v);
}

static void by_index(struct df_ctx *c, const struct df_instr *in, void *s)
{
	const struct df_flag *fl = copy_from(in);
	uint64_t n;

	if (fl && sg_parse_u64(fl->val.value, strlen(fl->val.value), &n) == 0)
		df_report(c, in, fl->off, fl->len,
			  "COPY --from=%s refers to a stage by number; name the "
			  "stage with AS and use the name", fl->val.value);
}

static void root(struct df_ctx *c, const struct df_instr *in, void *s)
{
	const struct df_flag *fl = copy_from(in);
	uint32_t i;
	const struct df_stage *src;

	if (!fl || in->nargs < 2 || !c->stage)
		return;
	/* only stages of this file that do work: `FROM image AS x` with no
	 * instructions is an alias for an image built to be copied whole
	 * (tonistiigi/xx, binary-only images); external images likewise */
	src = df_stage_lookup(c->file, fl->val.value, c->stage->index);
	if (!src || src->last == src->first)
		return;
	for (i = 0; i + 1 < in->nargs; i++) {
		const struct df_word *w = &in->args[i];

		if (!w->unresolved && (!strcmp(w->value, "/") ||
				       !strcmp(w->value, "/.")))
			df_report(c, in, w->off, w->len,
				  "COPY --from=%s / copies the stage's entire "
				  "filesystem", fl->val.value);
	}
}

static void onbuild(struct df_ctx *c, const struct df_instr *in, void *s)
{
	const struct df_instr *t = in->onbuild;
	uint32_t off = in->args_off;

	if (!t || (t->kind != DF_ONBUILD && t->kind != DF_FROM &&
		   t->kind != DF_MAINTAINER))
		return;
	df_report(c, in, off, (uint32_t)strlen(t->keyword),
		  "%s isn't allowed as an ONBUILD trigger", df_kind_name(t->kind));
}

static const struct df_rule rules[] = {
	[R_DUP] = {
		DF_META(.id = "SGD030", .name = "duplicate-stage-name",
			.title = "Two stages share a name",
			.help = "`FROM ... AS name` must be unique (case-"
				"insensitively); BuildKit rejects duplicates and "
				"older builders silently used the last one.\n\n"
				"Fix:\n\n```dockerfile\nFROM node:20 AS deps\nFROM "
				"node:20 AS build\n```",
			.aliases = SG_ALIASES("DL3024", "DuplicateStageName",
					      "DS-0012", "CKV_DOCKER_11",
					      "Same Alias In Different Froms",
					      "alias-must-be-unique"),
			.practice = SG_PRACTICE_PATCHING,
			.severity = SG_SEVERITY_HIGH),
		.on = DF_ON(DF_FROM), .check = dup,
	},
	[R_RESERVED] = {
		DF_META(.id = "SGD031", .name = "reserved-stage-name",
			.title = "Stage name is a reserved word",
			.help = "`scratch` and `context` have a meaning in `FROM` "
				"and `COPY --from`; a stage called that way is "
				"ambiguous and rejected.\n\n"
				"Fix:\n\n```dockerfile\nFROM alpine:3.20 AS base\n```",
			.aliases = SG_ALIASES("DL3063", "ReservedStageName"),
			.practice = SG_PRACTICE_PATCHING,
			.severity = SG_SEVERITY_MEDIUM),
		.on = DF_ON(DF_FROM), .check = reserved,
	},
	[R_CASING] = {
		DF_META(.id = "SGD032", .name = "stage-name-casing",
			.title = "Stage name is not lowercase",
			.help = "Stage names are compared case-insensitively and "
				"shown lowercased; writing them in lowercase keeps "
				"`--target` and `COPY --from` consistent.\n\n"
				"Fix:\n\n```dockerfile\nFROM golang:1.22 AS build\n```",
			.aliases = SG_ALIASES("StageNameCasing"),
			.practice = SG_PRACTICE_PATCHING,
			.severity = SG_SEVERITY_INFO),
		.on = DF_ON(DF_FROM), .check = casing,
	},
	[R_AS_CASING] = {
		DF_META(.id = "SGD033", .name = "from-as-casing",
			.title = "`AS` casing differs from `FROM` casing",
			.help = "`FROM image as name` mixes casings within one "
				"instruction.\n\n"
				"Fix:\n\n```dockerfile\nFROM golang:1.22 AS build\n```",
			.aliases = SG_ALIASES("FromAsCasing"),
			.practice = SG_PRACTICE_PATCHING,
			.severity = SG_SEVERITY_INFO),
		.on = DF_ON(DF_FROM), .check = as_casing,
	},
	[R_SELF] = {
		DF_META(.id = "SGD034", .name = "copy-from-own-stage",
			.title = "COPY --from refers to its own stage",
			.help = "A stage cannot copy from itself; BuildKit fails "
				"with a dependency cycle.\n\n"
				"Fix: copy from the stage that produced the files.\n\n"
				"```dockerfile\nFROM golang:1.22 AS build\nRUN go build "
				"-o /app\nFROM alpine:3.20\nCOPY --from=build /app "
				"/app\n```",
			.aliases = SG_ALIASES("DL3023", "DS-0006",
					      "COPY '--from' References Current FROM Alias",
					      "copy-from-own-alias"),
			.practice = SG_PRACTICE_PATCHING,
			.severity = SG_SEVERITY_HIGH),
		.on = DF_ON(DF_COPY), .check = self,
	},
	[R_UNDEFINED] = {
		DF_META(.id = "SGD035", .name = "copy-from-undefined-stage",
			.title = "COPY --from names no earlier stage",
			.help = "A `--from` value that is not an earlier stage is "
				"pulled as an image (`--from=builder` becomes "
				"`docker.io/library/builder:latest`) unless the build "
				"passes a named context (`--build-context builder=...`): "
				"usually a typo or a stage defined later. Values with "
				"`:` or `/` are image references and are not "
				"reported.\n\n"
				"Fix:\n\n```dockerfile\nFROM golang:1.22 AS builder\n"
				"FROM alpine:3.20\nCOPY --from=builder /out/app /app\n```",
			.aliases = SG_ALIASES("DL3022"),
			.practice = SG_PRACTICE_TRUSTED_BASE,
			.severity = SG_SEVERITY_LOW),
		.on = DF_ON(DF_COPY), .check = undefined,
	},
	[R_INDEX] = {
		DF_META(.id = "SGD036", .name = "copy-from-stage-index",
			.title = "COPY --from refers to a stage by number",
			.help = "`--from=0` breaks as soon as a stage is inserted "
				"above. Names survive edits.\n\n"
				"Fix:\n\n```dockerfile\nFROM golang:1.22 AS build\n"
				"FROM alpine:3.20\nCOPY --from=build /app /app\n```",
			.aliases = SG_ALIASES("Using Unnamed Build Stages"),
			.practice = SG_PRACTICE_PATCHING,
			.severity = SG_SEVERITY_LOW),
		.on = DF_ON(DF_COPY), .check = by_index,
	},
	[R_ROOT] = {
		DF_META(.id = "SGD037", .name = "copy-from-entire-filesystem",
			.title = "COPY --from copies a stage's whole filesystem",
			.help = "`COPY --from=build / /` drags the builder's "
				"compilers, caches and package databases into the "
				"image, defeating the multi-stage build. Stages that "
				"only name an image (`FROM tonistiigi/xx AS xx`) and "
				"external images are made to be copied whole and are "
				"not reported.\n\n"
				"Fix: copy only the artefacts.\n\n"
				"```dockerfile\nCOPY --from=build /out/app /usr/local/"
				"bin/app\n```",
			.aliases = SG_ALIASES("DL3067"),
			.practice = SG_PRACTICE_MINIMAL_IMAGE,
			.severity = SG_SEVERITY_LOW),
		.on = DF_ON(DF_COPY), .check = root,
	},
	[R_ONBUILD] = {
		DF_META(.id = "SGD038", .name = "onbuild-invalid-trigger",
			.title = "ONBUILD trigger is ONBUILD, FROM or MAINTAINER",
			.help = "These instructions cannot run as triggers; "
				"BuildKit rejects them.\n\n"
				"Fix:\n\n```dockerfile\nONBUILD COPY . /src\n```",
			.aliases = SG_ALIASES("DL3043"),
			.practice = SG_PRACTICE_PATCHING,
			.severity = SG_SEVERITY_HIGH),
		.on = DF_ON(DF_ONBUILD), .check = onbuild,
	},
};

const struct sg_rule_table df_rules_stage = SG_RULE_TABLE(rules);
