/*
 * cvss.h: severity from CVSS vectors and from distributions' rating words.
 */
#ifndef SG_VULN_CVSS_H
#define SG_VULN_CVSS_H
#include "util/compat.h"
#include "shipgate/rule.h"

/* Base score of a CVSS v2, v3.x or v4.0 vector (v4: with its threat and
 * environmental metrics when present); -1 (score 0) when unknown. */
int vuln_cvss_score(const char *vector, double *score);

/* The score of a CVSS v4.0 vector's metrics, after "CVSS:4.0/" (cvss4.c). */
int vuln_cvss4_score(const char *metrics, double *score);

/* CVSS v3 qualitative bands; NONE for 0. */
sg_severity vuln_severity_from_score(double score);

/*
 * The rating of `score`, a base score of `vector` (may be NULL): CVSS v2
 * vectors (no "CVSS:" prefix) stop at high, v3 and v4 use the bands above.
 */
sg_severity vuln_severity_from_cvss(const char *vector, double score);

/* "HIGH", "moderate", Debian "low**", Ubuntu "negligible"; NONE if unknown. */
sg_severity vuln_severity_from_word(const char *word);

#endif
