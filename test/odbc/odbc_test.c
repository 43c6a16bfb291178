/*
 * odbc_test.c: the civil_affairs extension as an ODBC application sees it,
 * through unixODBC and the psqlODBC Unicode driver.
 *
 *   odbc_test 'Driver={PostgreSQL Unicode};Servername=...;Port=...;Database=...;Username=...;'
 *
 * test/odbc/run.sh builds the connection string from PGHOST, PGPORT,
 * PGDATABASE and PGUSER.  Prints one line per check ("ok N - ..." or
 * "not ok N - ...: got X, expected Y"), then "odbc: N passed, N failed";
 * exits 0 only when every check passed.  docs/odbc.md explains what these
 * checks establish for integrators.
 */
#include <stdio.h>
#include <string.h>

#include <sql.h>
#include <sqlext.h>

static int checks_passed, checks_failed;

/* Print and count one check. */
static void check(int ok, const char *description, const char *got, const char *expected)
{
    int n = checks_passed + checks_failed + 1;

    if (ok) {
        checks_passed++;
        printf("ok %d - %s\n", n, description);
    } else {
        checks_failed++;
        printf("not ok %d - %s: got %s, expected %s\n", n, description, got, expected);
    }
    fflush(stdout);
}

/* The first diagnostic record of a handle as "SQLSTATE: message", on one
 * line (psqlODBC appends ";\nError while executing the query"). */
static void diag_text(SQLSMALLINT type, SQLHANDLE handle, char *state, char *out, size_t size)
{
    SQLCHAR sqlstate[6] = "", message[512] = "";
    SQLINTEGER native = 0;
    SQLSMALLINT length = 0;
    char *p;

    if (!SQL_SUCCEEDED(SQLGetDiagRec(type, handle, 1, sqlstate, &native,
                                     message, sizeof message, &length)))
        strcpy((char *) message, "(no diagnostic record)");
    if (state != NULL)
        memcpy(state, sqlstate, sizeof sqlstate);
    snprintf(out, size, "%s: %s", (char *) sqlstate, (char *) message);
    for (p = out; *p; p++)
        if (*p == '\n' || *p == '\r')
            *p = ' ';
}

/* What executing a one-value query gave. */
struct reply {
    int ok;          /* executed and fetched a row */
    int is_null;     /* column 1 was SQL NULL (indicator SQL_NULL_DATA) */
    char state[6];   /* SQLSTATE when not ok */
    char shown[700]; /* 'value', NULL, or "error SQLSTATE: message", for printing */
    char value[256]; /* column 1 as UTF-8 text */
};

/* Execute a prepared statement (parameters already bound) and read column 1
 * of its first row as SQL_C_CHAR.  Leaves the cursor closed. */
static void execute_one(SQLHSTMT stmt, struct reply *r)
{
    SQLLEN indicator = 0;
    SQLRETURN rc;
    char error[600];

    memset(r, 0, sizeof *r);
    rc = SQLExecute(stmt);
    if (SQL_SUCCEEDED(rc))
        rc = SQLFetch(stmt);
    if (SQL_SUCCEEDED(rc))
        rc = SQLGetData(stmt, 1, SQL_C_CHAR, r->value, sizeof r->value, &indicator);
    if (rc == SQL_NO_DATA) {
        strcpy(r->shown, "no row");
    } else if (rc == SQL_SUCCESS) {
        r->ok = 1;
        r->is_null = indicator == SQL_NULL_DATA;
        if (r->is_null)
            strcpy(r->shown, "NULL");
        else
            snprintf(r->shown, sizeof r->shown, "'%s'", r->value);
    } else {
        /* SQL_SUCCESS_WITH_INFO from SQLGetData means truncation: a failure too. */
        diag_text(SQL_HANDLE_STMT, stmt, r->state, error, sizeof error);
        snprintf(r->shown, sizeof r->shown, "error %s", error);
    }
    SQLFreeStmt(stmt, SQL_CLOSE);
}

/* The one-value query gave exactly this text. */
static void check_text(const char *description, const struct reply *r, const char *expected)
{
    char quoted[300];

    snprintf(quoted, sizeof quoted, "'%s'", expected);
    check(r->ok && !r->is_null && strcmp(r->value, expected) == 0, description, r->shown, quoted);
}

/* A text parameter: a buffer bound once, refilled before each execution. */
struct param {
    char value[64];
    SQLLEN indicator;
};

static SQLRETURN bind_param(SQLHSTMT stmt, SQLUSMALLINT number, struct param *p)
{
    p->value[0] = '\0';
    p->indicator = SQL_NTS;
    return SQLBindParameter(stmt, number, SQL_PARAM_INPUT, SQL_C_CHAR, SQL_VARCHAR,
                            sizeof p->value - 1, 0, p->value, sizeof p->value, &p->indicator);
}

/* Set the parameter to a UTF-8 string, or to SQL NULL when value is NULL. */
static void set_param(struct param *p, const char *value)
{
    if (value == NULL) {
        p->value[0] = '\0';
        p->indicator = SQL_NULL_DATA;
    } else {
        snprintf(p->value, sizeof p->value, "%s", value);
        p->indicator = SQL_NTS;
    }
}

/* Allocate a statement and prepare sql on it; on failure report every
 * check that depended on it as failed and return NULL. */
static SQLHSTMT prepare(SQLHDBC dbc, const char *sql, const char *description, int dependent_checks)
{
    SQLHSTMT stmt = SQL_NULL_HSTMT;
    char error[600], got[700];

    if (!SQL_SUCCEEDED(SQLAllocHandle(SQL_HANDLE_STMT, dbc, &stmt))) {
        diag_text(SQL_HANDLE_DBC, dbc, NULL, error, sizeof error);
        stmt = SQL_NULL_HSTMT;
    } else if (!SQL_SUCCEEDED(SQLPrepare(stmt, (SQLCHAR *) sql, SQL_NTS))) {
        diag_text(SQL_HANDLE_STMT, stmt, NULL, error, sizeof error);
        SQLFreeHandle(SQL_HANDLE_STMT, stmt);
        stmt = SQL_NULL_HSTMT;
    }
    if (stmt == SQL_NULL_HSTMT) {
        snprintf(got, sizeof got, "error %s", error);
        while (dependent_checks-- > 0)
            check(0, description, got, "a prepared statement");
    }
    return stmt;
}

/* Connect, and report the driver and server on the first check's line. */
static int connect_to(SQLHDBC dbc, const char *connection_string)
{
    SQLCHAR completed[1024];
    SQLSMALLINT length;
    char driver[64] = "?", driver_version[32] = "?", dbms[64] = "?", dbms_version[32] = "?";
    char description[300], error[600];

    if (!SQL_SUCCEEDED(SQLDriverConnect(dbc, NULL, (SQLCHAR *) connection_string, SQL_NTS,
                                        completed, sizeof completed, &length,
                                        SQL_DRIVER_NOPROMPT))) {
        diag_text(SQL_HANDLE_DBC, dbc, NULL, error, sizeof error);
        check(0, "SQLDriverConnect", error, "a connection");
        return 0;
    }
    SQLGetInfo(dbc, SQL_DRIVER_NAME, driver, sizeof driver, &length);
    SQLGetInfo(dbc, SQL_DRIVER_VER, driver_version, sizeof driver_version, &length);
    SQLGetInfo(dbc, SQL_DBMS_NAME, dbms, sizeof dbms, &length);
    SQLGetInfo(dbc, SQL_DBMS_VER, dbms_version, sizeof dbms_version, &length);
    snprintf(description, sizeof description, "connected: driver %s %s, server %s %s",
             driver, driver_version, dbms, dbms_version);
    check(1, description, "", "");
    return 1;
}

static void test_client_encoding(SQLHDBC dbc)
{
    struct reply r;
    SQLHSTMT stmt = prepare(dbc, "SHOW client_encoding", "client_encoding", 1);

    if (stmt == SQL_NULL_HSTMT)
        return;
    execute_one(stmt, &r);
    check_text("client_encoding is UTF8 (the Unicode driver sets it)", &r, "UTF8");
    SQLFreeHandle(SQL_HANDLE_STMT, stmt);
}

/* One prepared statement, executed three times; the parameter has no cast. */
static void test_fullname(SQLHDBC dbc)
{
    static const struct { const char *code, *fullname; } cases[] = {
        { "450107", "广西壮族自治区南宁市西乡塘区" },
        { "450181", "广西壮族自治区南宁市横州市" },
        { "110101", "北京市东城区" },   /* the placeholder 市辖区 is not shown */
    };
    const int ncases = (int) (sizeof cases / sizeof cases[0]);
    struct param code;
    struct reply r;
    char description[100];
    SQLHSTMT stmt = prepare(dbc, "SELECT civil_affairs.adcode_fullname(?)",
                            "adcode_fullname(?) without a cast", ncases);
    int i;

    if (stmt == SQL_NULL_HSTMT)
        return;
    bind_param(stmt, 1, &code);
    for (i = 0; i < ncases; i++) {
        set_param(&code, cases[i].code);
        execute_one(stmt, &r);
        snprintf(description, sizeof description,
                 "adcode_fullname(?) with '%s', no cast, re-executed", cases[i].code);
        check_text(description, &r, cases[i].fullname);
    }
    SQLFreeHandle(SQL_HANDLE_STMT, stmt);
}

/* A Chinese parameter in, Chinese text and an integer out. */
static void test_chinese_parameter(SQLHDBC dbc)
{
    struct param name;
    char got_name[64] = "", got_short[64] = "", got[100];
    SQLINTEGER level = -1;
    SQLLEN name_ind = 0, short_ind = 0, level_ind = 0;
    SQLRETURN rc;
    int rows = 0;
    char error[600];
    SQLHSTMT stmt = prepare(dbc,
        "SELECT name, short_name, civil_affairs.adcode_level(code)"
        " FROM civil_affairs.division WHERE name = ?",
        "division by Chinese name", 4);

    if (stmt == SQL_NULL_HSTMT)
        return;
    bind_param(stmt, 1, &name);
    set_param(&name, "西乡塘区");
    SQLBindCol(stmt, 1, SQL_C_CHAR, got_name, sizeof got_name, &name_ind);
    SQLBindCol(stmt, 2, SQL_C_CHAR, got_short, sizeof got_short, &short_ind);
    SQLBindCol(stmt, 3, SQL_C_LONG, &level, 0, &level_ind);
    rc = SQLExecute(stmt);
    if (SQL_SUCCEEDED(rc)) {
        if (SQL_SUCCEEDED(rc = SQLFetch(stmt))) {
            rows = 1;
            while (SQL_SUCCEEDED(rc = SQLFetch(stmt)))
                rows++;
        }
    }
    if (rc != SQL_NO_DATA) {
        diag_text(SQL_HANDLE_STMT, stmt, NULL, error, sizeof error);
        snprintf(got, sizeof got, "error %.90s", error);
        check(0, "division WHERE name = '西乡塘区'", got, "a result");
    } else {
        snprintf(got, sizeof got, "%d rows", rows);
        check(rows == 1, "division WHERE name = ? with '西乡塘区' (SQL_C_CHAR, UTF-8): one row", got, "1 row");
    }
    snprintf(got, sizeof got, "'%s'", got_name);
    check(rows >= 1 && strcmp(got_name, "西乡塘区") == 0, "西乡塘区: name read back byte for byte", got, "'西乡塘区'");
    snprintf(got, sizeof got, "'%s'", got_short);
    check(rows >= 1 && strcmp(got_short, "西乡塘") == 0, "西乡塘区: short_name", got, "'西乡塘'");
    snprintf(got, sizeof got, "%d", (int) level);
    check(rows >= 1 && level == 3, "西乡塘区: adcode_level(code) read as SQL_C_LONG", got, "3");
    SQLFreeStmt(stmt, SQL_CLOSE);
    SQLFreeStmt(stmt, SQL_UNBIND);
    SQLFreeHandle(SQL_HANDLE_STMT, stmt);
}

static void test_containment(SQLHDBC dbc)
{
    struct param code;
    struct reply r;
    SQLHSTMT stmt = prepare(dbc,
        "SELECT count(*) FROM civil_affairs.division"
        " WHERE code OPERATOR(civil_affairs.<@) ?::civil_affairs.adcode AND level = 3"
        " AND valid @> CURRENT_DATE",
        "county-level divisions of 4501", 1);

    if (stmt == SQL_NULL_HSTMT)
        return;
    bind_param(stmt, 1, &code);
    set_param(&code, "4501");
    execute_one(stmt, &r);
    check_text("county-level divisions in force <@ ?::adcode '4501' (Nanning)", &r, "12");
    SQLFreeHandle(SQL_HANDLE_STMT, stmt);
}

/* Bad codes fail with SQLSTATE 22P02 and the server's message. */
static void test_invalid_input(SQLHDBC dbc)
{
    static const char *const bad[] = { "4501x", "45010" };
    struct param code;
    struct reply r;
    char description[100];
    SQLHSTMT stmt = prepare(dbc, "SELECT ?::civil_affairs.adcode", "invalid codes", 3);
    int i;

    if (stmt == SQL_NULL_HSTMT)
        return;
    bind_param(stmt, 1, &code);
    for (i = 0; i < 2; i++) {
        set_param(&code, bad[i]);
        execute_one(stmt, &r);
        snprintf(description, sizeof description, "'%s'::adcode fails with SQLSTATE 22P02", bad[i]);
        check(!r.ok && strcmp(r.state, "22P02") == 0, description, r.shown, "error 22P02");
        if (i == 0)
            check(!r.ok && strstr(r.shown, "invalid input syntax for type adcode") != NULL,
                  "'4501x': message contains 'invalid input syntax for type adcode'",
                  r.shown, "a message containing 'invalid input syntax for type adcode'");
    }
    SQLFreeHandle(SQL_HANDLE_STMT, stmt);
}

static void test_current(SQLHDBC dbc)
{
    struct param code, date;
    struct reply r;
    SQLHSTMT stmt = prepare(dbc,
        "SELECT civil_affairs.adcode_current(?::civil_affairs.adcode, ?::date)",
        "adcode_current", 1);

    if (stmt == SQL_NULL_HSTMT)
        return;
    bind_param(stmt, 1, &code);
    bind_param(stmt, 2, &date);
    set_param(&code, "450127");
    set_param(&date, "2022-01-01");
    execute_one(stmt, &r);
    check_text("adcode_current('450127', '2022-01-01'): 横县 became 横州市", &r, "450181");
    SQLFreeHandle(SQL_HANDLE_STMT, stmt);
}

static void test_null(SQLHDBC dbc)
{
    struct param code;
    struct reply r;
    SQLHSTMT stmt = prepare(dbc, "SELECT civil_affairs.adcode_fullname(?)", "NULL parameter", 1);

    if (stmt == SQL_NULL_HSTMT)
        return;
    bind_param(stmt, 1, &code);
    set_param(&code, NULL);
    execute_one(stmt, &r);
    check(r.ok && r.is_null, "adcode_fullname(NULL) is SQL NULL (indicator SQL_NULL_DATA)",
          r.shown, "NULL");
    SQLFreeHandle(SQL_HANDLE_STMT, stmt);
}

/* Place names: traditional and full-width forms in, the official simplified
 * name out; pinyin with and without tone marks.  One prepared statement per
 * function, re-executed with each case. */
static void test_placename(SQLHDBC dbc)
{
    static const struct { const char *name, *normalized; } names[] = {
        { "南寧市興寧區", "南宁市兴宁区" },                     /* traditional */
        { "\xe3\x80\x80西鄉塘區（大學路）", "西乡塘区(大学路)" }, /* ideographic space, full-width brackets */
    };
    static const struct { const char *name, *tones, *pinyin; } readings[] = {
        { "西乡塘区", "false", "Xixiangtang Qu" },
        { "邕宁区", "true", "Yōngníng Qū" },
    };
    struct param name, tones;
    struct reply r;
    char description[160];
    SQLHSTMT stmt;
    int i;

    stmt = prepare(dbc, "SELECT civil_affairs.placename_normalize(?)", "placename_normalize(?)", 2);
    if (stmt != SQL_NULL_HSTMT) {
        bind_param(stmt, 1, &name);
        for (i = 0; i < 2; i++) {
            set_param(&name, names[i].name);
            execute_one(stmt, &r);
            snprintf(description, sizeof description, "placename_normalize(?) with '%s' (SQL_C_CHAR, UTF-8)", names[i].name);
            check_text(description, &r, names[i].normalized);
        }
        SQLFreeHandle(SQL_HANDLE_STMT, stmt);
    }
    stmt = prepare(dbc, "SELECT civil_affairs.placename_pinyin(?, ?::boolean)", "placename_pinyin(?, ?)", 2);
    if (stmt != SQL_NULL_HSTMT) {
        bind_param(stmt, 1, &name);
        bind_param(stmt, 2, &tones);
        for (i = 0; i < 2; i++) {
            set_param(&name, readings[i].name);
            set_param(&tones, readings[i].tones);
            execute_one(stmt, &r);
            snprintf(description, sizeof description, "placename_pinyin(?, ?) with '%s', tones %s",
                     readings[i].name, readings[i].tones);
            check_text(description, &r, readings[i].pinyin);
        }
        SQLFreeHandle(SQL_HANDLE_STMT, stmt);
    }
}

/* UTF-8 to UTF-16 code units (SQLWCHAR is 2 bytes in unixODBC), with a
 * terminating 0; -1 when it does not fit or the UTF-8 is malformed. */
static int utf8_to_utf16(const char *in, SQLWCHAR *out, int units)
{
    const unsigned char *p = (const unsigned char *) in;
    int n = 0;

    while (*p) {
        unsigned long c;
        int extra, k;

        if (*p < 0x80)
            c = *p, extra = 0;
        else if ((*p & 0xE0) == 0xC0)
            c = *p & 0x1F, extra = 1;
        else if ((*p & 0xF0) == 0xE0)
            c = *p & 0x0F, extra = 2;
        else if ((*p & 0xF8) == 0xF0)
            c = *p & 0x07, extra = 3;
        else
            return -1;
        p++;
        for (k = 0; k < extra; k++, p++) {
            if ((*p & 0xC0) != 0x80)
                return -1;
            c = (c << 6) | (*p & 0x3F);
        }
        if (c >= 0x10000) {
            if (n + 2 >= units)
                return -1;
            c -= 0x10000;
            out[n++] = (SQLWCHAR) (0xD800 + (c >> 10));
            out[n++] = (SQLWCHAR) (0xDC00 + (c & 0x3FF));
        } else {
            if (n + 1 >= units)
                return -1;
            out[n++] = (SQLWCHAR) c;
        }
    }
    out[n] = 0;
    return n;
}

/* count UTF-16 code units back to UTF-8, for comparing and printing. */
static void utf16_to_utf8(const SQLWCHAR *in, int count, char *out, size_t size)
{
    size_t n = 0;
    int i;

    for (i = 0; i < count; i++) {
        unsigned long c = in[i];

        if (c >= 0xD800 && c < 0xDC00 && i + 1 < count && in[i + 1] >= 0xDC00 && in[i + 1] < 0xE000) {
            c = 0x10000 + ((c - 0xD800) << 10) + (in[i + 1] - 0xDC00);
            i++;
        }
        if (n + 5 > size)
            break;
        if (c < 0x80)
            out[n++] = (char) c;
        else if (c < 0x800) {
            out[n++] = (char) (0xC0 | (c >> 6));
            out[n++] = (char) (0x80 | (c & 0x3F));
        } else if (c < 0x10000) {
            out[n++] = (char) (0xE0 | (c >> 12));
            out[n++] = (char) (0x80 | ((c >> 6) & 0x3F));
            out[n++] = (char) (0x80 | (c & 0x3F));
        } else {
            out[n++] = (char) (0xF0 | (c >> 18));
            out[n++] = (char) (0x80 | ((c >> 12) & 0x3F));
            out[n++] = (char) (0x80 | ((c >> 6) & 0x3F));
            out[n++] = (char) (0x80 | (c & 0x3F));
        }
    }
    out[n] = '\0';
}

/* The same functions the way Windows-born applications call them: a
 * SQL_C_WCHAR (UTF-16) parameter in, the result read as SQL_C_WCHAR. */
static void test_placename_wide(SQLHDBC dbc)
{
    static const struct { const char *sql, *argument, *expected, *description; } cases[] = {
        { "SELECT civil_affairs.placename_normalize(?)", "南寧市興寧區", "南宁市兴宁区",
          "placename_normalize(?) with SQL_C_WCHAR '南寧市興寧區' in and out" },
        { "SELECT civil_affairs.placename_pinyin(?, true)", "西乡塘区", "Xīxiāngtáng Qū",
          "placename_pinyin(?, true) with SQL_C_WCHAR '西乡塘区' in and out" },
    };
    int i;

    for (i = 0; i < 2; i++) {
        SQLWCHAR argument[64], result[64];
        SQLLEN argument_ind = SQL_NTS, result_ind = 0;
        char got[300], shown[700], error[600], expected[100];
        SQLRETURN rc;
        SQLHSTMT stmt = prepare(dbc, cases[i].sql, cases[i].description, 1);

        if (stmt == SQL_NULL_HSTMT)
            continue;
        if (utf8_to_utf16(cases[i].argument, argument, 64) < 0) {
            check(0, cases[i].description, "an argument that does not fit", "UTF-16 text");
            SQLFreeHandle(SQL_HANDLE_STMT, stmt);
            continue;
        }
        rc = SQLBindParameter(stmt, 1, SQL_PARAM_INPUT, SQL_C_WCHAR, SQL_WVARCHAR, 63, 0,
                              argument, sizeof argument, &argument_ind);
        if (SQL_SUCCEEDED(rc))
            rc = SQLExecute(stmt);
        if (SQL_SUCCEEDED(rc))
            rc = SQLFetch(stmt);
        if (SQL_SUCCEEDED(rc))
            rc = SQLGetData(stmt, 1, SQL_C_WCHAR, result, sizeof result, &result_ind);
        if (rc == SQL_SUCCESS && result_ind >= 0) {
            utf16_to_utf8(result, (int) (result_ind / (SQLLEN) sizeof(SQLWCHAR)), got, sizeof got);
            snprintf(shown, sizeof shown, "'%s'", got);
        } else {
            got[0] = '\0';
            diag_text(SQL_HANDLE_STMT, stmt, NULL, error, sizeof error);
            snprintf(shown, sizeof shown, "error %s", error);
        }
        snprintf(expected, sizeof expected, "'%s'", cases[i].expected);
        check(rc == SQL_SUCCESS && strcmp(got, cases[i].expected) == 0, cases[i].description, shown, expected);
        SQLFreeStmt(stmt, SQL_CLOSE);
        SQLFreeHandle(SQL_HANDLE_STMT, stmt);
    }
}

/* Addresses: free text to a division code, with and without a date; an
 * ambiguous one is NULL. */
static void test_address(SQLHDBC dbc)
{
    static const struct { const char *address, *as_of, *code; } cases[] = {
        { "广西南宁西乡塘区大学东路100号", NULL, "450107" },
        { "广西南宁市横县", "2020-01-01", "450127" },  /* 横县 on a date before it became 横州市 */
        { "广西南宁市横县", NULL, "450181" },          /* the retired name read as today's 横州市 */
    };
    struct param address, as_of;
    struct reply r;
    char description[160];
    SQLHSTMT stmt;
    int i;

    stmt = prepare(dbc, "SELECT civil_affairs.address_to_adcode(?, coalesce(?::date, CURRENT_DATE))::text",
                   "address_to_adcode(?, ?)", 4);
    if (stmt == SQL_NULL_HSTMT)
        return;
    bind_param(stmt, 1, &address);
    bind_param(stmt, 2, &as_of);
    for (i = 0; i < 3; i++) {
        set_param(&address, cases[i].address);
        set_param(&as_of, cases[i].as_of);
        execute_one(stmt, &r);
        snprintf(description, sizeof description, "address_to_adcode(?, ?) with '%s', %s",
                 cases[i].address, cases[i].as_of ? cases[i].as_of : "today");
        check_text(description, &r, cases[i].code);
    }
    set_param(&address, "朝阳区");   /* Beijing's, Changchun's, Shantou's, … */
    set_param(&as_of, NULL);
    execute_one(stmt, &r);
    check(r.ok && r.is_null, "address_to_adcode(?) with '朝阳区', ambiguous: SQL NULL", r.shown, "NULL");
    SQLFreeHandle(SQL_HANDLE_STMT, stmt);
}

/* address_parse: the levels found and the rest of the text, as plain columns. */
static void test_address_parse(SQLHDBC dbc)
{
    static const char *const columns[] = { "county", "township", "village", "remainder", "confidence" };
    static const char *const expected[] = { "450107", "450107002", NULL, "北湖北路48号", "1" };
    struct param address;
    char values[5][64], got[120], want[120], description[120], error[600];
    SQLLEN indicators[5];
    SQLRETURN rc;
    int i;
    SQLHSTMT stmt = prepare(dbc,
        "SELECT county::text, township::text, village::text, remainder, confidence"
        " FROM civil_affairs.address_parse(?)",
        "address_parse(?)", 5);

    if (stmt == SQL_NULL_HSTMT)
        return;
    bind_param(stmt, 1, &address);
    set_param(&address, "南宁市西乡塘区北湖街道北湖北路48号");
    for (i = 0; i < 5; i++) {
        values[i][0] = '\0';
        SQLBindCol(stmt, (SQLUSMALLINT) (i + 1), SQL_C_CHAR, values[i], sizeof values[i], &indicators[i]);
    }
    rc = SQLExecute(stmt);
    if (SQL_SUCCEEDED(rc))
        rc = SQLFetch(stmt);
    for (i = 0; i < 5; i++) {
        snprintf(description, sizeof description, "address_parse(?) of '南宁市西乡塘区北湖街道北湖北路48号': %s", columns[i]);
        if (rc != SQL_SUCCESS) {
            diag_text(SQL_HANDLE_STMT, stmt, NULL, error, sizeof error);
            snprintf(got, sizeof got, "error %.100s", error);
        } else if (indicators[i] == SQL_NULL_DATA)
            strcpy(got, "NULL");
        else
            snprintf(got, sizeof got, "'%s'", values[i]);
        if (expected[i] == NULL)
            strcpy(want, "NULL");
        else
            snprintf(want, sizeof want, "'%s'", expected[i]);
        check(rc == SQL_SUCCESS && strcmp(got, want) == 0, description, got, want);
    }
    SQLFreeStmt(stmt, SQL_CLOSE);
    SQLFreeStmt(stmt, SQL_UNBIND);
    SQLFreeHandle(SQL_HANDLE_STMT, stmt);
}

/* Text with a control character: SQLSTATE 22P02 and the server's message
 * reach the client, from both the address matcher and the place-name code. */
static void test_bad_text(SQLHDBC dbc)
{
    static const struct { const char *sql, *message, *description; } cases[] = {
        { "SELECT civil_affairs.address_to_adcode(?)", "invalid address: the text contains a control character",
          "address_to_adcode(?) with a control character" },
        { "SELECT civil_affairs.placename_pinyin(?)", "place name contains a control character",
          "placename_pinyin(?) with a control character" },
    };
    struct param text;
    struct reply r;
    char description[160], expected[160];
    int i;

    for (i = 0; i < 2; i++) {
        SQLHSTMT stmt = prepare(dbc, cases[i].sql, cases[i].description, 2);

        if (stmt == SQL_NULL_HSTMT)
            continue;
        bind_param(stmt, 1, &text);
        set_param(&text, "南宁\x01市");
        execute_one(stmt, &r);
        snprintf(description, sizeof description, "%s: SQLSTATE 22P02", cases[i].description);
        check(!r.ok && strcmp(r.state, "22P02") == 0, description, r.shown, "error 22P02");
        snprintf(description, sizeof description, "%s: the message reaches the client", cases[i].description);
        snprintf(expected, sizeof expected, "a message containing '%s'", cases[i].message);
        check(!r.ok && strstr(r.shown, cases[i].message) != NULL, description, r.shown, expected);
        SQLFreeHandle(SQL_HANDLE_STMT, stmt);
    }
}

int main(int argc, char **argv)
{
    SQLHENV env = SQL_NULL_HENV;
    SQLHDBC dbc = SQL_NULL_HDBC;
    int connected = 0;

    if (argc != 2) {
        fprintf(stderr, "usage: %s ODBC-CONNECTION-STRING\n", argv[0]);
        return 2;
    }
    /*
     * No setlocale(): SQL_C_CHAR text is UTF-8 bytes both ways because the
     * Unicode driver sets client_encoding to UTF8 (checked below), whatever
     * the application's locale (see docs/odbc.md).
     */
    if (SQL_SUCCEEDED(SQLAllocHandle(SQL_HANDLE_ENV, SQL_NULL_HANDLE, &env))
        && SQL_SUCCEEDED(SQLSetEnvAttr(env, SQL_ATTR_ODBC_VERSION, (SQLPOINTER) SQL_OV_ODBC3, 0))
        && SQL_SUCCEEDED(SQLAllocHandle(SQL_HANDLE_DBC, env, &dbc)))
        connected = connect_to(dbc, argv[1]);
    else
        check(0, "allocate ODBC environment and connection handles", "an error", "success");

    if (connected) {
        test_client_encoding(dbc);
        test_fullname(dbc);
        test_chinese_parameter(dbc);
        test_containment(dbc);
        test_invalid_input(dbc);
        test_current(dbc);
        test_null(dbc);
        test_placename(dbc);
        test_placename_wide(dbc);
        test_address(dbc);
        test_address_parse(dbc);
        test_bad_text(dbc);
        SQLDisconnect(dbc);
    }
    if (dbc != SQL_NULL_HDBC)
        SQLFreeHandle(SQL_HANDLE_DBC, dbc);
    if (env != SQL_NULL_HENV)
        SQLFreeHandle(SQL_HANDLE_ENV, env);

    printf("odbc: %d passed, %d failed\n", checks_passed, checks_failed);
    return checks_failed == 0 && connected ? 0 : 1;
}
