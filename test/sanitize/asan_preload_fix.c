/*
 * asan_preload_fix.c: a library preloaded into the server next to the
 * AddressSanitizer runtime, so that the runtime can start inside Debian's
 * uninstrumented postgres.
 *
 * Why it is needed.  When the ASan runtime is only preloaded (LD_PRELOAD),
 * its own constructor runs after those of every library postgres links;
 * libgpg-error and libp11-kit (via libldap and libgnutls) call malloc()
 * inside glibc's bindtextdomain() and newlocale() while those hold glibc's
 * internal locale locks.  That first malloc() starts the runtime, whose
 * start-up looks for an optional Swift demangler with dlsym() and clears the
 * failure with dlerror(); dlerror() translates its message with dcgettext(),
 * which takes the same locks again.  The nested read lock fails (EDEADLK on
 * a lock the thread holds for writing) but is "released" anyway, leaving
 * _nl_state_lock with a negative reader count, and the next bindtextdomain()
 * (postgres's set_pglocale_pgservice(), and initdb's) waits forever.  Both
 * gcc 12's libasan and clang 14's runtime do this.
 *
 * With the symbol defined the dlsym() succeeds, dlerror() has nothing to
 * translate, and the locks are left alone.  The runtime only calls it to
 * demangle Swift names in a report; returning NULL means "not demangled".
 */
#include <stddef.h>
#include <stdint.h>

char *swift_demangle(const char *mangled, size_t mangled_length,
                     char *output, size_t *output_length, uint32_t flags);

char *
swift_demangle(const char *mangled, size_t mangled_length,
               char *output, size_t *output_length, uint32_t flags)
{
    (void) mangled;
    (void) mangled_length;
    (void) output;
    (void) output_length;
    (void) flags;
    return NULL;
}
