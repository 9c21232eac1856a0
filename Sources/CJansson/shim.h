// One-line stand-ins for jansson's macros, which Swift cannot import.
// Reals are written with 15 significant digits so scores read 0.9, not
// 0.90000000000000002.
#ifndef GLOSS_CJANSSON_SHIM_H
#define GLOSS_CJANSSON_SHIM_H
#include <jansson.h>

static inline json_type gloss_json_typeof(const json_t *json) { return json_typeof(json); }
static inline size_t gloss_json_flags_decode(void) { return JSON_DECODE_ANY | JSON_ALLOW_NUL; }
static inline size_t gloss_json_flags_decode_int_as_real(void) {
  return JSON_DECODE_ANY | JSON_ALLOW_NUL | JSON_DECODE_INT_AS_REAL;
}
static inline size_t gloss_json_flags_encode(void) { return JSON_COMPACT | JSON_ENCODE_ANY | JSON_REAL_PRECISION(15); }
#endif
