// SPDX-License-Identifier: GPL-2.0-only
/* Runs a command, passes SIGINT/SIGTERM on to it, and writes its user and system CPU time and
 * peak RSS to a file: the runner's way to measure a capture tool it stops by signal. */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <sys/resource.h>
#include <sys/wait.h>

static volatile pid_t tl_child;

static void forward(int sig)
{
	if (tl_child > 0)
		kill(tl_child, sig);
}

int main(int argc, char **argv)
{
	struct sigaction sa = { .sa_handler = forward };
	struct rusage ru;
	int status, err;
	pid_t pid;
	FILE *f;

	if (argc < 3) {
		fprintf(stderr, "usage: rusage OUTFILE COMMAND [ARG]...\n"
				"Writes user_us=N sys_us=N maxrss_kb=N exit=N to OUTFILE when "
				"COMMAND ends; SIGINT and SIGTERM go to COMMAND.\n");
		return 2;
	}
	/* Installed before the fork so a signal that comes early is not lost on us. */
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	pid = fork();
	if (pid < 0) {
		perror("rusage: fork");
		return 127;
	}
	if (pid == 0) {
		signal(SIGINT, SIG_DFL);
		signal(SIGTERM, SIG_DFL);
		execvp(argv[2], argv + 2);
		fprintf(stderr, "rusage: %s: %s\n", argv[2], strerror(errno));
		_exit(127);
	}
	tl_child = pid;
	while (wait4(pid, &status, 0, &ru) < 0) {
		if (errno != EINTR) {
			perror("rusage: wait4");
			return 127;
		}
	}
	err = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
	f = fopen(argv[1], "w");
	if (!f) {
		perror(argv[1]);
		return 127;
	}
	fprintf(f, "user_us=%lld sys_us=%lld maxrss_kb=%ld exit=%d\n",
		(long long)ru.ru_utime.tv_sec * 1000000 + ru.ru_utime.tv_usec,
		(long long)ru.ru_stime.tv_sec * 1000000 + ru.ru_stime.tv_usec, ru.ru_maxrss, err);
	fclose(f);
	return err;
}
