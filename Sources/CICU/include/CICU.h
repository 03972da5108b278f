// The project's only window onto ICU.
//
// This header must stay free of <unicode/*.h>: the toolchain's Foundation ships its own ICU headers
// (clang module `_FoundationICU`), and any Swift module that sees both sets fails to compile
// ("'UErrorCode' has different definitions in different modules"; hiding them behind `internal import`
// still failed clean debug builds). So only <stdint.h> types and opaque pointers appear here; every ICU
// include lives in the .c files, which also call ICU's version-suffixed functions (`ubrk_open_72`) through
// its macros, which Swift cannot import.
#ifndef CICU_H
#define CICU_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/// What a segmenter splits text into.
enum {
    /// ICU `UBRK_WORD` (dictionary-based for Chinese, Japanese, Thai, Lao, Khmer, Burmese).
    CICU_SEGMENT_WORDS = 0,
    /// ICU `UBRK_SENTENCE` for `en@ss=standard` (does not end a sentence after "Mr.", "e.g." ...).
    CICU_SEGMENT_SENTENCES = 1,
};

/// Rule statuses at or above this value mark a word segment (number, letter, kana, ideograph);
/// below it are spaces, punctuation and symbols.
#define CICU_WORD_STATUS_MIN 100

/// A break iterator plus its UTF-8 text wrapper. Exclusive to whoever acquired it.
typedef struct cicu_segmenter cicu_segmenter;

/// Takes a segmenter for the caller's exclusive use. Segmenters are cloned from one shared template
/// per kind and cached per thread, so acquire/release is cheap after the first call on a thread.
/// Returns NULL only when ICU cannot create a break iterator; `*error` then holds the ICU error code.
cicu_segmenter *cicu_segmenter_acquire(int32_t kind, int32_t *error);

/// Gives a segmenter back (to the calling thread's cache, or frees it). NULL is ignored.
void cicu_segmenter_release(cicu_segmenter *segmenter);

/// Points the segmenter at `length` bytes of UTF-8 (not copied: they must stay valid while iterating).
/// Ill-formed bytes are read as U+FFFD. `length` must be below INT32_MAX.
/// Returns 0, or an ICU error code (> 0).
int32_t cicu_segmenter_set_text(cicu_segmenter *segmenter, const uint8_t *utf8, int64_t length);

/// Advances to the next segment. Returns 1 and sets the half-open UTF-8 byte range and ICU rule status,
/// or returns 0 when the text is exhausted.
int32_t cicu_segmenter_next(cicu_segmenter *segmenter, int32_t *start, int32_t *end, int32_t *status);

/// Advances to the next segment whose rule status is at least CICU_WORD_STATUS_MIN.
/// Same results as `cicu_segmenter_next`, minus the non-word segments.
int32_t cicu_segmenter_next_word(cicu_segmenter *segmenter, int32_t *start, int32_t *end, int32_t *status);

/// Normalises one token: NFKC_Casefold, then, when `fold_diacritics` is non-zero, removes nonspacing
/// marks (general category Mn, after canonical decomposition) whose base character is Latin, Greek or
/// Cyrillic, and recomposes (NFC). Ill-formed input bytes become U+FFFD.
/// Writes UTF-8 to `out` and returns its byte length. When the result is longer than `capacity`, the
/// contents of `out` are unspecified and the needed length is returned: call again with a larger buffer.
/// Returns -1 when ICU fails (out of memory).
int32_t cicu_normalize_token(const uint8_t *utf8, int32_t length, int32_t fold_diacritics,
                             uint8_t *out, int32_t capacity);

/// The major version of the ICU library linked (e.g. 72).
int32_t cicu_icu_major_version(void);

// ---- legacy charsets (cicu_charset.c) ----

/// Room for one charset name written by the functions below, NUL included.
#define CICU_CHARSET_NAME_CAPACITY 32

/// Guesses the charset of `length` bytes with ICU's statistical detector (ucsdet). When `strip_markup`
/// is non-zero, text between '<' and '>' is ignored (HTML, XML). Writes up to `max_matches` matches, best
/// first: names (e.g. "GB18030", "Shift_JIS", "windows-1251") in slots of CICU_CHARSET_NAME_CAPACITY bytes
/// of `names`, and confidences (0-100) in `confidences`. Returns the number written, or -(ICU error code).
int32_t cicu_detect_charsets(const uint8_t *bytes, int32_t length, int32_t strip_markup, char *names,
                             int32_t *confidences, int32_t max_matches);

/// The preferred MIME (else IANA, else ICU) name of the charset `label` names, written NUL-terminated to
/// `out`; returns its length, or 0 when ICU has no converter for `label`.
int32_t cicu_charset_standard_name(const char *label, char *out, int32_t capacity);

/// Converts `length` bytes in `charset` (any label ICU knows) to UTF-8. Ill-formed and unmapped byte
/// sequences become U+FFFD, and `*replaced` receives their number. Writes at most `capacity` bytes to
/// `out` and returns the full UTF-8 length: when that is above `capacity`, call again with a larger buffer.
/// Returns -1 when ICU does not know `charset`, -2 when the conversion fails (out of memory).
int64_t cicu_convert_to_utf8(const char *charset, const uint8_t *bytes, int64_t length, uint8_t *out,
                             int64_t capacity, int64_t *replaced);

// ---- writing systems (cicu_script.c) ----

/// The ISO 15924 code of the script `scalar` belongs to (ICU's Script property: "Latn", "Hani", "Cyrl";
/// "Zyyy" for characters every script shares, such as digits and punctuation; "Zinh" for inherited marks),
/// written NUL-terminated to `out`. Returns its length, or 0 when `capacity` is too small.
int32_t cicu_script_code(uint32_t scalar, char *out, int32_t capacity);

#ifdef __cplusplus
}
#endif

#endif
