/*
 * syntax.c: what BuildKit itself rejects or warns about while parsing
 * (reference sections P and Q).  The parser finds the problems; these rules
 * are their descriptors, plus the casing, continuation and pragma checks.
 */
#include "util/compat.h"
#include "dockerfile/rules/rules.h"

enum {
	R_SYNTAX, R_ARGS, R_SHELL_FORM, R_STAGE_NAME, R_HEREDOC,
	R_HEALTHCHECK, R_FLAG, R_LIMIT, R_EMPTY_CONT, R_NUL, R_CASING, R_PRAGMA,
};

struct casing_state {
	uint32_t upper, lower;
};

static bool all_case(const char *s, bool upper)
{
	for (; *s; s++)
		if (sg_isalpha((unsigned char)*s) &&
		    (upper ? (*s >= 'a' && *s <= 'z') : (*s >= 'A' && *s <= 'Z')))
			return false;
	return true;
}

static void casing_count(struct df_ctx *c, const struct df_instr *in, void *st)
{
	struct casing_state *s = st;

	if (all_case(in->keyword, true))
		s->upper++;
	else if (all_case(in->keyword, false))
		s->lower++;
}

/* BuildKit's ConsistentInstructionCasing: the majority casing wins;
 * mixed-case keywords are always reported. */
static void casing_finish(struct df_ctx *c, void *st)
{
	struct casing_state *s = st;
	bool want_upper = s->upper >= s->lower;
	uint32_t i;

	for (i = 0; i < c->file->ninstrs; i++) {
		const struct df_instr *in = &c->file->instrs[i];
		const char *kw = in->keyword;

		if (in->kind == DF_UNKNOWN || all_case(kw, want_upper))
			continue;
		c->stage = df_instr_stage(c->file, in);
		df_report(c, in, 0, (uint32_t)strlen(kw),
			  "instruction '%s' should be %s like the rest of the "
			  "file", kw, want_upper ? "uppercase" : "lowercase");
	}
}

static bool is_pragma(const char *t)
{
	static const char *const p[] = {
		"shipgate ignore=", "shipgate global ignore=",
		"shipgate stage ignore=", "hadolint ignore=",
		"hadolint global ignore=", "hadolint stage ignore=",
		"trivy:ignore:", "kics-scan ignore", "checkov:skip=",
	};
	size_t i;

	for (i = 0; i < SG_ARRAY_SIZE(p); i++)
		if (sg_startswith(t, p[i]))
			return true;
	return false;
}

static void pragma_finish(struct df_ctx *c, void *st)
{
	uint32_t i;

	for (i = 0; i < c->file->ncomments; i++) {
		const struct df_comment *cm = &c->file->comments[i];
		struct df_span sp = { cm->line, 1, cm->line, 0 };
		struct sg_buf key = SG_BUF_INIT(DF_MAX_LINE + 8);

		if (!is_pragma(cm->text))
			continue;
		/* the whole comment: the key bounds it */
		sg_buf_printf(&key, "# %s", cm->text);
		df_report_span(c, NULL, sp, sg_buf_cstr(&key), key.len,
			       "inline suppression: # %.200s", cm->text);
		sg_buf_release(&key);
	}
}

static const struct df_rule rules[] = {
	[R_SYNTAX] = {
		DF_META(.id = "SGD001", .name = "dockerfile-syntax-error",
			.title = "Line BuildKit cannot parse (unknown instruction, "
				 "bad directive or substitution)",
			.help = "BuildKit refuses to build a Dockerfile with an "
				"unknown instruction, a malformed parser directive or "
				"a bad `${...}` substitution, so nothing after the "
				"error runs. Template placeholders (`{{ }}`, `{% %}`) "
				"in a file named like a Dockerfile end up here too.\n\n"
				"Fix: correct the line, or exclude generated templates "
				"from the scan.\n\n"
				"```dockerfile\n# wrong\nFORM alpine:3.20\n# right\n"
				"FROM alpine:3.20\n```",
			.aliases = SG_ALIASES("DL1000", "invalid_command",
					      "invalid_line"),
			.practice = SG_PRACTICE_PATCHING,
			.severity = SG_SEVERITY_HIGH),
	},
	[R_ARGS] = {
		DF_META(.id = "SGD002", .name = "instruction-arguments",
			.title = "Instruction has missing or extra arguments",
			.help = "Every instruction has a fixed shape: `FROM image "
				"[AS name]`, `COPY src... dest`, `ENV key=value`. "
				"BuildKit stops at an instruction with too few or too "
				"many arguments.\n\n"
				"Fix: give the instruction the arguments it needs.\n\n"
				"```dockerfile\n# wrong\nCOPY app.py\nENV DEBUG\n"
				"# right\nCOPY app.py /srv/\nENV DEBUG=1\n```",
			.aliases = SG_ALIASES("required_params", "missing_args",
					      "extra_args", "invalid_format"),
			.practice = SG_PRACTICE_PATCHING,
			.severity = SG_SEVERITY_HIGH),
	},
	[R_SHELL_FORM] = {
		DF_META(.id = "SGD003", .name = "shell-not-json",
			.title = "SHELL is not written in JSON (exec) form",
			.help = "`SHELL` only accepts a JSON array; BuildKit "
				"rejects any other form.\n\n"
				"Fix:\n\n```dockerfile\n# wrong\nSHELL /bin/bash -c\n"
				"# right\nSHELL [\"/bin/bash\", \"-o\", \"pipefail\", "
				"\"-c\"]\n```",
			.aliases = SG_ALIASES("invalid_format"),
			.practice = SG_PRACTICE_PATCHING,
			.severity = SG_SEVERITY_HIGH),
	},
	[R_STAGE_NAME] = {
		DF_META(.id = "SGD004", .name = "invalid-stage-name",
			.title = "Build stage name is invalid",
			.help = "A stage name must start with a letter and contain "
				"only letters, digits, `-`, `_` and `.`; BuildKit "
				"rejects anything else.\n\n"
				"Fix:\n\n```dockerfile\n# wrong\nFROM golang:1.22 AS "
				"1build\n# right\nFROM golang:1.22 AS build1\n```",
			.practice = SG_PRACTICE_PATCHING,
			.severity = SG_SEVERITY_HIGH),
	},
	[R_HEREDOC] = {
		DF_META(.id = "SGD005", .name = "heredoc-invalid",
			.title = "Heredoc is unterminated or used in JSON form",
			.help = "A heredoc (`<<EOF`) runs until a line holding "
				"only its delimiter; without one BuildKit fails, and "
				"heredocs do not exist in the JSON form.\n\n"
				"Fix: end the body with the delimiter on its own "
				"line (with `<<-EOF` leading tabs are allowed).\n\n"
				"```dockerfile\nRUN <<EOF\nset -e\napt-get update\nEOF\n```",
			.practice = SG_PRACTICE_PATCHING,
			.severity = SG_SEVERITY_HIGH),
	},
	[R_HEALTHCHECK] = {
		DF_META(.id = "SGD006", .name = "healthcheck-invalid",
			.title = "HEALTHCHECK has an invalid option or form",
			.help = "BuildKit rejects `HEALTHCHECK NONE` with arguments, "
				"a type other than `CMD`, a duration below 1ms or a "
				"negative `--retries`.\n\n"
				"Fix:\n\n```dockerfile\nHEALTHCHECK --interval=30s "
				"--timeout=3s --retries=3 CMD [\"/app/healthz\"]\n```",
			.aliases = SG_ALIASES("healthcheck_options_missing_args",
					      "invalid_format"),
			.practice = SG_PRACTICE_LOGGING,
			.severity = SG_SEVERITY_MEDIUM),
	},
	[R_FLAG] = {
		DF_META(.id = "SGD007", .name = "invalid-flag",
			.title = "Unknown instruction flag or invalid flag value",
			.help = "Each instruction accepts its own flags (`COPY "
				"--from --chown --chmod --link --parents --exclude`, "
				"`RUN --mount --network --security --device`, ...). "
				"An unknown flag, a flag without its value or an "
				"unsupported value fails the build.\n\n"
				"Fix:\n\n```dockerfile\n# wrong\nCOPY --owner=app a /b\n"
				"# right\nCOPY --chown=app a /b\n```",
			.practice = SG_PRACTICE_PATCHING,
			.severity = SG_SEVERITY_HIGH),
	},
	[R_LIMIT] = {
		DF_META(.id = "SGD008", .name = "dockerfile-too-complex",
			.title = "Dockerfile exceeds a parser limit; the rest was "
				 "not analysed",
			.help = "To stay fast and safe on hostile input the parser "
				"has hard limits (64 KiB per line, 5000 continuation "
				"lines, 1 MiB per heredoc, 20000 instructions). Past "
				"one the rest of the file is not checked, so this "
				"finding means the file was only partly analysed.\n\n"
				"The shell model of a RUN has limits too (64 levels "
				"of nesting of subshells, substitutions and `sh -c` "
				"strings, 65536 words, 16384 commands, 8 scripts per "
				"RUN). A RUN past one is reported here and no RUN rule "
				"checks it: deep nesting cannot hide a command.\n\n"
				"Fix: split huge generated instructions, or move "
				"large inline data into files that are COPY'd.",
			.practice = SG_PRACTICE_VULN_SCANNING,
			.severity = SG_SEVERITY_HIGH,
			.flags = SG_RULE_PARSE_ERROR),
	},
	[R_EMPTY_CONT] = {
		DF_META(.id = "SGD010", .name = "empty-continuation-line",
			.title = "Empty line inside a line continuation",
			.help = "An empty line inside a `\\`-continued instruction "
				"is skipped today but deprecated by BuildKit, and it "
				"hides where an instruction really ends.\n\n"
				"Fix: delete the empty line, or end the instruction "
				"before it.\n\n"
				"```dockerfile\nRUN apt-get update && \\\n"
				"    apt-get install -y curl\n```",
			.aliases = SG_ALIASES("NoEmptyContinuation"),
			.practice = SG_PRACTICE_PATCHING,
			.severity = SG_SEVERITY_INFO),
	},
	[R_NUL] = {
		DF_META(.id = "SGD011", .name = "dockerfile-nul-byte",
			.title = "Dockerfile contains a NUL byte",
			.help = "A NUL byte has no place in a Dockerfile: BuildKit "
				"keeps it inside the word (`FROM alpine\\0:3.20` "
				"names no image it can pull), while tools built on C "
				"strings stop reading there and lint a different, "
				"shorter instruction. It usually means a binary or "
				"badly converted file (UTF-16, a stray editor "
				"buffer). The gate reads each NUL as a blank and "
				"cannot vouch for the result, so the file counts "
				"as not analysed.\n\n"
				"Fix: save the file as UTF-8 text without the NUL "
				"bytes.\n\n"
				"```sh\ntr -d '\\000' < Dockerfile > Dockerfile.new\n"
				"mv Dockerfile.new Dockerfile\n```",
			.practice = SG_PRACTICE_PATCHING,
			.severity = SG_SEVERITY_HIGH,
			.flags = SG_RULE_PARSE_ERROR),
	},
	[R_CASING] = {
		DF_META(.id = "SGD009", .name = "instruction-casing",
			.title = "Instruction keyword casing is inconsistent",
			.help = "Keywords are case-insensitive, but a file that "
				"mixes `RUN` and `run` (or writes `Run`) is harder to "
				"read and grep. BuildKit warns when a keyword differs "
				"from the file's majority casing.\n\n"
				"Fix: use one casing, conventionally uppercase.\n\n"
				"```dockerfile\nFROM alpine:3.20\nRUN echo ok\n```",
			.aliases = SG_ALIASES("ConsistentInstructionCasing",
					      "uppercase_commands"),
			.practice = SG_PRACTICE_PATCHING,
			.severity = SG_SEVERITY_INFO),
		.on = DF_ON_ALL,
		.check = casing_count,
		.finish = casing_finish,
		.state_size = sizeof(struct casing_state),
	},
	[R_PRAGMA] = {
		DF_META(.id = "SGD090", .name = "inline-suppression-present",
			.title = "Inline suppression comment present",
			.help = "Inline suppressions (`# shipgate ignore=`, `# "
				"hadolint ignore=`, `# trivy:ignore:`, `# kics-scan "
				"ignore-line`, ...) let a change silence the gate in "
				"the same commit. Teams that want every exception in "
				"the reviewed policy file turn this rule on.\n\n"
				"Fix: move the exception to the policy's `ignore:` "
				"list with a reason and an expiry date.\n\n"
				"```yaml\nignore:\n  - rule: SGD040\n    path: "
				"tools/Dockerfile\n    reason: needs root for "
				"iptables\n    expires: 2027-01-31\n```",
			.aliases = SG_ALIASES("DL1001"),
			.practice = SG_PRACTICE_VULN_SCANNING,
			.severity = SG_SEVERITY_INFO,
			.flags = SG_RULE_OFF_BY_DEFAULT),
		.finish = pragma_finish,
	},
};

const struct sg_rule_table df_rules_syntax = SG_RULE_TABLE(rules);

const sg_rule *df_problem_rule(enum df_problem_kind kind)
{
	static const int map[DF_P__COUNT] = {
		[DF_P_SYNTAX] = R_SYNTAX, [DF_P_ARGS] = R_ARGS,
		[DF_P_SHELL_FORM] = R_SHELL_FORM,
		[DF_P_STAGE_NAME] = R_STAGE_NAME, [DF_P_HEREDOC] = R_HEREDOC,
		[DF_P_HEALTHCHECK] = R_HEALTHCHECK, [DF_P_FLAG] = R_FLAG,
		[DF_P_LIMIT] = R_LIMIT, [DF_P_EMPTY_CONT] = R_EMPTY_CONT,
		[DF_P_NUL] = R_NUL,
	};

	if ((unsigned)kind >= DF_P__COUNT)
		return NULL;
	return &rules[map[kind]].meta;
}
