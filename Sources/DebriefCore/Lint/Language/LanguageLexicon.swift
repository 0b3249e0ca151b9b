/// The word classes the language model reads a sentence with. They name kinds of words (a role
/// noun, a harmful act, a cue of hindsight), not whole sentences: `LanguageFeatures` combines
/// them by where they stand, and `LanguageModel` weighs the combinations.
enum Lexicon {
    // MARK: People

    /// Nouns that pick out a person or a group of people by their job.
    static let roleNouns: WordSet = [
        "engineer", "engineers", "developer", "developers", "dev", "devs", "operator", "operators", "admin", "admins",
        "cop", "sheriff",
        "administrator", "sysadmin", "on-call", "oncall", "on-duty", "sre", "sres", "intern", "interns", "contractor",
        "contractors", "volunteer", "volunteers", "employee", "employees", "dba", "manager", "reviewer", "reviewers",
        "colleague", "teammate",
        "author", "approver", "responder", "administrator", "maintainer", "maintainers", "contributor",
        "contributors", "nurse", "nurses", "doctor", "clinician", "pharmacist", "trader", "accountant", "designer",
        "scientist", "researcher", "supervisor", "specialist", "consultant", "staffer", "clerk",
        "staff", "technician", "analyst", "hire", "hires", "guy", "guys", "person", "worker", "junior", "lead",
        "member", "insider", "tester", "qa", "ops", "someone", "somebody", "whoever", "agent", "programmer", "coder",
        "individual", "commander",
        "architect", "commander", "newbie", "trainee", "analysts", "technicians", "specialists", "consultants",
        "testers", "programmers", "supervisors", "managers", "user", "student", "students", "cashier", "cashiers",
        "postdoc", "postdocs", "paralegal", "paralegals", "dispatcher", "dispatchers", "inspector", "inspectors",
        "auditor", "auditors", "coordinator", "coordinators", "official", "officials", "liaison",
    ]

    /// Role nouns that are also machines: after or before a system noun they are one ("the
    /// monitoring agent", "the operator pattern", "the celery worker").
    static let ambiguousRoleNouns: WordSet = ["agent", "operator", "operators", "worker", "controller", "admin"]

    /// Role nouns that name a person only after "the", "our", "a", "an", "one of our", and not
    /// as a modifier ("ops" in "ops team" is a team, "the lead time" is not a person).
    static let weakRoleNouns: WordSet = [
        "lead", "member", "person", "worker", "agent", "junior", "guy", "guys", "user", "official", "officials",
    ]

    /// Words that make the following role noun a group of people acting as one ("the dev team").
    static let teamNouns: WordSet = [
        "team", "teams", "squad", "department", "shift", "crew", "folks", "people", "desk",
    ]

    static let personPronouns: WordSet = ["he", "she", "him", "her", "his", "you", "i"]

    /// Titles before a surname.
    static let honorifics: WordSet = ["mr", "ms", "mrs", "dr", "miss", "mx"]

    /// Common given names from many languages, for names a document never lists. Lower-cased;
    /// a name that is also an English word (will, mark, bill, may, grace) is left out, since
    /// in lower-case chat it is more often the word.
    static let givenNames: WordSet = [
        "aaron", "abdul", "adam", "adrian", "ahmed", "aisha", "akira", "alan", "alex", "alexander", "alexandra",
        "alice", "alicia", "alison", "amanda", "amir", "amit", "amy", "ana", "andre", "andrea", "andrew", "andy",
        "angela", "anil", "anita", "ann", "anna", "anne", "anton", "antonio", "anya", "arjun", "arun", "ashley",
        "ayesha", "ben", "benjamin", "beth", "bob", "brad", "brian", "bruno", "carla", "carlos", "carmen", "carol",
        "caroline", "catherine", "charles", "charlie", "chen", "chris", "christian", "christina", "christine",
        "claire", "claudia", "colin", "craig", "dan", "dana", "daniel", "daniela", "dave", "david", "deepak", "dennis",
        "derek", "diana", "diego", "dmitri", "dmitry", "dominic", "doug", "ed", "eduardo", "elena", "eli", "elif",
        "elizabeth", "ella", "emily", "emma", "eric", "erik", "ethan", "eva", "fatima", "felix", "fernando",
        "fiona", "frank", "fred", "gabriel", "gary", "george", "greg", "gregory", "hana", "hannah", "hans", "harry",
        "helen", "hiro", "hiroshi", "hugo", "ian", "igor", "ines", "ingrid", "irina", "isaac", "ivan", "jack",
        "jacob", "jake", "jamal", "james", "jamie", "jan", "jane", "jason", "javier", "jeff", "jen", "jennifer",
        "jeremy", "jess", "jessica", "jim", "joe", "johan", "john", "jon", "jonas", "jonathan", "jorge", "jose",
        "joseph", "josh", "juan", "julia", "julian", "julie", "justin", "kai", "karen", "karim", "kat", "kate",
        "katie", "kelly", "ken", "kenji", "kevin", "kim", "kofi", "kumar", "kyle", "lars", "laura", "lauren", "lea",
        "lena", "leo", "li", "lin", "linda", "lisa", "liu", "lucas", "lucy", "luis", "lukas", "luke", "maria",
        "mario", "marco", "marcus", "maria", "marie", "marina", "mark", "marta", "martin", "mary", "matt",
        "matthew", "max", "mehmet", "mei", "melissa", "michael", "michelle", "miguel", "mike", "mikhail", "ming",
        "mohamed", "mohammed", "nadia", "naomi", "natalia", "nathan", "neil", "nick", "nicole", "nikhil", "nina",
        "noah", "noor", "olga", "oliver", "olivia", "omar", "oscar", "pablo", "paolo", "patrick", "paul", "paula",
        "pedro", "pete", "peter", "petra", "phil", "pierre", "pooja", "priya", "rachel", "rahul", "raj", "rajesh",
        "ravi", "rebecca", "ricardo", "rick", "robert", "roberto", "rohan", "rosa", "ryan", "sam", "samir", "sara",
        "sarah", "scott", "sean", "sebastian", "sergei", "sergey", "shawn", "simon", "sofia", "sonia", "sophie",
        "stefan", "steve", "steven", "suresh", "susan", "sven", "tanya", "tara", "thomas", "tim", "tom", "tomasz",
        "tony", "tyler", "umar", "valentina", "vanessa", "victor", "viktor", "vikram", "vincent", "wei", "xin",
        "yan", "yuki", "yusuf", "zach", "zoe", "zara", "minh", "linh", "thanh", "huong", "trang", "tuan", "hieu",
        "quang", "duc", "phuong", "ahmad", "aditya", "bilal", "chloe", "daria", "emre", "farah",
        "gustavo", "hamid", "ibrahim", "jun", "kwame", "lakshmi", "mateo", "nia", "oksana", "priyanka", "quentin",
        "rashid", "sanjay", "thabo", "ugo", "wanjiru", "yara", "lwang", "dkim",
    ]

    /// Capitalised words that are systems, products or places, not people.
    static let systemNames: WordSet = [
        "redis", "kafka", "postgres", "postgresql", "mysql", "jenkins", "terraform", "ansible", "cassandra",
        "kubernetes", "k8s", "envoy", "nginx", "celery", "argo", "docker", "helm", "consul", "vault", "elasticsearch",
        "mongodb", "mongo", "rabbitmq", "zookeeper", "etcd", "istio", "linux", "windows", "aws", "gcp", "azure",
        "github", "gitlab", "jira", "slack", "pagerduty", "grafana", "prometheus", "datadog", "cloudflare", "s3",
        "ec2", "rds", "lambda", "sentry", "spark", "hadoop", "airflow", "git", "bgp", "dns", "cdn", "api", "sdk",
        "orm", "cli", "ci", "cd", "vpn", "waf", "sso", "mfa", "tls", "ssl", "http", "oom", "gc", "jvm", "node",
        "python", "java", "go", "rust", "swift", "chrome", "safari", "android", "ios", "hermes", "nomad", "ceph",
        "haproxy", "varnish", "memcached", "dynamodb", "bigquery", "snowflake", "okta", "auth0", "stripe",
        "twilio", "frankfurt", "london", "virginia", "ohio", "oregon", "tokyo", "eu", "us", "apac", "emea",
        "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "january", "february",
        "march", "april", "june", "july", "august", "september", "october", "november", "december", "utc",
        "sev1", "sev2", "sev3", "sev4", "sev5", "cve", "ehr", "soc", "gdpr", "q1", "q2", "q3", "q4",
    ]

    /// Nouns for machines, software and process: a subject made of one is a system.
    static let systemNouns: WordSet = [
        "tool", "tools", "tooling", "script", "scripts", "pipeline", "pipelines", "job", "jobs", "service", "services",
        "system", "systems", "cache", "database", "db", "server", "servers", "cluster", "node", "nodes", "pod", "pods",
        "pump", "pumps", "valve", "valves", "sensor", "sensors", "plc", "plcs", "historian", "crane", "cranes",
        "process", "processes", "worker", "workers", "client", "clients", "library", "balancer", "scheduler",
        "controller", "alert", "alerts", "alerting", "monitoring", "check", "checks", "test", "tests", "config",
        "configuration", "migration", "cli", "api", "query", "queries", "orm", "queue", "consumer", "producer",
        "broker", "proxy", "router", "firewall", "rule", "runbook", "procedure", "process", "deploy", "deployment",
        "rollout", "release", "build", "loader", "parser", "handler", "hook", "webhook", "cron", "daemon",
        "watchdog", "autoscaler", "kernel", "disk", "driver", "resolver", "app", "application", "platform",
        "endpoint", "agent", "sdk", "module", "dashboard", "pager", "page", "change", "commit", "patch", "update",
        "upgrade", "vendor", "provider", "dependency", "package", "network", "link", "switch", "breaker", "flag",
        "template", "policy", "limit", "pool", "replica", "primary", "leader", "heartbeat", "timeout", "retry",
        "retries", "backup", "backups", "snapshot", "index", "table", "schema", "certificate", "cert", "key",
        "token", "secret", "bucket", "record", "entry", "code", "bug", "defect", "regex", "expression", "value",
        "setting", "default", "design", "architecture", "storm", "spike", "load", "traffic", "leak", "outage",
        "incident", "failure", "error", "errors", "fault", "problem", "issue", "bot", "automation", "operator",
        "panel", "console", "portal", "rights", "interface", "account", "accounts", "credentials", "password",
        "fix", "hotfix", "rollback", "firmware", "controller", "gateway", "gateways", "terminal", "terminals",
        "printer", "printers", "registry", "coordinator", "interlock", "interlocks", "storage", "device", "devices",
        "instance", "instances", "container", "containers", "volume", "volumes",
    ]

    /// Nouns for what went wrong: a subject made of one is not a machine doing its job ("the
    /// issue should never have made it past testing").
    static let eventNouns: WordSet = [
        "issue", "issues", "problem", "problems", "bug", "bugs", "error", "errors", "outage", "failure", "incident",
        "risk", "defect", "leak", "fault", "mistake", "change", "regression",
    ]

    /// Common irregular past forms, for a capitalised first word followed by one being a name.
    static let pastVerbs: WordSet = [
        "sat", "went", "ran", "took", "made", "got", "left", "said", "told", "saw", "knew", "thought", "did", "kept",
        "let", "put", "sent", "gave", "came", "found", "forgot", "broke", "wrote", "lost", "quit", "froze", "slept",
        "never", "just", "really", "also", "still",
    ]

    /// Words that are never a name, even with a capital at the start of a sentence.
    static let functionWords: WordSet = [
        "a", "an", "the", "this", "that", "these", "those", "it", "its", "we", "they", "our", "their", "there",
        "here", "what", "why", "how", "when", "where", "who", "which", "should", "could", "would", "must", "might",
        "may", "can", "will", "shall", "is", "was", "were", "are", "be", "been", "had", "has", "have", "do", "did",
        "does", "nobody", "everyone", "everybody", "anyone", "someone", "nothing", "everything", "all", "any",
        "some", "no", "not", "never", "if", "had", "but", "and", "or", "so", "because", "since", "as", "after",
        "before", "while", "during", "then", "once", "also", "only", "just", "even", "still", "again", "both",
        "each", "every", "one", "two", "three", "first", "next", "last", "finally", "meanwhile", "however",
        "unfortunately", "ultimately", "frankly", "honestly", "clearly", "obviously", "predictably", "surely",
        "needless", "sure", "welp", "lol", "tbh", "ngl", "yeah", "ok", "okay", "so", "in", "on", "at", "by", "for",
        "with", "without", "from", "to", "of", "looking", "customers", "users", "people", "main", "root",
        "cause", "action", "lesson", "contributing", "recommendation", "follow-up", "mitigation", "resolved",
        "investigating", "identified", "monitoring", "update", "earlier", "later", "today", "yesterday",
    ]

    // MARK: Acts

    /// Acts that do harm whoever does them ("broke", "nuked", "leaked").
    static let harmVerbs: WordSet = [
        "broke", "broken", "breaks", "nuked", "nukes", "botched", "bungled", "fumbled", "messed", "screwed",
        "fat-fingered", "misconfigured", "misconfigures", "wiped", "trashed", "corrupted", "leaked", "exposed",
        "bypassed", "sabotaged", "overwrote", "overwritten", "yolo'd", "rubber-stamped", "rubber-stamps",
        "dithering", "dithered", "panicked", "froze", "destroyed", "ruined", "clobbered", "forgot", "forgotten",
        "neglected", "ignored", "ignores", "ignoring",
        "overlooked", "skipped", "disregarded", "dismissed", "mishandled", "rushed", "slept", "sleeping", "asleep",
        "caused", "causes", "provoked", "introduced", "wasted", "fell", "abused", "misused", "abandoned", "deserted",
        "missed", "breaking", "wrecked", "wrecks", "prolonged", "dragged", "crashed",
        "failing", "flooded", "flooding", "spammed",
    ]

    /// Acts that harm only with a harmful object or manner ("pushed bad config", "ran it against prod").
    static let neutralActs: WordSet = [
        "pushed", "ran", "run", "merged", "shipped", "deployed", "approved", "changed", "made", "make", "set",
        "opened", "left", "copied", "applied", "restarted", "failed", "typed", "did", "done", "has", "have", "took",
        "put", "started", "decided", "flipped", "reset", "raised", "rolled", "wrote", "written", "deleted", "delete",
        "dropped", "removed", "disabled", "typed", "shared", "pasted", "committed", "reused", "clicked", "unplugged",
        "triggered", "filled", "overwritten", "opened", "killed", "kill", "purged", "truncated", "let",
        "paused", "closed", "sent", "moved", "published", "posted", "uploaded", "submitted", "granted", "exported",
        "emailed", "scheduled", "authorised", "authorized", "allowed", "permitted", "released", "dispatched",
        "routed", "issued", "signed", "loaded", "booked", "cancelled", "canceled", "charged", "refunded", "billed",
        "labelled", "labeled", "tagged", "promoted", "rebooted", "stopped", "flashed", "patched", "tuned",
        "pulled", "picked", "chose", "selected", "entered", "edited", "configured", "installed", "assigned",
        "plugged",
    ]

    /// Words that make an act harmful: its object or its manner.
    static let harmQualifiers: WordSet = [
        "bad", "wrong", "broken", "untested", "buggy", "faulty", "destructive", "defective", "unauthorised",
        "unauthorized", "unreviewed", "rogue", "without", "prod", "production", "mistake", "accidentally",
        "mistakenly", "carelessly", "instead", "public", "publicly", "whim", "worse", "own", "again", "straight",
        "backups", "defect", "defects",
    ]

    /// After "didn't", "did not", "never", "not", "without": steps whose omission is blamed.
    static let omissionVerbs: WordSet = [
        "check", "checking", "test", "testing", "tested", "follow", "following", "read", "reading", "notice",
        "verify", "verifying", "review", "reviewing", "bother", "bothered", "think", "listen", "care", "pay",
        "ask", "asking", "wait", "waiting", "patch", "patched", "rotate", "escalate", "react", "respond",
        "look", "investigate", "investigating", "approval", "review", "telling", "testing", "want", "reads",
        "checks", "tests", "follows", "reviews", "asks", "listens", "bothers", "cares", "notices", "verifies",
        "run", "document", "documented", "update", "updated", "write", "rotated", "renew", "renewed", "checked",
        "verified", "reviewed", "followed", "looked", "asked", "noticed", "escalated", "investigated",
        "open", "opening", "tell", "told", "inform", "informed", "warn", "warned", "escalated", "mention", "mentioned",
        "notify",
        "notified",
    ]

    /// Nouns for a mistake a person owns ("Dmitri's typo").
    static let mistakeNouns: WordSet = [
        "mistake", "mistakes", "typo", "typos", "error", "errors", "fault", "blunder", "oversight", "negligence",
        "carelessness", "screw-up", "screwup", "lapse", "doing", "incompetence", "sloppiness", "laziness",
        "bad", "buggy", "botched", "rushed", "careless", "sloppy", "guilt", "failure", "misstep", "faulty",
        "flawed", "incorrect", "erroneous", "misguided",
    ]

    /// Words for harm done, in a "X's decision … caused" sentence.
    static let resultVerbs: WordSet = [
        "caused", "causes", "turned", "exposed", "resulted", "introduced", "led", "leads", "took", "broke",
        "brought", "made", "allowed", "meant", "cost", "corrupted", "wiped", "deleted", "leaked",
    ]

    // MARK: Judgement

    /// Words that judge a person's character, competence, attention or effort.
    static let judgementWords: WordSet = [
        "careless", "carelessly", "carelessness", "negligent", "negligence", "negligently", "sloppy", "sloppiness",
        "incompetent", "incompetence", "lazy", "laziness", "reckless", "recklessly", "recklessness", "stupid",
        "stupidity", "dumb", "idiot", "idiotic", "clueless", "irresponsible", "foolish", "inattentive", "inept",
        "ineptitude", "boneheaded", "genius", "distracted", "diligent", "competent", "dithering", "panicked",
        "rubber-stamps", "rubber-stamped", "yolo'd", "rushed", "inexperienced", "disgruntled", "rogue", "useless",
        "hopeless", "lazily", "sloppily", "half-heartedly", "maliciously", "malicious", "inattention",
        "inattentiveness", "complacency", "mess",
        "complacent", "amateur", "amateurs", "amateurish",
    ]

    /// Words about habits: "as usual", "again", "classic", "typical".
    static let habitWords: WordSet = [
        "usual", "always", "again", "classic", "typical", "typically", "everything", "second", "third", "fourth",
        "fifth", "umpteenth", "nth", "form",
    ]

    /// Consequences aimed at a person.
    static let consequenceWords: WordSet = [
        "fired", "disciplined", "disciplinary", "reprimand", "reprimanded", "punish", "punished", "punishment",
        "sanctioned", "sanctions", "dismissed", "reassigned", "demoted", "terminated", "warning", "accountable",
        "removed", "trusted", "consequence", "action",
    ]

    // MARK: Hindsight

    /// Words that say something was obvious or plain, after the fact.
    static let obviousWords: WordSet = [
        "obvious", "obviously", "clear", "clearly", "plainly", "evident", "evidently", "glaring",
        "glaringly", "blatant", "blindingly", "painfully", "visible", "apparent", "textbook", "trivially",
        "simple", "simply", "easy", "easily", "unmistakable", "unmistakably", "unmissable",
    ]

    /// Words that say something could be foreseen.
    static let predictableWords: WordSet = [
        "predictable", "predictably", "foreseeable", "inevitable", "inevitably", "unavoidable", "avoidable",
        "preventable", "doomed", "bound", "coming", "anticipated", "anticipate", "predicted", "predict",
        "foreseen",
    ]

    /// Participles a counterfactual about the past ends with ("should have caught").
    static let irregularParticiples: WordSet = [
        "known", "seen", "done", "caught", "been", "gone", "taken", "written", "run", "made", "found", "told", "kept",
        "held", "left", "felt", "thought", "brought", "built", "sent", "spent", "set", "put", "read", "got", "gotten",
        "understood", "shown", "given", "driven", "chosen", "spotted", "asked", "stopped", "happened", "waited",
        "let", "had", "gone", "said", "heard", "paid", "spoken", "stood", "meant", "sat",
        "rung", "struck", "stuck", "hung", "sprung", "swung", "dug", "won", "lost", "sold", "bought", "taught",
        "sought", "lit", "hit", "shut", "split", "spread", "dealt", "slept", "led", "fed", "shot", "met", "bent",
        "lent", "begun", "sunk", "shrunk", "come", "become", "rerun", "undone", "redone",
    ]

    /// Verbs of noticing or acting on a sign, for "missed", "nobody thought to check".
    static let noticeVerbs: WordSet = [
        "missed", "overlooked", "ignored", "ignoring", "dismissed", "disregarded", "shrugged", "heed", "heeded",
    ]

    /// Nouns for a sign that was there to see.
    static let signNouns: WordSet = [
        "sign", "signs", "signal", "signals", "warning", "warnings", "flags", "clues", "clue", "symptoms",
        "indicators", "writing",
    ]

    /// Idioms of foresight and plainness, as word sequences.
    static let hindsightIdioms: PhraseList = [
        ["in", "hindsight"], ["with", "hindsight"], ["hindsight", "is"], ["hindsight", "shows"],
        ["plain", "as", "day"],
        // "of course it broke on a Friday": the outcome told as inevitable.
        ["of", "course", "it", "broke"], ["of", "course", "it", "failed"], ["of", "course", "it", "went"],
        ["of", "course", "it", "blew"], ["of", "course", "it", "happened"], ["of", "course", "that", "broke"],
        ["of", "course", "this", "happened"],
        ["benefit", "of", "hindsight"], ["in", "retrospect"], ["looking", "back"], ["look", "back"],
        ["looking", "to", "the", "past"], ["matter", "of", "time"], ["question", "of", "time"],
        ["question", "of", "when"],
        ["waiting", "to", "happen"], ["accident", "waiting"], ["accident", "just", "waiting"],
        ["disaster", "waiting"], ["disaster", "just", "waiting"], ["time", "bomb"], ["writing", "on", "the", "wall"],
        ["writing", "was", "on", "the", "wall"], ["writing", "had", "been", "on", "the", "wall"],
        ["staring", "us", "in", "the", "face"], ["under", "our", "noses"], ["right", "there"],
        ["it", "was", "clear"], ["to", "be", "expected"], ["what", "was", "coming"], ["it", "is", "clear"],
        ["it's", "clear"], ["plain", "to", "see"], ["stood", "out"],
        ["stand", "out"], ["stands", "out"], ["saw", "this", "coming"],
        ["seen", "it", "coming"], ["seen", "this", "coming"], ["see", "it", "coming"], ["saw", "it", "coming"],
        ["sooner", "or", "later"], ["long", "time", "coming"], ["asking", "for", "it"],
        ["what", "did", "we", "expect"],
        ["was", "always", "going", "to"], ["never", "going", "to", "work"], ["what", "we", "know", "now"],
        ["easy", "to", "see", "now"], ["now", "that", "i", "look"], ["dropped", "the", "ball"],
        ["all", "along"], ["we", "were", "warned"], ["bound", "to"], ["we", "all", "knew"], ["everyone", "knew"],
        ["red", "flags"], ["warning", "signs"], ["signs", "were", "there"], ["clues", "were", "all", "there"],
        ["were", "all", "there"], ["was", "all", "there"],
        ["could", "see"], ["could", "have", "seen"], ["could", "have", "predicted"], ["could", "have", "anticipated"],
        // "anyone could have told you", "was never going to be enough": told as inevitable.
        ["could", "have", "told"], ["was", "never", "going", "to"], ["were", "never", "going", "to"],
        ["would", "have", "known"], ["would", "have", "anticipated"], ["would", "have", "caught"],
        ["slipped", "through"], ["easy", "catch"], ["so", "simple"], ["put", "it", "together"],
        ["in", "advance"],
    ]

    // MARK: Frames that undo a finding

    /// Words that turn a sentence into a rejection or report of blame ("we are not treating this
    /// as human error", "nobody was at fault").
    static let rejectionIdioms: PhraseList = [
        ["wrong", "question"], ["not", "the", "question"], ["is", "not", "whether"],
        ["not", "treating"], ["not", "attributing"], ["avoid", "attributing"], ["not", "about", "who"],
        ["nobody", "was", "at", "fault"], ["no", "one", "was", "at", "fault"], ["no", "single", "person"],
        ["not", "careless"], ["ruled", "out"], ["is", "not", "a", "root", "cause"], ["would", "be", "easy", "to"],
        ["not", "the", "person"], ["not", "on", "individuals"], ["rather", "than", "to", "any"],
        ["did", "not", "find", "any", "person"], ["not", "correct", "to", "say"], ["not", "blaming"],
        ["do", "not", "think"],
        ["is", "blameless"], ["not", "find", "any"],
        ["not", "a", "case", "of"], ["not", "assigning"], ["not", "assign"], ["nobody's", "fault"],
        ["no", "one's", "fault"], ["no-one's", "fault"], ["not", "anyone's", "fault"], ["nobody", "is", "at", "fault"],

    ]

    /// Words and idioms that make a counterfactual or an "obvious" a forward-looking plan or an
    /// explanation of why nothing stood out.
    static let remedyIdioms: PhraseList = [
        ["we", "will"], ["we", "are", "adding"], ["now", "required"],
        ["from", "now", "on"], ["next", "time"], ["so", "we"],
        ["so", "the"], ["we", "have", "since"],
        ["could", "not", "have", "known"], ["nobody", "could", "have", "predicted"], ["at", "the", "time"],
        ["no", "reason"], ["hard", "to", "tell"], ["not", "part", "of"], ["does", "not"], ["do", "not"],
        ["did", "not", "show"], ["was", "not", "on"], ["we", "are", "changing"], ["are", "adding"],
        ["we", "decided"], ["hindsight", "makes"], ["avoid", "hindsight"],
        ["looking", "back", "at", "the"], ["looking", "back", "over"], ["looking", "back", "through"],
        ["looking", "at", "the", "logs"],
        ["at", "each", "moment"],
        ["which", "is", "why"],
        // A change made since: "…, which is now scheduled quarterly", "the check has since been added".
        ["which", "is", "now"], ["which", "are", "now"], ["has", "since", "been"], ["have", "since", "been"],
        ["is", "now", "action"], ["is", "now", "an", "action"],
        // "…; validation on upload shipped on the 14th": the change the counterfactual led to.
        ["shipped", "on"], ["went", "live", "on"], ["was", "added", "on"], ["were", "added", "on"],
        // Why it was not seen: "a slow rise in retries that no dashboard showed".
        ["no", "dashboard", "showed"], ["no", "graph", "showed"], ["no", "alert", "showed"],
        ["no", "dashboard", "shows"],
        ["a", "recommendation"], ["recommendation", "is"], ["we", "recommend"], ["is", "recommended"],
        // What it looked like at the time, and why it was not clear then.
        ["looked", "benign"], ["seemed", "benign"], ["looked", "routine"], ["seemed", "routine"],
        ["looked", "normal"], ["seemed", "normal"], ["looked", "harmless"], ["seemed", "harmless"],
        ["explains", "why"], ["was", "not", "clear"], ["was", "not", "obvious"], ["as", "designed"],
        // A person's own feeling reported, not the writers' judgement: "she felt she should have …".
        ["felt", "she", "should"], ["felt", "he", "should"], ["felt", "they", "should"], ["felt", "i", "should"],
        ["felt", "we", "should"], ["feels", "she", "should"], ["feels", "he", "should"],
        // Evidence read now, not a judgement of then: "it is clear from the logs that …" ("clear
        // from the start" is still hindsight).
        ["from", "the", "logs"], ["from", "the", "data"], ["from", "the", "metrics"], ["from", "the", "graphs"],
        ["from", "the", "traces"], ["from", "the", "timeline"],
    ]

    /// Words that begin a subordinate explanation ("because the app had logged him out").
    static let becauseWords: WordSet = ["because", "since", "as", "so", "bc", "due"]

    /// Words that refer to the speaking team, for "we missed", "we should have".
    static let firstPersonPlural: WordSet = [
        "we", "us", "our", "team", "nobody", "no", "everyone", "everybody", "anyone",
    ]
}

/// The word lists a word belongs to, as bits: a token looks its word up once and every feature
/// then asks a bit, instead of hashing the word again for each list.
struct WordClass: OptionSet, Sendable {
    let rawValue: UInt64

    static let roleNouns = WordClass(rawValue: 1 << 0)
    static let ambiguousRoleNouns = WordClass(rawValue: 1 << 1)
    static let weakRoleNouns = WordClass(rawValue: 1 << 2)
    static let teamNouns = WordClass(rawValue: 1 << 3)
    static let personPronouns = WordClass(rawValue: 1 << 4)
    static let honorifics = WordClass(rawValue: 1 << 5)
    static let givenNames = WordClass(rawValue: 1 << 6)
    static let systemNames = WordClass(rawValue: 1 << 7)
    static let systemNouns = WordClass(rawValue: 1 << 8)
    static let harmVerbs = WordClass(rawValue: 1 << 9)
    static let neutralActs = WordClass(rawValue: 1 << 10)
    static let harmQualifiers = WordClass(rawValue: 1 << 11)
    static let omissionVerbs = WordClass(rawValue: 1 << 12)
    static let mistakeNouns = WordClass(rawValue: 1 << 13)
    static let resultVerbs = WordClass(rawValue: 1 << 14)
    static let judgementWords = WordClass(rawValue: 1 << 15)
    static let habitWords = WordClass(rawValue: 1 << 16)
    static let consequenceWords = WordClass(rawValue: 1 << 17)
    static let obviousWords = WordClass(rawValue: 1 << 18)
    static let predictableWords = WordClass(rawValue: 1 << 19)
    static let irregularParticiples = WordClass(rawValue: 1 << 20)
    static let noticeVerbs = WordClass(rawValue: 1 << 21)
    static let signNouns = WordClass(rawValue: 1 << 22)
    static let becauseWords = WordClass(rawValue: 1 << 23)
    static let firstPersonPlural = WordClass(rawValue: 1 << 24)
    static let functionWords = WordClass(rawValue: 1 << 25)
    static let eventNouns = WordClass(rawValue: 1 << 26)
    static let easyWords = WordClass(rawValue: 1 << 27)
    static let indefinitePeople = WordClass(rawValue: 1 << 28)
    static let negators = WordClass(rawValue: 1 << 29)
    static let modals = WordClass(rawValue: 1 << 30)
    static let modalAdverbs = WordClass(rawValue: 1 << 31)
    static let omissionMarkers = WordClass(rawValue: 1 << 32)
    static let technicalAfterJudgement = WordClass(rawValue: 1 << 33)
    static let causeWords = WordClass(rawValue: 1 << 34)
    static let determiners = WordClass(rawValue: 1 << 35)
    static let clockWords = WordClass(rawValue: 1 << 36)
    static let abbreviations = WordClass(rawValue: 1 << 37)
    static let hindsightStart = WordClass(rawValue: 1 << 38)
    static let judgementIdiomStart = WordClass(rawValue: 1 << 39)
    static let humanErrorStart = WordClass(rawValue: 1 << 40)
    static let consequenceStart = WordClass(rawValue: 1 << 41)
    static let rejectionStart = WordClass(rawValue: 1 << 42)
    static let remedyStart = WordClass(rawValue: 1 << 43)
    static let actNouns = WordClass(rawValue: 1 << 44)
    static let pastVerbs = WordClass(rawValue: 1 << 45)
    static let targetNouns = WordClass(rawValue: 1 << 46)
}

extension Lexicon {
    static let classTable: [String: WordClass] = {
        var table: [String: WordClass] = [:]
        func add(_ set: WordSet, _ kind: WordClass) {
            for word in set.words { table[word, default: []].insert(kind) }
        }
        add(Lexicon.roleNouns, .roleNouns)
        add(Lexicon.ambiguousRoleNouns, .ambiguousRoleNouns)
        add(Lexicon.weakRoleNouns, .weakRoleNouns)
        add(Lexicon.teamNouns, .teamNouns)
        add(Lexicon.personPronouns, .personPronouns)
        add(Lexicon.honorifics, .honorifics)
        add(Lexicon.givenNames, .givenNames)
        add(Lexicon.systemNames, .systemNames)
        add(Lexicon.systemNouns, .systemNouns)
        add(Lexicon.harmVerbs, .harmVerbs)
        add(Lexicon.neutralActs, .neutralActs)
        add(Lexicon.harmQualifiers, .harmQualifiers)
        add(Lexicon.omissionVerbs, .omissionVerbs)
        add(Lexicon.mistakeNouns, .mistakeNouns)
        add(Lexicon.resultVerbs, .resultVerbs)
        add(Lexicon.judgementWords, .judgementWords)
        add(Lexicon.habitWords, .habitWords)
        add(Lexicon.consequenceWords, .consequenceWords)
        add(Lexicon.obviousWords, .obviousWords)
        add(Lexicon.predictableWords, .predictableWords)
        add(Lexicon.irregularParticiples, .irregularParticiples)
        add(Lexicon.noticeVerbs, .noticeVerbs)
        add(Lexicon.signNouns, .signNouns)
        add(Lexicon.becauseWords, .becauseWords)
        add(Lexicon.firstPersonPlural, .firstPersonPlural)
        add(Lexicon.functionWords, .functionWords)
        add(Lexicon.eventNouns, .eventNouns)
        add(LanguageFeatures.easyWords, .easyWords)
        add(LanguageFeatures.indefinitePeople, .indefinitePeople)
        add(LanguageFeatures.negators, .negators)
        add(LanguageFeatures.modals, .modals)
        add(LanguageFeatures.modalAdverbs, .modalAdverbs)
        add(LanguageFeatures.omissionMarkers, .omissionMarkers)
        add(LanguageFeatures.technicalAfterJudgement, .technicalAfterJudgement)
        add(LanguageFeatures.causeWords, .causeWords)
        add(LanguageFeatures.actNouns, .actNouns)
        add(Lexicon.pastVerbs, .pastVerbs)
        add(LanguageFeatures.targetNouns, .targetNouns)
        add(LanguageSentence.determiners, .determiners)
        add(LanguageSentence.clockWords, .clockWords)
        add(LanguageSentence.abbreviations, .abbreviations)
        // The first words of the phrase lists, so that a sentence looks for a phrase only where
        // one may start.
        for word in Lexicon.hindsightIdioms.byFirstWord.keys { table[word, default: []].insert(.hindsightStart) }
        for word in LanguageFeatures.judgementIdioms.byFirstWord.keys {
            table[word, default: []].insert(.judgementIdiomStart)
        }
        for word in LanguageFeatures.humanErrorPhrases.byFirstWord.keys {
            table[word, default: []].insert(.humanErrorStart)
        }
        for word in LanguageFeatures.consequencePhrases.byFirstWord.keys {
            table[word, default: []].insert(.consequenceStart)
        }
        for word in Lexicon.rejectionIdioms.byFirstWord.keys { table[word, default: []].insert(.rejectionStart) }
        for word in Lexicon.remedyIdioms.byFirstWord.keys { table[word, default: []].insert(.remedyStart) }
        return table
    }()

    static func classes(of word: String) -> WordClass { classTable[word] ?? [] }
}
