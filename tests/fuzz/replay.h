/*
 * Included at the end of every fuzz target.  Built with -DFUZZ_REPLAY
 * (as make check does, with gcc and the sanitizers), it becomes a program
 * that feeds every file named on the command line, or found in the
 * directories named, to LLVMFuzzerTestOneInput.  Built with clang's
 * -fsanitize=fuzzer (make fuzz), libFuzzer supplies main instead.
 */
#ifdef FUZZ_REPLAY
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>

static int
replay_file(const char *path)
{
	FILE *f = fopen(path, "rb");
	unsigned char *data;
	long len;

	if (f == NULL || fseek(f, 0, SEEK_END) != 0 || (len = ftell(f)) < 0) {
		perror(path);
		if (f)
			fclose(f);
		return -1;
	}
	rewind(f);
	data = malloc((size_t)len + 1);
	if (fread(data, 1, (size_t)len, f) != (size_t)len) {
		perror(path);
		free(data);
		fclose(f);
		return -1;
	}
	fclose(f);
	LLVMFuzzerTestOneInput(data, (size_t)len);
	free(data);
	return 0;
}

static int
replay_path(const char *path, int *count)
{
	char child[4096];
	struct dirent *e;
	struct stat st;
	DIR *d;
	int rc = 0;

	if (stat(path, &st) != 0) {
		perror(path);
		return -1;
	}
	if (!S_ISDIR(st.st_mode)) {
		(*count)++;
		return replay_file(path);
	}
	if ((d = opendir(path)) == NULL)
		return -1;
	while ((e = readdir(d)) != NULL) {
		if (e->d_name[0] == '.')
			continue;
		snprintf(child, sizeof(child), "%s/%s", path, e->d_name);
		if (replay_path(child, count) != 0)
			rc = -1;
	}
	closedir(d);
	return rc;
}

int
main(int argc, char **argv)
{
	int i, rc = 0, count = 0;

	for (i = 1; i < argc; i++)
		if (replay_path(argv[i], &count) != 0)
			rc = 1;
	printf("replayed %d inputs\n", count);
	return rc == 0 && count > 0 ? 0 : 1;
}
#endif
