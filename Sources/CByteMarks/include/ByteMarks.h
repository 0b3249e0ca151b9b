#ifndef DEBRIEF_BYTE_MARKS_H
#define DEBRIEF_BYTE_MARKS_H

// Bit masks of chosen bytes over 64 bytes at a time, for the scan's JSON walks (Swift has no
// way to turn a vector comparison into a bit mask).

#include <stdint.h>

/// Bit k stands for byte k of the 64 looked at.
typedef struct {
    /// Bytes equal to `first`.
    uint64_t first;
    /// Bytes equal to any of `a`, `b`, `c`.
    uint64_t others;
} DebriefMarks;

/// Where `first`, and any of `a`, `b`, `c`, are in the 64 bytes at `bytes` (all 64 must be
/// readable). The scan asks for quotes and what may come before a key (`{` `,` space), or for
/// quotes and backslashes.
DebriefMarks debrief_marks(const uint8_t *bytes, uint8_t first, uint8_t a, uint8_t b, uint8_t c);

#endif
