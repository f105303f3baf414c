"""示例条线: a business line that exists only in the test settings (config/test_settings.py).

It proves that a line is one folder plus one entry in INSTALLED_APPS: its nav entry, pages, API route, document,
figure and permission-matrix persona appear everywhere a real line's do, with no edit to a central file. The
kernel's tests that need a line use it. Its rules are modelled loosely on 行政许可法 (arts. 32, 38, 42).
"""
