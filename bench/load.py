"""The load: wrk on one page or every page mixed, what the home page weighs with what it loads, and the static file
the kept PDF is compared with."""

import http.client
import json
import re
import subprocess
import threading
import time
import urllib.parse

from bench.pages import PAGES
from bench.processes import BENCH_DIR, DATA_DIR, get

CONNECTIONS = 16
# A static file served by WhiteNoise (no view, no query) about the size of the 100x agreement PDF: what sending that
# many bytes costs on this machine, for comparison with the kept PDF.
REFERENCE_STATIC_FILE = "fonts/DejaVuSans.ttf"
WRK_REPORT = """
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'BENCH-JSON {"requests":%d,"duration_us":%d,"bytes":%d,"errors":{"connect":%d,"read":%d,"write":%d,' ..
    '"status":%d,"timeout":%d},"latency_us":{"p50":%d,"p90":%d,"p99":%d,"max":%d,"mean":%.1f}}\\n',
    summary.requests, summary.duration, summary.bytes, e.connect, e.read, e.write, e.status, e.timeout,
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max, latency.mean))
end
"""
WRK_MIX = """
local paths = {%s}
local i = 0
request = function()
  i = i %% #paths + 1
  return wrk.format("GET", paths[i])
end
"""


def write_scripts():
    """wrk's scripts: one that reports its figures as JSON, and one that also asks for every public page in turn."""
    report = BENCH_DIR / "wrk-report.lua"
    report.write_text(WRK_REPORT)
    mix = BENCH_DIR / "wrk-mix.lua"
    paths = ", ".join(f'"{path}"' for label, path in PAGES if label != "baseline")
    mix.write_text(WRK_MIX % paths + WRK_REPORT)
    return report, mix


def wrk(url, *, connections, seconds, script, cookie=None):
    """wrk on `url`; with `cookie` (a Cookie header's value, bench_sessions), signed in."""
    command = ["wrk", "-t", "2", "-c", str(connections), "-d", f"{seconds}s", "--timeout", "10s"]
    command += ["-H", "X-Forwarded-Proto: https"]
    if cookie:
        command += ["-H", f"Cookie: {cookie}"]
    command += ["-s", str(script), url]
    output = subprocess.run(command, check=True, capture_output=True, text=True).stdout
    line = next(line for line in output.splitlines() if line.startswith("BENCH-JSON "))
    report = json.loads(line.removeprefix("BENCH-JSON "))
    seconds_run = report["duration_us"] / 1e6
    return {
        "rps": round(report["requests"] / seconds_run, 1),
        "requests": report["requests"],
        "p50_ms": round(report["latency_us"]["p50"] / 1000, 2),
        "p99_ms": round(report["latency_us"]["p99"] / 1000, 2),
        "max_ms": round(report["latency_us"]["max"] / 1000, 2),
        "bytes_per_request": round(report["bytes"] / max(report["requests"], 1)),
        "errors": report["errors"],
    }


def static_reference():
    """The label and address of REFERENCE_STATIC_FILE under the hashed name collectstatic gave it (WhiteNoise's
    manifest)."""
    manifest = json.loads((DATA_DIR / "static" / "staticfiles.json").read_text())
    return "static_file_reference", "/static/" + manifest["paths"][REFERENCE_STATIC_FILE]


def page_weight(base_url):
    """The home page and what it loads (stylesheets, scripts, fonts and what the stylesheets import), as a browser
    that accepts compression receives them."""
    accept = {"Accept-Encoding": "br, gzip"}
    status, headers, html = get(base_url + "/", accept)
    text = html.decode()
    assets = re.findall(r'<link[^>]+rel="(?:stylesheet|preload)"[^>]*href="([^"]+)"', text)
    assets += re.findall(r'<script[^>]+src="([^"]+)"', text)
    files, seen = [], set()
    while assets:
        path = assets.pop(0)
        if path in seen or not path.startswith("/"):
            continue
        seen.add(path)
        asset_status, asset_headers, body = get(base_url + path, accept)
        files.append(
            {
                "path": path,
                "status": asset_status,
                "bytes": len(body),
                "content_encoding": asset_headers.get("Content-Encoding", ""),
                "cache_control": asset_headers.get("Cache-Control", ""),
                "hashed_name": bool(re.search(r"\.[0-9a-f]{12}\.\w+$", path)),
            }
        )
        if path.endswith(".css"):
            plain = get(base_url + path)[2].decode()
            folder = path.rsplit("/", 1)[0]
            for ref in re.findall(r"url\(['\"]?([^'\")]+)['\"]?\)", plain):
                if not ref.startswith(("data:", "http")):
                    assets.append(ref if ref.startswith("/") else f"{folder}/{ref}")
    total = len(html) + sum(item["bytes"] for item in files)
    return {"html_bytes": len(html), "html_status": status, "assets": files, "total_bytes": total}


RUSH_VISITORS = 200
RUSH_DOUBLE_CLICKS = 20  # the first visitors send the form twice, at once, as a double click does


def registration_rush(base_url, path, *, visitors=RUSH_VISITORS, double_clicks=RUSH_DOUBLE_CLICKS):
    """`visitors` people, each from an address of their own behind the proxy (X-Forwarded-For, TRUSTED_PROXY_COUNT=1
    in the benchmark's environment), open the registration form, then all send it at the same moment; the first
    `double_clicks` send it twice. Returns the figures of the POSTs: statuses, p50/p99/max in ms, errors (5xx or no
    answer)."""
    forms = []
    for number in range(visitors):
        address = f"198.18.{number // 250}.{number % 250 + 1}"
        status, headers, body = get(base_url + path, {"X-Forwarded-For": address})
        if status != 200:
            raise RuntimeError(f"the registration form answered {status}")
        cookie = headers.get("Set-Cookie", "")
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', body.decode()).group(1)
        csrf_cookie = re.search(r"csrftoken=([^;]+)", cookie).group(1)
        data = urllib.parse.urlencode(
            {
                "csrfmiddlewaretoken": token,
                "name": f"Uczestniczka Testowa {number}",
                "email": f"uczestniczka{number}@example.org",
                "organisation": "Sołectwo Testowe",
                "consent": "on",
                "fax": "",
            }
        ).encode()
        headers = {
            "X-Forwarded-For": address,
            "Cookie": f"csrftoken={csrf_cookie}",
            "Content-Type": "application/x-www-form-urlencoded",
            "Referer": base_url.replace("http://", "https://", 1) + path,  # the proxy's scheme, as a browser sends it
        }
        forms.append((data, headers))
        if number < double_clicks:
            forms.append((data, headers))
    start = threading.Barrier(len(forms))
    answers = [None] * len(forms)

    def send(index):
        data, headers = forms[index]
        start.wait()
        began = time.perf_counter()
        status = post(base_url + path, data, headers)
        answers[index] = (status, (time.perf_counter() - began) * 1000)

    threads = [threading.Thread(target=send, args=(index,)) for index in range(len(forms))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    latencies = sorted(ms for _status, ms in answers)
    statuses = {}
    for status, _ms in answers:
        statuses[str(status)] = statuses.get(str(status), 0) + 1
    return {
        "visitors": visitors,
        "posts": len(forms),
        "statuses": statuses,
        "errors": sum(count for status, count in statuses.items() if not status.startswith(("2", "3"))),
        "p50_ms": round(latencies[len(latencies) // 2], 1),
        "p99_ms": round(latencies[min(len(latencies) - 1, int(len(latencies) * 0.99))], 1),
        "max_ms": round(latencies[-1], 1),
    }


def post(url, data, headers):
    """POST without following the redirect: the status of the answer itself (0 when there was no answer)."""
    parts = urllib.parse.urlsplit(url)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=60)
    try:
        connection.request("POST", parts.path, body=data, headers={"X-Forwarded-Proto": "https", **headers})
        return connection.getresponse().status
    except OSError:
        return 0
    finally:
        connection.close()
