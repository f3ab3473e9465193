/*
 * common.h: what every public shipgate header needs.
 *
 * Ownership rule for the whole public API (libgit2's convention): an object
 * returned through a pointer-to-pointer `out` argument is owned by the caller
 * and released with the matching `sg_<type>_free()`; a pointer returned by a
 * getter is borrowed and lives as long as the object it came from.
 */
#ifndef SHIPGATE_COMMON_H
#define SHIPGATE_COMMON_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define SG_VERSION "0.1.0"

/* Marks the exported API; the library is static today, so it expands to extern. */
#define SG_EXTERN(type) extern type

#if defined(__GNUC__)
#define SG_PRINTF(fmt, args) __attribute__((format(printf, fmt, args)))
#define SG_WARN_UNUSED __attribute__((warn_unused_result))
#else
#define SG_PRINTF(fmt, args)
#define SG_WARN_UNUSED
#endif

/*
 * Let malloc's heap take 2 MiB pages where the kernel allows them (a first
 * touch of a 4 KiB page is costly on VMs; see src/util/heap.c).  A program
 * calls it once, first in main(), before it starts a thread; without it
 * everything works the same, only slower.
 */
SG_EXTERN(void) sg_heap_prefer_huge_pages(void);

#endif
