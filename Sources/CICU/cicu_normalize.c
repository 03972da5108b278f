// Token normalisation: NFKC_Casefold, then (optionally) removal of diacritics on Latin, Greek and
// Cyrillic letters. Works on one token at a time; small tokens never touch the heap.
#include "CICU.h"

#include <stdlib.h>

#include <unicode/uchar.h>
#include <unicode/unorm2.h>
#include <unicode/uscript.h>
#include <unicode/ustring.h>
#include <unicode/utf16.h>

#define STACK_UNITS 256

/// A UTF-16 buffer that starts on the stack and moves to the heap when a token needs more room.
typedef struct {
    UChar *units;
    int32_t capacity;
    int32_t length;
    UChar inline_units[STACK_UNITS];
} unit_buffer;

static void buffer_init(unit_buffer *buffer) {
    buffer->units = buffer->inline_units;
    buffer->capacity = STACK_UNITS;
    buffer->length = 0;
}

static int buffer_reserve(unit_buffer *buffer, int32_t capacity) {
    if (capacity <= buffer->capacity) return 1;
    UChar *units = malloc((size_t)capacity * sizeof(UChar));
    if (units == NULL) return 0;
    if (buffer->units != buffer->inline_units) free(buffer->units);
    buffer->units = units;
    buffer->capacity = capacity;
    return 1;
}

static void buffer_free(unit_buffer *buffer) {
    if (buffer->units != buffer->inline_units) free(buffer->units);
}

/// Runs `normalizer` over `source` into `target`, growing `target` when ICU asks for more room.
static int normalize_into(const UNormalizer2 *normalizer, const unit_buffer *source, unit_buffer *target) {
    UErrorCode status = U_ZERO_ERROR;
    int32_t length = unorm2_normalize(normalizer, source->units, source->length,
                                      target->units, target->capacity, &status);
    if (status == U_BUFFER_OVERFLOW_ERROR) {
        if (!buffer_reserve(target, length + 1)) return 0;
        status = U_ZERO_ERROR;
        length = unorm2_normalize(normalizer, source->units, source->length,
                                  target->units, target->capacity, &status);
    }
    if (U_FAILURE(status)) return 0;
    target->length = length;
    return 1;
}

static int is_folded_script(UChar32 c) {
    UErrorCode status = U_ZERO_ERROR;
    UScriptCode script = uscript_getScript(c, &status);
    return U_SUCCESS(status) &&
           (script == USCRIPT_LATIN || script == USCRIPT_GREEK || script == USCRIPT_CYRILLIC);
}

/// Copies `source` (in NFD) to `target` without the nonspacing marks that sit on a Latin, Greek or
/// Cyrillic base. Returns the number of marks removed, or -1 when out of memory.
static int32_t strip_marks(const unit_buffer *source, unit_buffer *target) {
    if (!buffer_reserve(target, source->length)) return -1;
    int32_t removed = 0, out = 0, i = 0;
    int base_is_folded = 0;
    while (i < source->length) {
        int32_t begin = i;
        UChar32 c;
        U16_NEXT(source->units, i, source->length, c);
        if (u_charType(c) == U_NON_SPACING_MARK) {
            if (base_is_folded) {
                removed++;
                continue;
            }
        } else {
            base_is_folded = is_folded_script(c);
        }
        while (begin < i) target->units[out++] = source->units[begin++];
    }
    target->length = out;
    return removed;
}

/// Whether `buffer` might hold a character with a diacritic: everything below U+00C0 is plain.
static int may_carry_marks(const unit_buffer *buffer) {
    for (int32_t i = 0; i < buffer->length; i++) {
        if (buffer->units[i] >= 0x00C0) return 1;
    }
    return 0;
}

int32_t cicu_normalize_token(const uint8_t *utf8, int32_t length, int32_t fold_diacritics,
                             uint8_t *out, int32_t capacity) {
    UErrorCode status = U_ZERO_ERROR;
    const UNormalizer2 *casefold = unorm2_getNFKCCasefoldInstance(&status);
    if (U_FAILURE(status)) return -1;
    if (length < 0) return -1;

    int32_t result = -1;
    unit_buffer input, folded, decomposed, stripped;
    buffer_init(&input);
    buffer_init(&folded);
    buffer_init(&decomposed);
    buffer_init(&stripped);

    // UTF-8 -> UTF-16, ill-formed bytes as U+FFFD. A UTF-8 byte never yields more than one unit.
    if (!buffer_reserve(&input, length > 0 ? length : 1)) goto done;
    u_strFromUTF8WithSub(input.units, input.capacity, &input.length, (const char *)utf8, length,
                         0xFFFD, NULL, &status);
    if (U_FAILURE(status)) goto done;

    if (!normalize_into(casefold, &input, &folded)) goto done;
    const unit_buffer *final = &folded;

    if (fold_diacritics && may_carry_marks(&folded)) {
        const UNormalizer2 *nfd = unorm2_getNFDInstance(&status);
        const UNormalizer2 *nfc = unorm2_getNFCInstance(&status);
        if (U_FAILURE(status)) goto done;
        if (!normalize_into(nfd, &folded, &decomposed)) goto done;
        int32_t removed = strip_marks(&decomposed, &stripped);
        if (removed < 0) goto done;
        if (removed > 0) {
            // Recompose what is left (e.g. a Japanese kana with its dakuten); reuse `decomposed`.
            if (!normalize_into(nfc, &stripped, &decomposed)) goto done;
            final = &decomposed;
        }
    }

    status = U_ZERO_ERROR;
    int32_t written = 0;
    u_strToUTF8WithSub((char *)out, capacity, &written, final->units, final->length, 0xFFFD, NULL, &status);
    if (status == U_BUFFER_OVERFLOW_ERROR || U_SUCCESS(status)) result = written;

done:
    buffer_free(&input);
    buffer_free(&folded);
    buffer_free(&decomposed);
    buffer_free(&stripped);
    return result;
}
