"""A corpus of hostile strings for every text input of the portal.

Each entry is ``(name, value)``. Used by tests/security/test_hostile_input.py over every
form and JSON API field it can find; other apps' tests may import ``HOSTILE_STRINGS`` too.
"""

LONG = "硚" * 5000 + "A" * 5000  # very long text (10,000 characters)

HOSTILE_STRINGS: list[tuple[str, str]] = [
    # HTML / JavaScript
    ("script-tag", "<script>alert('xss')</script>"),
    ("img-onerror", '<img src=x onerror="alert(1)">'),
    ("svg-onload", "<svg/onload=alert(document.cookie)>"),
    ("attr-breakout", '" autofocus onfocus="alert(1)'),
    ("single-quote-breakout", "' onmouseover='alert(1)"),
    ("javascript-url", "javascript:alert(1)"),
    ("template-injection", "{{ 7*7 }}{% debug %}${7*7}"),
    ("html-entities", "&lt;b&gt;&amp;&#x3C;script&#x3E;"),
    ("closing-textarea", "</textarea><script>alert(1)</script>"),
    ("style-expression", "<style>body{background:url('javascript:alert(1)')}</style>"),
    # SQL fragments
    ("sql-or", "' OR '1'='1' --"),
    ("sql-drop", "'; DROP TABLE accounts_user; --"),
    ("sql-union", "1 UNION SELECT username, password FROM accounts_user"),
    ("sql-comment", "admin'/*"),
    ("sql-like-wildcards", "%_%\\%"),
    # path traversal and odd file names
    ("path-traversal", "../../../../etc/passwd"),
    ("path-traversal-windows", "..\\..\\windows\\win.ini"),
    ("path-encoded", "%2e%2e%2f%2e%2e%2fetc%2fpasswd"),
    ("file-url", "file:///etc/shadow"),
    # size
    ("very-long", LONG),
    ("empty", ""),
    ("whitespace-only", " \t\n "),
    # control characters and NUL
    ("nul", "abc\x00def"),
    ("control-chars", "a\x01\x02\x07\x08\x1b[31mred\x1b[0m\x7f"),
    ("crlf-injection", "value\r\nSet-Cookie: injected=1"),
    ("vertical-tab-formfeed", "a\x0bb\x0cc"),
    # Unicode: mixed scripts, bidi, zero-width, emoji
    ("mixed-scripts", "硚口区 Qiáokǒu Район ٱلْعَرَبِيَّة עברית"),
    ("homoglyph", "аdmin"),  # Cyrillic "а"
    ("rtl-override", "user\u202egnp.exe"),
    ("bidi-isolates", "\u2066abc\u2069\u2067def\u2069"),
    ("zero-width", "ad\u200bmin\u200d\ufeff"),
    ("emoji", "👩‍👩‍👧‍👦🏳️‍🌈🇨🇳🧓🏽"),
    ("astral-plane", "𠀀𪚥𝕏"),
    ("combining-marks", "Z\u0351\u0352\u0353\u0354a\u0300\u0301\u0302lgo"),
    ("lone-surrogate-escape", "\\ud800"),
    ("fullwidth", "ＳＥＬＥＣＴ＜ｓｃｒｉｐｔ＞"),
    # formats
    ("json-like", '{"__proto__": {"admin": true}}'),
    ("number-like", "1e309"),
    ("negative", "-1"),
    ("format-string", "%s%s%s%n%x{0}{__class__}"),
    ("ldap-like", "*)(uid=*))(|(uid=*"),
    ("unicode-null-escape", "\\u0000"),
]

# Values that cannot be sent as-is in every transport (JSON bodies accept all of them).
NUL_NAMES = {"nul"}
