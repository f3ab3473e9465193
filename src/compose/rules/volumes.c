/*
 * volumes.c: host mounts: engine sockets, sensitive host paths, writable
 * binds, propagation, tmpfs options, volumes shared between services.
 */
#include "util/compat.h"
#include "compose/rules.h"

#define MAXI 256

/* A bind source as an absolute host path without trailing '/'; NULL if
 * it is not one. */
static const char *host_path(struct compose_project *p,
			     const struct cm_volume *v)
{
	size_t n;

	if (v->unknown || !v->source || v->source[0] != '/')
		return NULL;
	if (v->type && strcmp(v->type, "bind") != 0)
		return NULL;
	n = strlen(v->source);
	while (n > 1 && v->source[n - 1] == '/')
		n--;
	return sg_arena_strndup(&p->arena, v->source, n);
}

static bool ends_with_file(const char *path, const char *name)
{
	size_t n = strlen(path), m = strlen(name);

	return n >= m && strcmp(path + n - m, name) == 0 &&
	       (n == m || path[n - m - 1] == '/');
}

static bool docker_sock(const char *h)
{
	return ends_with_file(h, "docker.sock");
}

static const char *const engine_sockets[] = {
	"containerd.sock", "podman.sock", "crio.sock", "cri-dockerd.sock",
	"buildkitd.sock", "dockershim.sock",
};
static const char *const engine_dirs[] = {
	"/run", "/var/run", "/run/containerd", "/var/run/containerd",
	"/run/podman", "/var/run/podman", "/run/docker", "/var/run/docker",
	"/run/crio", "/var/run/crio", "/run/buildkit",
};

static bool engine_socket(const char *h)
{
	size_t i;

	for (i = 0; i < SG_ARRAY_SIZE(engine_sockets); i++)
		if (ends_with_file(h, engine_sockets[i]))
			return true;
	for (i = 0; i < SG_ARRAY_SIZE(engine_dirs); i++)
		if (!strcmp(h, engine_dirs[i]))
			return true;
	return false;
}

static const char *const sensitive_dirs[] = {
	"/bin", "/boot", "/cdrom", "/dev", "/etc", "/home", "/lib", "/lib64",
	"/media", "/proc", "/root", "/run", "/selinux", "/srv", "/usr", "/var",
	"/sys", "/sbin",
};

static bool under(const char *h, const char *dir)
{
	size_t n = strlen(dir);

	return strncmp(h, dir, n) == 0 && (h[n] == '\0' || h[n] == '/');
}

static bool sensitive(const char *h)
{
	size_t i;

	if (!strcmp(h, "/"))
		return true;
	for (i = 0; i < SG_ARRAY_SIZE(sensitive_dirs); i++)
		if (under(h, sensitive_dirs[i]))
			return true;
	return false;
}

static const char *const root_equivalent[] = {
	"/", "/etc", "/root", "/boot", "/usr", "/bin", "/sbin", "/lib",
	"/lib64", "/proc", "/sys", "/dev", "/var/lib/docker",
	"/var/lib/containerd", "/var/lib/kubelet", "/etc/cron.d",
	"/etc/systemd", "/etc/sudoers.d", "/root/.ssh", "/usr/local/bin",
};

static bool root_equiv(const char *h)
{
	size_t i;

	for (i = 0; i < SG_ARRAY_SIZE(root_equivalent); i++)
		if (!strcmp(h, root_equivalent[i]))
			return true;
	return false;
}

/* Calls fn for every parsed volume of a service. */
static void each_volume(struct compose_project *p,
			const struct compose_rule *r,
			const struct cm_node *svc,
			void (*fn)(struct compose_project *,
				   const struct compose_rule *,
				   const struct cm_node *,
				   const struct cm_volume *))
{
	const struct cm_node *it[MAXI];
	size_t i, n = compose_items(cm_get(svc, "volumes"), it, MAXI);

	for (i = 0; i < n; i++) {
		struct cm_volume v;

		cm_volume_parse(p, it[i], &v);
		fn(p, r, it[i], &v);
	}
}

static const struct cm_node *src_node(const struct cm_node *item,
				      const struct cm_volume *v)
{
	return v->source_node ? v->source_node : item;
}

static void vol_sock(struct compose_project *p, const struct compose_rule *r,
		     const struct cm_node *item, const struct cm_volume *v)
{
	const char *h = host_path(p, v);

	if (h && docker_sock(h))
		compose_report(p, r, src_node(item, v), NULL,
			       "service '%s' mounts the Docker socket '%s'%s",
			       p->service, h,
			       v->read_only ? " (read-only does not help: "
					      "the API still works)" : "");
}

static void check_docker_sock(struct compose_project *p,
			      const struct compose_rule *r,
			      const struct cm_node *svc)
{
	each_volume(p, r, svc, vol_sock);
}

static void vol_engine(struct compose_project *p,
		       const struct compose_rule *r,
		       const struct cm_node *item, const struct cm_volume *v)
{
	const char *h = host_path(p, v);

	if (h && !docker_sock(h) && engine_socket(h))
		compose_report(p, r, src_node(item, v), NULL,
			       "service '%s' mounts container-engine control "
			       "path '%s'", p->service, h);
}

static void check_engine_sock(struct compose_project *p,
			      const struct compose_rule *r,
			      const struct cm_node *svc)
{
	each_volume(p, r, svc, vol_engine);
}

static void vol_sensitive(struct compose_project *p,
			  const struct compose_rule *r,
			  const struct cm_node *item,
			  const struct cm_volume *v)
{
	const char *h = host_path(p, v);

	if (h && !docker_sock(h) && !engine_socket(h) && sensitive(h))
		compose_report(p, r, src_node(item, v), NULL,
			       "service '%s' mounts sensitive host path '%s'",
			       p->service, h);
}

static void check_sensitive(struct compose_project *p,
			    const struct compose_rule *r,
			    const struct cm_node *svc)
{
	each_volume(p, r, svc, vol_sensitive);
}

/* top-level volumes whose local driver binds a host path */
static void check_sensitive_driver(struct compose_project *p,
				   const struct compose_rule *r)
{
	const struct cm_node *vols = cm_get(p->root, "volumes");
	size_t i;

	if (!vols || vols->kind != CM_MAP)
		return;
	for (i = 0; i < vols->n; i++) {
		const struct cm_node *o = cm_get(vols->kids[i], "driver_opts");
		const char *keys[] = { "device", "mountpoint" };
		size_t k;

		for (k = 0; k < 2; k++) {
			const struct cm_node *d = cm_get(o, keys[k]);

			if (cm_is_str(d) && d->value[0] == '/' &&
			    sensitive(d->value))
				compose_report(p, r, d, NULL,
					       "volume '%s' binds sensitive "
					       "host path '%s'",
					       vols->kids[i]->key, d->value);
		}
	}
}

static void vol_root_rw(struct compose_project *p,
			const struct compose_rule *r,
			const struct cm_node *item, const struct cm_volume *v)
{
	const char *h = host_path(p, v);

	if (h && !v->read_only && root_equiv(h))
		compose_report(p, r, src_node(item, v), NULL,
			       "service '%s' mounts '%s' writable: writing "
			       "there is root on the host", p->service, h);
}

static void check_root_rw(struct compose_project *p,
			  const struct compose_rule *r,
			  const struct cm_node *svc)
{
	each_volume(p, r, svc, vol_root_rw);
}

static void vol_propagation(struct compose_project *p,
			    const struct compose_rule *r,
			    const struct cm_node *item,
			    const struct cm_volume *v)
{
	const char *pr = v->propagation;

	if (!pr)
		return;
	if (!strcmp(pr, "shared") || !strcmp(pr, "rshared") ||
	    !strcmp(pr, "slave") || !strcmp(pr, "rslave"))
		compose_report(p, r, v->propagation_node ? v->propagation_node
							 : item, NULL,
			       "service '%s' uses %s mount propagation",
			       p->service, pr);
}

static void check_propagation(struct compose_project *p,
			      const struct compose_rule *r,
			      const struct cm_node *svc)
{
	each_volume(p, r, svc, vol_propagation);
}

static void vol_bind_rw(struct compose_project *p,
			const struct compose_rule *r,
			const struct cm_node *item, const struct cm_volume *v)
{
	if (v->unknown || !v->source || v->read_only)
		return;
	if (strcmp(v->type ? v->type : "", "bind") != 0)
		return;
	compose_report(p, r, src_node(item, v), NULL,
		       "service '%s' bind-mounts '%s' writable", p->service,
		       v->source);
}

static void check_bind_rw(struct compose_project *p,
			  const struct compose_rule *r,
			  const struct cm_node *svc)
{
	each_volume(p, r, svc, vol_bind_rw);
}

static bool opt_in(const char *opts, const char *o)
{
	size_t n = strlen(o);

	while (opts && *opts) {
		const char *c = strchr(opts, ',');
		size_t len = c ? (size_t)(c - opts) : strlen(opts);

		if (len == n && memcmp(opts, o, n) == 0)
			return true;
		opts = c ? c + 1 : NULL;
	}
	return false;
}

static void check_tmpfs(struct compose_project *p,
			const struct compose_rule *r,
			const struct cm_node *svc)
{
	static const char *const bad[] = { "exec", "suid", "dev" };
	const struct cm_node *it[MAXI];
	size_t i, k, n = compose_items(cm_get(svc, "tmpfs"), it, MAXI);

	for (i = 0; i < n; i++) {
		const char *c;

		if (!cm_is_str(it[i]) || !(c = strchr(it[i]->value, ':')))
			continue;
		for (k = 0; k < SG_ARRAY_SIZE(bad); k++)
			if (opt_in(c + 1, bad[k]))
				compose_report(p, r, it[i], NULL,
					       "service '%s' mounts a tmpfs "
					       "with '%s'", p->service, bad[k]);
	}
}

/* project: a host path or named volume mounted by several services */
static void check_shared(struct compose_project *p,
			 const struct compose_rule *r)
{
	struct seen {
		const char *what, *service;
	} seen[512];
	size_t nseen = 0, s, i, j;

	if (!p->services)
		return;
	for (s = 0; s < p->services->n; s++) {
		const struct cm_node *svc = p->services->kids[s];
		const struct cm_node *it[MAXI];
		size_t n = compose_items(cm_get(svc, "volumes"), it, MAXI);

		for (i = 0; i < n; i++) {
			struct cm_volume v;
			bool dup = false;

			cm_volume_parse(p, it[i], &v);
			if (v.unknown || !v.source || !*v.source)
				continue;
			for (j = 0; j < nseen; j++) {
				if (strcmp(seen[j].what, v.source) != 0)
					continue;
				dup = true;
				if (strcmp(seen[j].service, svc->key) == 0)
					break;
				p->service = svc->key;
				compose_report(p, r, src_node(it[i], &v), NULL,
					       "'%s' is also mounted by "
					       "service '%s'", v.source,
					       seen[j].service);
				break;
			}
			if (!dup && nseen < SG_ARRAY_SIZE(seen)) {
				seen[nseen].what = v.source;
				seen[nseen].service = svc->key;
				nseen++;
			}
		}
	}
	p->service = NULL;
}

const struct compose_rule sgc001 = {
	.meta = COMPOSE_META("SGC001", "docker-socket-mounted",
		"Docker socket is mounted into a service", NON_ROOT, CRITICAL,
		0,
		SG_ALIASES("Docker Socket Mounted In Container",
			   "d6355c88-1e8d-49e9-b2f2-f8a1ca12c75b",
			   "exposing-docker-socket-volume",
			   "yaml.docker-compose.security."
			   "exposing-docker-socket-volume",
			   "CL-0001", "CIS-5.32", "docker-sock", "DockerSock"),
		HELP("Access to `/var/run/docker.sock` is root on the host: the "
		     "container can start a privileged container that mounts "
		     "`/`. Mounting it read-only does not help, the API works "
		     "over a read-only socket file.",
		     "remove the mount. If a tool must talk to the engine, put "
		     "a socket proxy with an allow-list in between, or run the "
		     "tool outside Compose.",
		     "services:\n  proxy:\n    image: traefik:v3.1\n"
		     "    # - /var/run/docker.sock:/var/run/docker.sock  <- no\n"
		     "    environment:\n"
		     "      DOCKER_HOST: tcp://socket-proxy:2375\n")),
	.service = check_docker_sock,
};

const struct compose_rule sgc002 = {
	.meta = COMPOSE_META("SGC002", "engine-socket-mounted",
		"Another container-engine socket or runtime dir is mounted",
		NON_ROOT, CRITICAL, 0, SG_ALIASES("CL-0001"),
		HELP("containerd, Podman, CRI-O and BuildKit sockets, and the "
		     "whole `/run` or `/var/run`, give the same control over "
		     "the host as the Docker socket.",
		     "remove the mount; mount only the specific file a service "
		     "needs, read-only.",
		     "services:\n  agent:\n    volumes:\n"
		     "      - /run/agent/agent.sock:/run/agent.sock:ro\n")),
	.service = check_engine_sock,
};

const struct compose_rule sgc031 = {
	.meta = COMPOSE_META("SGC031", "sensitive-host-mount",
		"Sensitive host directory is mounted", NON_ROOT, HIGH, 0,
		SG_ALIASES("Volume Has Sensitive Host Directory",
			   "1c1325ff-831d-43a1-973e-839ae57dfcc0", "CL-0013",
			   "CIS-5.6", "sensitive-host-mounts"),
		HELP("Mounting `/`, `/etc`, `/proc`, `/sys`, `/var`, `/usr`, "
		     "home directories and the like exposes host secrets and "
		     "configuration to the container.",
		     "mount a dedicated directory or a named volume.",
		     "services:\n  app:\n    volumes:\n"
		     "      - appdata:/var/lib/app\n")),
	.service = check_sensitive,
	.project = check_sensitive_driver,
};

const struct compose_rule sgc032 = {
	.meta = COMPOSE_META("SGC032", "root-equivalent-mount-writable",
		"Root-equivalent host path is mounted writable", NON_ROOT,
		CRITICAL, 0, SG_ALIASES("CL-0025"),
		HELP("Writing to `/`, `/etc`, `/root`, `/usr`, `/boot`, "
		     "`/var/lib/docker`, cron or systemd directories on the "
		     "host is a direct path to root.",
		     "do not mount these; if read access is needed, add `:ro`.",
		     "services:\n  exporter:\n    volumes:\n"
		     "      - /proc:/host/proc:ro\n")),
	.service = check_root_rw,
};

const struct compose_rule sgc033 = {
	.meta = COMPOSE_META("SGC033", "shared-mount-propagation",
		"Bind mount uses shared or slave propagation", NON_ROOT, LOW,
		0,
		SG_ALIASES("Volume Mounted In Multiple Containers",
			   "baa452f0-1f21-4a25-ace5-844e7a5f410d", "CL-0017",
			   "CIS-5.20"),
		HELP("With `shared`/`rshared` propagation, mounts made inside "
		     "the container appear on the host (and `slave` lets host "
		     "mounts leak in).",
		     "use the default `rprivate` propagation.",
		     "services:\n  app:\n    volumes:\n      - type: bind\n"
		     "        source: ./data\n        target: /data\n")),
	.service = check_propagation,
};

const struct compose_rule sgc034 = {
	.meta = COMPOSE_META("SGC034", "volume-shared-between-services",
		"Same host path or volume is mounted by several services",
		NON_ROOT, INFO, 0,
		SG_ALIASES("Shared Volumes Between Containers",
			   "8c978947-0ff6-485c-b0c2-0bfca6026466"),
		HELP("A volume shared by services is a channel between them: a "
		     "compromise of one can tamper with the other's data.",
		     "share only what must be shared, read-only where "
		     "possible.",
		     "services:\n  web:\n    volumes: [\"static:/srv:ro\"]\n")),
	.project = check_shared,
};

const struct compose_rule sgc035 = {
	.meta = COMPOSE_META("SGC035", "bind-mount-writable",
		"Host bind mount is not read-only", NON_ROOT, INFO, 0,
		SG_ALIASES("writable-host-mount"),
		HELP("A writable bind mount lets the container change files on "
		     "the host.",
		     "add `:ro` (or `read_only: true` in long syntax) unless "
		     "the service must write there.",
		     "services:\n  web:\n    volumes:\n"
		     "      - ./conf:/etc/nginx/conf.d:ro\n")),
	.service = check_bind_rw,
};

const struct compose_rule sgc036 = {
	.meta = COMPOSE_META("SGC036", "tmpfs-exec",
		"tmpfs mount allows exec, suid or dev", NON_ROOT, LOW, 0,
		SG_ALIASES("CL-0022"),
		HELP("Docker mounts tmpfs `noexec,nosuid,nodev` unless told "
		     "otherwise; re-enabling them gives an attacker a writable "
		     "place to run binaries from.",
		     "drop `exec`, `suid` and `dev` from the options.",
		     "services:\n  app:\n    tmpfs:\n"
		     "      - /tmp:size=64m\n")),
	.service = check_tmpfs,
};
