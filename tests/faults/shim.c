/* A failing disk for tests: an LD_PRELOAD library that makes writes, syncs and renames of files
 * whose path contains $ERCMS_FAULT_PATH fail with an errno, after $ERCMS_FAULT_AFTER good calls.
 * $ERCMS_FAULT_CALLS names the calls: any of write, sync, rename (comma-separated);
 * $ERCMS_FAULT_ERRNO is EIO or ENOSPC. Built by tests/faults.rs with cc. */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <sys/uio.h>
#include <unistd.h>

static long seen = 0;

static int wanted(const char *call) {
  const char *calls = getenv("ERCMS_FAULT_CALLS");
  return calls && strstr(calls, call) != NULL;
}

static int path_matches(const char *path) {
  const char *want = getenv("ERCMS_FAULT_PATH");
  return want && path && strstr(path, want) != NULL;
}

static int fd_matches(int fd) {
  char link[64], path[4096];
  snprintf(link, sizeof link, "/proc/self/fd/%d", fd);
  ssize_t n = readlink(link, path, sizeof path - 1);
  if (n <= 0) return 0;
  path[n] = 0;
  return path_matches(path);
}

/* True when this call must fail (and sets errno). */
static int fail_now(const char *call, int matches) {
  if (!matches || !wanted(call)) return 0;
  const char *after = getenv("ERCMS_FAULT_AFTER");
  long limit = after ? atol(after) : 0;
  if (__atomic_fetch_add(&seen, 1, __ATOMIC_SEQ_CST) < limit) return 0;
  const char *e = getenv("ERCMS_FAULT_ERRNO");
  errno = (e && strcmp(e, "ENOSPC") == 0) ? ENOSPC : EIO;
  return 1;
}

#define REAL(ret, name, ...) \
  static ret (*real)(__VA_ARGS__) = NULL; \
  if (!real) real = (ret (*)(__VA_ARGS__))dlsym(RTLD_NEXT, name);

ssize_t write(int fd, const void *buf, size_t n) {
  REAL(ssize_t, "write", int, const void *, size_t);
  if (fd > 2 && fail_now("write", fd_matches(fd))) return -1;
  return real(fd, buf, n);
}

ssize_t pwrite(int fd, const void *buf, size_t n, off_t off) {
  REAL(ssize_t, "pwrite", int, const void *, size_t, off_t);
  if (fail_now("write", fd_matches(fd))) return -1;
  return real(fd, buf, n, off);
}

ssize_t pwrite64(int fd, const void *buf, size_t n, off_t off) {
  REAL(ssize_t, "pwrite64", int, const void *, size_t, off_t);
  if (fail_now("write", fd_matches(fd))) return -1;
  return real(fd, buf, n, off);
}

ssize_t writev(int fd, const struct iovec *iov, int cnt) {
  REAL(ssize_t, "writev", int, const struct iovec *, int);
  if (fd > 2 && fail_now("write", fd_matches(fd))) return -1;
  return real(fd, iov, cnt);
}

int fsync(int fd) {
  REAL(int, "fsync", int);
  if (fail_now("sync", fd_matches(fd))) return -1;
  return real(fd);
}

int fdatasync(int fd) {
  REAL(int, "fdatasync", int);
  if (fail_now("sync", fd_matches(fd))) return -1;
  return real(fd);
}

int sync_file_range(int fd, off_t off, off_t n, unsigned int flags) {
  REAL(int, "sync_file_range", int, off_t, off_t, unsigned int);
  if (fail_now("sync", fd_matches(fd))) return -1;
  return real(fd, off, n, flags);
}

int rename(const char *from, const char *to) {
  REAL(int, "rename", const char *, const char *);
  if (fail_now("rename", path_matches(to))) return -1;
  return real(from, to);
}
