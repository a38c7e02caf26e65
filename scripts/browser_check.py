"""Checks what headless Chromium rendered (JavaScript off) for /docs and /admin.

Usage: browser_check.py DOCS_DOM ADMIN_DOM ANONYMOUS_DOM DOCS_PNG ADMIN_PNG SIGNED_OUT_DOM AFTER_DOM LINK_DOM
ADMIN_DOM is what the sign-in form led to; SIGNED_OUT_DOM what "Sign out" led to; AFTER_DOM /admin
opened after signing out; LINK_DOM what the sign-in link led to.
The DOMs are Chromium's --dump-dom output; the PNGs its screenshots, decoded here (zlib and the
PNG filters by hand) to prove they show content: enough non-white pixels, and for /admin the
chart colour of the SVG bars.
"""
import re
import struct
import sys
import zlib

docs_dom, admin_dom, anon_dom, docs_png, admin_png, out_dom, after_dom, link_dom = sys.argv[1:9]


def fail(message):
    sys.exit(f"browser check: {message}")


def pixels(path):
    data = open(path, "rb").read()
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        fail(f"{path} is not a PNG")
    pos, idat, width, height, ctype = 8, b"", 0, 0, 0
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        chunk = data[pos + 8:pos + 8 + length]
        if kind == b"IHDR":
            width, height, depth, ctype = struct.unpack(">IIBB", chunk[:10])
            if depth != 8 or ctype not in (2, 6):
                fail(f"{path}: unexpected PNG format (depth {depth}, colour type {ctype})")
        elif kind == b"IDAT":
            idat += chunk
        pos += 12 + length
    bpp = 4 if ctype == 6 else 3
    raw = zlib.decompress(idat)
    stride = width * bpp
    rows, prev, i = [], bytearray(stride), 0
    for _ in range(height):
        f, line = raw[i], bytearray(raw[i + 1:i + 1 + stride])
        i += 1 + stride
        for x in range(stride):
            a = line[x - bpp] if x >= bpp else 0
            b = prev[x]
            c = prev[x - bpp] if x >= bpp else 0
            if f == 1:
                line[x] = (line[x] + a) & 0xFF
            elif f == 2:
                line[x] = (line[x] + b) & 0xFF
            elif f == 3:
                line[x] = (line[x] + (a + b) // 2) & 0xFF
            elif f == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[x] = (line[x] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 0xFF
        rows.append(bytes(line))
        prev = line
    return width, height, bpp, rows


def coverage(path, colour=None):
    width, height, bpp, rows = pixels(path)
    nonwhite = matching = 0
    colours = set()
    for row in rows[::2]:
        for x in range(0, width * bpp, bpp * 2):
            px = tuple(row[x:x + 3])
            colours.add(px)
            if sum(px) < 720:
                nonwhite += 1
            if colour and all(abs(p - q) <= 6 for p, q in zip(px, colour)):
                matching += 1
    sampled = (height // 2) * (width // 2)
    return nonwhite / max(1, sampled), len(colours), matching


docs = open(docs_dom).read()
admin = open(admin_dom).read()
anon = open(anon_dom).read()

for name, dom in (("docs", docs), ("admin", admin), ("sign-in", anon)):
    if re.search(r"<script", dom, re.I):
        fail(f"{name} contains a script")

for needle in ("Lucid payout API", "/api/v1/payouts", "createPayout", "/admin"):
    if needle not in docs:
        fail(f"/docs lacks {needle!r}")

for needle in ("Lucid payouts — admin", "Payouts", "Today (UTC)", "Last 30 days", "Hot wallet",
               "TRON network", "Reconciliation", "Confirmed volume per day", "Success rate per day",
               "100.00 %", "22.75", "The ledger and the chain agree"):
    if needle not in admin:
        fail(f"/admin lacks {needle!r}")
svgs = len(re.findall(r"<svg\b", admin))
bars = len(re.findall(r"<rect\b", admin))
if svgs < 3 or bars < 90:
    fail(f"/admin has {svgs} charts and {bars} bars; expected 3 charts of 30 days")
def is_sign_in(dom):
    return "Admin sign-in" in dom and 'action="/admin/login"' in dom


if not is_sign_in(anon):
    fail("an anonymous /admin did not land on the sign-in form")
if not is_sign_in(open(out_dom).read()):
    fail('"Sign out" did not lead back to the sign-in form')
if not is_sign_in(open(after_dom).read()):
    fail("/admin still opened after signing out")
if "Confirmed volume per day" not in open(link_dom).read():
    fail("the sign-in link did not open the admin page")

docs_cover, docs_colours, _ = coverage(docs_png)
admin_cover, admin_colours, chart_pixels = coverage(admin_png, colour=(0x3B, 0x6F, 0xD8))
if docs_cover < 0.02 or docs_colours < 8:
    fail(f"the /docs screenshot looks blank ({docs_cover:.1%} ink, {docs_colours} colours)")
if admin_cover < 0.02 or chart_pixels < 50:
    fail(f"the /admin screenshot shows no charts ({admin_cover:.1%} ink, {chart_pixels} chart pixels)")
print(f"browser check: /docs {docs_cover:.1%} ink; /admin {admin_cover:.1%} ink, {svgs} charts, "
      f"{chart_pixels} chart-coloured pixels sampled; no scripts; screenshots in {docs_png.rsplit('/', 1)[0]}")
