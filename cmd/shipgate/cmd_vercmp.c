/*
 * cmd_vercmp.c: `shipgate vercmp ECOSYSTEM A B` prints '<', '=' or '>', so a
 * user can see why a package matched an advisory; `--batch` compares
 * "A B" lines from stdin (one verdict per line, "invalid" for a pair the
 * scheme rejects), which is what the oracle scripts in tests/oracle/ use.
 */
#include <stdio.h>
#include <string.h>

#include <shipgate/version.h>

#include "cmd.h"
#include "opt.h"

/* Two versions of at most 1024 bytes, separators and the newline. */
#define LINE_MAX_BYTES 2200

static const char *verdict(int cmp)
{
	return cmp < 0 ? "<" : cmp > 0 ? ">" : "=";
}

static bool is_space(int c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

/* Split line into two whitespace-separated fields; false otherwise. */
static bool two_fields(char *line, char **a, char **b)
{
	char *p = line;

	while (is_space((unsigned char)*p))
		p++;
	*a = p;
	while (*p && !is_space((unsigned char)*p))
		p++;
	if (!*p)
		return false;
	*p++ = '\0';
	while (is_space((unsigned char)*p))
		p++;
	*b = p;
	while (*p && !is_space((unsigned char)*p))
		p++;
	if (*p)
		*p++ = '\0';
	while (is_space((unsigned char)*p))
		p++;
	return **a && **b && !*p;
}

static int batch(const char *ecosystem)
{
	char line[LINE_MAX_BYTES];
	unsigned long n = 0;
	sg_error err;

	while (fgets(line, sizeof(line), stdin)) {
		char *a, *b;
		size_t len = strlen(line);
		int cmp;

		n++;
		if (len == sizeof(line) - 1 && line[len - 1] != '\n') {
			fprintf(stderr, "shipgate: stdin:%lu: line longer than "
				"%d bytes\n", n, LINE_MAX_BYTES - 2);
			return SG_EXIT_USAGE;
		}
		if (!two_fields(line, &a, &b)) {
			fprintf(stderr, "shipgate: stdin:%lu: expected two "
				"versions separated by a space\n", n);
			return SG_EXIT_USAGE;
		}
		sg_error_clear(&err);
		if (sg_version_compare(ecosystem, a, b, &cmp, &err) < 0) {
			if (err.code != SG_EINVALID)
				return cmd_fail(&err, SG_EXIT_USAGE);
			puts("invalid");
		} else {
			puts(verdict(cmp));
		}
	}
	if (ferror(stdin) || fflush(stdout)) {
		fprintf(stderr, "shipgate: vercmp: i/o error\n");
		return SG_EXIT_INTERNAL;
	}
	return SG_EXIT_PASS;
}

int cmd_vercmp(int argc, char **argv)
{
	bool use_batch = false;
	const struct opt_spec specs[] = {
		{ "batch", 0, OPT_FLAG, NULL,
		  "compare \"A B\" lines from stdin: one of < = > invalid "
		  "per line", &use_batch },
	};
	const struct opt_cmd cmd = {
		"vercmp", "ECOSYSTEM A B | ECOSYSTEM --batch",
		"Compare two package versions the way the ecosystem's own tool "
		"does and print <, = or >.",
		"ECOSYSTEM is an OSV ecosystem (Debian, Ubuntu, Alpine, "
		"Red Hat, Rocky Linux, SUSE, npm, Go, crates.io, PyPI, ...; a "
		"release suffix such as Debian:12 is ignored) or a scheme name: "
		"deb, apk, rpm, semver, pep440.  An invalid version exits 2 "
		"with an error.  Put versions that start with '-' after --.",
		specs, sizeof(specs) / sizeof(specs[0]),
	};
	struct opt_list pos = { 0 };
	sg_error err;
	int rc = opt_parse(&cmd, argc, argv, &pos), cmp;

	if (rc == 0 && pos.n != (use_batch ? 1u : 3u)) {
		fprintf(stderr, "shipgate vercmp: expected %s\n",
			use_batch ? "ECOSYSTEM" : "ECOSYSTEM A B");
		rc = 2;
	}
	if (rc == 0 && !sg_version_scheme(pos.v[0])) {
		fprintf(stderr, "shipgate: no version comparator for "
			"ecosystem '%s'\n", pos.v[0]);
		rc = 2;
	}
	if (rc) {
		opt_list_release(&pos);
		return rc == 1 ? SG_EXIT_PASS : SG_EXIT_USAGE;
	}
	if (use_batch) {
		rc = batch(pos.v[0]);
	} else {
		sg_error_clear(&err);
		if (sg_version_compare(pos.v[0], pos.v[1], pos.v[2], &cmp,
				       &err) < 0) {
			rc = cmd_fail(&err, SG_EXIT_USAGE);
		} else {
			puts(verdict(cmp));
			rc = SG_EXIT_PASS;
		}
	}
	opt_list_release(&pos);
	return rc;
}
