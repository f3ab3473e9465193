/*
 * runstat: run a command and print "wall_s cpu_s maxrss_kib" of it and its
 * children, to the microsecond (GNU time prints hundredths: the `cat` floor
 * of the corpus is a few of them, so its ratios were mostly rounding).
 *
 *	runstat -o FILE CMD [ARG...]
 * The command's output goes where runstat's does; the figures to FILE.
 */
#define _POSIX_C_SOURCE 200809L
#define _DEFAULT_SOURCE 1
#include <stdio.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static double secs(struct timeval t)
{
	return (double)t.tv_sec + (double)t.tv_usec / 1e6;
}

int main(int argc, char **argv)
{
	struct timespec a, b;
	struct rusage ru;
	int status;
	pid_t pid;
	FILE *out;

	if (argc < 4 || argv[1][0] != '-' || argv[1][1] != 'o' || argv[1][2]) {
		fprintf(stderr, "usage: runstat -o FILE CMD [ARG...]\n");
		return 2;
	}
	if (!(out = fopen(argv[2], "w"))) {
		perror(argv[2]);
		return 2;
	}
	argv += 2;
	clock_gettime(CLOCK_MONOTONIC, &a);
	pid = fork();
	if (pid < 0) {
		perror("runstat: fork");
		return 2;
	}
	if (pid == 0) {
		execvp(argv[1], argv + 1);
		perror(argv[1]);
		_exit(127);
	}
	if (wait4(pid, &status, 0, &ru) < 0) {
		perror("runstat: wait");
		return 2;
	}
	clock_gettime(CLOCK_MONOTONIC, &b);
	/* wait4's usage is the child's and its waited-for children's */
	fprintf(out, "%.6f %.6f %ld\n",
		(double)(b.tv_sec - a.tv_sec) + (double)(b.tv_nsec - a.tv_nsec) / 1e9,
		secs(ru.ru_utime) + secs(ru.ru_stime), ru.ru_maxrss);
	if (fclose(out) != 0) {
		perror("runstat");
		return 2;
	}
	return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}
