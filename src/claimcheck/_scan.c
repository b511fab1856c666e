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

/* the start of the next run of letters in [i, end), its end in *run_end; end when none */
static inline Py_ssize_t next_run(const Text *t, Py_ssize_t i, Py_ssize_t end, Py_ssize_t *run_end) {
    while (i < end && !letter_at(t, i))
        i++;
    *run_end = letters_end(t, i, end);
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
    for (Py_ssize_t i, j = pos; (i = next_run(&t, j, endpos, &j)) < endpos;) {
        if (append_slice(out, obj, i, j) < 0) {
            Py_DECREF(out);
            return NULL;
        }
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
    if (clamp(t.n, &pos, &endpos))
        for (Py_ssize_t j = pos; next_run(&t, j, endpos, &j) < endpos;)
            count++;
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
    Py_ssize_t i, j = 0, last = 0;
    while ((i = next_run(&t, j, t.n, &j)) < t.n) {
        if (append_slice(out, obj, last, i) < 0 || append_slice(out, obj, i, j) < 0) {
            Py_DECREF(out);
            return NULL;
        }
        last = j;
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

typedef struct {
    int group; /* 0 num, 1 word, 2 apostrophe, 3 punctuation */
    Py_ssize_t start, end;
} Match;

/* the token pattern's matches, in order: where each token is, and which group it is */
static Match *matches(const Text *t, Py_ssize_t *count) {
    Py_ssize_t cap = 16, n = 0;
    Match *m = PyMem_Malloc(cap * sizeof *m);
    if (m == NULL)
        return (Match *)PyErr_NoMemory();
    Py_ssize_t i = 0;
    while (i < t->n) {
        Py_UCS4 ch = at(t, i);
        int group;
        Py_ssize_t j;
        if (digit_at(t, i) && !(i > 0 && digit_at(t, i - 1))) {
            group = 0;
            j = number_end(t, i);
        } else if (letter_at(t, i)) {
            group = 1;
            j = letters_end(t, i + 1, t->n);
        } else if (apostrophe(ch)) {
            group = 2;
            j = i + 1;
        } else if (ch == '.' && i + 2 < t->n && at(t, i + 1) == '.' && at(t, i + 2) == '.') {
            group = 3;
            j = i + 3;
        } else if (punctuation(ch)) {
            group = 3;
            j = i + 1;
        } else {
            i++;
            continue;
        }
        if (n == cap) {
            cap *= 2;
            Match *grown = PyMem_Realloc(m, cap * sizeof *m);
            if (grown == NULL) {
                PyMem_Free(m);
                return (Match *)PyErr_NoMemory();
            }
            m = grown;
        }
        m[n].group = group;
        m[n].start = i;
        m[n].end = j;
        n++;
        i = j;
    }
    *count = n;
    return m;
}

PyDoc_STRVAR(token_parts_doc, "token_parts(text)\n\n"
                              "text._TOKEN_RE.split(text): for each token, the gap before it and\n"
                              "its four groups (num, word, apos, punct; None where not taken)");

static PyObject *token_parts(PyObject *self, PyObject *obj) {
    Text t;
    if (load(obj, &t) < 0)
        return NULL;
    Py_ssize_t n = 0;
    Match *m = matches(&t, &n);
    if (m == NULL)
        return NULL;
    PyObject *out = PyList_New(0);
    if (out == NULL)
        goto error;
    Py_ssize_t last = 0;
    for (Py_ssize_t k = 0; k < n; k++) {
        if (append_slice(out, obj, last, m[k].start) < 0)
            goto error;
        for (int g = 0; g < 4; g++) {
            if (g == m[k].group) {
                if (append_slice(out, obj, m[k].start, m[k].end) < 0)
                    goto error;
            } else if (PyList_Append(out, Py_None) < 0)
                goto error;
        }
        last = m[k].end;
    }
    if (append_slice(out, obj, last, t.n) < 0)
        goto error;
    PyMem_Free(m);
    return out;
error:
    PyMem_Free(m);
    Py_XDECREF(out);
    return NULL;
}

/* ---- text.py's tokenize ------------------------------------------------------------------ */

/* what configure() was given: text.py's Token class, tables and functions */
static PyObject *Token, *folded, *fold, *elisions, *nt_stems, *clitics, *number, *punct;
static PyObject *WORD, *NUM, *PUNCT, *NOT, *CAN, *T_STR, *CANNOT;

PyDoc_STRVAR(configure_doc, "configure(Token, folded, fold, elisions, nt_stems, clitics, number, punct)\n\n"
                            "What tokenize() uses: text.py's Token class, its folded words and their\n"
                            "folding, its elision, n't and clitic tables, its number and punctuation\n"
                            "normalisers.");

static PyObject *configure(PyObject *self, PyObject *args) {
    PyObject *given[8];
    if (!PyArg_ParseTuple(args, "O!O!OO!O!O!OO:configure", &PyType_Type, &given[0], &PyDict_Type,
                          &given[1], &given[2], &PyDict_Type, &given[3], &PyDict_Type, &given[4],
                          &PyDict_Type, &given[5], &given[6], &given[7]))
        return NULL;
    if (!PyType_IsSubtype((PyTypeObject *)given[0], &PyTuple_Type)) {
        PyErr_SetString(PyExc_TypeError, "Token must be a tuple type");
        return NULL;
    }
    PyObject **slots[8] = {&Token, &folded, &fold, &elisions, &nt_stems, &clitics, &number, &punct};
    for (int k = 0; k < 8; k++) {
        Py_INCREF(given[k]);
        Py_XSETREF(*slots[k], given[k]);
    }
    Py_RETURN_NONE;
}

/* Token(text, start, end, kind), made as tuple.__new__ makes a tuple subclass's instance;
 * steals the reference to text */
static PyObject *token(PyObject *text, Py_ssize_t start, Py_ssize_t end, PyObject *kind) {
    if (text == NULL)
        return NULL;
    PyTypeObject *type = (PyTypeObject *)Token;
    PyObject *t = type->tp_alloc(type, 4);
    PyObject *a = PyLong_FromSsize_t(start), *b = PyLong_FromSsize_t(end);
    if (t == NULL || a == NULL || b == NULL) {
        Py_XDECREF(t);
        Py_XDECREF(a);
        Py_XDECREF(b);
        Py_DECREF(text);
        return NULL;
    }
    Py_INCREF(kind);
    PyTuple_SET_ITEM(t, 0, text);
    PyTuple_SET_ITEM(t, 1, a);
    PyTuple_SET_ITEM(t, 2, b);
    PyTuple_SET_ITEM(t, 3, kind);
    return t;
}

static int append_token(PyObject *out, PyObject *text, Py_ssize_t start, Py_ssize_t end, PyObject *kind) {
    PyObject *t = token(text, start, end, kind);
    if (t == NULL)
        return -1;
    int rc = PyList_Append(out, t);
    Py_DECREF(t);
    return rc;
}

/* a new reference to folded[raw], folding it when it is not there yet */
static PyObject *fold_word(PyObject *raw) {
    PyObject *found = PyDict_GetItemWithError(folded, raw);
    if (found != NULL) {
        Py_INCREF(found);
        return found;
    }
    if (PyErr_Occurred())
        return NULL;
    return PyObject_CallOneArg(fold, raw);
}

/* a new reference to table[key], or to `otherwise` (stolen) when it is not there */
static PyObject *lookup(PyObject *table, PyObject *key, PyObject *otherwise) {
    PyObject *found = PyDict_GetItemWithError(table, key);
    if (found != NULL) {
        Py_XDECREF(otherwise);
        Py_INCREF(found);
        return found;
    }
    if (PyErr_Occurred()) {
        Py_XDECREF(otherwise);
        return NULL;
    }
    return otherwise;
}

static inline int ends_with_n(PyObject *word) {
    Py_ssize_t n = PyUnicode_GET_LENGTH(word);
    return n > 0 && PyUnicode_READ_CHAR(word, n - 1) == 'n';
}

/* the tokens of text into out, as text.py's _tokenize_py makes them; -1 on an error */
static int tokens_into(PyObject *obj, const Match *m, Py_ssize_t n, PyObject *out, int *numbers) {
    for (Py_ssize_t k = 0; k < n; k++) {
        Py_ssize_t start = m[k].start, end = m[k].end;
        if (m[k].group == 1) {
            PyObject *raw = PyUnicode_Substring(obj, start, end);
            if (raw == NULL)
                return -1;
            PyObject *word = fold_word(raw);
            Py_DECREF(raw);
            if (word == NULL)
                return -1;
            /* a word glued to an apostrophe and another word: l'entreprise, can't, it's */
            if (k + 2 < n && m[k + 1].group == 2 && m[k + 1].start == end && m[k + 2].group == 1 &&
                m[k + 2].start == m[k + 1].end) {
                PyObject *full = lookup(elisions, word, NULL);
                if (full != NULL) {
                    Py_DECREF(word);
                    if (append_token(out, full, start, end + 1, WORD) < 0)
                        return -1;
                    k += 1; /* the apostrophe; the loop steps to the word after it */
                    continue;
                }
                if (PyErr_Occurred())
                    goto word_error;
                PyObject *after_raw = PyUnicode_Substring(obj, m[k + 2].start, m[k + 2].end);
                PyObject *after = after_raw ? fold_word(after_raw) : NULL;
                Py_XDECREF(after_raw);
                if (after == NULL)
                    goto word_error;
                Py_ssize_t stop = m[k + 2].end;
                if (ends_with_n(word) && PyUnicode_Compare(after, T_STR) == 0) {
                    Py_DECREF(after);
                    PyObject *less = PyUnicode_Substring(word, 0, PyUnicode_GET_LENGTH(word) - 1);
                    PyObject *stem = less ? lookup(nt_stems, word, less) : NULL;
                    Py_DECREF(word);
                    if (append_token(out, stem, start, end - 1, WORD) < 0)
                        return -1;
                    Py_INCREF(NOT);
                    if (append_token(out, NOT, end - 1, stop, WORD) < 0)
                        return -1;
                    k += 2;
                    continue;
                }
                PyObject *clitic = PyDict_GetItemWithError(clitics, after);
                Py_DECREF(after);
                if (clitic != NULL) {
                    if (append_token(out, word, start, end, WORD) < 0)
                        return -1;
                    if (clitic != Py_None) {
                        Py_INCREF(clitic);
                        if (append_token(out, clitic, end, stop, WORD) < 0)
                            return -1;
                    }
                    k += 2;
                    continue;
                }
                if (PyErr_Occurred())
                    goto word_error;
            }
            if (PyUnicode_Compare(word, CANNOT) == 0) {
                Py_DECREF(word);
                Py_INCREF(CAN);
                if (append_token(out, CAN, start, start + 3, WORD) < 0)
                    return -1;
                Py_INCREF(NOT);
                if (append_token(out, NOT, start + 3, end, WORD) < 0)
                    return -1;
            } else if (append_token(out, word, start, end, WORD) < 0)
                return -1;
            continue;
        word_error:
            Py_DECREF(word);
            return -1;
        }
        if (m[k].group == 2)
            continue; /* a lone apostrophe is not a token */
        PyObject *raw = PyUnicode_Substring(obj, start, end);
        if (raw == NULL)
            return -1;
        PyObject *norm = PyObject_CallOneArg(m[k].group == 0 ? number : punct, raw);
        Py_DECREF(raw);
        if (m[k].group == 0)
            *numbers = 1;
        if (append_token(out, norm, start, end, m[k].group == 0 ? NUM : PUNCT) < 0)
            return -1;
    }
    return 0;
}

PyDoc_STRVAR(tokenize_doc, "tokenize(text) -> (tokens, whether there is a number)\n\n"
                           "text.py's _tokenize_py(text) before its number words are merged\n"
                           "(configure() first).");

static PyObject *tokenize(PyObject *self, PyObject *obj) {
    if (Token == NULL) {
        PyErr_SetString(PyExc_RuntimeError, "claimcheck._scan.configure() was not called");
        return NULL;
    }
    Text t;
    if (load(obj, &t) < 0)
        return NULL;
    Py_ssize_t n = 0;
    Match *m = matches(&t, &n);
    if (m == NULL)
        return NULL;
    PyObject *out = PyList_New(0);
    int numbers = 0;
    if (out == NULL || tokens_into(obj, m, n, out, &numbers) < 0) {
        PyMem_Free(m);
        Py_XDECREF(out);
        return NULL;
    }
    PyMem_Free(m);
    return Py_BuildValue("(NO)", out, numbers ? Py_True : Py_False);
}

/* ---- matching.py's match_terms --------------------------------------------------------- */

static PyObject *Term, *dropped, *polarity, *light, *canonical, *number_weight, *light_weight,
    *full_weight, *elided;
static PyObject *LONGER, *NO;

PyDoc_STRVAR(configure_terms_doc,
             "configure_terms(Term, dropped, polarity, light, canonical, number_weight, light_weight,\n"
             "                elided)\n\n"
             "What match_terms() and order_table() use: matching.py's Term class, its word classes\n"
             "and weights, and the elided words.");

static PyObject *configure_terms(PyObject *self, PyObject *args) {
    PyObject *given[8];
    if (!PyArg_ParseTuple(args, "O!O!O!O!O!O!O!O!:configure_terms", &PyType_Type, &given[0],
                          &PyFrozenSet_Type, &given[1], &PyFrozenSet_Type, &given[2],
                          &PyFrozenSet_Type, &given[3], &PyDict_Type, &given[4], &PyFloat_Type,
                          &given[5], &PyFloat_Type, &given[6], &PyFrozenSet_Type, &given[7]))
        return NULL;
    if (!PyType_IsSubtype((PyTypeObject *)given[0], &PyTuple_Type)) {
        PyErr_SetString(PyExc_TypeError, "Term must be a tuple type");
        return NULL;
    }
    PyObject **slots[8] = {&Term,          &dropped,      &polarity, &light, &canonical,
                           &number_weight, &light_weight, &elided};
    for (int k = 0; k < 8; k++) {
        Py_INCREF(given[k]);
        Py_XSETREF(*slots[k], given[k]);
    }
    if (full_weight == NULL && (full_weight = PyFloat_FromDouble(1.0)) == NULL)
        return NULL;
    Py_RETURN_NONE;
}

static inline int same(PyObject *a, PyObject *b) {
    return a == b || (PyUnicode_Check(a) && PyUnicode_Compare(a, b) == 0);
}

PyDoc_STRVAR(match_terms_doc, "match_terms(tokens)\n\n"
                              "matching.py's _match_terms_py(tokens) (configure_terms() first).");

static PyObject *match_terms(PyObject *self, PyObject *arg) {
    if (Term == NULL) {
        PyErr_SetString(PyExc_RuntimeError, "claimcheck._scan.configure_terms() was not called");
        return NULL;
    }
    PyObject *tokens = PySequence_Fast(arg, "tokens must be a sequence");
    if (tokens == NULL)
        return NULL;
    Py_ssize_t n = PySequence_Fast_GET_SIZE(tokens);
    PyObject **items = PySequence_Fast_ITEMS(tokens);
    PyObject *out = PyList_New(0);
    if (out == NULL)
        goto error;
    for (Py_ssize_t i = 0; i < n; i++) {
        PyObject *t = items[i];
        if (!PyTuple_Check(t) || PyTuple_GET_SIZE(t) != 4) {
            PyErr_SetString(PyExc_TypeError, "a token is a (text, start, end, kind) tuple");
            goto error;
        }
        PyObject *text = PyTuple_GET_ITEM(t, 0), *kind = PyTuple_GET_ITEM(t, 3);
        if (same(kind, PUNCT))
            continue;
        int in = 0;
        if ((in = PySet_Contains(dropped, text)) != 0 || (in = PySet_Contains(polarity, text)) != 0) {
            if (in < 0)
                goto error;
            continue;
        }
        if (i > 0 && same(text, LONGER)) {
            PyObject *before = items[i - 1];
            if (PyTuple_Check(before) && PyTuple_GET_SIZE(before) > 0 &&
                same(PyTuple_GET_ITEM(before, 0), NO))
                continue; /* "no longer" is a negation cue */
        }
        int num = same(kind, NUM);
        PyObject *weight;
        if (num)
            weight = number_weight;
        else {
            if ((in = PySet_Contains(light, text)) < 0)
                goto error;
            weight = in || PyUnicode_GET_LENGTH(text) == 1 ? light_weight : full_weight;
        }
        PyObject *word = PyDict_GetItemWithError(canonical, text);
        if (word == NULL && PyErr_Occurred())
            goto error;
        PyTypeObject *type = (PyTypeObject *)Term;
        PyObject *term = type->tp_alloc(type, 4);
        PyObject *index = PyLong_FromSsize_t(i);
        if (term == NULL || index == NULL) {
            Py_XDECREF(term);
            Py_XDECREF(index);
            goto error;
        }
        word = word != NULL ? word : text;
        PyObject *flag = num ? Py_True : Py_False;
        Py_INCREF(word);
        Py_INCREF(flag);
        Py_INCREF(weight);
        PyTuple_SET_ITEM(term, 0, index);
        PyTuple_SET_ITEM(term, 1, word);
        PyTuple_SET_ITEM(term, 2, flag);
        PyTuple_SET_ITEM(term, 3, weight);
        int rc = PyList_Append(out, term);
        Py_DECREF(term);
        if (rc < 0)
            goto error;
    }
    Py_DECREF(tokens);
    PyObject *result = PyList_AsTuple(out);
    Py_DECREF(out);
    return result;
error:
    Py_DECREF(tokens);
    Py_XDECREF(out);
    return NULL;
}

/* ---- matching.py's _bound ---------------------------------------------------------------- */

typedef struct {
    Py_ssize_t last;   /* the passage position of the state's last term */
    double after;      /* the inserted weight after it */
    Py_ssize_t wild;   /* the free terms after its term */
    double value;      /* the best weight, gaps paid, of an alignment that ends there */
} State;

PyDoc_STRVAR(order_bound_doc,
             "order_bound(terms, total, where, inserted, min_score, missing, gap_points)\n\n"
             "matching.py's _bound_py for a phrasing's terms and total weight.");

static PyObject *order_bound(PyObject *self, PyObject *args) {
    PyObject *terms, *where, *inserted, *missing;
    double total, min_score, gap_points;
    if (!PyArg_ParseTuple(args, "O!dO!O!dOd:order_bound", &PyTuple_Type, &terms, &total, &PyDict_Type,
                          &where, &PyList_Type, &inserted, &min_score, &missing, &gap_points))
        return NULL;
    if (!PyAnySet_Check(missing)) {
        PyErr_SetString(PyExc_TypeError, "missing must be a set");
        return NULL;
    }
    Py_ssize_t n = PyTuple_GET_SIZE(terms), n_inserted = PyList_GET_SIZE(inserted);
    double need = min_score / 100.0 * total - 1e-9;
    double gap_cost = gap_points / 100.0 * total;
    double free_weight = 0.0, best = 0.0;
    Py_ssize_t *wild = PyMem_Malloc((n + 1) * sizeof *wild);
    Py_ssize_t *fixed = PyMem_Malloc((n + 1) * sizeof *fixed);
    PyObject **found_at = PyMem_Malloc((n + 1) * sizeof *found_at);
    double *weights = PyMem_Malloc((n + 1) * sizeof *weights);
    State *states = NULL;
    Py_ssize_t n_fixed = 0, n_states = 0, cap = 0;
    PyObject *result = NULL;
    if (wild == NULL || fixed == NULL || found_at == NULL || weights == NULL) {
        PyErr_NoMemory();
        goto done;
    }
    wild[0] = 0;
    int check_missing = PySet_GET_SIZE(missing) > 0;
    for (Py_ssize_t i = 0; i < n; i++) {
        PyObject *term = PyTuple_GET_ITEM(terms, i);
        if (!PyTuple_Check(term) || PyTuple_GET_SIZE(term) != 4) {
            PyErr_SetString(PyExc_TypeError, "a term is an (index, text, number, weight) tuple");
            goto done;
        }
        double weight = PyFloat_AsDouble(PyTuple_GET_ITEM(term, 3));
        int number = PyObject_IsTrue(PyTuple_GET_ITEM(term, 2));
        if ((weight == -1.0 && PyErr_Occurred()) || number < 0)
            goto done;
        PyObject *found = NULL;
        if (!number && weight >= 1.0) {
            found = PyDict_GetItemWithError(where, PyTuple_GET_ITEM(term, 1));
            if (found == NULL && PyErr_Occurred())
                goto done;
            if (found != NULL && !PyList_Check(found)) {
                PyErr_SetString(PyExc_TypeError, "where maps words to lists of positions");
                goto done;
            }
        }
        int is_missing = 0;
        if (check_missing) {
            PyObject *key = PyLong_FromSsize_t(i);
            if (key == NULL)
                goto done;
            is_missing = PySet_Contains(missing, key);
            Py_DECREF(key);
            if (is_missing < 0)
                goto done;
        }
        if (is_missing)
            wild[i + 1] = wild[i];
        else if (found == NULL) {
            free_weight += weight;
            wild[i + 1] = wild[i] + 1;
        } else {
            fixed[n_fixed] = i;
            found_at[n_fixed] = found;
            weights[n_fixed] = weight;
            n_fixed++;
            wild[i + 1] = wild[i];
        }
    }
    for (Py_ssize_t f = 0; f < n_fixed; f++) {
        Py_ssize_t i = fixed[f], before_states = n_states;
        PyObject *found = found_at[f];
        double weight = weights[f];
        Py_ssize_t wild_i = wild[i];
        for (Py_ssize_t k = 0; k < PyList_GET_SIZE(found); k++) {
            Py_ssize_t j = PyLong_AsSsize_t(PyList_GET_ITEM(found, k));
            if (j == -1 && PyErr_Occurred())
                goto done;
            if (j < 0 || j + 1 >= n_inserted) {
                PyErr_SetString(PyExc_IndexError, "a position past the inserted weights");
                goto done;
            }
            double at_j = PyFloat_AsDouble(PyList_GET_ITEM(inserted, j));
            double after_j = PyFloat_AsDouble(PyList_GET_ITEM(inserted, j + 1));
            if (PyErr_Occurred())
                goto done;
            double value = weight;
            for (Py_ssize_t s = 0; s < before_states; s++) {
                const State *st = &states[s];
                if (st->last < j) {
                    double holes = at_j - st->after - (double)(wild_i - st->wild) - 1.0;
                    double gained = st->value + weight - gap_cost * (holes > 0.0 ? holes : 0.0);
                    if (gained > value)
                        value = gained;
                }
            }
            if (n_states == cap) {
                cap = cap ? cap * 2 : 16;
                State *grown = PyMem_Realloc(states, cap * sizeof *states);
                if (grown == NULL) {
                    PyErr_NoMemory();
                    goto done;
                }
                states = grown;
            }
            states[n_states].last = j;
            states[n_states].after = after_j;
            states[n_states].wild = wild[i + 1];
            states[n_states].value = value;
            n_states++;
            if (value > best)
                best = value;
        }
    }
    result = PyBool_FromLong(best + free_weight >= need);
done:
    PyMem_Free(wild);
    PyMem_Free(fixed);
    PyMem_Free(found_at);
    PyMem_Free(weights);
    PyMem_Free(states);
    return result;
}

/* ---- matching.py's _order_table ----------------------------------------------------------- */

/* _inserted_weight(w): the least weight the aligner may count for a word inserted in a passage */
static int inserted_weight(PyObject *w, double *weight) {
    int in = 0;
    if (!PyUnicode_Check(w)) {
        PyErr_SetString(PyExc_TypeError, "a word is a str");
        return -1;
    }
    if (PyUnicode_GET_LENGTH(w) < 2 || (in = PySet_Contains(dropped, w)) != 0 ||
        (in = PySet_Contains(polarity, w)) != 0 || (in = PySet_Contains(elided, w)) != 0) {
        if (in < 0)
            return -1;
        *weight = 0.0;
        return 0;
    }
    if ((in = PySet_Contains(light, w)) < 0)
        return -1;
    *weight = in ? 0.5 : 1.0;
    return 0;
}

PyDoc_STRVAR(order_table_doc, "order_table(seq, lo, hi, aside_cost)\n\n"
                              "matching.py's _order_table_py(seq, (lo, hi)) (configure_terms() first).");

static PyObject *order_table(PyObject *self, PyObject *args) {
    PyObject *seq;
    Py_ssize_t lo, hi;
    double aside_cost;
    if (!PyArg_ParseTuple(args, "O!nnd:order_table", &PyTuple_Type, &seq, &lo, &hi, &aside_cost))
        return NULL;
    if (Term == NULL) {
        PyErr_SetString(PyExc_RuntimeError, "claimcheck._scan.configure_terms() was not called");
        return NULL;
    }
    Py_ssize_t n = PyTuple_GET_SIZE(seq);
    /* the aside, when lo < hi, as the slice weights[lo:hi] (a negative end counts from the end) */
    if (lo < hi)
        PySlice_AdjustIndices(n, &lo, &hi, 1);
    else
        lo = hi = 0;
    PyObject *where = PyDict_New(), *inserted = PyList_New(n + 1);
    if (where == NULL || inserted == NULL)
        goto error;
    PyObject *start = PyFloat_FromDouble(0.0);
    if (start == NULL)
        goto error;
    PyList_SET_ITEM(inserted, 0, start);
    double sum = 0.0;
    for (Py_ssize_t j = 0; j < n; j++) {
        PyObject *w = PyTuple_GET_ITEM(seq, j);
        PyObject *at = PyDict_GetItemWithError(where, w);
        if (at == NULL) {
            if (PyErr_Occurred())
                goto error;
            at = PyList_New(0);
            if (at == NULL)
                goto error;
            int rc = PyDict_SetItem(where, w, at);
            Py_DECREF(at); /* the dictionary holds it */
            if (rc < 0)
                goto error;
        }
        PyObject *index = PyLong_FromSsize_t(j);
        if (index == NULL)
            goto error;
        int rc = PyList_Append(at, index);
        Py_DECREF(index);
        if (rc < 0)
            goto error;
        double weight;
        if (inserted_weight(w, &weight) < 0)
            goto error;
        if (lo <= j && j < hi)
            weight = weight * aside_cost;
        /* itertools.accumulate: the first weight as it is, then running sums */
        sum = j == 0 ? weight : sum + weight;
        PyObject *value = PyFloat_FromDouble(sum);
        if (value == NULL)
            goto error;
        PyList_SET_ITEM(inserted, j + 1, value);
    }
    return Py_BuildValue("(NN)", where, inserted);
error:
    Py_XDECREF(where);
    Py_XDECREF(inserted);
    return NULL;
}

static PyMethodDef methods[] = {
    {"words", words, METH_VARARGS, words_doc},
    {"count_words", count_words, METH_VARARGS, count_words_doc},
    {"split_words", split_words, METH_O, split_words_doc},
    {"token_parts", token_parts, METH_O, token_parts_doc},
    {"configure", configure, METH_VARARGS, configure_doc},
    {"tokenize", tokenize, METH_O, tokenize_doc},
    {"configure_terms", configure_terms, METH_VARARGS, configure_terms_doc},
    {"match_terms", match_terms, METH_O, match_terms_doc},
    {"order_bound", order_bound, METH_VARARGS, order_bound_doc},
    {"order_table", order_table, METH_VARARGS, order_table_doc},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {
    PyModuleDef_HEAD_INIT, "claimcheck._scan", "Word and token scanning, as claimcheck's patterns do.",
    -1, methods,
};

PyMODINIT_FUNC PyInit__scan(void) {
    const char *names[] = {"word", "num", "punct", "not", "can", "t", "cannot", "longer", "no"};
    PyObject **slots[] = {&WORD, &NUM, &PUNCT, &NOT, &CAN, &T_STR, &CANNOT, &LONGER, &NO};
    for (int k = 0; k < 9; k++) {
        *slots[k] = PyUnicode_InternFromString(names[k]);
        if (*slots[k] == NULL)
            return NULL;
    }
    return PyModule_Create(&module);
}
