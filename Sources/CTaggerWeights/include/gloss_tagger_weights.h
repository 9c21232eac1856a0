#ifndef GLOSS_TAGGER_WEIGHTS_H
#define GLOSS_TAGGER_WEIGHTS_H
#include <stddef.h>

/// The tagger's shipped weights (`tagger-weights.bin`, written by
/// `gloss train`), linked into the binary as read-only data.
const unsigned char *gloss_tagger_weights(void);
/// Their size in bytes; 0 when the file was empty (no model shipped).
size_t gloss_tagger_weights_size(void);

#endif
