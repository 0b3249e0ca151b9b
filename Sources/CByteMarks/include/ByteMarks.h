#ifndef DEBRIEF_BYTE_MARKS_H
#define DEBRIEF_BYTE_MARKS_H

// Bit masks of chosen bytes over 64 bytes at a time, for the scan's JSON key walk (Swift has
// no way to turn a vector comparison into a bit mask).

#include <stdint.h>

/// Bit k stands for byte k of the 64 looked at.
typedef struct {
    /// `"`
    uint64_t quotes;
    /// `{`, `,` and spaces: what may come just before a key's opening quote.
    uint64_t opens;
} DebriefJSONMarks;

/// The marks of the 64 bytes at `bytes` (all 64 must be readable).
DebriefJSONMarks debrief_json_marks(const uint8_t *bytes);

/// Bit k stands for byte k of the 64 looked at.
typedef struct {
    /// `"`
    uint64_t quotes;
    /// `\`
    uint64_t escapes;
} DebriefStringMarks;

/// Where the quotes and backslashes are in the 64 bytes at `bytes` (all 64 must be readable).
DebriefStringMarks debrief_string_marks(const uint8_t *bytes);

#endif
