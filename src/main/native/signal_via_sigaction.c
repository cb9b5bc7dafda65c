/*
 * NeuroSurrogate: signal() and sigset() routed through sigaction().
 *
 * NEURON installs its SIGSEGV/SIGFPE/SIGINT handlers with signal(). The JVM needs its own SIGSEGV handler first
 * (safepoints, null checks), so the launcher preloads the JDK's libjsig, which chains foreign handlers behind the
 * JVM's -- and prints a deprecation warning on every signal() or sigset() call, since only sigaction() is meant to
 * be chained. Preloaded before libjsig, this library gives signal() and sigset() the semantics glibc gives them
 * (BSD signal(): SA_RESTART, handler not reset) on top of sigaction(), which resolves to libjsig's: the same
 * chaining, no warning.
 */
#define _GNU_SOURCE
#include <signal.h>
#include <string.h>

typedef void (*handler_t)(int);

static handler_t install(int sig, handler_t handler, int flags) {
    struct sigaction act;
    struct sigaction old;
    memset(&act, 0, sizeof act);
    act.sa_handler = handler;
    sigemptyset(&act.sa_mask);
    sigaddset(&act.sa_mask, sig);
    act.sa_flags = flags;
    if (sigaction(sig, &act, &old) != 0) {
        return SIG_ERR;
    }
    return old.sa_handler;
}

handler_t signal(int sig, handler_t handler) {
    return install(sig, handler, SA_RESTART);
}

handler_t sigset(int sig, handler_t handler) {
    return install(sig, handler, 0);
}
