/*
 * secretname.h: whether a variable's name says its value is a secret.
 *
 * One answer for every stage that sees variables (Dockerfile ENV and ARG,
 * Compose `environment:`), so a name is a secret everywhere or nowhere.
 */
#ifndef SG_CORE_SECRETNAME_H
#define SG_CORE_SECRETNAME_H

#include "util/compat.h"

/*
 * The name is split into words at every byte that is not a letter or a
 * digit and where camelCase turns upper ("DB_PASSWORD", "sonar.jdbc.pass",
 * "apiKey").  It names a secret when
 *   - its last word describes one instead (DB_PASSWORD_FILE,
 *     API_KEY_HEADER, SECRET_NAME, TOKEN_TTL): no;
 *   - a word says the value is public or a switch (GPG_KEY, PUBLIC_KEY,
 *     ENABLE_AUTH, ALLOW_EMPTY_PASSWORD): no;
 *   - a word is a credential (password, secret, token, key, salt, …) or
 *     ends in one (WEBPASSWORD, clientSecret): yes;
 *   - the last word is "auth" or "pass" (NEO4J_AUTH, DB_PASS, but not
 *     AUTH_USER or PASS_SCHEME), or is followed only by words that say how
 *     it is written (COMPOSER_AUTH_JSON, DOCKER_AUTH_CONFIG): yes.
 * Front-end prefixes whose values are public by design (VITE_,
 * REACT_APP_, NEXT_PUBLIC_) are never secrets.
 */
bool sg_secret_name(const char *name);

/* Whether name[0..n) holds one of the pieces every credential word holds
 * (pass, pwd, psw, pword, secret, salt, token, key, cred, auth): false
 * says sg_secret_name() is false, at the cost of one look at each byte. */
bool sg_secret_may_name(const char *name, size_t n);

/*
 * Whether the value (quotes removed) of the secret variable `name` is not
 * the secret itself but where it lies: a path ("/certs/domain.key",
 * "./tls/key.pem", "~/.netrc") or a file name with a key or certificate
 * extension; or, for a name whose last word is "auth" (NEO4J_AUTH,
 * REGISTRY_AUTH), how authentication works: "none", "htpasswd", "token",
 * "basic", a switch.
 */
bool sg_secret_value_is_harmless(const char *name, const char *value);

#endif
