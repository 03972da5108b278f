// Word and sentence segmentation over UTF-8, with break iterators cached per thread.
//
// `ubrk_open` loads rules and dictionaries and costs far more than segmenting a short text, so each kind
// has one template (opened once) from which every thread clones its own iterator on first use. The
// iterator reads the caller's UTF-8 directly through a UText, so break positions are byte offsets.
#include "CICU.h"

#include <pthread.h>
#include <stdlib.h>

#include <unicode/ubrk.h>
#include <unicode/uclean.h>
#include <unicode/utext.h>
#include <unicode/uversion.h>

#define KIND_COUNT 2

struct cicu_segmenter {
    int32_t kind;
    UBreakIterator *iterator;
    UText text;
    int32_t position;  // start of the next segment, in UTF-8 bytes
};

// ---- templates: one per kind, opened once, only ever cloned (under a lock) ----

static pthread_once_t templates_once = PTHREAD_ONCE_INIT;
static pthread_mutex_t templates_lock = PTHREAD_MUTEX_INITIALIZER;
static UBreakIterator *templates[KIND_COUNT];
static UErrorCode template_errors[KIND_COUNT];

static void open_templates(void) {
    UErrorCode error = U_ZERO_ERROR;
    templates[CICU_SEGMENT_WORDS] = ubrk_open(UBRK_WORD, "", NULL, 0, &error);
    template_errors[CICU_SEGMENT_WORDS] = error;
    error = U_ZERO_ERROR;
    // `ss=standard` suppresses sentence ends after common abbreviations ("Mr.", "Dr.", "e.g.").
    templates[CICU_SEGMENT_SENTENCES] = ubrk_open(UBRK_SENTENCE, "en@ss=standard", NULL, 0, &error);
    template_errors[CICU_SEGMENT_SENTENCES] = error;
}

static cicu_segmenter *create_segmenter(int32_t kind, int32_t *error) {
    pthread_once(&templates_once, open_templates);
    if (templates[kind] == NULL || U_FAILURE(template_errors[kind])) {
        *error = (int32_t)(U_FAILURE(template_errors[kind]) ? template_errors[kind] : U_INTERNAL_PROGRAM_ERROR);
        return NULL;
    }
    cicu_segmenter *segmenter = calloc(1, sizeof(cicu_segmenter));
    if (segmenter == NULL) {
        *error = U_MEMORY_ALLOCATION_ERROR;
        return NULL;
    }
    UErrorCode status = U_ZERO_ERROR;
    pthread_mutex_lock(&templates_lock);
    segmenter->iterator = ubrk_clone(templates[kind], &status);
    pthread_mutex_unlock(&templates_lock);
    if (U_FAILURE(status) || segmenter->iterator == NULL) {
        free(segmenter);
        *error = (int32_t)(U_FAILURE(status) ? status : U_MEMORY_ALLOCATION_ERROR);
        return NULL;
    }
    UText empty = UTEXT_INITIALIZER;
    segmenter->text = empty;
    segmenter->kind = kind;
    return segmenter;
}

static void destroy_segmenter(cicu_segmenter *segmenter) {
    ubrk_close(segmenter->iterator);
    utext_close(&segmenter->text);
    free(segmenter);
}

// ---- per-thread cache: one idle segmenter per kind ----
// The pthread key exists only for its destructor, which frees a thread's cache when the thread ends.

typedef struct {
    cicu_segmenter *idle[KIND_COUNT];
} thread_cache;

static pthread_once_t cache_key_once = PTHREAD_ONCE_INIT;
static pthread_key_t cache_key;
static __thread thread_cache *current_cache;

static void free_thread_cache(void *value) {
    thread_cache *cache = value;
    for (int kind = 0; kind < KIND_COUNT; kind++) {
        if (cache->idle[kind] != NULL) destroy_segmenter(cache->idle[kind]);
    }
    free(cache);
    current_cache = NULL;
}

static void create_cache_key(void) { pthread_key_create(&cache_key, free_thread_cache); }

static thread_cache *cache_for_this_thread(void) {
    if (current_cache != NULL) return current_cache;
    pthread_once(&cache_key_once, create_cache_key);
    thread_cache *cache = calloc(1, sizeof(thread_cache));
    if (cache == NULL) return NULL;
    if (pthread_setspecific(cache_key, cache) != 0) {
        free(cache);
        return NULL;
    }
    current_cache = cache;
    return cache;
}

cicu_segmenter *cicu_segmenter_acquire(int32_t kind, int32_t *error) {
    *error = 0;
    if (kind < 0 || kind >= KIND_COUNT) {
        *error = U_ILLEGAL_ARGUMENT_ERROR;
        return NULL;
    }
    thread_cache *cache = cache_for_this_thread();
    if (cache != NULL && cache->idle[kind] != NULL) {
        // Taken out of the cache, so a nested acquire on this thread gets its own iterator.
        cicu_segmenter *segmenter = cache->idle[kind];
        cache->idle[kind] = NULL;
        return segmenter;
    }
    return create_segmenter(kind, error);
}

void cicu_segmenter_release(cicu_segmenter *segmenter) {
    if (segmenter == NULL) return;
    // Forget the caller's bytes before caching, so nothing dangles.
    UErrorCode status = U_ZERO_ERROR;
    utext_openUTF8(&segmenter->text, "", 0, &status);
    ubrk_setUText(segmenter->iterator, &segmenter->text, &status);
    thread_cache *cache = cache_for_this_thread();
    if (cache != NULL && cache->idle[segmenter->kind] == NULL) {
        cache->idle[segmenter->kind] = segmenter;
    } else {
        destroy_segmenter(segmenter);
    }
}

int32_t cicu_segmenter_set_text(cicu_segmenter *segmenter, const uint8_t *utf8, int64_t length) {
    if (length < 0 || length >= INT32_MAX) return U_INDEX_OUTOFBOUNDS_ERROR;
    static const char empty[1] = {0};
    const char *bytes = (utf8 != NULL && length > 0) ? (const char *)utf8 : empty;
    UErrorCode status = U_ZERO_ERROR;
    utext_openUTF8(&segmenter->text, bytes, length, &status);
    if (U_FAILURE(status)) return status;
    ubrk_setUText(segmenter->iterator, &segmenter->text, &status);
    if (U_FAILURE(status)) return status;
    segmenter->position = ubrk_first(segmenter->iterator);
    return 0;
}

int32_t cicu_segmenter_next(cicu_segmenter *segmenter, int32_t *start, int32_t *end, int32_t *status) {
    int32_t boundary = ubrk_next(segmenter->iterator);
    if (boundary == UBRK_DONE) return 0;
    *start = segmenter->position;
    *end = boundary;
    *status = ubrk_getRuleStatus(segmenter->iterator);
    segmenter->position = boundary;
    return 1;
}

int32_t cicu_segmenter_next_word(cicu_segmenter *segmenter, int32_t *start, int32_t *end, int32_t *status) {
    UBreakIterator *iterator = segmenter->iterator;
    int32_t position = segmenter->position;
    for (;;) {
        int32_t boundary = ubrk_next(iterator);
        if (boundary == UBRK_DONE) {
            segmenter->position = position;
            return 0;
        }
        int32_t rule = ubrk_getRuleStatus(iterator);
        if (rule >= CICU_WORD_STATUS_MIN) {
            *start = position;
            *end = boundary;
            *status = rule;
            segmenter->position = boundary;
            return 1;
        }
        position = boundary;
    }
}

int32_t cicu_icu_major_version(void) {
    UVersionInfo version;
    u_getVersion(version);
    return (int32_t)version[0];
}
