/*
 * cmd_db.c: `shipgate db import|info`: build and inspect the offline
 * vulnerability database.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <shipgate/vulndb.h>
#include "cmd.h"
#include "opt.h"

static void print_note(void *ctx, const char *path, const char *message)
{
	int *quiet = ctx;
	char line[4096];

	if (!*quiet) {
		/* the message quotes the record: ids and names are theirs */
		snprintf(line, sizeof(line), "%s: %s", path, message);
		fputs("shipgate db import: ", stderr);
		cmd_eputs(line);
	}
}

static int exit_for(const sg_error *err)
{
	switch (err->code) {
	case SG_EUSAGE:
		return SG_EXIT_USAGE;
	case SG_EINVALID:
	case SG_ELIMIT:
	case SG_ENOTFOUND:
		return SG_EXIT_INPUT;
	default:
		return SG_EXIT_INTERNAL;
	}
}

static int resolve_db(const char **db, char **owned, sg_error *err)
{
	*owned = NULL;
	if (*db)
		return 0;
	if (sg_vulndb_default_path(owned, err) < 0)
		return -1;
	*db = *owned;
	return 0;
}

static int db_import(int argc, char **argv)
{
	const char *db = NULL;
	bool quiet = false;
	const struct opt_spec specs[] = {
		{ "db", 0, OPT_VALUE, "FILE",
		  "database file (default $XDG_CACHE_HOME/shipgate/vuln.db)",
		  &db },
		{ "quiet", 'q', OPT_FLAG, NULL,
		  "do not list skipped files and records", &quiet },
	};
	const struct opt_cmd cmd = {
		"db import", "[--db FILE] [NAME=]SOURCE...",
		"Import advisory data into the offline vulnerability database.",
		"A SOURCE is a file, a directory (read recursively, in name "
		"order) or a zip archive of OSV JSON/YAML records, Alpine "
		"secdb JSON/YAML, Debian security-tracker JSON or Node.js "
		"security-wg advisories; the format is recognised from the "
		"content.  Each SOURCE replaces what an earlier import of the "
		"same NAME (default: its file name without extension) put "
		"there.  The database is rebuilt in a temporary file and "
		"renamed into place, so a failed import changes nothing.",
		specs, sizeof(specs) / sizeof(specs[0]),
	};
	struct opt_list pos = { 0 };
	sg_vulndb_import_stats st;
	sg_error err;
	char *owned = NULL;
	int q, rc = opt_parse(&cmd, argc, argv, &pos);

	if (rc == 0 && pos.n == 0) {
		fprintf(stderr, "shipgate db import: no SOURCE given\n");
		rc = 2;
	}
	if (rc) {
		opt_list_release(&pos);
		return rc == 1 ? SG_EXIT_PASS : SG_EXIT_USAGE;
	}
	sg_error_clear(&err);
	q = quiet;
	if (resolve_db(&db, &owned, &err) < 0) {
		rc = cmd_fail(&err, SG_EXIT_USAGE);
		goto done;
	}
	if (sg_vulndb_import(db, pos.v, pos.n, print_note, &q, &st,
			     &err) < 0) {
		rc = cmd_fail(&err, exit_for(&err));
		goto done;
	}
	printf("imported %zu source%s into %s: %zu records, %zu affected "
	       "packages, %zu document%s (%zu skipped) in %.2fs\n",
	       st.sources, st.sources == 1 ? "" : "s", db, st.records,
	       st.affected, st.files, st.files == 1 ? "" : "s", st.skipped,
	       st.seconds);
	rc = SG_EXIT_PASS;
done:
	free(owned);
	opt_list_release(&pos);
	return rc;
}

static int db_info(int argc, char **argv)
{
	const char *db = NULL;
	const struct opt_spec specs[] = {
		{ "db", 0, OPT_VALUE, "FILE",
		  "database file (default $XDG_CACHE_HOME/shipgate/vuln.db)",
		  &db },
	};
	const struct opt_cmd cmd = {
		"db info", "[--db FILE]",
		"Show the vulnerability database: build time, sources, record "
		"counts.", NULL, specs, sizeof(specs) / sizeof(specs[0]),
	};
	struct opt_list pos = { 0 };
	const sg_vulndb_info *info;
	sg_vulndb *v = NULL;
	sg_error err;
	char *owned = NULL;
	size_t i;
	int rc = opt_parse(&cmd, argc, argv, &pos);

	if (rc == 0 && pos.n) {
		fprintf(stderr, "shipgate db info: unexpected argument '%s'\n",
			pos.v[0]);
		rc = 2;
	}
	opt_list_release(&pos);
	if (rc)
		return rc == 1 ? SG_EXIT_PASS : SG_EXIT_USAGE;
	sg_error_clear(&err);
	if (resolve_db(&db, &owned, &err) < 0)
		return cmd_fail(&err, SG_EXIT_USAGE);
	if (sg_vulndb_open(&v, db, &err) < 0) {
		free(owned);
		return cmd_fail(&err, exit_for(&err));
	}
	info = sg_vulndb_get_info(v);
	printf("database:  %s\nschema:    %d\nbuilt:     %s\n"
	       "records:   %zu advisories, %zu affected packages\n"
	       "sources:   %zu\n", info->path, info->schema,
	       info->built_at ? info->built_at : "(unknown)", info->records,
	       info->affected, info->nsources);
	for (i = 0; i < info->nsources; i++) {
		const sg_vulndb_source *s = &info->sources[i];

		printf("\n  %s\n    kind:      %s\n    from:      %s\n"
		       "    imported:  %s\n    modified:  %s\n"
		       "    records:   %zu advisories, %zu affected "
		       "packages\n", s->name, s->kind, s->location,
		       s->imported_at, s->modified ? s->modified : "(none)",
		       s->records, s->affected);
	}
	sg_vulndb_free(v);
	free(owned);
	return SG_EXIT_PASS;
}

int cmd_db(int argc, char **argv)
{
	if (argc < 2 || !strcmp(argv[1], "-h") || !strcmp(argv[1], "--help")) {
		FILE *out = argc < 2 ? stderr : stdout;

		fprintf(out, "usage: shipgate db import [--db FILE] "
			"[NAME=]SOURCE...\n       shipgate db info [--db "
			"FILE]\n\n'shipgate db <subcommand> --help' describes "
			"one.\n");
		return argc < 2 ? SG_EXIT_USAGE : SG_EXIT_PASS;
	}
	if (!strcmp(argv[1], "import"))
		return db_import(argc - 1, argv + 1);
	if (!strcmp(argv[1], "info"))
		return db_info(argc - 1, argv + 1);
	fprintf(stderr, "shipgate db: unknown subcommand '%s'\n", argv[1]);
	return SG_EXIT_USAGE;
}
