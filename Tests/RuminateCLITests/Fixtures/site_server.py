#!/usr/bin/env python3
"""The web site the site-crawl tests crawl: a real HTTP server on 127.0.0.1 (standard library only).

Serves the files of --root (re-read on every request, so a test can change or delete pages between crawls),
with ETag (SHA-1 of the body; not for .txt files, which carry only Last-Modified) and Last-Modified, and
answers 304 to If-None-Match / If-Modified-Since. "/" serves index.html; the query is ignored. Built-in routes:

  /old-page.html        301 to /c.html
  /huge.html            50 MB of HTML generated on the fly, no Content-Length (must be cut off by the client)
  /big-declared.html    50 MB of HTML with its Content-Length declared (must be refused at the headers)

Every request is appended to --log as one JSON line: method, path (with query), host, the conditional headers,
the status and the body bytes sent. The chosen port is written to --port-file once the server listens.
"""

import argparse
import email.utils
import hashlib
import json
import os
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

HUGE_BYTES = 50 << 20
CHUNK = b"<p>" + b"ruminate huge page filler " * 2500 + b"</p>\n"
TYPES = {
    ".html": "text/html; charset=utf-8", ".txt": "text/plain; charset=utf-8", ".md": "text/markdown",
    ".xml": "application/xml", ".png": "image/png",
    ".latin1": "text/html; Charset=\"ISO-8859-1\"",  # Latin-1 HTML whose charset only the header tells right
}


class SiteHandler(BaseHTTPRequestHandler):
    server_version = "RuminateFixture/1.0"

    def log_message(self, *args):  # keep the test's stderr quiet; the JSON log is the record
        pass

    def record(self, status, sent):
        entry = {
            "method": self.command, "path": self.path, "host": self.headers.get("Host", ""),
            "if_none_match": self.headers.get("If-None-Match"), "if_modified_since": self.headers.get("If-Modified-Since"),
            "user_agent": self.headers.get("User-Agent", ""), "status": status, "sent": sent,
        }
        with self.server.log_lock:
            with open(self.server.log_path, "a", encoding="utf-8") as log:
                log.write(json.dumps(entry) + "\n")

    def do_GET(self):
        path = self.path.split("?", 1)[0]
        if path == "/old-page.html":
            self.answer(301, b"", {"Location": "/c.html"})
        elif path in ("/huge.html", "/big-declared.html"):
            self.stream_huge(declared=path == "/big-declared.html")
        else:
            self.serve_file(path)

    def answer(self, status, body, headers):
        self.send_response(status)
        for name, value in headers.items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if body and self.command != "HEAD":
            self.wfile.write(body)
        self.record(status, len(body))

    def serve_file(self, path):
        name = "index.html" if path.endswith("/") else path.lstrip("/")
        full = os.path.realpath(os.path.join(self.server.root, name))
        if not full.startswith(self.server.root + os.sep) or not os.path.isfile(full):
            self.answer(404, b"<html><body>not found</body></html>", {"Content-Type": "text/html"})
            return
        with open(full, "rb") as file:
            body = file.read()
        extension = os.path.splitext(full)[1]
        modified = int(os.path.getmtime(full))
        headers = {
            "Content-Type": TYPES.get(extension, "application/octet-stream"),
            "Last-Modified": email.utils.formatdate(modified, usegmt=True),
        }
        etag = None if extension == ".txt" else '"' + hashlib.sha1(body).hexdigest() + '"'
        if etag:
            headers["ETag"] = etag
        if_none_match = self.headers.get("If-None-Match")
        if_modified_since = self.headers.get("If-Modified-Since")
        if if_none_match is not None:
            unchanged = etag is not None and etag in [tag.strip() for tag in if_none_match.split(",")]
        elif if_modified_since is not None:
            since = email.utils.parsedate_to_datetime(if_modified_since).timestamp()
            unchanged = modified <= since
        else:
            unchanged = False
        if unchanged:
            self.answer(304, b"", {key: value for key, value in headers.items() if key != "Content-Type"})
        else:
            self.answer(200, body, headers)

    def stream_huge(self, declared):
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        if declared:
            self.send_header("Content-Length", str(HUGE_BYTES))
        self.end_headers()
        sent = 0
        try:
            self.wfile.write(b"<html><head><title>Huge</title></head><body>\n")
            while sent < HUGE_BYTES:
                piece = CHUNK[: HUGE_BYTES - sent]
                self.wfile.write(piece)
                sent += len(piece)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client stopped reading: what the test expects
        self.close_connection = True
        self.record(200, sent)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--root", required=True)
    parser.add_argument("--log", required=True)
    parser.add_argument("--port-file", required=True)
    arguments = parser.parse_args()
    server = ThreadingHTTPServer(("127.0.0.1", 0), SiteHandler)
    server.daemon_threads = True
    server.root = os.path.realpath(arguments.root)
    server.log_path = arguments.log
    server.log_lock = threading.Lock()
    open(arguments.log, "a").close()
    temporary = arguments.port_file + ".tmp"
    with open(temporary, "w") as file:
        file.write(str(server.server_address[1]))
    os.replace(temporary, arguments.port_file)
    server.serve_forever()


if __name__ == "__main__":
    main()
