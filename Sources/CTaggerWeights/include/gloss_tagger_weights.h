#ifndef GLOSS_TAGGER_WEIGHTS_H
#define GLOSS_TAGGER_WEIGHTS_H
#include <stddef.h>

/// The tagger's shipped weights (`tagger-weights.bin`, written by
/// `gloss train`), linked into the binary as read-only data.
const unsigned char *gloss_tagger_weights(void);
/// Their size in bytes; 0 when the file was empty (no model shipped).
size_t gloss_tagger_weights_size(void);

/// Asks the processor to start loading a weight row: the rows of one
/// token's features are scattered over megabytes, and loading them one
/// after another waits on memory each time.
static inline void gloss_prefetch(const void *address) { __builtin_prefetch(address, 0, 1); }

#endif
