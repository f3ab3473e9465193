/*
 * fuzz_osv.c: libFuzzer target for the advisory importers: OSV JSON and
 * YAML, Alpine secdb, Debian tracker and Node.js security-wg documents,
 * imported into an in-memory database, and the npm range converter.
 *
 * The first byte picks the mode (JSON document, YAML document, npm range);
 * the rest is the input.  Besides the sanitizers, it checks that a failed
 * import always explains itself.
 */
#include "util/compat.h"
#include "vuln/db.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* One database for the whole run: creating the schema per input would
 * cost more than the import; each input is rolled back. */
static struct vdb_memory *mem;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	sg_vulndb_import_stats st;
	sg_error err;
	const char *why;
	char *text;
	json_t *r;
	int rc;

	if (size < 1)
		return 0;
	sg_error_clear(&err);
	if (!mem && vdb_memory_open(&mem, &err) < 0)
		abort();
	switch (data[0] % 3) {
	case 0:
	case 1:
		rc = vdb_memory_import(mem, data[0] % 3 ? "fuzz.yaml" :
				       "fuzz.json", (const char *)data + 1,
				       size - 1, &st, &err);
		if (rc < 0 && !err.message[0])
			abort();
		if (rc == 0 && st.files != 1)
			abort();
		break;
	default:
		text = malloc(size);
		if (!text)
			return 0;
		memcpy(text, data + 1, size - 1);
		text[size - 1] = '\0';
		why = NULL;
		r = vdb_npm_range_to_osv(text, &why);
		if (!r && !why)
			abort();
		json_decref(r);
		free(text);
		break;
	}
	return 0;
}
