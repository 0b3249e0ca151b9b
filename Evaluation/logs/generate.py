#!/usr/bin/env python3
"""Debrief's own log evaluation set: formats the miner was never developed on, generated with
known templates so that every line has its ground truth.

    python3 Evaluation/logs/generate.py          # rewrites Evaluation/logs/<Format>/

Each format folder holds, as loghub-2k does:
  <Format>.log                  the raw file, headers and all (a multi-line record spans lines)
  <Format>.log_structured.csv   one row per record: LineId, Content (the message), EventId,
                                EventTemplate (variables as <*>)

The templates below were written by hand from the documented shape of each format; the
variable parts are drawn at random (fixed seeds) from generators of realistic values: IPs,
host:port, UUIDs, hex, paths, durations, ids in brackets, key=value, small sets of words.
A value drawn from a set is a variable in the ground truth, as a parser should find it.
"""
import csv
import datetime
import json
import os
import random
import re

HERE = os.path.dirname(os.path.abspath(__file__))
RECORDS = 500


class Values:
    """Generators of variable values, by name: `{ip}` in a template draws one."""

    def __init__(self, rng):
        self.r = rng

    def ip(self):
        return f"10.{self.r.randint(0, 255)}.{self.r.randint(0, 255)}.{self.r.randint(1, 254)}"

    def pubip(self):
        return f"{self.r.choice([34, 52, 81, 93, 185, 203])}.{self.r.randint(0, 255)}.{self.r.randint(0, 255)}.{self.r.randint(1, 254)}"

    def port(self):
        return str(self.r.choice([self.r.randint(1024, 65535), 5432, 6379, 8080, 9092, 443]))

    def hostport(self):
        return f"{self.ip()}:{self.port()}"

    def int(self):
        return str(self.r.choice([self.r.randint(0, 9), self.r.randint(10, 999), self.r.randint(1000, 99999)]))

    def small(self):
        return str(self.r.randint(1, 12))

    def ms(self):
        return str(self.r.randint(1, 30000))

    def dur(self):
        return f"{self.r.uniform(0.001, 30):.3f}s"

    def uuid(self):
        h = "%032x" % self.r.getrandbits(128)
        return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"

    def hex(self):
        return "%x" % self.r.getrandbits(self.r.choice([32, 48, 64]))

    def sha(self):
        return "%040x" % self.r.getrandbits(160)

    def user(self):
        return self.r.choice(["alice", "bob", "svc-deploy", "carol", "dmitri", "priya", "jenkins", "root", "www-data"])

    def email(self):
        return f"{self.user()}{self.r.randint(1, 99)}@example.com"

    def host(self):
        return f"{self.r.choice(['web', 'api', 'db', 'cache', 'worker'])}-{self.r.randint(1, 40):02d}.prod.internal"

    def pod(self):
        return f"{self.r.choice(['api', 'checkout', 'search', 'worker', 'billing'])}-{'%x' % self.r.getrandbits(36)}-{''.join(self.r.choice('abcdefghjkmnpqrstvwxz2456789') for _ in range(5))}"

    def path(self):
        return "/" + "/".join(self.r.choice(["var", "data", "srv", "app", "cache", "tmp", "uploads", "v2", "shards"]) for _ in range(self.r.randint(2, 4))) + f"/{self.r.randint(1, 9999)}.{self.r.choice(['dat', 'json', 'log', 'db'])}"

    def route(self):
        return self.r.choice(["/v1/orders/", "/v1/users/", "/api/cart/", "/v2/items/"]) + str(self.r.randint(1, 99999))

    def table(self):
        return self.r.choice(["orders", "users", "payments", "sessions", "line_items", "audit_log"])

    def topic(self):
        return f"{self.r.choice(['orders', 'payments', 'clicks', 'audit'])}-{self.r.randint(0, 11)}"

    def cls(self):
        return "com.example." + self.r.choice(["orders.OrderService", "billing.InvoiceJob", "auth.TokenFilter", "search.IndexClient"])

    def qid(self):
        return "%011X" % self.r.getrandbits(44)

    def word(self, choices):
        return self.r.choice(choices.split("|"))

    def epoch(self):
        return f"{1772614800 + self.r.randint(0, 86400)}.{self.r.randint(0, 999):03d}"

    def wallclock(self):
        return f"2026-03-04 {self.r.randint(0, 23):02d}:{self.r.randint(0, 59):02d}:{self.r.randint(0, 59):02d}"


PLACEHOLDER = re.compile(r"\{(\w+)(?::([^}]*))?\}")


def fill(template, v):
    """The template with each `{name}` drawn; and the ground truth with `<*>` in its place."""
    return PLACEHOLDER.sub(lambda m: getattr(v, m.group(1))(m.group(2)) if m.group(2) is not None
                           else getattr(v, m.group(1))(), template)


def truth(template):
    return PLACEHOLDER.sub("<*>", template)


def pick(rng, templates):
    # A skewed mix, as real logs are: a few templates make most lines.
    weights = [1.0 / (i + 1) ** 1.1 for i in range(len(templates))]
    return rng.choices(range(len(templates)), weights=weights)[0]


def clock(rng, state):
    state[0] += datetime.timedelta(milliseconds=rng.randint(1, 4000))
    return state[0]


def write(name, records):
    """records: (raw lines, content, event index, template)"""
    folder = os.path.join(HERE, name)
    os.makedirs(folder, exist_ok=True)
    with open(os.path.join(folder, f"{name}.log"), "w", encoding="utf-8", newline="\n") as f:
        for raw, _, _, _ in records:
            f.write("\n".join(raw) + "\n")
    with open(os.path.join(folder, f"{name}.log_structured.csv"), "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        w.writerow(["LineId", "Content", "EventId", "EventTemplate"])
        for i, (_, content, event, template) in enumerate(records):
            w.writerow([i + 1, content, f"E{event + 1}", template])


def generate(name, seed, templates, render, opening=(), label=None):
    """Writes RECORDS records of `name`: for each, a template drawn, filled, and given the next
    time; `render(rng, values, time, event, message)` gives the record's raw lines and its
    message column. `opening` records (the file's own header lines) come first. `label`, when
    given, is the (event, template) of every record, for formats whose whole line is one event."""
    rng = random.Random(seed)
    v = Values(rng)
    state = [datetime.datetime(2026, 3, 4, 9, 0, 0)]
    records = list(opening)
    for _ in range(RECORDS):
        e = pick(rng, templates)
        message = fill(templates[e], v)
        t = clock(rng, state)
        lines, content = render(rng, v, t, e, message)
        records.append((lines, content) + (label or (e, truth(templates[e]))))
    write(name, records)


def simple(name, seed, templates, header):
    """A format of one line per record: `header(rng, time, event)` + the filled message."""
    generate(name, seed, templates, lambda rng, v, t, e, message: ([header(rng, t, e) + message], message))


def traced(name, seed, templates, traces, first):
    """A format whose record is the line `first(rng, values, time, event, message)` gives, and
    after it, for the events in `traces`, a stack trace (its values drawn too)."""
    generate(name, seed, templates, lambda rng, v, t, e, message: (
        [first(rng, v, t, e, message)] + [fill(l, v) for l in traces.get(e, [])], message))


def nginx_error():
    templates = [
        'connect() failed (111: Connection refused) while connecting to upstream, client: {ip}, server: api.example.com, request: "GET {route} HTTP/1.1", upstream: "http://{hostport}{route}", host: "api.example.com"',
        'upstream timed out (110: Connection timed out) while reading response header from upstream, client: {ip}, server: api.example.com, request: "POST {route} HTTP/1.1", upstream: "http://{hostport}{route}", host: "api.example.com"',
        'open() "{path}" failed (2: No such file or directory), client: {ip}, server: static.example.com, request: "GET {path} HTTP/1.1", host: "static.example.com"',
        'client intended to send too large body: {int} bytes, client: {ip}, server: api.example.com, request: "POST /v1/uploads HTTP/1.1", host: "api.example.com"',
        "no live upstreams while connecting to upstream, client: {ip}, server: api.example.com, request: \"GET {route} HTTP/1.1\", upstream: \"http://backend{route}\", host: \"api.example.com\"",
        "SSL_do_handshake() failed (SSL: error:0A00010B:SSL routines::wrong version number) while SSL handshaking, client: {ip}, server: 0.0.0.0:443",
        "limiting requests, excess: {int}.{small} by zone \"perip\", client: {ip}, server: api.example.com, request: \"GET {route} HTTP/1.1\", host: \"api.example.com\"",
        "signal process started",
        "using inherited sockets from \"{int};{int};\"",
        "worker process {int} exited on signal 9",
        "*{int} recv() failed (104: Connection reset by peer) while reading response header from upstream, client: {ip}",
    ]
    levels = ["error", "error", "error", "error", "error", "error", "warn", "notice", "notice", "alert", "error"]

    def header(rng, t, e):
        pid = rng.randint(1000, 30000)
        return f"{t:%Y/%m/%d %H:%M:%S} [{levels[e]}] {pid}#{pid}: *{rng.randint(1, 999999)} " if e not in (7, 8, 9) \
            else f"{t:%Y/%m/%d %H:%M:%S} [{levels[e]}] {pid}#{pid}: "
    simple("NginxError", 101, templates, header)


def postgres():
    templates = [
        "checkpoint starting: {word:time|wal|immediate force wait}",
        "checkpoint complete: wrote {int} buffers ({int}.{small}%); {int} WAL file(s) added, {int} removed, {int} recycled; write={dur}, sync={dur}, total={dur}",
        "duration: {int}.{int} ms  statement: SELECT * FROM {table} WHERE id = {int}",
        'duplicate key value violates unique constraint "{table}_pkey"',
        'relation "{table}_archive" does not exist at character {int}',
        "could not serialize access due to concurrent update",
        "deadlock detected",
        'connection authorized: user={user} database={table} application_name={word:psql|pgbouncer|orders-api}',
        "disconnection: session time: 0:{small}:{small}.{int} user={user} database={table} host={ip} port={port}",
        'automatic vacuum of table "app.public.{table}": index scans: {small}',
        "terminating connection due to idle-in-transaction timeout",
        "canceling statement due to statement timeout",
        'password authentication failed for user "{user}"',
        "temporary file: path \"base/pgsql_tmp/pgsql_tmp{int}.{small}\", size {int}",
    ]
    levels = ["LOG", "LOG", "LOG", "ERROR", "ERROR", "ERROR", "ERROR", "LOG", "LOG", "LOG", "FATAL", "ERROR", "FATAL", "LOG"]

    def header(rng, t, e):
        return f"{t:%Y-%m-%d %H:%M:%S}.{rng.randint(0, 999):03d} UTC [{rng.randint(100, 99999)}] {levels[e]}:  "
    simple("PostgreSQL", 102, templates, header)


def k8s_events():
    templates = [
        "Back-off restarting failed container {word:api|worker|sidecar} in pod {pod}_default({uuid})",
        "Successfully assigned default/{pod} to node-{small}",
        'Container image "registry.example.com/{word:api|worker|billing}:{hex}" already present on machine',
        "Created container {word:api|worker|sidecar}",
        "Started container {word:api|worker|sidecar}",
        "Readiness probe failed: Get \"http://{hostport}/healthz\": context deadline exceeded (Client.Timeout exceeded while awaiting headers)",
        "Liveness probe failed: HTTP probe failed with statuscode: {word:500|503|502}",
        "0/{small} nodes are available: {small} Insufficient memory, {small} node(s) had untolerated taint {node.kubernetes.io/unreachable: }. preemption: 0/{small} nodes are available",
        "Scaled up replica set {pod} to {small}",
        "Memory cgroup out of memory: Killed process {int} (java) total-vm:{int}kB, anon-rss:{int}kB",
        "Pulling image \"registry.example.com/{word:api|worker|billing}:{hex}\"",
        "MountVolume.SetUp failed for volume \"{word:secrets|config|tls}\" : secret \"{word:db-creds|api-keys|tls-cert}\" not found",
    ]
    reasons = ["BackOff", "Scheduled", "Pulled", "Created", "Started", "Unhealthy", "Unhealthy", "FailedScheduling",
               "ScalingReplicaSet", "OOMKilling", "Pulling", "FailedMount"]
    types = ["Warning", "Normal", "Normal", "Normal", "Normal", "Warning", "Warning", "Warning", "Normal", "Warning",
             "Normal", "Warning"]

    def header(rng, t, e):
        ago = rng.choice([f"{rng.randint(1, 59)}s", f"{rng.randint(1, 59)}m", f"{rng.randint(1, 23)}h"])
        obj = f"pod/{Values(rng).pod()}" if e != 8 else f"deployment/{rng.choice(['api', 'worker'])}"
        return f"{ago:<7} {types[e]:<9} {reasons[e]:<18} {obj:<40} "
    simple("K8sEvents", 103, templates, header)


def journal_json():
    templates = [
        "Started Session {int} of User {user}.",
        "Accepted publickey for {user} from {ip} port {port} ssh2: ED25519 SHA256:{hex}",
        "Failed password for invalid user {user} from {pubip} port {port} ssh2",
        "{word:nginx|postgresql|redis-server}.service: Main process exited, code=killed, status=9/KILL",
        "{word:nginx|postgresql|redis-server}.service: Failed with result 'signal'.",
        "Out of memory: Killed process {int} ({word:java|python3|node}) total-vm:{int}kB, anon-rss:{int}kB, file-rss:0kB, shmem-rss:0kB, UID:{int} pgtables:{int}kB oom_score_adj:0",
        "Received disconnect from {pubip} port {port}:11: Bye Bye [preauth]",
        "pam_unix(sshd:session): session opened for user {user}(uid={int}) by (uid=0)",
        "Reached target {word:Timers|Network|Multi-User System}.",
        "EXT4-fs ({word:sda1|nvme0n1p2}): error count since last fsck: {int}",
    ]
    idents = ["systemd", "sshd", "sshd", "systemd", "systemd", "kernel", "sshd", "sshd", "systemd", "kernel"]

    def render(rng, v, t, e, message):
        fields = {
            "__REALTIME_TIMESTAMP": str(int(t.timestamp() * 1_000_000)),
            "_HOSTNAME": v.host(),
            "SYSLOG_IDENTIFIER": idents[e],
            "PRIORITY": str(rng.choice([3, 4, 6])),
            "_PID": str(rng.randint(1, 60000)),
            "MESSAGE": message,
        }
        if rng.random() < 0.5:
            fields["_SYSTEMD_UNIT"] = rng.choice(["ssh.service", "init.scope", "nginx.service"])
        keys = list(fields)
        rng.shuffle(keys)
        return [json.dumps({k: fields[k] for k in keys})], message
    generate("JournalJSON", 104, templates, render)


def alb():
    routes = ["GET https://shop.example.com:443/v1/orders/{int} HTTP/1.1", "POST https://shop.example.com:443/v1/cart/{int}/items HTTP/2.0",
              "GET https://shop.example.com:443/static/{hex}.js HTTP/2.0", "GET https://shop.example.com:443/healthz HTTP/1.1",
              "PUT https://shop.example.com:443/v1/users/{int}/address HTTP/1.1", "DELETE https://shop.example.com:443/v1/sessions/{uuid} HTTP/1.1"]

    def render(rng, v, t, e, req):
        status = rng.choice(["200", "200", "200", "304", "404", "502", "504"])
        line = (f"https {t:%Y-%m-%dT%H:%M:%S}.{rng.randint(0, 999999):06d}Z app/shop-lb/{'%016x' % rng.getrandbits(64)} "
                f"{v.pubip()}:{v.port()} {v.hostport()} {rng.uniform(0, 0.01):.3f} {rng.uniform(0, 2):.3f} 0.000 {status} {status} "
                f"{rng.randint(0, 2000)} {rng.randint(100, 90000)} \"{req}\" \"{rng.choice(['curl/8.4.0', 'Mozilla/5.0 (X11; Linux x86_64)', 'okhttp/4.12.0'])}\" "
                f"ECDHE-RSA-AES128-GCM-SHA256 TLSv1.2 arn:aws:elasticloadbalancing:eu-west-1:123456789012:targetgroup/shop/{'%016x' % rng.getrandbits(64)} "
                f"\"Root=1-{'%08x' % rng.getrandbits(32)}-{'%024x' % rng.getrandbits(96)}\" \"shop.example.com\" \"-\" 0 {t:%Y-%m-%dT%H:%M:%S}.000000Z \"forward\" \"-\" \"-\" \"{v.hostport()}\" \"{status}\" \"-\" \"-\"")
        # The message of an access line is the line. Every field of it, the request included, is
        # a value (see "Labelling rule" in README.md): one event, whatever the route.
        return [line], line
    template = ('https <*> app/shop-lb/<*> <*> <*> <*> <*> 0.000 <*> <*> <*> <*> "<*> <*> <*>" "<*>" '
                'ECDHE-RSA-AES128-GCM-SHA256 TLSv1.2 arn:aws:elasticloadbalancing:eu-west-1:123456789012:targetgroup/shop/<*> '
                '"Root=<*>" "shop.example.com" "-" 0 <*> "forward" "-" "-" "<*>" "<*>" "-" "-"')
    generate("AWSALB", 105, routes, render, label=(0, template))


def cloudfront():
    paths = ["/images/products/{int}.jpg", "/api/v1/search", "/assets/app.{hex}.css", "/index.html", "/video/{uuid}/seg-{int}.ts"]
    results = ["Hit", "Miss", "RefreshHit", "Error"]
    rng = random.Random(106)
    v = Values(rng)
    state = [datetime.datetime(2026, 3, 4, 9, 0, 0)]
    events = [(p, r) for p in paths for r in results]
    # The file opens with its own two comment lines, each a record of its own.
    fields = ("#Fields: date time x-edge-location sc-bytes c-ip cs-method cs(Host) cs-uri-stem sc-status "
              "cs(Referer) cs(User-Agent) cs-uri-query x-edge-result-type time-taken")
    records = [(["#Version: 1.0"], "#Version: 1.0", 1, "#Version: 1.0"),
               ([fields], fields, 2, fields)]
    # Every field of a request line is a value, the path and the result type included (see
    # "Labelling rule" in README.md): one event for all of them.
    template = "\t".join(["<*>"] * 5 + ["GET", "d111111abcdef8.cloudfront.net", "<*>", "<*>", "-", "<*>", "-", "<*>", "<*>"])
    for _ in range(RECORDS):
        e = pick(rng, events)
        p, result = events[e]
        t = clock(rng, state)
        status = {"Hit": "200", "Miss": "200", "RefreshHit": "304", "Error": rng.choice(["403", "502", "504"])}[result]
        line = "\t".join([f"{t:%Y-%m-%d}", f"{t:%H:%M:%S}", rng.choice(["LHR62-C2", "FRA56-P1", "IAD89-C1"]), str(rng.randint(200, 900000)),
                          v.pubip(), "GET", "d111111abcdef8.cloudfront.net", fill(p, v), status, "-",
                          rng.choice(["Mozilla/5.0%20(Macintosh)", "curl/8.4.0"]), "-", result, f"{rng.uniform(0, 3):.3f}"])
        records.append(([line], line, 0, template))
    write("CloudFront", records)


def json_cloud(name, seed, templates, envelope):
    """One JSON object a line, as `envelope(rng, values, time, event, message)` builds it."""
    generate(name, seed, templates, lambda rng, v, t, e, message: ([json.dumps(envelope(rng, v, t, e, message))], message))


def gcp():
    templates = [
        "Request completed: GET {route} status={word:200|404|500} latency={ms}ms",
        "Connection to Cloud SQL instance {word:prod-db|replica-1} failed: dial tcp {hostport}: i/o timeout",
        "Publishing message {int} to topic projects/shop/topics/{topic}",
        "Memory limit of {int} MiB exceeded with {int} MiB used. Consider increasing the memory limit.",
        "Container called exit({small}).",
        "Default STARTUP TCP probe succeeded after {small} attempt for container \"{word:api|worker}\" on port 8080.",
        "Quota exceeded for quota metric 'Read requests' and limit 'Read requests per minute' of service 'sheets.googleapis.com' for consumer 'project_number:{int}'.",
        "Token refresh failed for service account {email}: invalid_grant",
    ]
    sev = ["INFO", "ERROR", "DEBUG", "ERROR", "WARNING", "INFO", "WARNING", "ERROR"]

    def envelope(rng, v, t, e, message):
        d = {"severity": sev[e], "timestamp": f"{t:%Y-%m-%dT%H:%M:%S}.{rng.randint(0, 999999):06d}Z",
             "logName": f"projects/shop/logs/run.googleapis.com%2F{rng.choice(['stdout', 'stderr'])}",
             "resource": {"type": "cloud_run_revision", "labels": {"service_name": rng.choice(["api", "worker"]),
                                                                   "revision_name": f"api-{rng.randint(1, 300):05d}-{v.hex()[:3]}"}},
             "insertId": v.hex(), "trace": f"projects/shop/traces/{'%032x' % rng.getrandbits(128)}"}
        if rng.random() < 0.5:
            d["textPayload"] = message
        else:
            d["jsonPayload"] = {"message": message, "component": rng.choice(["http", "db", "pubsub"])}
        keys = list(d)
        rng.shuffle(keys)
        return {k: d[k] for k in keys}
    json_cloud("GCPJSON", 107, templates, envelope)


def azure():
    templates = [
        "Executed 'Functions.{word:ProcessOrder|SendInvoice|Resize}' (Succeeded, Id={uuid}, Duration={ms}ms)",
        "Executed 'Functions.{word:ProcessOrder|SendInvoice|Resize}' (Failed, Id={uuid}, Duration={ms}ms)",
        "Executing 'Functions.{word:ProcessOrder|SendInvoice|Resize}' (Reason='New ServiceBus message detected on 'orders'.', Id={uuid})",
        "Host lock lease acquired by instance ID '{hex}'.",
        "The listener for function 'Functions.{word:ProcessOrder|SendInvoice}' was unable to start.",
        "Microsoft.Azure.ServiceBus: The lock supplied is invalid. Either the lock expired, or the message has already been removed from the queue. Reference:{uuid}, TrackingId:{uuid}, SystemTracker:sb-shop:Queue:orders, Timestamp:{int}",
        "Storage account connection string 'AzureWebJobsStorage' does not exist.",
    ]
    lv = ["Information", "Error", "Information", "Information", "Error", "Warning", "Error"]

    def envelope(rng, v, t, e, message):
        d = {"time": f"{t:%Y-%m-%dT%H:%M:%S}.{rng.randint(0, 9999999):07d}Z",
             "resourceId": "/SUBSCRIPTIONS/8A1F0C2E-0000-4B1A-9C7D-2F11D8E0A001/RESOURCEGROUPS/SHOP/PROVIDERS/MICROSOFT.WEB/SITES/SHOP-FUNCS",
             "category": "FunctionAppLogs", "operationName": "Microsoft.Web/sites/functions/log", "level": lv[e],
             "location": rng.choice(["West Europe", "North Europe"]),
             "properties": {"appName": "shop-funcs", "roleInstance": f"{rng.randint(10, 99)}a{v.hex()[:6]}",
                            "message": message, "category": "Function.ProcessOrder", "hostVersion": "4.31.1.1",
                            "level": lv[e], "levelId": rng.randint(1, 4), "processId": rng.randint(1, 9999)}}
        keys = list(d)
        rng.shuffle(keys)
        return {k: d[k] for k in keys}
    json_cloud("AzureJSON", 108, templates, envelope)


def haproxy():
    templates = [
        '{hostport} [{word:04/Mar/2026:09:12:01.123|04/Mar/2026:10:44:19.870}] fe_https~ be_api/api{small} {small}/0/{small}/{int}/{int} {word:200|201|404|503} {int} - - ---- {int}/{int}/{small}/{small}/0 0/0 "GET {route} HTTP/1.1"',
        "Server be_api/api{small} is DOWN, reason: Layer4 connection problem, info: \"Connection refused\", check duration: {small}ms. {small} active and 0 backup servers left. 0 sessions active, 0 requeued, 0 remaining in queue.",
        "Server be_api/api{small} is UP, reason: Layer7 check passed, code: 200, check duration: {small}ms. {small} active and 0 backup servers online. 0 sessions requeued, 0 total in queue.",
        "backend be_api has no server available!",
        "{hostport} [{word:04/Mar/2026:09:12:01.123|04/Mar/2026:10:44:19.870}] fe_https/1: SSL handshake failure",
        "Proxy fe_https started.",
        "Stopping frontend fe_https in 0 ms.",
    ]

    def header(rng, t, e):
        return f"{t:%b} {t.day:2d} {t:%H:%M:%S} lb{rng.randint(1, 3)} haproxy[{rng.randint(100, 40000)}]: "
    simple("HAProxy", 109, templates, header)


def redis():
    templates = [
        "Background saving started by pid {int}",
        "DB saved on disk",
        "Background saving terminated with success",
        "{int} changes in {int} seconds. Saving...",
        "Fork CoW for RDB: current {int} MB, peak {int} MB, average {int} MB",
        "Connection with replica {hostport} lost.",
        "Replica {hostport} asks for synchronization",
        "Full resync requested by replica {hostport}",
        "WARNING: 32 bit instance detected but no memory limit set. Setting 3 GB maxmemory limit with 'noeviction' policy now.",
        "Client id={int} addr={hostport} laddr={hostport} fd={small} name= age={int} idle={int} flags=N db=0 sub=0 psub=0 ssub=0 multi=-1 qbuf=0 qbuf-free=0 argv-mem=0 multi-mem=0 rbs={int} rbp={int} obl=0 oll=0 omem=0 tot-mem={int} events=r cmd=NULL user=default redir=-1 resp=2 lib-name= lib-ver= closed for overcoming of output buffer limits.",
        "Error accepting a client connection: accept: Too many open files (addr={hostport} laddr={hostport})",
    ]
    marks = ["*", "*", "*", "*", "*", "#", "*", "*", "#", "#", "#"]

    def header(rng, t, e):
        return f"{rng.randint(1, 99999)}:{rng.choice(['M', 'C']) if e in (0, 1, 2, 4) else 'M'} {t:%d %b %Y %H:%M:%S}.{rng.randint(0, 999):03d} {marks[e]} "
    simple("Redis", 110, templates, header)


def kafka():
    templates = [
        "[Partition {topic} broker={small}] Shrinking ISR from {small},{small},{small} to {small}. Leader: (highWatermark: {int}, endOffset: {int}). Out of sync replicas: (brokerId: {small}, endOffset: {int}). (kafka.cluster.Partition)",
        "[Partition {topic} broker={small}] Expanding ISR from {small} to {small},{small} (kafka.cluster.Partition)",
        "[GroupCoordinator {small}]: Preparing to rebalance group {word:order-consumers|billing|audit-sink} in state PreparingRebalance with old generation {int} (__consumer_offsets-{small}) (reason: Adding new member consumer-{word:order-consumers|billing}-{small}-{uuid} with group instance id None) (kafka.coordinator.group.GroupCoordinator)",
        "[GroupCoordinator {small}]: Stabilized group {word:order-consumers|billing|audit-sink} generation {int} (__consumer_offsets-{small}) with {small} members (kafka.coordinator.group.GroupCoordinator)",
        "[Log partition={topic}, dir=/var/lib/kafka/data] Rolled new log segment at offset {int} in {int} ms. (kafka.log.Log)",
        "[ReplicaFetcher replicaId={small}, leaderId={small}, fetcherId=0] Error sending fetch request (sessionId={int}, epoch={int}) to node {small}: (org.apache.kafka.clients.FetchSessionHandler)",
        "[Controller id={small}] Broker {small} has been removed from the cluster (kafka.controller.KafkaController)",
        "[KafkaServer id={small}] started (kafka.server.KafkaServer)",
    ]
    lv = ["INFO", "INFO", "INFO", "INFO", "INFO", "WARN", "INFO", "INFO"]

    def header(rng, t, e):
        return f"[{t:%Y-%m-%d %H:%M:%S},{rng.randint(0, 999):03d}] {lv[e]} "
    simple("Kafka", 111, templates, header)


def java_service():
    templates = [
        "Completed request GET {route} in {ms} ms",
        "Failed to load order {int}",
        "HikariPool-1 - Connection is not available, request timed out after {ms}ms.",
        "Started OrderApplication in {int}.{small} seconds (process running for {int}.{small})",
        "Retrying call to inventory-service (attempt {small} of 3)",
        "Unexpected error processing message {uuid} from topic {topic}",
    ]
    lv = ["INFO", "ERROR", "WARN", "INFO", "WARN", "ERROR"]
    threads = ["http-nio-8080-exec-{small}", "main", "kafka-consumer-{small}", "scheduling-1"]
    traces = {
        1: ["java.lang.NullPointerException: Cannot invoke \"com.example.orders.Order.getItems()\" because \"order\" is null",
            "\tat com.example.orders.OrderService.load(OrderService.java:{int})",
            "\tat com.example.orders.OrderController.get(OrderController.java:{int})",
            "\tat org.springframework.web.servlet.FrameworkServlet.service(FrameworkServlet.java:{int})",
            "\t... {int} common frames omitted"],
        5: ["org.springframework.kafka.listener.ListenerExecutionFailedException: Listener method threw exception",
            "\tat org.springframework.kafka.listener.KafkaMessageListenerContainer.invoke(KafkaMessageListenerContainer.java:{int})",
            "Caused by: java.sql.SQLTransientConnectionException: HikariPool-1 - Connection is not available, request timed out after {ms}ms.",
            "\tat com.zaxxer.hikari.pool.HikariPool.getConnection(HikariPool.java:{int})",
            "\t... {int} more"],
    }

    def first(rng, v, t, e, message):
        thread = fill(rng.choice(threads), v)
        logger = v.cls()
        return f"{t:%Y-%m-%d %H:%M:%S}.{rng.randint(0, 999):03d} {lv[e]:>5} 1 --- [{thread:>15}] {logger:<40} : {message}"
    traced("JavaService", 112, templates, traces, first)


def python_service():
    templates = [
        "Task {word:send_email|resize_image|sync_ledger}[{uuid}] succeeded in {dur}: None",
        "Task {word:send_email|resize_image|sync_ledger}[{uuid}] raised unexpected: {word:SMTPServerDisconnected|TimeoutError}('Connection unexpectedly closed')",
        "Received task: {word:send_email|resize_image|sync_ledger}[{uuid}]",
        "Connected to redis://{hostport}/0",
        "missed heartbeat from celery@{host}",
        "Exception in request GET {route}",
    ]
    lv = ["INFO", "ERROR", "INFO", "INFO", "INFO", "ERROR"]
    traces = {
        1: ["Traceback (most recent call last):",
            '  File "/usr/local/lib/python3.11/site-packages/celery/app/trace.py", line {int}, in trace_task',
            "    R = retval = fun(*args, **kwargs)",
            '  File "/app/tasks.py", line {int}, in send_email',
            "    smtp.send_message(msg)",
            "smtplib.SMTPServerDisconnected: Connection unexpectedly closed"],
        5: ["Traceback (most recent call last):",
            '  File "/app/views.py", line {int}, in order_detail',
            "    order = Order.objects.get(pk=pk)",
            "app.models.Order.DoesNotExist: Order matching query does not exist."],
    }

    def render(rng, v, t, e, message):
        first = f"[{t:%Y-%m-%d %H:%M:%S},{rng.randint(0, 999):03d}: {lv[e]}/{rng.choice(['MainProcess', 'ForkPoolWorker-1', 'ForkPoolWorker-2'])}] {message}"
        return [first] + [fill(l, v) for l in traces.get(e, [])], message
    generate("PythonService", 113, templates, render)


def windows_csv():
    templates = [
        "The {word:Print Spooler|Windows Update|SQL Server (MSSQLSERVER)} service terminated unexpectedly.  It has done this {small} time(s).",
        "The {word:Print Spooler|Windows Update|Windows Defender} service entered the {word:running|stopped} state.",
        "An account failed to log on. Account Name: {user} Failure Reason: Unknown user name or bad password. Source Network Address: {pubip}",
        "An account was successfully logged on. Account Name: {user} Logon Type: {small} Source Network Address: {ip}",
        "The system has rebooted without cleanly shutting down first.",
        "The disk {small} has been surprise removed.",
        "Installation Successful: Windows successfully installed the following update: Security Intelligence Update for Microsoft Defender Antivirus - KB{int} (Version 1.{int}.{int}.0)",
        "Application: w3wp.exe Framework Version: v4.0.30319 Description: The process was terminated due to an unhandled exception. Exception Info: System.OutOfMemoryException",
    ]
    sources = ["Service Control Manager", "Service Control Manager", "Microsoft-Windows-Security-Auditing",
               "Microsoft-Windows-Security-Auditing", "Microsoft-Windows-Kernel-Power", "disk", "Microsoft-Windows-WindowsUpdateClient", ".NET Runtime"]
    ids = [7031, 7036, 4625, 4624, 41, 157, 19, 1026]
    levels = ["Error", "Information", "Information", "Information", "Critical", "Warning", "Information", "Error"]
    header = "Level,Date and Time,Source,Event ID,Task Category"

    def render(rng, v, t, e, message):
        hour = t.hour % 12 or 12
        row = [levels[e], f"{t.month}/{t.day}/{t.year} {hour}:{t:%M:%S} {'AM' if t.hour < 12 else 'PM'}", sources[e], str(ids[e]), "None", message]
        line = ",".join('"' + c.replace('"', '""') + '"' if ("," in c or '"' in c) else c for c in row)
        return [line], message
    generate("WindowsEventCSV", 114, templates, render, opening=[([header], header, len(templates), header)])


def gunicorn():
    """Gunicorn's error log: `[time +zone] [pid] [LEVEL] message`, a traceback after a failed request."""
    templates = [
        "Booting worker with pid: {int}",
        "Worker exiting (pid: {int})",
        "WORKER TIMEOUT (pid:{int})",
        "Worker (pid:{int}) was sent SIGKILL! Perhaps out of memory?",
        "Handling signal: {word:term|int|hup|ttin}",
        "Error handling request {route}",
        "Listening at: http://{hostport} ({int})",
        "Using worker: {word:sync|gthread|uvicorn.workers.UvicornWorker}",
        "Starting gunicorn 21.2.0",
        "Shutting down: Master",
    ]
    levels = ["INFO", "INFO", "CRITICAL", "ERROR", "INFO", "ERROR", "INFO", "INFO", "INFO", "INFO"]
    traces = {
        5: ["Traceback (most recent call last):",
            '  File "/usr/local/lib/python3.12/site-packages/gunicorn/workers/sync.py", line {int}, in handle',
            "    self.handle_request(listener, req, client, addr)",
            '  File "/srv/app/orders/views.py", line {int}, in detail',
            "    return render(request, order.template)",
            "AttributeError: 'NoneType' object has no attribute 'template'"],
    }

    traced("Gunicorn", 115, templates, traces, lambda rng, v, t, e, message:
           f"[{t:%Y-%m-%d %H:%M:%S} +0000] [{rng.randint(7, 40000)}] [{levels[e]}] {message}")


def python_logging():
    """A Django service with `%(asctime)s [%(levelname)s] %(name)s: %(message)s`, and
    `logger.exception` tracebacks."""
    templates = [
        "Order {int} created for customer {int}",
        "Payment {uuid} declined: {word:insufficient_funds|card_expired|do_not_honor}",
        "Cache miss for key orders:{int}:summary",
        "Slow query ({ms} ms): SELECT * FROM {table} WHERE id = {int}",
        "Retrying webhook delivery to {hostport} (attempt {small} of 5)",
        "Could not send receipt to {email}",
        "Feature flag {word:new_checkout|fast_search|bulk_refunds} evaluated to {word:True|False} for customer {int}",
        "Invalid HTTP_HOST header: '{hostport}'. You may need to add it to ALLOWED_HOSTS.",
    ]
    levels = ["INFO", "WARNING", "DEBUG", "WARNING", "WARNING", "ERROR", "DEBUG", "ERROR"]
    names = ["orders.services", "payments.gateway", "orders.cache", "django.db.backends", "webhooks.sender",
             "notifications.email", "flags.client", "django.security.DisallowedHost"]
    traces = {
        5: ["Traceback (most recent call last):",
            '  File "/srv/app/notifications/email.py", line {int}, in send_receipt',
            "    smtp.sendmail(sender, [to], body)",
            '  File "/usr/lib/python3.12/smtplib.py", line {int}, in sendmail',
            "    raise SMTPRecipientsRefused(senderrs)",
            "smtplib.SMTPRecipientsRefused: {'{email}': (550, b'5.1.1 mailbox unavailable')}"],
    }

    traced("DjangoService", 116, templates, traces, lambda rng, v, t, e, message:
           f"{t:%Y-%m-%d %H:%M:%S},{rng.randint(0, 999):03d} [{levels[e]}] {names[e]}: {message}")


def idp_csv():
    """An identity provider's system log exported as CSV: time, actor, event type, outcome,
    client IP and the display message, quoted when it holds a comma or a quote."""
    templates = [
        "User login to Okta",
        "Authentication of user via MFA",
        "User single sign on to app",
        "Verify user identity, factor: {word:Okta Verify|SMS|WebAuthn}",
        "Add user to application membership",
        "Reset password for user {email}",
        "Deactivate user {email}, reason: {word:offboarding|inactivity}",
        'Rate limit exceeded for API token "{hex}"',
        "User attempted unauthorized access to app",
    ]
    events = ["user.session.start", "user.authentication.auth_via_mfa", "user.authentication.sso",
              "user.authentication.verify", "application.user_membership.add", "user.account.reset_password",
              "user.lifecycle.deactivate", "system.org.rate_limit.violation", "app.generic.unauth_app_access_attempt"]
    header = "published,actor.alternateId,eventType,outcome.result,client.ipAddress,displayMessage"

    def render(rng, v, t, e, message):
        row = [f"{t:%Y-%m-%dT%H:%M:%S}.{rng.randint(0, 999):03d}Z", v.email(), events[e],
               rng.choice(["SUCCESS", "SUCCESS", "FAILURE", "DENY"]), v.pubip(), message]
        line = ",".join('"' + c.replace('"', '""') + '"' if ("," in c or '"' in c) else c for c in row)
        return [line], message
    generate("IdentityCSV", 117, templates, render, opening=[([header], header, len(templates), header)])


def mysql_error():
    """MySQL 8's error log: `time thread [Level] [MY-code] [Subsystem] message`."""
    templates = [
        "Aborted connection {int} to db: '{table}' user: '{user}' host: '{ip}' (Got timeout reading communication packets).",
        "Access denied for user '{user}'@'{ip}' (using password: YES)",
        "InnoDB: page_cleaner: 1000ms intended loop took {int}ms. The settings might not be optimal. (flushed={int}, during the time.)",
        "Slave I/O for channel '': error reconnecting to master 'repl@{hostport}' - retry-time: 60 retries: {small}",
        "Deadlock found when trying to get lock; try restarting transaction",
        "/usr/sbin/mysqld: ready for connections. Version: '8.0.36'  socket: '/var/run/mysqld/mysqld.sock'  port: 3306  MySQL Community Server - GPL.",
        "Too many connections",
        "InnoDB: Buffer pool(s) load completed at {int} {int}",
    ]
    meta = [("Note", "MY-013730", "Server"), ("Warning", "MY-010055", "Server"), ("Note", "MY-011953", "InnoDB"),
            ("ERROR", "MY-010584", "Repl"), ("ERROR", "MY-010914", "InnoDB"), ("System", "MY-010931", "Server"),
            ("ERROR", "MY-010263", "Server"), ("Note", "MY-010000", "InnoDB")]

    def header(rng, t, e):
        level, code, subsystem = meta[e]
        return f"{t:%Y-%m-%dT%H:%M:%S}.{rng.randint(0, 999999):06d}Z {rng.randint(0, 9999)} [{level}] [{code}] [{subsystem}] "
    simple("MySQLError", 118, templates, header)


def hclog():
    """HashiCorp tools (Nomad, Consul, Vault) with hclog: `time [LEVEL] module: message: key=value ...`."""
    templates = [
        "agent: Synced node info",
        "agent: Check is now critical: check={word:service:api|service:web|serfHealth}",
        "nomad.client: allocation updated: alloc_id={uuid} client_status={word:running|failed|complete}",
        "raft: heartbeat timeout reached, starting election: last-leader-addr={hostport} last-leader-id={uuid}",
        "core: successfully mounted: type={word:kv|pki|transit} version=\"v0.{small}.0\" path={word:secret/|pki/|transit/} namespace=\"ID: root. Path: \"",
        "agent.server.memberlist.lan: memberlist: Suspect {host} has failed, no acks received",
        "http: request failed: method=GET url=/v1/kv/{word:config|flags|locks}/{int} error=\"context canceled\" code=499",
        "client.driver_mgr.docker: failed to pull image: image=registry.example.com/{word:api|worker}:{hex} error=\"manifest unknown\"",
    ]
    levels = ["INFO", "WARN", "DEBUG", "WARN", "INFO", "INFO", "ERROR", "ERROR"]

    def header(rng, t, e):
        return f"{t:%Y-%m-%dT%H:%M:%S}.{rng.randint(0, 999):03d}Z [{levels[e]}] "
    simple("HashiCorpLog", 119, templates, header)


def apache_error():
    """Apache httpd 2.4's error log: `[time] [module:level] [pid N:tid N] [client ip:port] message`."""
    templates = [
        "AH01630: client denied by server configuration: /var/www/html/{word:admin|private|.git}",
        "AH00128: File does not exist: /var/www/html/{word:favicon.ico|robots.txt|wp-login.php}",
        "AH01071: Got error 'Primary script unknown'",
        "AH00124: Request exceeded the limit of 10 internal redirects due to probable configuration error. Use 'LimitInternalRecursion' to increase the limit if necessary. Use 'LogLevel debug' to get a backtrace.",
        "AH01797: client denied by server configuration: /srv/app/{path}",
        "AH00094: Command line: '/usr/sbin/apache2'",
        "AH02032: Hostname {host} provided via SNI and hostname api.example.com provided via HTTP have no compatible SSL setup",
        "AH01102: error reading status line from remote server {hostport}",
    ]
    modules = ["authz_core:error", "core:info", "proxy_fcgi:error", "core:error", "authz_core:error", "core:notice",
               "ssl:error", "proxy_http:error"]

    def header(rng, t, e):
        client = "" if e == 5 else f"[client {Values(rng).pubip()}:{rng.randint(1024, 65535)}] "
        return (f"[{t:%a %b %d %H:%M:%S}.{rng.randint(0, 999999):06d} {t:%Y}] [{modules[e]}] "
                f"[pid {rng.randint(100, 40000)}:tid {rng.randint(10**14, 10**15)}] {client}")
    simple("ApacheError", 120, templates, header)


def celery_worker():
    """A Celery worker's log: `[time: LEVEL/process] message`, a traceback after a task that
    raised."""
    templates = [
        "Task {word:orders.tasks.send_receipt|orders.tasks.sync_inventory|billing.tasks.charge}[{uuid}] received",
        "Task {word:orders.tasks.send_receipt|orders.tasks.sync_inventory|billing.tasks.charge}[{uuid}] succeeded in {int}.{int}s: None",
        "Task billing.tasks.charge[{uuid}] raised unexpected: ConnectionError('Read timed out. (read timeout={small})')",
        "consumer: Connection to broker lost. Trying to re-establish the connection...",
        "Connected to amqp://guest:**@{hostport}//",
        "Scheduler: Sending due task {word:cleanup-sessions|nightly-report|refresh-rates} ({word:orders.tasks.cleanup|reports.tasks.nightly|fx.tasks.refresh})",
        "Task orders.tasks.sync_inventory[{uuid}] retry: Retry in {small}s: TimeoutError()",
        "Process 'ForkPoolWorker-{small}' pid:{int} exited with 'signal 9 (SIGKILL)'",
        "mingle: searching for neighbors",
    ]
    levels = ["INFO", "INFO", "ERROR", "WARNING", "INFO", "INFO", "WARNING", "ERROR", "INFO"]
    processes = ["MainProcess", "ForkPoolWorker-{small}", "ForkPoolWorker-{small}", "MainProcess", "MainProcess",
                 "Beat", "ForkPoolWorker-{small}", "MainProcess", "MainProcess"]
    traces = {
        2: ["Traceback (most recent call last):",
            '  File "/usr/local/lib/python3.11/site-packages/celery/app/trace.py", line {int}, in trace_task',
            "    R = retval = fun(*args, **kwargs)",
            '  File "/srv/app/billing/tasks.py", line {int}, in charge',
            "    response = session.post(url, json=payload, timeout=5)",
            "requests.exceptions.ConnectionError: Read timed out. (read timeout=5)"],
    }

    traced("CeleryWorker", 121, templates, traces, lambda rng, v, t, e, message:
           f"[{t:%Y-%m-%d %H:%M:%S},{rng.randint(0, 999):03d}: {levels[e]}/{fill(processes[e], v)}] {message}")


def powershell_csv():
    """Windows events exported by PowerShell (`Get-WinEvent | Export-Csv -NoTypeInformation`):
    every field quoted, the message the last column, and many messages of several lines (an
    account, a process, a network block), the line breaks inside the quotes."""
    templates = [
        "The {word:Windows Update|Print Spooler|Windows Defender Antivirus Service} service entered the {word:running|stopped} state.",
        "An account failed to log on.\n\nSubject:\n\tSecurity ID:\t\tS-1-0-0\n\tAccount Name:\t\t-\n\n"
        "Account For Which Logon Failed:\n\tAccount Name:\t\t{user}\n\tAccount Domain:\t\tCORP\n\n"
        "Failure Information:\n\tFailure Reason:\t\tUnknown user name or bad password.\n\tStatus:\t\t0xC000006D",
        "An account was successfully logged on.\n\nNew Logon:\n\tAccount Name:\t\t{user}\n\tLogon ID:\t\t0x{hex}\n\n"
        "Network Information:\n\tSource Network Address:\t{ip}\n\tSource Port:\t\t{port}",
        "A new process has been created.\n\nCreator Subject:\n\tAccount Name:\t\t{user}\n\n"
        "Process Information:\n\tNew Process ID:\t\t0x{hex}\n\tNew Process Name:\tC:\\Windows\\System32\\{word:cmd.exe|powershell.exe|rundll32.exe}",
        "The system uptime is {int} seconds.",
        "Windows Defender Antivirus has detected malware or other potentially unwanted software.\n"
        "\tName: Trojan:Win32/Wacatac.{word:B|C|H}!ml\n\tPath: file:_C:\\Users\\{user}\\Downloads\\invoice_{int}.zip",
        "The time service is now synchronizing the system time with the time source {host}.",
    ]
    meta = [("7036", "Information", "Service Control Manager"), ("4625", "Information", "Microsoft-Windows-Security-Auditing"),
            ("4624", "Information", "Microsoft-Windows-Security-Auditing"),
            ("4688", "Information", "Microsoft-Windows-Security-Auditing"), ("6013", "Information", "EventLog"),
            ("1116", "Warning", "Microsoft-Windows-Windows Defender"), ("37", "Information", "Microsoft-Windows-Time-Service")]
    header = '"TimeCreated","Id","LevelDisplayName","ProviderName","Message"'

    def render(rng, v, t, e, message):
        event, level, provider = meta[e]
        hour = t.hour % 12 or 12
        stamp = f"{t.month}/{t.day}/{t.year} {hour}:{t:%M:%S} {'AM' if t.hour < 12 else 'PM'}"
        row = [stamp, event, level, provider, message]
        text = ",".join('"' + c.replace('"', '""') + '"' for c in row)
        lines = text.split("\n")
        # The ground truth's content is the message's first line, as the miner reads it.
        return lines, message.split("\n")[0]
    generate("PowerShellEventCSV", 122, templates, render, opening=[([header], header, len(templates), header)])


def uvicorn_service():
    """A FastAPI service under uvicorn's default logging: `LEVEL:     message` with no time, the
    access lines among them, and a chained traceback (blank lines between its parts) after an
    exception in the application."""
    # (Access lines are one event, their request and status values, by the set's labelling rule.)
    templates = [
        '{ip}:{port} - "{word:GET /v1/orders HTTP/1.1|POST /v1/payments HTTP/1.1|GET /healthz HTTP/1.1}" '
        "{word:200 OK|201 Created|402 Payment Required|409 Conflict|503 Service Unavailable}",
        "Exception in ASGI application",
        "Started server process [{int}]",
        "Waiting for application startup.",
        "Application startup complete.",
        "Uvicorn running on http://0.0.0.0:{port} (Press CTRL+C to quit)",
        "Shutting down",
        "Finished server process [{int}]",
    ]
    levels = ["INFO", "ERROR", "INFO", "INFO", "INFO", "INFO", "INFO", "INFO"]
    traces = {
        1: ["Traceback (most recent call last):",
            '  File "/srv/app/payments/client.py", line {int}, in charge',
            "    response.raise_for_status()",
            "httpx.HTTPStatusError: Server error '503 Service Unavailable' for url 'https://psp.example.com/v2/charges'",
            "",
            "The above exception was the direct cause of the following exception:",
            "",
            "Traceback (most recent call last):",
            '  File "/usr/local/lib/python3.12/site-packages/uvicorn/protocols/http/h11_impl.py", line {int}, in run_asgi',
            "    result = await app(  # type: ignore[func-returns-value]",
            '  File "/srv/app/payments/routes.py", line {int}, in create_payment',
            "    raise PaymentFailed(order_id) from exc",
            "payments.errors.PaymentFailed: order {int}"],
    }

    traced("UvicornService", 123, templates, traces, lambda rng, v, t, e, message: f"{levels[e] + ':':<9} {message}")


def elasticsearch():
    """Elasticsearch's server log: `[time][LEVEL][logger] [node] message`, the level padded to
    five, the logger's package abbreviated, bracketed index and node names inside messages."""
    templates = [
        "[logs-2026.03.0{small}] creating index, cause [auto(bulk api)], templates [logs], shards [1]/[1]",
        "[gc][{int}] overhead, spent [{int}ms] collecting in the last [{int}ms]",
        "Cluster health status changed from [{word:GREEN|YELLOW}] to [{word:YELLOW|RED}] (reason: [shards started [[logs-2026.03.04][0]]]).",
        "high disk watermark [90%] exceeded on [{hex}][es-node-{small}][/var/lib/elasticsearch] free: {int}gb[{small}%], shards will be relocated away from this node",
        "[{word:logs-2026.03.04|metrics-2026.03.04}/{hex}] update_mapping [_doc]",
        "path: /_bulk, params: {}",
        "Security is enabled",
        "failed to connect to node [es-node-{small}] at [{hostport}]: connect_timeout[30s]",
    ]
    loggers = ["o.e.c.m.MetadataCreateIndexService", "o.e.m.j.JvmGcMonitorService", "o.e.c.r.a.AllocationService",
               "o.e.c.r.a.DiskThresholdMonitor", "o.e.c.m.MetadataMappingService", "r.suppressed",
               "o.e.x.s.Security", "o.e.t.TcpTransport"]
    levels = ["INFO ", "WARN ", "INFO ", "WARN ", "INFO ", "DEBUG", "INFO ", "ERROR"]

    def header(rng, t, e):
        return f"[{t:%Y-%m-%dT%H:%M:%S},{rng.randint(0, 999):03d}][{levels[e]}][{loggers[e]}] [es-node-{rng.randint(1, 5)}] "
    simple("ElasticsearchLog", 124, templates, header)


def rabbitmq():
    """RabbitMQ 3.12's log: `time [level] <erlang pid> message`, Erlang process ids in messages."""
    templates = [
        "accepting AMQP connection <0.{int}.0> ({hostport} -> {ip}:5672)",
        "connection <0.{int}.0> ({hostport} -> {ip}:5672): user '{user}' authenticated and granted access to vhost '/'",
        "closing AMQP connection <0.{int}.0> ({hostport} -> {ip}:5672, vhost: '/', user: '{user}')",
        "Connection <0.{int}.0> ({hostport} -> {ip}:5672) has a client-provided name: {word:orders-consumer|billing-publisher|celery@worker-3}",
        "missed heartbeats from client, timeout: 60s",
        "memory resource limit alarm set on node 'rabbit@{word:mq-01|mq-02|mq-03}'.",
        "Server startup complete; 4 plugins started.",
        "Error on AMQP connection <0.{int}.0> ({hostport} -> {ip}:5672, vhost: '/', user: '{user}', state: running), channel {small}:",
    ]
    levels = ["info", "info", "info", "info", "error", "warning", "info", "error"]

    def header(rng, t, e):
        return f"{t:%Y-%m-%d %H:%M:%S}.{rng.randint(0, 999999):06d}+00:00 [{levels[e]}] <0.{rng.randint(100, 99999)}.0> "
    simple("RabbitMQ", 125, templates, header)


def go_service():
    """A Go service through the standard `log` package (`2006/01/02 15:04:05 message`), and a
    recovered handler panic: the goroutine dump after it, tab-indented file lines."""
    templates = [
        "http: TLS handshake error from {hostport}: EOF",
        "http: panic serving {hostport}: runtime error: invalid memory address or nil pointer dereference",
        "listening on :{port}",
        "redis: connection pool timeout after {ms}ms (addr={hostport})",
        "worker {small}: processed {int} jobs in {dur}",
        "config reloaded from {path}",
        "dial tcp {hostport}: connect: connection refused",
        "graceful shutdown: draining {small} connections",
    ]
    traces = {
        1: ["goroutine {int} [running]:",
            "net/http.(*conn).serve.func1()",
            "\t/usr/local/go/src/net/http/server.go:1868 +0xb9",
            "panic({0x{hex}?, 0x{hex}?})",
            "\t/usr/local/go/src/runtime/panic.go:920 +0x270",
            "main.(*api).orderHandler(0xc000{hex}, {0x{hex}, 0xc000{hex}}, 0xc000{hex})",
            "\t/src/cmd/api/orders.go:{int} +0x{hex}",
            "net/http.HandlerFunc.ServeHTTP(0x0?, {0x{hex}?, 0xc000{hex}?}, 0x0?)",
            "\t/usr/local/go/src/net/http/server.go:2136 +0x29",
            "created by net/http.(*Server).Serve in goroutine 1",
            "\t/usr/local/go/src/net/http/server.go:3086 +0x5cb"],
    }
    traced("GoService", 126, templates, traces, lambda rng, v, t, e, message: f"{t:%Y/%m/%d %H:%M:%S} {message}")


def syslog_5424():
    """RFC 5424 syslog as rsyslog forwards it: `<PRI>1 time host app procid msgid [sd] message`,
    nil fields as `-`, structured data on some lines."""
    templates = [
        "Failed password for {user} from {pubip} port {port} ssh2",
        "Accepted publickey for {user} from {ip} port {port} ssh2: ED25519 SHA256:{hex}",
        "Connection closed by authenticating user {user} {pubip} port {port} [preauth]",
        "{user} : TTY=pts/{small} ; PWD=/home/{user} ; USER=root ; COMMAND=/usr/bin/systemctl restart {word:nginx|api|worker}",
        "({user}) CMD (/usr/local/bin/{word:backup.sh|rotate-logs|sync-reports})",
        "request failed upstream={hostport} status={word:502|503|504} duration={ms}ms",
        "Out of memory: Killed process {int} ({word:java|python3|node})",
        "pam_unix(sudo:session): session opened for user root(uid=0) by {user}(uid={int})",
    ]
    apps = ["sshd", "sshd", "sshd", "sudo", "CRON", "api", "kernel", "sudo"]
    pri = [38, 86, 38, 85, 78, 11, 2, 86]

    def header(rng, t, e):
        procid = "-" if apps[e] == "kernel" else str(rng.randint(100, 60000))
        msgid = "REQ" if apps[e] == "api" else "-"
        sd = (f'[origin ip="{Values(rng).ip()}"][meta sequenceId="{rng.randint(1, 99999)}"]'
              if rng.random() < 0.4 else "-")
        return (f"<{pri[e]}>1 {t:%Y-%m-%dT%H:%M:%S}.{rng.randint(0, 999999):06d}+00:00 "
                f"{Values(rng).host()} {apps[e]} {procid} {msgid} {sd} ")
    simple("Syslog5424", 127, templates, header)


def mongodb_json():
    """MongoDB 6's structured log: one JSON object a line, `msg` the fixed message and `attr`
    its values, the fields padded with spaces as mongod writes them."""
    messages = [
        ("NETWORK", 22943, "listener", "Connection accepted"),
        ("NETWORK", 22944, "conn", "Connection ended"),
        ("COMMAND", 51803, "conn", "Slow query"),
        ("ACCESS", 20250, "conn", "Authentication succeeded"),
        ("ACCESS", 20249, "conn", "Authentication failed"),
        ("STORAGE", 22430, "Checkpointer", "WiredTiger message"),
        ("NETWORK", 51800, "conn", "client metadata"),
        ("REPL", 21216, "ReplCoord-0", "Member is now in state RECOVERING"),
    ]

    def render(rng, v, t, e, message):
        component, ident, ctx, msg = messages[e]
        if ctx == "conn":
            ctx = f"conn{rng.randint(1, 9999)}"
        attrs = [
            {"remote": v.hostport(), "uuid": {"uuid": {"$uuid": v.uuid()}}, "connectionId": int(v.int()), "connectionCount": int(v.small())},
            {"remote": v.hostport(), "uuid": {"uuid": {"$uuid": v.uuid()}}, "connectionId": int(v.int()), "connectionCount": int(v.small())},
            {"type": "command", "ns": f"shop.{v.table()}", "command": {"find": v.table(), "filter": {"status": v.word("open|paid")}},
             "planSummary": v.word("COLLSCAN|IXSCAN { status: 1 }"), "durationMillis": int(v.ms())},
            {"mechanism": "SCRAM-SHA-256", "speculative": True, "principalName": v.user(), "authenticationDatabase": "admin",
             "remote": v.hostport()},
            {"mechanism": "SCRAM-SHA-256", "principalName": v.user(), "authenticationDatabase": "admin", "remote": v.hostport(),
             "error": "AuthenticationFailed: SCRAM authentication failed, storedKey mismatch"},
            {"message": {"ts_sec": int(t.timestamp()), "ts_usec": rng.randint(0, 999999), "thread": f"1:0x{v.hex()}",
                         "message": f"WT_SESSION.checkpoint: saving checkpoint snapshot min: {v.int()}, snapshot max: {v.int()}"}},
            {"remote": v.hostport(), "client": f"conn{v.int()}", "doc": {"driver": {"name": v.word("PyMongo|nodejs|mongo-java-driver"), "version": f"4.{v.small()}.0"}}},
            {},
        ]
        d = {"t": {"$date": f"{t:%Y-%m-%dT%H:%M:%S}.{rng.randint(0, 999):03d}+00:00"}, "s": rng.choice(["I", "I", "W"]),
             "c": component, "id": ident, "ctx": ctx, "msg": msg}
        if attrs[e]:
            d["attr"] = attrs[e]
        line = json.dumps(d, separators=(",", ":"))
        # mongod pads "s", "c" and "id" to fixed widths.
        line = re.sub(r'("s":"\w",)', r'\1  ', line, count=1)
        return [line], msg
    generate("MongoDBJSON", 128, [m[3] for m in messages], render)


def cassandra():
    """Apache Cassandra's system.log: `LEVEL [thread] time File.java:line - message`, the level
    first and padded to five."""
    templates = [
        "Compacted ({uuid}) {small} sstables to [/var/lib/cassandra/data/shop/{table}-{hex}/nb-{int}-big,] to level=0.  {int}KiB to {int}KiB (~{int}% of original) in {int}ms.  Read Throughput = {int}KiB/s, Write Throughput = {int}KiB/s",
        "Writing Memtable-{table}@{int}({int}KiB serialized bytes, {int} ops, {small}%/0% of on/off-heap limit), flushed range = [min(-9223372036854775808), max(9223372036854775807))",
        "InetAddress /{ip}:7000 is now {word:DOWN|UP}",
        "Some operations were slow, details available at debug level (debug.log)",
        "G1 Young Generation GC in {int}ms.  G1 Eden Space: {int} -> 0; G1 Old Gen: {int} -> {int};",
        "Handshaking version with /{ip}:7000",
        "Not marking nodes down due to local pause of {int}ns > 5000000000ns",
        "Unable to connect to seed /{ip}:7000: connection refused",
    ]
    threads = ["CompactionExecutor:{small}", "MemtableFlushWriter:{small}", "GossipStage:1", "ScheduledTasks:1",
               "Service Thread", "MessagingService-Outbound-/{ip}:7000", "GossipTasks:1", "main"]
    sources = ["CompactionTask.java:253", "Flushing.java:153", "Gossiper.java:1364", "NoSpamLogger.java:105",
               "GCInspector.java:294", "OutboundConnectionInitiator.java:179", "FailureDetector.java:355",
               "GossipingPropertyFileSnitch.java:84"]
    levels = ["INFO ", "INFO ", "INFO ", "INFO ", "WARN ", "INFO ", "WARN ", "ERROR"]

    def header(rng, t, e):
        return (f"{levels[e]} [{fill(threads[e], Values(rng))}] {t:%Y-%m-%d %H:%M:%S},{rng.randint(0, 999):03d} "
                f"{sources[e]} - ")
    simple("Cassandra", 129, templates, header)


def postfix():
    """Postfix through classic syslog: `Mon dd hh:mm:ss host postfix/daemon[pid]: message`, most
    messages opening with the queue id."""
    templates = [
        "connect from {word:unknown|mail-ed1-f45.google.com|mx.example.net}[{pubip}]",
        "{qid}: client=unknown[{pubip}]",
        "{qid}: message-id=<{hex}@example.com>",
        "{qid}: from=<{email}>, size={int}, nrcpt=1 (queue active)",
        "{qid}: to=<{email}>, relay={host}[{ip}]:25, delay={small}.{small}, delays=0.1/0/0.2/0.3, dsn=2.0.0, status=sent (250 2.0.0 OK {int} {hex} - gsmtp)",
        "{qid}: removed",
        "disconnect from unknown[{pubip}] ehlo=1 mail=1 rcpt=0/1 data=0 quit=1 commands=3/4",
        "NOQUEUE: reject: RCPT from unknown[{pubip}]: 554 5.7.1 <{email}>: Relay access denied; from=<{email}> to=<{email}> proto=ESMTP helo=<{word:localhost|ylmf-pc|WIN-CLJ1B0GQ6JP}>",
        "connect to {host}[{ip}]:25: Connection timed out",
        "warning: hostname {word:dsl-187|static-92|host-17}.example.net does not resolve to address {pubip}: Name or service not known",
    ]
    daemons = ["smtpd", "smtpd", "cleanup", "qmgr", "smtp", "qmgr", "smtpd", "smtpd", "smtp", "smtpd"]

    def header(rng, t, e):
        return f"{t:%b} {t.day:2d} {t:%H:%M:%S} mx-0{rng.randint(1, 3)} postfix/{daemons[e]}[{rng.randint(100, 60000)}]: "
    simple("Postfix", 130, templates, header)


def iis_w3c():
    """IIS's W3C extended log: the `#Software`/`#Version`/`#Date`/`#Fields` directives, then one
    space-separated line a request (a space inside a value written as `+`)."""
    def render(rng, v, t, e, _):
        query = rng.choice(["-", f"id={v.int()}", f"page={v.small()}&sort=desc"])
        user = rng.choice(["-", "-", f"CORP\\{v.user()}"])
        agent = rng.choice(["Mozilla/5.0+(Windows+NT+10.0;+Win64;+x64)+AppleWebKit/537.36", "curl/8.4.0",
                            "Microsoft-WNS/10.0", "-"])
        referer = rng.choice(["-", "https://shop.example.com/", "https://shop.example.com/cart"])
        line = (f"{t:%Y-%m-%d %H:%M:%S} 10.20.0.{rng.randint(4, 9)} {v.word('GET|GET|POST|PUT')} {v.route()} {query} "
                f"{rng.choice(['443', '80'])} {user} {v.pubip()} {agent} {referer} "
                f"{rng.choice(['200', '200', '304', '401', '404', '500'])} {rng.choice(['0', '0', '2'])} "
                f"{rng.choice(['0', '0', '64', '1236'])} {rng.randint(0, 5000)}")
        return [line], line
    fields = ("#Fields: date time s-ip cs-method cs-uri-stem cs-uri-query s-port cs-username c-ip cs(User-Agent) "
              "cs(Referer) sc-status sc-substatus sc-win32-status time-taken")
    directives = ["#Software: Microsoft Internet Information Services 10.0", "#Version: 1.0",
                  "#Date: 2026-03-04 09:00:00", fields]
    opening = [([d], d, i + 1, d) for i, d in enumerate(directives)]
    # Every field of a request line is a value (the set's labelling rule): one event.
    generate("IISW3C", 131, ["request"], render, opening=opening, label=(0, " ".join(["<*>"] * 15)))


def envoy():
    """Envoy's application log, its default format `[time][thread][level][logger] [file:line]
    message`, with connection and stream ids in brackets."""
    templates = [
        "cm init: all clusters initialized",
        "lds: add/update listener '{word:listener_0|ingress_http|egress_tls}'",
        "[C{int}] closing data_to_write={int} type={small}",
        "[C{int}][S{int}] upstream reset: reset reason: {word:connection failure|connection termination|overflow}",
        "gRPC config for type.googleapis.com/envoy.config.cluster.v3.Cluster rejected: Error adding/updating cluster(s) {word:orders|payments}: unknown cluster '{word:orders-v2|payments-canary}'",
        "health check failed for host {hostport} in cluster {word:orders|payments|search}",
        "caught ENVOY_SIGTERM",
        "shutting down server instance",
    ]
    meta = [("info", "upstream", "source/common/upstream/cluster_manager_impl.cc:222"),
            ("info", "upstream", "source/extensions/listener_managers/listener_manager/lds_api.cc:82"),
            ("debug", "connection", "source/common/network/connection_impl.cc:146"),
            ("debug", "router", "source/common/router/router.cc:1203"),
            ("warning", "config", "source/extensions/config_subscription/grpc/grpc_subscription_impl.cc:138"),
            ("warning", "hc", "source/common/upstream/health_checker_impl.cc:344"),
            ("warning", "main", "source/server/server.cc:915"),
            ("info", "main", "source/server/server.cc:1035")]

    def header(rng, t, e):
        level, logger, source = meta[e]
        return f"[{t:%Y-%m-%d %H:%M:%S}.{rng.randint(0, 999):03d}][{rng.randint(1, 40)}][{level}][{logger}] [{source}] "
    simple("EnvoyProxy", 132, templates, header)


def containerd():
    """containerd's log through logrus: logfmt, `time="…" level=… msg="…"` and the fields after
    it, quotes inside the message escaped."""
    templates = [
        'msg="starting containerd" revision={hex} version=v1.7.{small}',
        'msg="loading plugin \\"io.containerd.{word:snapshotter|content|metadata}.v1.{word:overlayfs|native|bolt}\\"..." type=io.containerd.snapshotter.v1',
        'msg="shim disconnected" id={sha} namespace=k8s.io',
        'msg="cleaning up after shim disconnected" id={sha} namespace=k8s.io',
        'msg="PullImage \\"registry.example.com/{word:api|worker}:{hex}\\""',
        'msg="failed to pull image" error="rpc error: code = NotFound desc = failed to pull and unpack image" image="registry.example.com/{word:api|worker}:{hex}"',
        'msg="StopContainer for \\"{sha}\\" with timeout 30 (s)"',
        'msg="TaskExit event in podsandbox handler container_id:\\"{sha}\\" id:\\"{sha}\\" pid:{int} exit_status:{small}"',
    ]
    levels = ["info", "info", "info", "warning", "info", "error", "info", "info"]

    def render(rng, v, t, e, message):
        line = f'time="{t:%Y-%m-%dT%H:%M:%S}.{rng.randint(0, 999999999):09d}Z" level={levels[e]} {message}'
        return [line], message
    generate("Containerd", 133, templates, render)


def rq_worker():
    """An RQ worker through Python logging's `%(asctime)s - %(name)s - %(levelname)s -
    %(message)s`, its tracebacks in Python 3.11's style: carets under the failing expression,
    a SQLAlchemy error whose message runs over several lines with a blank one, an exception
    group with its `+`/`|` frame."""
    templates = [
        "default: Job OK ({uuid})",
        "default: {word:reports.build_invoice|sync.pull_orders|mail.send_digest}({int}) ({uuid})",
        "Result is kept for 500 seconds",
        "[Job {uuid}]: exception raised while executing (sync.pull_orders)",
        "Worker rq:worker:{hex}: started with PID {int}, version 1.16.1",
        "Cleaning registries for queue: default",
        "[Job {uuid}]: exception raised while executing (reports.build_invoice)",
        "Subscribing to channel rq:pubsub:{hex}",
        "*** Listening on default...",
    ]
    loggers = ["rq.worker", "rq.worker", "rq.worker", "rq.worker", "rq.worker", "rq.worker", "rq.worker",
               "rq.worker", "rq.worker"]
    levels = ["INFO", "INFO", "INFO", "ERROR", "INFO", "INFO", "ERROR", "INFO", "INFO"]
    traces = {
        3: ["Traceback (most recent call last):",
            '  File "/usr/local/lib/python3.11/site-packages/sqlalchemy/engine/base.py", line {int}, in _exec_single_context',
            "    self.dialect.do_execute(",
            '  File "/srv/app/sync/orders.py", line {int}, in pull_orders',
            "    rows = session.execute(select(Order).where(Order.updated_at > since)).all()",
            "           ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^",
            'sqlalchemy.exc.OperationalError: (psycopg2.OperationalError) connection to server at "db-{small}.prod.internal" ({ip}), port 5432 failed: Connection refused',
            "\tIs the server running on that host and accepting TCP/IP connections?",
            "",
            "(Background on this error at: https://sqlalche.me/e/20/e3q8)"],
        6: ["  + Exception Group Traceback (most recent call last):",
            '  |   File "/srv/app/reports/invoice.py", line {int}, in build_invoice',
            "  |     async with asyncio.TaskGroup() as tg:",
            "  | ExceptionGroup: unhandled errors in a TaskGroup (2 sub-exceptions)",
            "  +-+---------------- 1 ----------------",
            "    | Traceback (most recent call last):",
            '    |   File "/srv/app/reports/pdf.py", line {int}, in render',
            "    |     raise TimeoutError(\"renderer timed out\")",
            "    | TimeoutError: renderer took {int}.{small}s",
            "    +---------------- 2 ----------------",
            "    | KeyError: 'currency'",
            "    +------------------------------------"],
    }
    traced("RQWorker", 134, templates, traces, lambda rng, v, t, e, message:
           f"{t:%Y-%m-%d %H:%M:%S},{rng.randint(0, 999):03d} - {loggers[e]} - {levels[e]} - {message}")


def dotnet_console():
    """An ASP.NET Core service through the default console logger, as `docker logs` shows it: a
    first line of `level: Category[EventId]` and the message on the next, indented six spaces; an
    exception's type, message and frames (`   at … in …:line n`) indented under it. No time."""
    templates = [
        "Now listening on: http://[::]:{port}",
        "Application started. Press Ctrl+C to shut down.",
        "Hosting environment: {word:Production|Staging}",
        "Content root path: /app",
        "Request starting HTTP/1.1 {word:GET|POST} http://orders.internal{route} - - -",
        "Request finished HTTP/1.1 {word:GET|POST} http://orders.internal{route} - {word:200|404|500} - application/json;+charset=utf-8 {int}.{small}ms",
        "Executed DbCommand ({int}ms) [Parameters=[@__id_0='?' (DbType = Int32)], CommandType='Text', CommandTimeout='30']",
        "An unhandled exception has occurred while executing the request.",
        "Failed to determine the https port for redirect.",
        "Application is shutting down...",
    ]
    categories = ["Microsoft.Hosting.Lifetime[14]", "Microsoft.Hosting.Lifetime[0]", "Microsoft.Hosting.Lifetime[0]",
                  "Microsoft.Hosting.Lifetime[0]", "Microsoft.AspNetCore.Hosting.Diagnostics[1]",
                  "Microsoft.AspNetCore.Hosting.Diagnostics[2]", "Microsoft.EntityFrameworkCore.Database.Command[20101]",
                  "Microsoft.AspNetCore.Diagnostics.ExceptionHandlerMiddleware[1]",
                  "Microsoft.AspNetCore.HttpsPolicy.HttpsRedirectionMiddleware[3]", "Microsoft.Hosting.Lifetime[0]"]
    levels = ["info", "info", "info", "info", "info", "info", "info", "fail", "warn", "info"]
    trace = ["      System.InvalidOperationException: Sequence contains no elements",
             "         at System.Linq.ThrowHelper.ThrowNoElementsException()",
             "         at System.Linq.Enumerable.First[TSource](IEnumerable`1 source)",
             "         at Orders.Api.Controllers.OrdersController.Get(Int32 id) in /src/Orders.Api/Controllers/OrdersController.cs:line {int}",
             "         at Microsoft.AspNetCore.Mvc.Infrastructure.ActionMethodExecutor.SyncObjectResultExecutor.Execute(ActionContext actionContext, IActionResultTypeMapper mapper, ObjectMethodExecutor executor, Object controller, Object[] arguments)",
             "         at Microsoft.AspNetCore.Diagnostics.ExceptionHandlerMiddlewareImpl.<Invoke>g__Awaited|10_0(ExceptionHandlerMiddlewareImpl middleware, HttpContext context, Task task)"]

    def render(rng, v, t, e, message):
        lines = [f"{levels[e]}: {categories[e]}", "      " + message]
        if e == 7:
            lines += [fill(l, v) for l in trace]
        return lines, message
    generate("DotNetConsole", 135, templates, render)


def rails_log():
    """A Rails application's production log through Ruby's Logger (`I, [time #pid]  INFO -- :
    [request id] message`): a request's lines, and an exception's lines each tagged and logged
    on their own (the way Rails writes them), blank tagged lines among them."""
    templates = [
        'Started {word:GET|POST|PATCH} "{route}" for {ip} at {wallclock} +0000',
        "Processing by {word:OrdersController#show|OrdersController#create|SessionsController#new} as {word:JSON|HTML}",
        '  Parameters: {"id"=>"{int}"}',
        "Completed {word:200 OK|201 Created|422 Unprocessable Entity} in {int}ms (Views: {int}.{small}ms | ActiveRecord: {int}.{small}ms | Allocations: {int})",
        "Completed 500 Internal Server Error in {int}ms (ActiveRecord: {int}.{small}ms | Allocations: {int})",
        "ActiveRecord::RecordNotFound (Couldn't find Order with 'id'={int}):",
        "app/controllers/orders_controller.rb:{small}:in `set_order'",
        "Rendered orders/show.json.jbuilder (Duration: {int}.{small}ms | Allocations: {int})",
        "Redirected to https://shop.example.com/orders/{int}",
        "Can't verify CSRF token authenticity.",
    ]
    levels = ["INFO", "INFO", "INFO", "INFO", "INFO", "FATAL", "FATAL", "INFO", "INFO", "WARN"]

    def render(rng, v, t, e, message):
        level = levels[e]
        rid = v.uuid()
        return [f"{level[0]}, [{t:%Y-%m-%dT%H:%M:%S}.{rng.randint(0, 999999):06d} #{rng.randint(100, 9999)}] "
                f"{level:>5} -- : [{rid}] {message}"], message.strip()
    generate("RailsLog", 136, templates, render)


def auditd():
    """Linux audit records as `/var/log/audit/audit.log` holds them: `type=T msg=audit(time:serial):`
    then key=value fields; the record type names the event, and USER_* records carry a quoted
    `msg='…'` of their own."""
    templates = [
        'type=SYSCALL msg=audit({epoch}:{int}): arch=c000003e syscall={word:59|257|42} success={word:yes|no} exit={int} a0={hex} a1={hex} a2={hex} a3=0 items={small} ppid={int} pid={int} auid={int} uid=0 gid=0 euid=0 suid=0 fsuid=0 egid=0 sgid=0 fsgid=0 tty=(none) ses={int} comm="{word:bash|curl|python3}" exe="{word:/usr/bin/bash|/usr/bin/curl|/usr/bin/python3.11}" key="{word:exec|net|files}"',
        "type=EXECVE msg=audit({epoch}:{int}): argc={small} a0=\"{word:curl|bash|python3}\" a1=\"{word:-s|-c|-m}\"",
        'type=CWD msg=audit({epoch}:{int}): cwd="/home/{user}"',
        'type=PATH msg=audit({epoch}:{int}): item={small} name="{path}" inode={int} dev=fd:01 mode=0100755 ouid=0 ogid=0 rdev=00:00 nametype=NORMAL cap_fp=0 cap_fi=0 cap_fe=0 cap_fver=0 cap_frootid=0',
        "type=PROCTITLE msg=audit({epoch}:{int}): proctitle={hex}",
        "type=USER_LOGIN msg=audit({epoch}:{int}): pid={int} uid=0 auid={int} ses={int} msg='op=login id={int} exe=\"/usr/sbin/sshd\" hostname=? addr={ip} terminal=sshd res={word:success|failed}'",
        "type=USER_AUTH msg=audit({epoch}:{int}): pid={int} uid=0 auid=4294967295 ses=4294967295 msg='op=PAM:authentication grantors=? acct=\"{user}\" exe=\"/usr/sbin/sshd\" hostname={ip} addr={ip} terminal=ssh res={word:success|failed}'",
        "type=SERVICE_START msg=audit({epoch}:{int}): pid=1 uid=0 auid=4294967295 ses=4294967295 msg='unit={word:nginx|sshd|cron} comm=\"systemd\" exe=\"/usr/lib/systemd/systemd\" hostname=? addr=? terminal=? res=success'",
        "type=ANOM_ABEND msg=audit({epoch}:{int}): auid={int} uid={int} gid={int} ses={int} pid={int} comm=\"{word:node|java|nginx}\" exe=\"{path}\" sig=11 res=1",
    ]
    simple("Auditd", 137, templates, lambda rng, t, e: "")


def node_service():
    """A Node.js service through winston's default text format (`time level: message`), an
    unhandled rejection's stack after it (`    at fn (file:line:col)`), and npm's own lines."""
    templates = [
        "Server listening on port {port}",
        "GET {route} {word:200|304|404} {int}ms",
        "Connected to MongoDB at mongodb://{hostport}/orders",
        "Unhandled rejection Error: connect ECONNREFUSED {hostport}",
        "Job {word:emailDigest|syncInventory|purgeSessions} finished in {int}ms",
        "Cache miss for key {word:user|cart|product}:{int}",
        "Retrying request to https://api.stripe.com/v1/charges (attempt {small} of 3)",
        "TypeError: Cannot read properties of undefined (reading '{word:id|items|total}')",
        "Received SIGTERM, closing server",
    ]
    levels = ["info", "http", "info", "error", "info", "debug", "warn", "error", "info"]
    traces = {
        3: ["    at TCPConnectWrap.afterConnect [as oncomplete] (node:net:1595:16)",
            "    at Protocol._enqueue (/app/node_modules/mysql/lib/protocol/Protocol.js:{int}:48)",
            "    at async OrdersService.load (/app/src/services/orders.js:{int}:{small})"],
        7: ["    at OrdersController.total (/app/src/controllers/orders.js:{int}:{small})",
            "    at Layer.handle [as handle_request] (/app/node_modules/express/lib/router/layer.js:95:5)",
            "    at next (/app/node_modules/express/lib/router/route.js:149:13)",
            "    at process.processTicksAndRejections (node:internal/process/task_queues:95:5)"],
    }
    traced("NodeService", 138, templates, traces, lambda rng, v, t, e, message:
           f"{t:%Y-%m-%dT%H:%M:%S}.{rng.randint(0, 999):03d}Z {levels[e]}: {message}")


def flask_service():
    """A Flask service through Python logging's `%(asctime)s %(levelname)s [%(name)s] %(message)s`:
    messages of several lines logged in one call (a slow query's SQL, a pretty-printed payload,
    a warning's captured output), none of them indented, and `logger.exception`'s traceback."""
    templates = [
        "GET {route} -> {word:200|404} in {int}ms",
        "Slow query ({int}ms):\nSELECT o.id, o.total, c.email\nFROM orders o JOIN customers c ON c.id = o.customer_id\nWHERE o.created_at > now() - interval '1 day'\nORDER BY o.total DESC LIMIT {int}",
        "Webhook payload rejected:\n{\n  \"event\": \"{word:charge.failed|charge.refunded}\",\n  \"id\": \"evt_{hex}\"\n}",
        "Cache warmed: {int} keys in {dur}",
        "Unhandled error on POST {route}",
        "Feature flags loaded from {path}",
        "Retry budget exhausted for {word:payments|inventory} after {small} attempts",
        "pip check reported:\nurllib3 2.2.1 has requirement idna<4,>=2.5\nrequests 2.31.0 requires charset-normalizer<4,>=2",
    ]
    levels = ["INFO", "WARNING", "WARNING", "INFO", "ERROR", "INFO", "ERROR", "WARNING"]
    names = ["app.http", "app.db", "app.webhooks", "app.cache", "app.http", "app.flags", "app.client", "app.deps"]
    traces = {
        4: ["Traceback (most recent call last):",
            '  File "/srv/app/views/orders.py", line {int}, in create_order',
            "    order = OrderService(db).create(payload)",
            '  File "/srv/app/services/orders.py", line {int}, in create',
            "    raise InsufficientStock(sku)",
            "app.errors.InsufficientStock: SKU-{int} has {small} left"],
    }

    def render(rng, v, t, e, message):
        first, *rest = message.split("\n")
        lines = [f"{t:%Y-%m-%d %H:%M:%S},{rng.randint(0, 999):03d} {levels[e]} [{names[e]}] {first}"] + rest
        lines += [fill(l, v) for l in traces.get(e, [])]
        return lines, first
    generate("FlaskService", 139, templates, render)


if __name__ == "__main__":
    for make in [nginx_error, postgres, k8s_events, journal_json, alb, cloudfront, gcp, azure, haproxy, redis,
                 kafka, java_service, python_service, windows_csv, gunicorn, python_logging, idp_csv,
                 mysql_error, hclog, apache_error, celery_worker, powershell_csv, uvicorn_service,
                 elasticsearch, rabbitmq, go_service, syslog_5424, mongodb_json, cassandra, postfix, iis_w3c,
                 envoy, containerd, rq_worker, dotnet_console, rails_log, auditd, node_service, flask_service]:
        make()
