// The only place Ruminate includes libxml2. Two platform traps are handled here:
// - Debian's headers pull in ICU's <unicode/*.h>, which clash with the toolchain's own ICU module
//   (`_FoundationICU`, seen through Foundation; see Sources/CICU/include/CICU.h);
//   undefining LIBXML_ICU_ENABLED keeps them out (so never allocate xmlCharEncodingHandler from Swift).
// - xmlFree is a mutable global function pointer and xmlParserVersion a macro: Swift 6 can use neither,
//   so both are wrapped in static inline functions.
#ifndef RUMINATE_CLIBXML2_SHIM_H
#define RUMINATE_CLIBXML2_SHIM_H

#include <libxml/xmlversion.h>
#undef LIBXML_ICU_ENABLED

#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <libxml/HTMLparser.h>
#include <libxml/tree.h>
#include <libxml/entities.h>
#include <libxml/xmlerror.h>
#include <libxml/globals.h>

/// Frees memory that libxml2 allocated (xmlFree is a global function pointer Swift 6 rejects).
static inline void ruminate_xmlFree(void *pointer) {
    xmlFree(pointer);
}

/// The libxml2 version string, e.g. "20914" (xmlParserVersion is a macro Swift cannot see).
static inline const char *ruminate_xmlParserVersion(void) {
    return xmlParserVersion;
}

#endif
