// Written with clang's portable vector types: on x86-64 they become SSE2 compares and
// `pmovmskb`, on arm64 NEON. Kept out of line: the same code inlined into Swift is lowered
// through a slower path.

#include "ByteMarks.h"

#include <string.h>

typedef uint8_t Bytes64 __attribute__((ext_vector_type(64)));
typedef _Bool Bits64 __attribute__((ext_vector_type(64)));

static inline uint64_t bits(Bits64 bits) {
    uint64_t word;
    memcpy(&word, &bits, sizeof word);
    return word;
}

DebriefJSONMarks debrief_json_marks(const uint8_t *bytes) {
    Bytes64 v;
    memcpy(&v, bytes, sizeof v);
    DebriefJSONMarks marks;
    marks.quotes = bits(__builtin_convertvector(v == (Bytes64)'"', Bits64));
    marks.opens = bits(
        __builtin_convertvector((v == (Bytes64)'{') | (v == (Bytes64)',') | (v == (Bytes64)' '), Bits64));
    return marks;
}

DebriefStringMarks debrief_string_marks(const uint8_t *bytes) {
    Bytes64 v;
    memcpy(&v, bytes, sizeof v);
    DebriefStringMarks marks;
    marks.quotes = bits(__builtin_convertvector(v == (Bytes64)'"', Bits64));
    marks.escapes = bits(__builtin_convertvector(v == (Bytes64)'\\', Bits64));
    return marks;
}
