#!/usr/bin/env python3
"""httpd.py DIR PORTFILE [LOG]: a loopback HTTP server for the remote-input
tests (tests/e2e/95-remote.sh). Serves the files of DIR on 127.0.0.1 at a
free port, which it writes to PORTFILE once it is listening; one line per
request (method, path, Range, status, body bytes sent) goes to LOG.

The first path component chooses how the server behaves, the rest names
the file (a query string such as ?token=... is ignored):
  /ok/F        GET and HEAD with Range (bytes=A-B, bytes=A-): 206 + Content-Range
  /norange/F   ignores Range: always 200 and the whole file
  /404/F       404 Not Found          /403/F   403 Forbidden
               (any three-digit status: /503/F, /429/F, ...)
  /idx-NNN/F   as /ok/, but an index (.bai, .csi, .crai, .fai) gets status NNN
  /stall/F     reads the request and never answers (20 s at most)
  /trickle/F   answers 200 with the full Content-Length, then sends one byte
               every half second (for 20 s at most)
  /loop/F      302 Found, Location: the same URL, for ever
  /bighdr/F    answers 200 with a 300 KB header line
  /manyhdr/F   answers 200 with 3,000 header lines of 100 bytes
  /drop-N/F    honours Range, but resets the connection (RST) after N body
               bytes of each response
  /trunc-N/F   honours Range, announces the full Content-Length, sends N body
               bytes and closes cleanly (a truncated response)
A file that does not exist under DIR is a 404 in every mode."""
import http.server
import os
import re
import socket
import struct
import sys
import threading
import time
import urllib.parse

ROOT = os.path.realpath(sys.argv[1])
LOG = open(sys.argv[3], 'a', buffering=1) if len(sys.argv) > 3 else None


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = 'HTTP/1.1'

    def log_message(self, fmt, *args):   # no chatter on stderr
        pass

    def note(self, status, sent):
        if LOG:
            LOG.write('%s %s %s %d %d\n' % (self.command, self.path,
                                            self.headers.get('Range', '-'), status, sent))

    def fail(self, status):
        body = b'no\n'
        self.send_response(status)
        self.send_header('Content-Length', str(len(body)))
        self.end_headers()
        if self.command != 'HEAD':
            self.wfile.write(body)
        self.note(status, 0)

    def target(self):
        path = urllib.parse.urlsplit(self.path).path
        parts = path.lstrip('/').split('/', 1)
        if len(parts) != 2:
            return None, None
        full = os.path.realpath(os.path.join(ROOT, urllib.parse.unquote(parts[1])))
        if not full.startswith(ROOT + os.sep) or not os.path.isfile(full):
            return parts[0], None
        return parts[0], full

    def byte_range(self, size):
        m = re.match(r'bytes=(\d+)-(\d*)$', self.headers.get('Range', ''))
        if not m:
            return None
        beg = int(m.group(1))
        end = int(m.group(2)) if m.group(2) else size - 1
        return beg, min(end, size - 1)

    def serve(self, body_too):
        mode, full = self.target()
        if mode and re.match(r'\d{3}$', mode):
            return self.fail(int(mode))
        m = re.match(r'idx-(\d{3})$', mode or '')
        if m and re.search(r'\.(bai|csi|crai|fai)$', urllib.parse.urlsplit(self.path).path):
            return self.fail(int(m.group(1)))
        if m:
            mode = 'ok'
        if mode == 'stall':
            time.sleep(20)
            self.close_connection = True
            return self.note(0, 0)
        if mode == 'loop':
            self.send_response(302)
            self.send_header('Location', self.path)
            self.send_header('Content-Length', '0')
            self.end_headers()
            return self.note(302, 0)
        if mode in ('bighdr', 'manyhdr'):
            self.send_response(200)
            if mode == 'bighdr':
                self.send_header('X-Filler', 'x' * 300000)
            for i in range(3000 if mode == 'manyhdr' else 0):
                self.send_header('X-Filler-%d' % i, 'x' * 86)
            self.send_header('Content-Length', '0')
            self.end_headers()
            return self.note(200, 0)
        if full is None:
            return self.fail(404)
        size = os.path.getsize(full)
        rng = None if mode == 'norange' else self.byte_range(size)
        if rng and rng[0] >= size:
            self.send_response(416)
            self.send_header('Content-Range', 'bytes */%d' % size)
            self.send_header('Content-Length', '0')
            self.end_headers()
            return self.note(416, 0)
        beg, end = rng if rng else (0, size - 1)
        self.send_response(206 if rng else 200)
        if rng:
            self.send_header('Content-Range', 'bytes %d-%d/%d' % (beg, end, size))
        self.send_header('Content-Length', str(end - beg + 1))
        self.send_header('Accept-Ranges', 'none' if mode == 'norange' else 'bytes')
        self.end_headers()
        if not body_too:
            return self.note(206 if rng else 200, 0)
        self.send_body(mode, full, beg, end - beg + 1, 206 if rng else 200)

    def send_body(self, mode, full, beg, n, status):
        if mode == 'trickle':
            try:
                with open(full, 'rb') as f:
                    f.seek(beg)
                    for _ in range(min(n, 40)):
                        self.wfile.write(f.read(1))
                        self.wfile.flush()
                        time.sleep(0.5)
            except (BrokenPipeError, ConnectionResetError):
                pass
            self.close_connection = True
            return self.note(status, 0)
        m = re.match(r'(drop|trunc)-(\d+)$', mode or '')
        limit = int(m.group(2)) if m else n
        sent = 0
        with open(full, 'rb') as f:
            f.seek(beg)
            try:
                while sent < min(n, limit):
                    chunk = f.read(min(65536, min(n, limit) - sent))
                    if not chunk:
                        break
                    self.wfile.write(chunk)
                    sent += len(chunk)
            except (BrokenPipeError, ConnectionResetError):
                pass    # the client went elsewhere (a seek): normal
        self.note(status, sent)
        if m and sent < n:
            self.wfile.flush()
            if m.group(1) == 'drop':     # RST instead of FIN
                self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER,
                                           struct.pack('ii', 1, 0))
            self.close_connection = True
            self.connection.close()

    def do_GET(self):
        self.serve(True)

    def do_HEAD(self):
        self.serve(False)


class Server(http.server.ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address):
        pass    # a client that hangs up mid-response (a seek) is normal


def watch_parent(parent):
    """Exit once the process that started the server is gone (a test that
    died before it could kill the server), or after 15 minutes at most."""
    for _ in range(900):
        if os.getppid() != parent:
            break
        time.sleep(1)
    os._exit(0)


def main():
    threading.Thread(target=watch_parent, args=(os.getppid(),), daemon=True).start()
    srv = Server(('127.0.0.1', 0), Handler)
    tmp = sys.argv[2] + '.tmp'
    with open(tmp, 'w') as f:
        f.write('%d\n' % srv.server_address[1])
    os.rename(tmp, sys.argv[2])    # the port appears whole, once listening
    try:
        srv.serve_forever()
    except KeyboardInterrupt:
        pass


if __name__ == '__main__':
    main()
