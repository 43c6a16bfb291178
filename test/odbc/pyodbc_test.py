#!/usr/bin/python3
"""pyodbc_test.py: the civil_affairs extension as a Python integration script
sees it, through pyodbc, unixODBC and the psqlODBC Unicode driver.

    pyodbc_test.py 'Driver={PostgreSQL Unicode};Servername=...;Port=...;Database=...;Username=...;'

test/odbc/run.sh passes the same connection string as to odbc_test.c, on a
database that has the extension and the sample data of test/lib/sample_data.sql
(300 households paid for June 2021).  Every value goes in as a bound
parameter of its Python type (str, int, bool, Decimal, date) and comes back
as one; no value is spliced into SQL text.  Prints "ok N - ..." or
"not ok N - ...: got X, expected Y" per check, then
"pyodbc: N passed, N failed"; exits 0 only when every check passed.
"""
import datetime
import json
import sys
from decimal import Decimal

import pyodbc

passed = failed = 0


def check(ok, description, got=None, expected=None):
    global passed, failed
    n = passed + failed + 1
    if ok:
        passed += 1
        print(f"ok {n} - {description}")
    else:
        failed += 1
        print(f"not ok {n} - {description}: got {got!r}, expected {expected!r}")
    sys.stdout.flush()


def check_value(description, got, expected):
    """Equal value and equal Python type (a Decimal must not come back a float)."""
    check(got == expected and type(got) is type(expected), description, got, expected)


def one(cursor, sql, *params):
    """The first row of a query, or the exception it raised."""
    try:
        return cursor.execute(sql, *params).fetchone()
    except pyodbc.Error as error:
        return error


def sqlstate(error):
    return error.args[0] if isinstance(error, pyodbc.Error) and error.args else None


def message(error):
    """The driver's message: the server's ERROR, DETAIL and HINT lines."""
    return error.args[1] if isinstance(error, pyodbc.Error) and len(error.args) > 1 else ""


def expect_row(description, row, check_row):
    if isinstance(row, Exception) or row is None:
        check(False, description, row, "a row")
        return False
    return check_row(row)


def main(connection_string):
    try:
        connection = pyodbc.connect(connection_string, autocommit=True)
    except pyodbc.Error as error:
        check(False, "connect", str(error), "a connection")
        return
    cursor = connection.cursor()
    check(True, "connected: driver %s %s, server %s %s" % (
        connection.getinfo(pyodbc.SQL_DRIVER_NAME), connection.getinfo(pyodbc.SQL_DRIVER_VER),
        connection.getinfo(pyodbc.SQL_DBMS_NAME), connection.getinfo(pyodbc.SQL_DBMS_VER)))

    row = one(cursor, "SHOW client_encoding")
    check(not isinstance(row, Exception) and row[0] == "UTF8", "client_encoding is UTF8", row, "UTF8")

    # Division codes: a str parameter without a cast, Chinese out.
    for code, fullname in [("450107", "广西壮族自治区南宁市西乡塘区"), ("450181", "广西壮族自治区南宁市横州市")]:
        row = one(cursor, "SELECT civil_affairs.adcode_fullname(?)", code)
        check(not isinstance(row, Exception) and row[0] == fullname,
              f"adcode_fullname(?) with '{code}'", row, fullname)
    row = one(cursor, "SELECT civil_affairs.adcode_current(?, ?)", "450127", datetime.date(2022, 1, 1))
    check(not isinstance(row, Exception) and row[0] == "450181",
          "adcode_current(?, ?) with str and datetime.date: 横县 became 横州市", row, "450181")

    # Chinese in: a str parameter compared with a text column.
    row = one(cursor, "SELECT code::text, short_name, civil_affairs.adcode_level(code)"
                      " FROM civil_affairs.division WHERE name = ?", "西乡塘区")
    if expect_row("division WHERE name = ? with '西乡塘区'", row, lambda r: True):
        check_value("西乡塘区: code", row[0], "450107")
        check_value("西乡塘区: short_name read back", row[1], "西乡塘")
        check_value("西乡塘区: adcode_level as int", row[2], 3)

    # Identity numbers.
    row = one(cursor, "SELECT civil_affairs.idcard_birth_date(?), civil_affairs.idcard_sex(?),"
                      " civil_affairs.idcard_mask(?), civil_affairs.idcard_is_valid(?)",
              "11010519491231002x", "11010519491231002X", "11010519491231002X", "11010519491231002X")
    if expect_row("idcard functions", row, lambda r: True):
        check_value("idcard_birth_date(?) as datetime.date (lowercase x accepted)", row[0], datetime.date(1949, 12, 31))
        check_value("idcard_sex(?)", row[1], "F")
        check_value("idcard_mask(?)", row[2], "110105********002X")
        # psqlODBC's default BoolsAsChar=1 hands a boolean over as the text '1'.
        check_value("idcard_is_valid(?): '1' (psqlODBC's default BoolsAsChar=1)", row[3], "1")
    row = one(cursor, "SELECT civil_affairs.idcard_region_current(?, ?)::text", "450127198001010012", datetime.date(2022, 1, 1))
    check(not isinstance(row, Exception) and row[0] == "450181",
          "idcard_region_current(?, ?): born in 横县, now 横州市", row, "450181")
    row = one(cursor, "SELECT civil_affairs.idcard_check(?)", "110105194912310021")
    check(not isinstance(row, Exception) and row[0] == 'check character is "1", expected "X"',
          "idcard_check(?) says what is wrong without raising", row, 'check character is "1", expected "X"')

    # A bad input reaches the client with its SQLSTATE and message.
    error = one(cursor, "SELECT civil_affairs.idcard_birth_date(?)", "110105194912310021")
    check(sqlstate(error) == "22P02", "bad check character: pyodbc.Error with SQLSTATE 22P02",
          error, "22P02")
    check(isinstance(error, pyodbc.Error) and 'invalid input syntax for type idcard: "110105194912310021"' in message(error),
          "bad check character: the server's message reaches the client", error,
          'invalid input syntax for type idcard: "110105194912310021"')
    check(isinstance(error, pyodbc.DataError), "22P02 is raised as pyodbc.DataError (SQLSTATE class 22)",
          type(error).__name__, "DataError")
    error = one(cursor, "SELECT civil_affairs.adcode_fullname(?::civil_affairs.adcode)", "4501x")
    check(sqlstate(error) == "22P02" and "invalid input syntax for type adcode" in message(error),
          "'4501x'::adcode: SQLSTATE 22P02 with the message", error, "22P02 invalid input syntax for type adcode")
    row = one(cursor, "SELECT 1")
    check(not isinstance(row, Exception) and row[0] == 1, "the connection is usable after the error", row, 1)

    # The allowance with plain arguments of their Python types.
    row = one(cursor, "SELECT civil_affairs.dibao_allowance(?, ?, ?, ?, ?)",
              "450107", datetime.date(2021, 7, 1), Decimal("500"), 3, True)
    if expect_row("dibao_allowance(str, date, Decimal, int, bool)", row, lambda r: True):
        check_value("dibao_allowance('450107', 2021-07-01, 500, 3 persons, urban): (790 − 500) × 3, as Decimal",
                    row[0], Decimal("870.00"))
    row = one(cursor, "SELECT civil_affairs.dibao_allowance(?, ?, ?, ?, ?, ?)",
              "450181", datetime.date(2021, 7, 1), Decimal("100.00"), 2, False, 2)
    if expect_row("dibao_allowance with a tier", row, lambda r: True):
        check_value("dibao_allowance('450181', rural, tier 2, 2 persons) = 230 × 2", row[0], Decimal("460.00"))
    row = one(cursor, "SELECT civil_affairs.dibao_allowance_breakdown(?, ?, ?, ?, ?, ?)",
              "450181", datetime.date(2021, 7, 1), Decimal("100"), 2, False, 3)
    if expect_row("dibao_allowance_breakdown", row, lambda r: True):
        breakdown = json.loads(row[0])
        check(breakdown == {"cap": 916.66, "base": 310.00, "tier": 3, "amount": 310.00,
                            "method": "tiered", "standard": 458.33},
              "dibao_allowance_breakdown(...) read as JSON text", breakdown, "tier 3, 310.00 of 458.33")
    error = one(cursor, "SELECT civil_affairs.dibao_allowance(?, ?, ?, ?, ?)",
                "450107", datetime.date(2021, 7, 1), None, 3, True)
    check(sqlstate(error) == "22004" and "needs division, month, per_capita_income, persons and urban" in message(error),
          "dibao_allowance with None income: SQLSTATE 22004 naming the required arguments", error, "22004")

    # Assessment from a JSON document (the same household as sql/assessment.sql).
    document = {
        "division": "450107001001", "as_of": "2021-06-01",
        "members": [
            {"id": 101, "birth_date": "1975-03-10", "sex": "M",
             "incomes": [{"item": "wage", "month": "2020-06-01", "amount": 24000},
                         {"item": "social_assistance", "month": "2020-06-01", "amount": 6000}]},
            {"id": 102, "age": 42, "sex": "F", "work_capacity": "partial",
             "incomes": [{"item": "support", "month": "2020-07-01", "amount": 3600}]},
            {"id": 103, "age": 12, "sex": "M",
             "incomes": [{"item": "scholarship", "month": "2021-01-01", "amount": 1000}]}],
        "assets": [{"kind": "financial", "value": 30000}, {"kind": "home"}],
    }
    row = one(cursor, "SELECT civil_affairs.assess_household_json(?::jsonb)",
              json.dumps(document, ensure_ascii=False))
    if expect_row("assess_household_json(?::jsonb)", row, lambda r: True):
        result = json.loads(row[0])
        check(result.get("per_capita_income") == 744.72 and result.get("net_income") == 26810.00,
              "assess_household_json: net 26810.00, per capita 744.72",
              (result.get("net_income"), result.get("per_capita_income")), (26810.00, 744.72))
        check(result.get("programmes") == ["dibao"] and result.get("standard") == 790.00,
              "assess_household_json: dibao, below the standard 790",
              (result.get("programmes"), result.get("standard")), (["dibao"], 790.00))
    error = one(cursor, "SELECT civil_affairs.assess_household_json(?::jsonb)",
                json.dumps({"division": "4501x", "as_of": "2021-06-01", "members": []}))
    check(sqlstate(error) == "22023" and 'the document\'s "division" must be a division code' in message(error)
          and "Character 5 is not a digit" in message(error),
          "assess_household_json with a bad division: SQLSTATE 22023, message and detail reach the client",
          error, "22023")

    # Place names and addresses: Chinese both ways through bound parameters.
    row = one(cursor, "SELECT civil_affairs.placename_normalize(?), civil_affairs.placename_pinyin(?)",
              "南寧市興寧區", "西乡塘区")
    if expect_row("place-name functions", row, lambda r: True):
        check_value("placename_normalize(?): traditional in, the official simplified name out", row[0], "南宁市兴宁区")
        check_value("placename_pinyin(?)", row[1], "Xixiangtang Qu")
    row = one(cursor, "SELECT civil_affairs.address_to_adcode(?)::text, civil_affairs.address_to_adcode(?)::text",
              "广西南宁西乡塘区大学东路100号", "朝阳区")
    if expect_row("address_to_adcode", row, lambda r: True):
        check_value("address_to_adcode(?): a free-text address to its district", row[0], "450107")
        check(row[1] is None, "address_to_adcode(?): an ambiguous address is NULL", row[1], None)
    error = one(cursor, "SELECT civil_affairs.address_to_adcode(?)", "南宁\x01市")
    check(sqlstate(error) == "22P02" and "control character" in message(error),
          "an address with a control character: SQLSTATE 22P02 with the message", error, "22P02")

    # The report views, read as plain columns.
    june = datetime.date(2021, 6, 1)
    row = one(cursor, "SELECT count(*), sum(amount) FROM civil_affairs.v_payroll WHERE month = ?", june)
    if expect_row("v_payroll for June 2021", row, lambda r: True):
        check_value("v_payroll June 2021: rows", row[0], 167)
        check_value("v_payroll June 2021: total to the fen, as Decimal", row[1], Decimal("135126.62"))
    row = one(cursor, "SELECT month, county, township, village, head_name, head_idcard, programme, tier, persons, amount"
                      " FROM civil_affairs.v_payroll WHERE household_id = ? AND month = ?", 99, june)
    if expect_row("v_payroll household 99", row, lambda r: True):
        check(tuple(row) == (june, "兴宁区", "五塘镇", "王竹村委会", "李秀", "450102********0024",
                             "dibao", 3, 3, Decimal("465.00")),
              "v_payroll household 99: date, Chinese names, masked ID, ints, Decimal",
              tuple(row), "2021-06-01 兴宁区 五塘镇 王竹村委会 李秀 ... dibao 3 3 465.00")
    rows = cursor.execute(
        "SELECT division_name, programme, households, persons, amount FROM civil_affairs.v_statistics"
        " WHERE month = ? AND level = ? AND all_urban_rural AND all_tiers ORDER BY programme", june, 2).fetchall()
    check([tuple(r) for r in rows] == [("南宁市", "dibao", 103, 327, Decimal("106049.30")),
                                       ("南宁市", "old_age_allowance", 40, 51, Decimal("4710.00")),
                                       ("南宁市", "tekun", 24, 34, Decimal("24367.32"))],
          "v_statistics June 2021, Nanning by programme", [tuple(r) for r in rows],
          "dibao 103/327/106049.30, old_age_allowance 40/51/4710.00, tekun 24/34/24367.32")
    rows = cursor.execute("SELECT county FROM civil_affairs.v_payroll WHERE month = ? AND county LIKE ?",
                          june, "%宁区").fetchall()
    check(len(rows) > 0 and all(r[0] in ("兴宁区", "邕宁区") for r in rows),
          "v_payroll WHERE county LIKE '%宁区' (Chinese pattern parameter)", len(rows), "兴宁区 and 邕宁区 rows")
    connection.close()

    # With BoolsAsChar=0 in the connection string, a boolean is a Python bool.
    try:
        connection = pyodbc.connect(connection_string + "BoolsAsChar=0;", autocommit=True)
        row = one(connection.cursor(), "SELECT civil_affairs.idcard_is_valid(?), civil_affairs.idcard_is_valid(?)",
                  "11010519491231002X", "110105194912310021")
        check(not isinstance(row, Exception) and tuple(row) == (True, False),
              "BoolsAsChar=0: idcard_is_valid(?) as Python bool (True, False)", row, (True, False))
        connection.close()
    except pyodbc.Error as error:
        check(False, "connect with BoolsAsChar=0", str(error), "a connection")


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(f"usage: {sys.argv[0]} ODBC-CONNECTION-STRING")
    try:
        main(sys.argv[1])
    except Exception as error:  # an unexpected failure counts, and the tally still prints
        check(False, "pyodbc_test stopped early", repr(error), "no exception")
    print(f"pyodbc: {passed} passed, {failed} failed")
    sys.exit(0 if failed == 0 and passed > 0 else 1)
