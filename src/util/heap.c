/*
 * heap.c: malloc's main heap on 2 MiB pages (sg_heap_prefer_huge_pages()).
 *
 * The first touch of a 4 KiB page costs 8-20 us on the VMs the gate is
 * measured on (a hypervisor exit each), a 2 MiB page about what sixteen
 * small ones cost: arena.c takes its chunks from 2 MiB regions for that
 * reason.  What a run mallocs besides (paths, maps, vectors, the findings'
 * index) still touched ~250 fresh heap pages on the main thread of a lint
 * of 807 Compose files, most in its serial steps: 4 ms of its CPU, 8 ms
 * of its 80 ms wall in a slow phase of the VM.
 *
 * glibc grows its main heap with brk, and makes it at the first malloc,
 * which in this program comes after main() starts.  The break is moved
 * first to a page short of a 2 MiB boundary (glibc takes that as another
 * user's sbrk), so the heap's first page, where malloc writes its own
 * headers, is below the boundary and nothing above is touched yet; asked
 * to grow the heap 16 MiB at a time, the first malloc maps that much, and
 * the range above the boundary is marked for huge pages (transparent huge
 * pages in "madvise" mode: Debian's default) before a byte of it is used.
 * A range touched before it is marked keeps its small pages, so when the
 * heap was made before (another caller's malloc), nothing is marked and
 * the heap only grows in bigger steps.  Nothing changes what malloc
 * returns or when it fails; a step that is refused stops the rest.  The
 * cost: under 2 MiB of address space (the gap, never touched) and a peak
 * RSS rounded up to whole huge pages (+1.4 MB on that lint).
 */
#include "compat.h"

#if defined(__GLIBC__)
#include <malloc.h>
#include <sys/mman.h>
#include <unistd.h>
#endif

/* AddressSanitizer's allocator is not glibc's heap */
#if defined(__SANITIZE_ADDRESS__)
#define SG_HEAP_PLAIN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define SG_HEAP_PLAIN 1
#endif
#endif

#define HUGE_PAGE ((uintptr_t)2 << 20)
#define HEAP_STEP (16 << 20)

void sg_heap_prefer_huge_pages(void)
{
#if defined(__GLIBC__) && defined(M_TOP_PAD) && defined(MADV_HUGEPAGE) && \
	!defined(SG_HEAP_PLAIN)
	long page = sysconf(_SC_PAGESIZE);
	uintptr_t b0, lo, hi;
	void *first, *brk0;

	if (page <= 0 || (uintptr_t)page >= HUGE_PAGE ||
	    mallopt(M_TOP_PAD, HEAP_STEP) != 1 ||
	    mallopt(M_TRIM_THRESHOLD, 2 * HEAP_STEP) != 1 ||
	    (brk0 = sbrk(0)) == (void *)-1)
		return;
	b0 = (uintptr_t)brk0;
	lo = (b0 + (uintptr_t)page + HUGE_PAGE - 1) & ~(HUGE_PAGE - 1);
	if (sbrk((intptr_t)(lo - (uintptr_t)page - b0)) == (void *)-1 ||
	    !(first = malloc(1)))
		return;
	hi = (uintptr_t)sbrk(0) & ~(HUGE_PAGE - 1);
	if (hi > lo)
		(void)madvise((void *)lo, hi - lo, MADV_HUGEPAGE);
	free(first);
#endif
}
