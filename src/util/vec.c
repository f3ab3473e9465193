/* vec.c: growth for SG_VEC arrays. */
#include "compat.h"
#include "vec.h"

int sg_vec_reserve_(void **v, size_t *cap, size_t n, size_t extra, size_t elem)
{
	size_t need, ncap;
	void *p;

	if (extra > SIZE_MAX - n)
		return SG_ENOMEM;
	need = n + extra;
	if (need <= *cap)
		return 0;
	ncap = *cap ? *cap : 8;
	while (ncap < need) {
		if (ncap > SIZE_MAX / 2)
			return SG_ENOMEM;
		ncap *= 2;
	}
	if (ncap > SIZE_MAX / elem)
		return SG_ENOMEM;
	p = realloc(*v, ncap * elem);
	if (!p)
		return SG_ENOMEM;
	*v = p;
	*cap = ncap;
	return 0;
}
