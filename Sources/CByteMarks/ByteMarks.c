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

DebriefMarks debrief_marks(const uint8_t *bytes, uint8_t first, uint8_t a, uint8_t b, uint8_t c) {
    Bytes64 v;
    memcpy(&v, bytes, sizeof v);
    DebriefMarks marks;
    marks.first = bits(__builtin_convertvector(v == (Bytes64)first, Bits64));
    marks.others = bits(__builtin_convertvector((v == (Bytes64)a) | (v == (Bytes64)b) | (v == (Bytes64)c), Bits64));
    return marks;
}
