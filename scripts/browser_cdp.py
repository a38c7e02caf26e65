"""Drives Debian's headless Chromium over the DevTools protocol with JavaScript disabled
(Emulation.setScriptExecutionDisabled, as Puppeteer's setJavaScriptEnabled(false) does), and saves
each page's rendered DOM and a PNG screenshot. Cookies persist across the visits of one run.

Usage: browser_cdp.py OUT_DIR NAME=STEP [NAME=STEP ...]
A STEP is a URL to open; `form:URL` to open a sign-in page, type $FORM_TOKEN into its token field
and press its submit button, as a person does; or `click:SELECTOR` to press a button on the page
shown. Writes OUT_DIR/NAME.html and OUT_DIR/NAME.png for the page each step ends on, after proving
scripts do not run.
"""
import base64
import json
import os
import re
import subprocess
import sys
import tempfile
import time
import urllib.request

import websocket

out_dir, pages = sys.argv[1], [a.split("=", 1) for a in sys.argv[2:]]
profile = tempfile.mkdtemp(prefix="lucid-chromium-")
chrome = subprocess.Popen(
    ["chromium", "--headless=new", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
     f"--user-data-dir={profile}", "--remote-debugging-port=0", "--remote-debugging-address=127.0.0.1",
     "about:blank"],
    stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
try:
    deadline = time.monotonic() + 60
    port = None
    while port is None and time.monotonic() < deadline:
        line = chrome.stderr.readline()
        if not line and chrome.poll() is not None:
            sys.exit("chromium exited before DevTools was ready")
        m = re.search(r"DevTools listening on ws://127\.0\.0\.1:(\d+)/", line)
        if m:
            port = int(m.group(1))
    if port is None:
        sys.exit("chromium's DevTools did not start")
    targets = json.load(urllib.request.urlopen(f"http://127.0.0.1:{port}/json/list", timeout=10))
    page = next(t for t in targets if t["type"] == "page")
    ws = websocket.create_connection(page["webSocketDebuggerUrl"], timeout=60, suppress_origin=True)
    next_id = 0

    def call(method, **params):
        global next_id
        next_id += 1
        ws.send(json.dumps({"id": next_id, "method": method, "params": params}))
        while True:
            msg = json.loads(ws.recv())
            if msg.get("id") == next_id:
                if "error" in msg:
                    sys.exit(f"{method}: {msg['error']}")
                return msg.get("result", {})

    def wait_event(name, timeout=60):
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            msg = json.loads(ws.recv())
            if msg.get("method") == name:
                return msg
        sys.exit(f"timed out waiting for {name}")

    call("Page.enable")
    call("Emulation.setScriptExecutionDisabled", value=True)
    call("Emulation.setDeviceMetricsOverride", width=1280, height=1900, deviceScaleFactor=1, mobile=False)

    def visit(url):
        call("Page.navigate", url=url)
        wait_event("Page.loadEventFired")
        root = call("DOM.getDocument", depth=-1)["root"]["nodeId"]
        return call("DOM.getOuterHTML", nodeId=root)["outerHTML"]

    def node(selector):
        root = call("DOM.getDocument", depth=0)["root"]["nodeId"]
        found = call("DOM.querySelector", nodeId=root, selector=selector)["nodeId"]
        if not found:
            sys.exit(f"no element matches {selector}")
        return found

    def click(selector):
        # A real mouse press at the button's centre; the load of the page it leads to is awaited.
        quad = call("DOM.getBoxModel", nodeId=node(selector))["model"]["content"]
        x, y = (quad[0] + quad[4]) / 2, (quad[1] + quad[5]) / 2
        for kind in ("mousePressed", "mouseReleased"):
            call("Input.dispatchMouseEvent", type=kind, x=x, y=y, button="left", clickCount=1)
        wait_event("Page.loadEventFired")
        root = call("DOM.getDocument", depth=-1)["root"]["nodeId"]
        return call("DOM.getOuterHTML", nodeId=root)["outerHTML"]

    def sign_in(url):
        visit(url)
        call("DOM.focus", nodeId=node("textarea[name=token]"))
        call("Input.insertText", text=os.environ["FORM_TOKEN"])
        return click('form[action="/admin/login"] button[type=submit]')

    probe = visit("data:text/html,<p id=x>scripts-off</p><script>document.getElementById('x').textContent='scripts-on'</script>")
    if "scripts-off" not in probe:
        sys.exit("JavaScript is not disabled in this browser")
    for name, step in pages:
        if step.startswith("form:"):
            html = sign_in(step[5:])
        elif step.startswith("click:"):
            html = click(step[6:])
        else:
            html = visit(step)
        shot = call("Page.captureScreenshot", format="png", captureBeyondViewport=False)["data"]
        with open(os.path.join(out_dir, f"{name}.html"), "w") as f:
            f.write(html)
        with open(os.path.join(out_dir, f"{name}.png"), "wb") as f:
            f.write(base64.b64decode(shot))
        print(f"rendered {name} with JavaScript off: {len(html)} bytes of DOM")
    ws.close()
finally:
    chrome.kill()
    chrome.wait()
    subprocess.run(["rm", "-rf", profile])
