// Legacy charsets: statistical detection (ucsdet) and conversion to UTF-8 (ucnv).
//
// Detection and converters are opened per call: ICU caches the conversion tables, so opening costs little
// next to converting a file, and nothing is shared between threads.
#include "CICU.h"

#include <string.h>

#include <unicode/ucnv.h>
#include <unicode/ucnv_cb.h>
#include <unicode/ucnv_err.h>
#include <unicode/ucsdet.h>

static void copy_name(const char *name, char *out, int32_t capacity) {
    if (capacity <= 0) return;
    size_t length = name == NULL ? 0 : strlen(name);
    if (length >= (size_t)capacity) length = (size_t)capacity - 1;
    if (length > 0) memcpy(out, name, length);
    out[length] = '\0';
}

int32_t cicu_detect_charsets(const uint8_t *bytes, int32_t length, int32_t strip_markup, char *names,
                             int32_t *confidences, int32_t max_matches) {
    UErrorCode status = U_ZERO_ERROR;
    UCharsetDetector *detector = ucsdet_open(&status);
    if (U_FAILURE(status)) return -(int32_t)status;
    ucsdet_enableInputFilter(detector, strip_markup != 0);
    ucsdet_setText(detector, (const char *)bytes, length, &status);
    int32_t found = 0;
    const UCharsetMatch **matches = ucsdet_detectAll(detector, &found, &status);
    if (U_FAILURE(status)) {
        ucsdet_close(detector);
        // ICU reports "nothing matched" as an error; for the caller that is simply no match.
        return status == U_INVALID_CHAR_FOUND ? 0 : -(int32_t)status;
    }
    int32_t written = 0;
    for (int32_t index = 0; index < found && written < max_matches; index++) {
        UErrorCode matchStatus = U_ZERO_ERROR;
        const char *name = ucsdet_getName(matches[index], &matchStatus);
        int32_t confidence = ucsdet_getConfidence(matches[index], &matchStatus);
        if (U_FAILURE(matchStatus) || name == NULL) continue;
        copy_name(name, names + (size_t)written * CICU_CHARSET_NAME_CAPACITY, CICU_CHARSET_NAME_CAPACITY);
        confidences[written] = confidence;
        written++;
    }
    ucsdet_close(detector);
    return written;
}

int32_t cicu_charset_standard_name(const char *label, char *out, int32_t capacity) {
    UErrorCode status = U_ZERO_ERROR;
    UConverter *converter = ucnv_open(label, &status);
    if (U_FAILURE(status) || converter == NULL) {
        if (converter != NULL) ucnv_close(converter);
        return 0;
    }
    status = U_ZERO_ERROR;
    const char *canonical = ucnv_getName(converter, &status);
    const char *standard = NULL;
    if (U_SUCCESS(status) && canonical != NULL) {
        UErrorCode lookup = U_ZERO_ERROR;
        standard = ucnv_getStandardName(canonical, "MIME", &lookup);
        if (standard == NULL || U_FAILURE(lookup)) {
            lookup = U_ZERO_ERROR;
            standard = ucnv_getStandardName(canonical, "IANA", &lookup);
            if (U_FAILURE(lookup)) standard = NULL;
        }
        if (standard == NULL) standard = canonical;
    }
    copy_name(standard, out, capacity);
    ucnv_close(converter);
    return out[0] == '\0' ? 0 : (int32_t)strlen(out);
}

/// Replaces every ill-formed, unassigned or irregular sequence with U+FFFD and counts it. (ICU's own
/// substitute callback would write U+001A for some single-byte charsets, and counts nothing.)
static void count_and_substitute(const void *context, UConverterToUnicodeArgs *args, const char *units,
                                 int32_t length, UConverterCallbackReason reason, UErrorCode *error) {
    (void)units;
    (void)length;
    if (reason > UCNV_IRREGULAR) return;  // reset, close, clone: nothing to replace
    int64_t *replaced = (int64_t *)context;
    *replaced += 1;
    *error = U_ZERO_ERROR;
    static const UChar replacement = 0xFFFD;
    ucnv_cbToUWriteUChars(args, &replacement, 1, 0, error);
}

int64_t cicu_convert_to_utf8(const char *charset, const uint8_t *bytes, int64_t length, uint8_t *out,
                             int64_t capacity, int64_t *replaced) {
    UErrorCode status = U_ZERO_ERROR;
    UConverter *source = ucnv_open(charset, &status);
    if (U_FAILURE(status) || source == NULL) {
        if (source != NULL) ucnv_close(source);
        return -1;
    }
    UConverter *target = ucnv_open("UTF-8", &status);
    if (U_FAILURE(status) || target == NULL) {
        ucnv_close(source);
        if (target != NULL) ucnv_close(target);
        return -2;
    }
    int64_t count = 0;
    ucnv_setToUCallBack(source, count_and_substitute, &count, NULL, NULL, &status);
    if (U_FAILURE(status)) {
        ucnv_close(source);
        ucnv_close(target);
        return -2;
    }

    // Converts into `out`, then (when it is full) into a scratch buffer only to measure the length.
    UChar pivot[1024];
    UChar *pivotSource = pivot, *pivotTarget = pivot;
    char scratch[4096];
    const char *input = (const char *)bytes;
    const char *inputLimit = input + length;
    char *window = (char *)out;
    char *windowLimit = window + (capacity > 0 ? capacity : 0);
    int64_t written = 0;
    UBool reset = 1;
    for (;;) {
        char *cursor = window;
        status = U_ZERO_ERROR;
        ucnv_convertEx(target, source, &cursor, windowLimit, &input, inputLimit, pivot, &pivotSource,
                       &pivotTarget, pivot + 1024, reset, 1, &status);
        reset = 0;
        written += cursor - window;
        if (status == U_BUFFER_OVERFLOW_ERROR) {
            window = scratch;
            windowLimit = scratch + sizeof scratch;
            continue;
        }
        break;
    }
    ucnv_close(source);
    ucnv_close(target);
    if (U_FAILURE(status)) return -2;
    *replaced = count;
    return written;
}
