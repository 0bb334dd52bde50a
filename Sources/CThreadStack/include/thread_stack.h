#ifndef BACKPROP_THREAD_STACK_H
#define BACKPROP_THREAD_STACK_H
#include <stddef.h>

/// The lowest address and the size of the calling thread's stack; 0 on success.
/// (glibc's pthread_getattr_np is a GNU extension that Swift's Glibc module does not expose.)
int backprop_thread_stack(void **lowest, size_t *size);

#endif
