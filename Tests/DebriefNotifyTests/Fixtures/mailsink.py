"""A loopback SMTP server (aiosmtpd) and a webhook receiver for the reminder tests.

    python3 mailsink.py OUTDIR [CERT KEY]

Prints "ready SMTP_PORT HTTP_PORT" once both listen on 127.0.0.1, and stops when its
standard input closes. Every message goes to OUTDIR/mail.jsonl (envelope and text), every
POST to OUTDIR/hooks.jsonl (path and JSON body). With CERT and KEY, the SMTP server offers
STARTTLS and refuses mail before it. POST /fail answers 500.
"""
import json
import os
import socket
import ssl
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from aiosmtpd.controller import Controller

out = sys.argv[1]
lock = threading.Lock()


def append(name, record):
    with lock, open(os.path.join(out, name), "a") as f:
        f.write(json.dumps(record) + "\n")


class Sink:
    async def handle_DATA(self, server, session, envelope):
        append("mail.jsonl", {"from": envelope.mail_from, "to": envelope.rcpt_tos,
                              "tls": session.ssl is not None,
                              "text": envelope.content.decode("utf-8", "replace")})
        return "250 OK"


class Hooks(BaseHTTPRequestHandler):
    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
        if self.path == "/fail":
            self.send_response(500)
            self.end_headers()
            return
        append("hooks.jsonl", {"path": self.path, "body": json.loads(body)})
        self.send_response(200)
        self.end_headers()

    def log_message(self, *args):
        pass


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


smtp_port = free_port()
options = {}
if len(sys.argv) > 3:
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(sys.argv[2], sys.argv[3])
    options = {"tls_context": context, "require_starttls": True}
controller = Controller(Sink(), hostname="127.0.0.1", port=smtp_port, **options)
controller.start()
http = ThreadingHTTPServer(("127.0.0.1", 0), Hooks)
threading.Thread(target=http.serve_forever, daemon=True).start()
print(f"ready {smtp_port} {http.server_address[1]}", flush=True)
sys.stdin.read()
controller.stop()
http.shutdown()
