// Writing systems: the ISO 15924 script of a code point (ICU's Script property).
#include "CICU.h"

#include <string.h>

#include <unicode/uscript.h>

int32_t cicu_script_code(uint32_t scalar, char *out, int32_t capacity) {
    UErrorCode status = U_ZERO_ERROR;
    UScriptCode script = uscript_getScript((UChar32)scalar, &status);
    if (U_FAILURE(status)) script = USCRIPT_UNKNOWN;
    const char *name = uscript_getShortName(script);
    if (name == NULL) name = "Zzzz";
    int32_t length = (int32_t)strlen(name);
    if (length >= capacity) return 0;
    memcpy(out, name, (size_t)length + 1);
    return length;
}
