"""A loopback stand-in for GitHub's issues API, for scripts/screenshots: lists none, makes
issues (201), reads them back. Prints its port, serves until killed. Nothing here reaches
github.com; the tests have their own, fuller fakes."""
import json
import sys
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

issues = {}


class GitHub(BaseHTTPRequestHandler):
    def answer(self, status, body):
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def authorized(self):
        return self.headers.get("Authorization") == "Bearer walk-token"

    def do_GET(self):
        if not self.authorized():
            return self.answer(401, {"message": "Bad credentials"})
        if self.path.startswith("/repos/acme/app/issues/"):
            number = int(self.path.rsplit("/", 1)[1])
            return self.answer(200, issues[number]) if number in issues else self.answer(404, {"message": "Not Found"})
        self.answer(200, list(issues.values()))

    def do_POST(self):
        if not self.authorized():
            return self.answer(401, {"message": "Bad credentials"})
        body = json.loads(self.rfile.read(int(self.headers.get("Content-Length", 0))))
        number = len(issues) + 1
        issues[number] = {"number": number, "html_url": f"https://github.com/acme/app/issues/{number}",
                          "state": "open", "body": body.get("body", ""), "title": body.get("title", "")}
        self.answer(201, issues[number])

    def log_message(self, *args):
        pass


server = ThreadingHTTPServer(("127.0.0.1", 0), GitHub)
print(server.server_address[1], flush=True)
server.serve_forever()
