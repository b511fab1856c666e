/* Word and token scanning without the regex engine: the same results as claimcheck's
 * patterns under `re` (text.py, matching.py, subjects.py hold them and use these functions
 * when this module is built; tests/test_scan.py compares the two on random text). */

#define PY_SSIZE_T_CLEAN
#include <Python.h>

/* re's classes for str patterns: \d is a decimal digit, \w an alphanumeric or "_" */
#define IS_DIGIT(ch) Py_UNICODE_ISDECIMAL(ch)
#define IS_WORDCHAR(ch) (Py_UNICODE_ISALNUM(ch) || (ch) == '_')
/* [^\W\d_]: a word character that is neither a decimal digit nor "_" */
#define IS_LETTER(ch) ((ch) != '_' && Py_UNICODE_ISALNUM(ch) && !Py_UNICODE_ISDECIMAL(ch))

typedef struct {
    int kind;
    const void *data;
    Py_ssize_t n;
} Text;

static inline Py_UCS4 at(const Text *t, Py_ssize_t i) { return PyUnicode_READ(t->kind, t->data, i); }

static inline int letter_at(const Text *t, Py_ssize_t i) {
    Py_UCS4 ch = at(t, i);
    if (ch < 128)
        return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z');
    return IS_LETTER(ch);
}

static inline int digit_at(const Text *t, Py_ssize_t i) {
    Py_UCS4 ch = at(t, i);
    if (ch < 128)
        return ch >= '0' && ch <= '9';
    return IS_DIGIT(ch);
}

static inline int wordchar_at(const Text *t, Py_ssize_t i) {
    Py_UCS4 ch = at(t, i);
    if (ch < 128)
        return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') ||
               ch == '_';
    return IS_WORDCHAR(ch);
}

static int load(PyObject *obj, Text *t) {
    if (!PyUnicode_Check(obj)) {
        PyErr_SetString(PyExc_TypeError, "a str is required");
        return -1;
    }
    if (PyUnicode_READY(obj) < 0)
        return -1;
    t->kind = PyUnicode_KIND(obj);
    t->data = PyUnicode_DATA(obj);
    t->n = PyUnicode_GET_LENGTH(obj);
    return 0;
}

/* the end of the run of letters starting at i (i itself when there is none) */
static inline Py_ssize_t letters_end(const Text *t, Py_ssize_t i, Py_ssize_t end) {
    while (i < end && letter_at(t, i))
        i++;
    return i;
}

static int append_slice(PyObject *list, PyObject *text, Py_ssize_t a, Py_ssize_t b) {
    PyObject *s = PyUnicode_Substring(text, a, b);
    if (s == NULL)
        return -1;
    int rc = PyList_Append(list, s);
    Py_DECREF(s);
    return rc;
}

static int clamp(Py_ssize_t n, Py_ssize_t *pos, Py_ssize_t *endpos) {
    /* as re's pos and endpos: negative is 0, past the end is the end */
    if (*pos < 0)
        *pos = 0;
    if (*pos > n)
        *pos = n;
    if (*endpos < 0)
        *endpos = 0;
    if (*endpos > n)
        *endpos = n;
    return *pos <= *endpos;
}

PyDoc_STRVAR(words_doc, "words(text, pos=0, endpos=len(text))\n\n"
                        "re.compile(r\"[^\\W\\d_]+\").findall(text, pos, endpos)");

static PyObject *words(PyObject *self, PyObject *args) {
    PyObject *obj;
    Py_ssize_t pos = 0, endpos = PY_SSIZE_T_MAX;
    if (!PyArg_ParseTuple(args, "O|nn:words", &obj, &pos, &endpos))
        return NULL;
    Text t;
    if (load(obj, &t) < 0)
        return NULL;
    PyObject *out = PyList_New(0);
    if (out == NULL || !clamp(t.n, &pos, &endpos))
        return out;
    Py_ssize_t i = pos;
    while (i < endpos) {
        if (!letter_at(&t, i)) {
            i++;
            continue;
        }
        Py_ssize_t j = letters_end(&t, i + 1, endpos);
        if (append_slice(out, obj, i, j) < 0) {
            Py_DECREF(out);
            return NULL;
        }
        i = j;
    }
    return out;
}

PyDoc_STRVAR(count_words_doc, "count_words(text, pos=0, endpos=len(text))\n\n"
                              "len(words(text, pos, endpos)), without making the words");

static PyObject *count_words(PyObject *self, PyObject *args) {
    PyObject *obj;
    Py_ssize_t pos = 0, endpos = PY_SSIZE_T_MAX;
    if (!PyArg_ParseTuple(args, "O|nn:count_words", &obj, &pos, &endpos))
        return NULL;
    Text t;
    if (load(obj, &t) < 0)
        return NULL;
    Py_ssize_t count = 0;
    if (clamp(t.n, &pos, &endpos)) {
        Py_ssize_t i = pos;
        while (i < endpos) {
            if (!letter_at(&t, i)) {
                i++;
                continue;
            }
            count++;
            i = letters_end(&t, i + 1, endpos);
        }
    }
    return PyLong_FromSsize_t(count);
}

PyDoc_STRVAR(split_words_doc, "split_words(text)\n\n"
                              "re.compile(r\"([^\\W\\d_]+)\").split(text): gaps and words in turn");

static PyObject *split_words(PyObject *self, PyObject *obj) {
    Text t;
    if (load(obj, &t) < 0)
        return NULL;
    PyObject *out = PyList_New(0);
    if (out == NULL)
        return NULL;
    Py_ssize_t last = 0, i = 0;
    while (i < t.n) {
        if (!letter_at(&t, i)) {
            i++;
            continue;
        }
        Py_ssize_t j = letters_end(&t, i + 1, t.n);
        if (append_slice(out, obj, last, i) < 0 || append_slice(out, obj, i, j) < 0) {
            Py_DECREF(out);
            return NULL;
        }
        last = i = j;
    }
    if (append_slice(out, obj, last, t.n) < 0) {
        Py_DECREF(out);
        return NULL;
    }
    return out;
}

/* ---- text.py's _TOKEN_RE ---------------------------------------------------------------- */

static inline int number_sep(Py_UCS4 ch) {
    /* _SEP: [ \u00a0\u202f\u2009,.] */
    return ch == ' ' || ch == 0xa0 || ch == 0x202f || ch == 0x2009 || ch == ',' || ch == '.';
}

/* i + 3 when the three characters from i are decimal digits, else -1 */
static inline Py_ssize_t three_digits(const Text *t, Py_ssize_t i) {
    if (i + 3 > t->n)
        return -1;
    for (Py_ssize_t k = i; k < i + 3; k++)
        if (!digit_at(t, k))
            return -1;
    return i + 3;
}

static inline Py_ssize_t digits_end(const Text *t, Py_ssize_t i) {
    while (i < t->n && digit_at(t, i))
        i++;
    return i;
}

/* (?:[.,]\d+)? from i */
static inline Py_ssize_t decimals(const Text *t, Py_ssize_t i) {
    if (i + 1 < t->n) {
        Py_UCS4 ch = at(t, i);
        if ((ch == '.' || ch == ',') && digit_at(t, i + 1))
            return digits_end(t, i + 2);
    }
    return i;
}

static const char *const SUFFIXES[] = {"er", "re", "\xe8re", "\xe8me", "eme", "e", "th", "st", "nd", "rd"};

/* (?:[ \u00a0\u202f]?%|(?:er|re|ère|ème|eme|e|th|st|nd|rd)\b)? from i */
static Py_ssize_t number_suffix(const Text *t, Py_ssize_t i) {
    if (i < t->n) {
        Py_UCS4 ch = at(t, i);
        if ((ch == ' ' || ch == 0xa0 || ch == 0x202f) && i + 1 < t->n && at(t, i + 1) == '%')
            return i + 2;
        if (ch == '%')
            return i + 1;
    }
    for (size_t s = 0; s < sizeof SUFFIXES / sizeof *SUFFIXES; s++) {
        const unsigned char *lit = (const unsigned char *)SUFFIXES[s];
        Py_ssize_t k = i;
        for (; *lit && k < t->n && at(t, k) == *lit; lit++, k++)
            ;
        if (*lit)
            continue;
        /* \b after a letter: the next character is not a word character */
        if (k >= t->n || !wordchar_at(t, k))
            return k;
    }
    return i;
}

/* the end of a number starting at i (a decimal digit not after one), as _NUMBER matches */
static Py_ssize_t number_end(const Text *t, Py_ssize_t i) {
    Py_ssize_t run = digits_end(t, i);
    Py_ssize_t end = -1;
    if (run - i <= 3) {
        /* \d{1,3}(?:SEP\d{3})+(?!\d): the most groups, or one fewer when a digit follows */
        Py_ssize_t p = run, prev = -1;
        int groups = 0;
        for (;;) {
            Py_ssize_t q = p < t->n && number_sep(at(t, p)) ? three_digits(t, p + 1) : -1;
            if (q < 0)
                break;
            prev = p;
            p = q;
            groups++;
        }
        if (groups >= 1 && !(p < t->n && digit_at(t, p)))
            end = p;
        else if (groups >= 2)
            end = prev; /* the last group's separator follows: no digit */
    }
    if (end < 0)
        end = run; /* \d+ */
    return number_suffix(t, decimals(t, end));
}

static inline int apostrophe(Py_UCS4 ch) { return ch == '\'' || ch == 0x2019 || ch == 0x2018 || ch == 0x2bc; }

static inline int punctuation(Py_UCS4 ch) {
    switch (ch) {
    case '.': case '!': case '?': case 0x2026: case ';': case ':': case ',': case '(': case ')':
    case '[': case ']': case '"': case 0xab: case 0xbb: case 0x201c: case 0x201d: case 0x2013:
    case 0x2014: case '/':
        return 1;
    default:
        return 0;
    }
}

PyDoc_STRVAR(token_parts_doc, "token_parts(text)\n\n"
                              "text._TOKEN_RE.split(text): for each token, the gap before it and\n"
                              "its four groups (num, word, apos, punct; None where not taken)");

static PyObject *token_parts(PyObject *self, PyObject *obj) {
    Text t;
    if (load(obj, &t) < 0)
        return NULL;
    PyObject *out = PyList_New(0);
    if (out == NULL)
        return NULL;
    Py_ssize_t last = 0, i = 0;
    while (i < t.n) {
        Py_UCS4 ch = at(&t, i);
        int group;
        Py_ssize_t j;
        if (digit_at(&t, i) && !(i > 0 && digit_at(&t, i - 1))) {
            group = 0;
            j = number_end(&t, i);
        } else if (letter_at(&t, i)) {
            group = 1;
            j = letters_end(&t, i + 1, t.n);
        } else if (apostrophe(ch)) {
            group = 2;
            j = i + 1;
        } else if (ch == '.' && i + 2 < t.n && at(&t, i + 1) == '.' && at(&t, i + 2) == '.') {
            group = 3;
            j = i + 3;
        } else if (punctuation(ch)) {
            group = 3;
            j = i + 1;
        } else {
            i++;
            continue;
        }
        if (append_slice(out, obj, last, i) < 0)
            goto error;
        for (int g = 0; g < 4; g++) {
            if (g == group) {
                if (append_slice(out, obj, i, j) < 0)
                    goto error;
            } else if (PyList_Append(out, Py_None) < 0)
                goto error;
        }
        last = i = j;
    }
    if (append_slice(out, obj, last, t.n) < 0)
        goto error;
    return out;
error:
    Py_DECREF(out);
    return NULL;
}

static PyMethodDef methods[] = {
    {"words", words, METH_VARARGS, words_doc},
    {"count_words", count_words, METH_VARARGS, count_words_doc},
    {"split_words", split_words, METH_O, split_words_doc},
    {"token_parts", token_parts, METH_O, token_parts_doc},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {
    PyModuleDef_HEAD_INIT, "claimcheck._scan", "Word and token scanning, as claimcheck's patterns do.",
    -1, methods,
};

PyMODINIT_FUNC PyInit__scan(void) { return PyModule_Create(&module); }
