"""Line numbers for key paths, which tomllib does not give."""

from terminassistent.policy.locate import Locator

TEXT = '''\
id = "x"                      # 1
[quota]                       # 2
unit = "none"                 # 3
note = """                    # 4
rule = "not a key"
"""
[[rule]]                      # 7
id = "a"                      # 8
density = { kind = "interval", every = { weeks = 6 } }
[rule.channels]               # 10
mode = "phone"                # 11
[[rule]]                      # 12
id = "b"                      # 13
"dotted.key".x = 1            # 14
[groups."ue25-markt"]         # 15
label = "Ü25"                 # 16
'''


def test_keys_tables_and_arrays_of_tables():
    where = Locator(TEXT)
    assert where.line(("id",)) == 1
    assert where.line(("quota", "unit")) == 3
    assert where.line(("rule", 0)) == 7
    assert where.line(("rule", 0, "id")) == 8
    assert where.line(("rule", 1, "id")) == 13
    assert where.line(("rule", 0, "channels", "mode")) == 11
    assert where.line(("rule", 1, "dotted.key", "x")) == 14
    assert where.line(("groups", "ue25-markt", "label")) == 16


def test_keys_inside_inline_tables_get_the_line_of_their_table():
    assert Locator(TEXT).line(("rule", 0, "density", "every", "weeks")) == 9


def test_multiline_strings_hold_no_keys():
    where = Locator(TEXT)
    assert where.line(("quota", "rule")) == 2  # the text inside the string is not a key: falls back to [quota]
    assert where.line(("rule", 0)) == 7


def test_unknown_paths_have_no_line():
    assert Locator(TEXT).line(("nothing",)) is None
