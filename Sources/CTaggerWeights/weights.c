// The shipped tagger weights, embedded with the assembler's .incbin: the
// file is found on the include path (this target's include/ folder). A
// Swift array literal of this size takes minutes to compile; .incbin costs
// nothing. The build does not track the .bin file: `make model` touches
// this file after writing new weights.
#include "gloss_tagger_weights.h"

extern const unsigned char gloss_tagger_weights_start[];
extern const unsigned char gloss_tagger_weights_end[];

__asm__(".section .rodata\n"
        ".balign 64\n"
        ".global gloss_tagger_weights_start\n"
        "gloss_tagger_weights_start:\n"
        ".incbin \"tagger-weights.bin\"\n"
        ".global gloss_tagger_weights_end\n"
        "gloss_tagger_weights_end:\n"
        ".previous\n");

const unsigned char *gloss_tagger_weights(void) { return gloss_tagger_weights_start; }

size_t gloss_tagger_weights_size(void) {
  return (size_t)(gloss_tagger_weights_end - gloss_tagger_weights_start);
}
